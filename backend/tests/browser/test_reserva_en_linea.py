"""Online booking from a phone: a patient opens /reservar, picks a doctor, a day and a time (shown in the branch's
zone, Madrid, while the phone is in Mexico City), types their details, enters the code e-mailed to them (read here
from the outbox) and gets the link to their appointment, without logging in and without the staff application."""
import gzip
import re
from datetime import date, time

from playwright.sync_api import expect
from sqlalchemy import select, update

from app.models import Cita, ConfiguracionClinica, Paciente
from config import FRONTEND_DIST
from tests.browser.conftest import script_de_la_aplicacion
from tests.reservas_util import clinica_en_linea, codigo_enviado

EMAIL = "lucia.gomez@correo.local"


def _js_comprimido(urls):
    """Bytes of the JavaScript files among ``urls`` once gzipped (as a server or proxy would send them)."""
    nombres = {url.split("/assets/")[1] for url in urls if "/assets/" in url and url.endswith(".js")}
    return sum(len(gzip.compress((FRONTEND_DIST / "assets" / nombre).read_bytes())) for nombre in nombres)


def _cabe_en_el_telefono(pagina):
    assert pagina.evaluate("document.documentElement.scrollWidth") <= 390, "la página se sale del ancho del teléfono"


def test_a_patient_books_an_appointment_from_a_phone_with_the_e_mailed_code(
        telefono, sucursal_factory, medico_factory, horario_factory, db_session):
    clinica = clinica_en_linea(sucursal_factory, medico_factory, horario_factory, zona="Europe/Madrid",
                               nombre="Elena", apellido="Vargas")
    db_session.execute(update(ConfiguracionClinica).values(nombre="Clínica Sonrisa"))
    db_session.commit()
    pedidos = []
    telefono.on("request", lambda pedido: pedidos.append(pedido.url))

    telefono.goto("/reservar")

    # One branch: it is chosen already; the doctors come first.
    expect(telefono.get_by_test_id("clinica-nombre")).to_have_text("Clínica Sonrisa")
    expect(telefono.get_by_role("heading", name="¿Con qué especialidad o médico?")).to_be_visible()
    telefono.get_by_role("button", name=re.compile("Elena Vargas")).tap()

    expect(telefono.get_by_role("heading", name="¿Qué día y a qué hora?")).to_be_focused()
    expect(telefono.get_by_test_id("zona-horaria")).to_have_text("Horarios en hora de Madrid (Europe/Madrid).")
    expect(telefono.get_by_test_id("dia")).to_have_count(14)
    telefono.locator(f'[data-testid="dia"][data-fecha="{clinica.fecha.isoformat()}"]').tap()
    horario = telefono.get_by_role("button", name="10:00 (hora de Madrid), con Elena Vargas")
    expect(horario).to_be_visible()
    _cabe_en_el_telefono(telefono)
    horario.tap()

    expect(telefono.get_by_role("heading", name="Sus datos")).to_be_focused()
    expect(telefono.get_by_test_id("resumen-horario")).to_contain_text("10:00 (hora de Madrid)")
    trampa = telefono.get_by_test_id("trampa")
    expect(trampa).to_have_attribute("tabindex", "-1")
    expect(trampa).not_to_be_in_viewport()
    telefono.get_by_label("Nombre", exact=True).fill("Lucía")
    telefono.get_by_label("Apellido", exact=True).fill("Gómez")
    telefono.get_by_label("Fecha de nacimiento").fill("1990-04-12")
    telefono.get_by_label("Correo electrónico").fill(EMAIL)
    telefono.get_by_label("Teléfono").fill("+34 612 345 678")
    telefono.get_by_label("Motivo de la consulta (opcional)").fill("Revisión anual")
    _cabe_en_el_telefono(telefono)
    # Sent at once: the page itself waits for the form's minimum time, or the server would drop the request.
    telefono.get_by_role("button", name="Recibir el código por correo").tap()

    expect(telefono.get_by_role("heading", name="Escriba el código")).to_be_focused()
    expect(telefono.get_by_text(f"Enviamos un código de 6 dígitos a {EMAIL}.")).to_be_visible()
    codigo = codigo_enviado(EMAIL)
    assert re.fullmatch(r"\d{6}", codigo)
    campo = telefono.get_by_label("Código de 6 dígitos")
    expect(campo).to_have_attribute("inputmode", "numeric")
    expect(campo).to_have_attribute("autocomplete", "one-time-code")
    campo.fill(codigo)
    telefono.get_by_role("button", name="Confirmar la reserva").tap()

    expect(telefono.get_by_role("heading", name="¡Su cita está reservada!")).to_be_focused()
    reservada = telefono.get_by_test_id("cita-reservada")
    expect(reservada).to_contain_text("de 10:00 a 10:30 (hora de Madrid)")
    expect(reservada).to_contain_text("Elena Vargas")
    enlace = telefono.get_by_role("link", name="Ver mi cita").get_attribute("href")
    assert re.search(r"/c/[^/]+$", enlace), enlace

    db_session.expire_all()
    cita = db_session.scalars(select(Cita).where(Cita.medico_id == clinica.medico.id)).one()
    assert (cita.fecha, cita.hora_inicio, cita.origen, cita.motivo) == (clinica.fecha, time(10), "en_linea",
                                                                        "Revisión anual")
    paciente = db_session.get(Paciente, cita.paciente_id)
    assert (paciente.nombre, paciente.apellido, paciente.origen) == ("Lucía", "Gómez", "en_linea")

    # The booking pages' JavaScript is the public entry's alone, well under issue 18's 120 KB gzipped.
    assert not any(url.endswith(script_de_la_aplicacion()) for url in pedidos), "el paciente descargó la aplicación"
    assert 0 < _js_comprimido(pedidos) <= 120 * 1024

    # The link opens the appointment's own public page.
    telefono.goto(re.search(r"/c/[^/]+$", enlace).group(0))
    expect(telefono.get_by_role("heading", name="Su cita")).to_be_visible()
    expect(telefono.get_by_test_id("cita-zona")).to_have_text("Hora de Madrid (Europe/Madrid)")
    assert not any(url.endswith(script_de_la_aplicacion()) for url in pedidos), "el paciente descargó la aplicación"
    assert not any("/api/auth/" in url for url in pedidos)


def test_the_administrador_sees_the_online_booking_of_a_new_patient_and_merges_its_duplicate(
        page, entrar, sucursal_factory, medico_factory, horario_factory, paciente_factory, usuario_factory, db_session):
    clinica = clinica_en_linea(sucursal_factory, medico_factory, horario_factory)
    existente = paciente_factory(nombre="Lucia", apellido="Gomez", fecha_nacimiento=date(1990, 4, 12),
                                 email="lucia.antes@correo.local")
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    # The patient books through the public API (the page's own flow is the test above): a new record, since
    # neither her e-mail nor a document matches the existing one.
    solicitud = page.request.post("/api/publico/reservas", data=clinica.solicitud(
        nombre="Lucía", apellido="Gómez", fecha_nacimiento="1990-04-12", email=EMAIL))
    assert solicitud.status == 202, solicitud.text()
    verificada = page.request.post(f"/api/publico/reservas/{solicitud.json()['solicitud_id']}/verificar",
                                   data={"codigo": codigo_enviado(EMAIL)})
    assert verificada.status == 201, verificada.text()

    entrar(admin, "/reservas-en-linea")

    fila = page.get_by_test_id("reserva-row")
    expect(fila).to_have_count(1)
    expect(fila).to_have_attribute("data-paciente-nuevo", "true")
    expect(fila.get_by_test_id("paciente-nuevo")).to_have_text("Paciente nuevo")
    expect(fila.get_by_test_id("posible-duplicado")).to_contain_text(f"Lucia Gomez (n.º {existente.id}, 12/04/1990)")
    fila.get_by_role("button", name=f"Fusionar Lucía Gómez con Lucia Gomez (n.º {existente.id})").click()

    dialogo = page.get_by_role("dialog", name="Fusionar pacientes")
    expect(dialogo.get_by_test_id("fusionar-explicacion")).to_contain_text(
        f"Se conserva Lucia Gomez (n.º {existente.id}).")
    expect(dialogo.get_by_test_id("fusionar-explicacion")).to_contain_text("queda inactivo")
    dialogo.get_by_role("button", name=f"Fusionar en n.º {existente.id}").click()

    expect(page.get_by_test_id("reservas-aviso")).to_have_text(
        f"Pacientes fusionados: se conserva Lucia Gomez (n.º {existente.id}).")
    expect(fila).to_have_attribute("data-paciente-nuevo", "false")
    expect(fila.get_by_role("link", name="Lucia Gomez")).to_be_visible()
    expect(fila.get_by_test_id("posibles-duplicados")).to_have_count(0)

    db_session.expire_all()
    cita = db_session.scalars(select(Cita).where(Cita.medico_id == clinica.medico.id)).one()
    assert cita.paciente_id == existente.id
    nuevo = db_session.scalars(select(Paciente).where(Paciente.fusionado_con_id == existente.id)).one()
    assert (nuevo.nombre, nuevo.activo, nuevo.origen) == ("Lucía", False, "en_linea")
