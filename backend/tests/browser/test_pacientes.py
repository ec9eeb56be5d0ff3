"""Patients in a real browser: the new-patient form, the accent-insensitive search, the duplicate warning."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Paciente


def test_a_recepcionista_creates_a_patient_and_finds_it_by_an_unaccented_search(
        page, login, usuario_factory, paciente_factory, db_session):
    paciente_factory(nombre="Josefina", apellido="Ortega")
    recepcionista = usuario_factory(rol="Recepcionista")
    db_session.commit()
    login(recepcionista)

    page.get_by_test_id("nav-pacientes").click()
    page.get_by_role("button", name="Nuevo paciente").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nombre", exact=True).fill("José")
    dialog.get_by_label("Apellido", exact=True).fill("Núñez")
    dialog.get_by_label("Fecha de nacimiento").fill("17/05/1985")
    dialog.get_by_label("Género").select_option("Masculino")
    dialog.get_by_label("Tipo de documento").select_option("DNI")
    dialog.get_by_label("Número de documento").fill("40112233")
    dialog.get_by_label("Teléfono", exact=True).fill("+52 55 1234 5678")
    dialog.get_by_label("Email").fill("jose.nunez@example.com")
    dialog.get_by_label("Alergias").fill("Penicilina")
    dialog.get_by_role("button", name="Guardar paciente").click()

    page.wait_for_url(re.compile(r"/pacientes/\d+$"))
    expect(page.get_by_text("Núñez").first).to_be_visible()
    creado = db_session.scalar(select(Paciente).where(Paciente.apellido == "Núñez"))
    assert page.url.endswith(f"/pacientes/{creado.id}")
    assert (creado.nombre, creado.fecha_nacimiento.isoformat(), creado.numero_documento, creado.alergias) == (
        "José", "1985-05-17", "40112233", "Penicilina")

    page.get_by_test_id("nav-pacientes").click()
    page.get_by_label("Buscar paciente").fill("jose nunez")
    filas = page.get_by_test_id("paciente-row")
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-paciente-id", str(creado.id))
    expect(filas.first).to_contain_text("José")
    assert "q=jose+nunez" in page.url or "q=jose%20nunez" in page.url

    filas.first.click()
    page.wait_for_url(f"**/pacientes/{creado.id}")
    expect(page.get_by_role("tab", name="Datos")).to_be_visible()
    expect(page.get_by_role("tab", name="Citas")).to_be_visible()
    # A Recepcionista never sees the clinical history tab.
    expect(page.get_by_role("tab", name="Historial clínico")).to_have_count(0)


def test_the_form_validates_before_sending(page, entrar, usuario_factory, db_session):
    recepcionista = usuario_factory(rol="Recepcionista")
    db_session.commit()
    entrar(recepcionista, "/pacientes")
    page.get_by_role("button", name="Nuevo paciente").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nombre", exact=True).fill("Ana")
    dialog.get_by_label("Email").fill("no-es-un-correo")
    dialog.get_by_role("button", name="Guardar paciente").click()
    expect(dialog.get_by_text("Correo electrónico no válido")).to_be_visible()
    assert db_session.scalar(select(Paciente).where(Paciente.nombre == "Ana")) is None


def test_a_duplicate_document_warns_and_links_to_the_existing_patient(
        page, entrar, usuario_factory, paciente_factory, db_session):
    existente = paciente_factory(nombre="Marta", apellido="Ibáñez", tipo_documento="DNI", numero_documento="55667788")
    recepcionista = usuario_factory(rol="Recepcionista")
    db_session.commit()
    page.console.expect_http_error(409)
    entrar(recepcionista, "/pacientes")
    page.get_by_role("button", name="Nuevo paciente").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nombre", exact=True).fill("Marta Elena")
    dialog.get_by_label("Apellido", exact=True).fill("Ibáñez")
    dialog.get_by_label("Fecha de nacimiento").fill("1990-02-03")
    dialog.get_by_label("Tipo de documento").select_option("DNI")
    dialog.get_by_label("Número de documento").fill("55667788")
    dialog.get_by_role("button", name="Guardar paciente").click()

    aviso = dialog.get_by_test_id("paciente-duplicado")
    expect(aviso).to_be_visible()
    expect(aviso).to_contain_text("documento")
    aviso.get_by_role("link", name="Abrir paciente existente").click()
    page.wait_for_url(f"**/pacientes/{existente.id}")
    expect(page.get_by_text("Marta").first).to_be_visible()
    assert db_session.scalar(select(Paciente).where(Paciente.nombre == "Marta Elena")) is None


def test_the_detail_tabs_show_appointments_history_and_invoices_to_an_administrador(
        page, entrar, usuario_factory, paciente_factory, medico_factory, sucursal_factory, cita_factory,
        historial_factory, servicio_factory, factura_factory, db_session):
    paciente = paciente_factory(nombre="Rosa", apellido="Quispe", alergias="Látex")
    sucursal = sucursal_factory()
    medico = medico_factory(nombre="Hugo", apellido="Lara")
    cita = cita_factory(paciente, medico, sucursal, motivo="Dolor de cabeza")
    historial_factory(paciente, medico, cita=cita, diagnostico="Migraña tensional")
    factura = factura_factory(paciente, servicio_factory(), sucursal=sucursal, cita=cita)
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    entrar(admin, f"/pacientes/{paciente.id}")
    expect(page.get_by_test_id("paciente-nombre")).to_contain_text("Rosa Quispe")
    expect(page.get_by_test_id("alerta-alergias")).to_contain_text("Látex")
    page.get_by_role("tab", name="Citas").click()
    expect(page.locator(f'[data-testid="paciente-cita-row"][data-cita-id="{cita.id}"]')).to_contain_text("Hugo Lara")
    page.get_by_role("tab", name="Historial clínico").click()
    expect(page.get_by_test_id("historial-entrada")).to_contain_text("Migraña tensional")
    page.get_by_role("tab", name="Facturas").click()
    expect(page.get_by_test_id("paciente-factura-row")).to_contain_text(factura.numero_factura)
    page.reload()  # the tab is kept in the URL
    expect(page.get_by_test_id("paciente-factura-row")).to_contain_text(factura.numero_factura)


def test_facturacion_sees_invoices_but_neither_allergies_nor_clinical_history(
        page, entrar, usuario_factory, paciente_factory, db_session):
    paciente = paciente_factory(nombre="Rosa", apellido="Quispe", alergias="Látex")
    usuario = usuario_factory(rol="Facturación")
    db_session.commit()
    entrar(usuario, f"/pacientes/{paciente.id}")
    expect(page.get_by_test_id("paciente-nombre")).to_contain_text("Rosa Quispe")
    expect(page.get_by_role("tab", name="Facturas")).to_be_visible()
    expect(page.get_by_role("tab", name="Historial clínico")).to_have_count(0)
    expect(page.get_by_test_id("alerta-alergias")).to_have_count(0)
    expect(page.get_by_text("Látex")).to_have_count(0)
    expect(page.get_by_role("button", name="Nuevo paciente")).to_have_count(0)


def test_a_medico_is_told_they_may_read_only_the_history_of_their_own_patients(
        page, entrar, usuario_factory, paciente_factory, db_session):
    paciente = paciente_factory(nombre="Rosa", apellido="Quispe")
    medico = usuario_factory(rol="Médico")
    db_session.commit()
    page.console.expect_http_error(404)  # the API hides the history of a patient the doctor does not treat
    entrar(medico, f"/pacientes/{paciente.id}")
    page.get_by_role("tab", name="Historial clínico").click()
    expect(page.get_by_test_id("historial-sin-acceso")).to_contain_text("pacientes que atiende")
    expect(page.get_by_role("tab", name="Facturas")).to_have_count(0)


def test_a_recepcionista_edits_a_patient_and_only_the_changed_fields_are_sent(
        page, entrar, usuario_factory, paciente_factory, db_session):
    paciente = paciente_factory(nombre="Luis", apellido="Campos", telefono="5511112222", alergias="Ninguna")
    recepcionista = usuario_factory(rol="Recepcionista")
    db_session.commit()
    entrar(recepcionista, f"/pacientes/{paciente.id}")

    page.get_by_role("button", name="Editar").click()
    formulario = page.get_by_test_id("paciente-form")
    expect(formulario.get_by_label("Fecha de nacimiento")).to_have_value("17/05/1985")
    formulario.get_by_label("Teléfono", exact=True).fill("5533334444")
    formulario.get_by_label("Dirección").fill("Av. Juárez 10")
    with page.expect_request(lambda r: r.method == "PATCH") as peticion:
        formulario.get_by_role("button", name="Guardar cambios").click()
    assert peticion.value.post_data_json == {"telefono": "5533334444", "direccion": "Av. Juárez 10"}
    expect(page.get_by_text("Cambios guardados.")).to_be_visible()
    expect(page.get_by_test_id("paciente-datos")).to_contain_text("5533334444")
    db_session.expire_all()
    editado = db_session.get(type(paciente), paciente.id)
    assert (editado.telefono, editado.direccion, editado.alergias) == ("5533334444", "Av. Juárez 10", "Ninguna")
