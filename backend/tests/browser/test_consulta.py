"""The consultation of a Médico in a real browser: waiting room → in consultation → clinical entry,
addendum → finished; emergency access to a patient the doctor does not treat."""
import re

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import AdendaHistorial, Auditoria, Cita, Estado, HistorialMedico
from tests.browser.ayudas import hoy


def _medico_con_usuario(usuario_factory, medico_factory, **kw):
    usuario = usuario_factory(rol="Médico", **kw)
    return usuario, medico_factory(usuario=usuario, nombre=usuario.nombre, apellido=usuario.apellido)


def test_a_doctor_sees_allergies_and_history_writes_an_entry_adds_an_addendum_and_finishes(
        page, login, usuario_factory, medico_factory, paciente_factory, sucursal_factory, cita_factory,
        historial_factory, db_session):
    usuario, medico = _medico_con_usuario(usuario_factory, medico_factory, nombre="Elena")
    paciente = paciente_factory(nombre="Rosa", apellido="Quintero", alergias="Penicilina")
    cita = cita_factory(paciente, medico, sucursal_factory(), fecha=hoy(), estado_id=Estado.CONFIRMADA,
                        motivo="Control anual")
    previa = historial_factory(paciente, medico, diagnostico="Hipertensión leve", tratamiento="Dieta baja en sal")
    db_session.commit()

    login(usuario)
    page.get_by_role("link", name="Atender").click()
    page.wait_for_url(re.compile(rf"/consulta/{cita.id}$"))
    expect(page.get_by_test_id("consulta-paciente")).to_have_text("Consulta de Rosa Quintero")
    expect(page.get_by_test_id("consulta-alergias")).to_contain_text("Alergias: Penicilina")
    expect(page.get_by_test_id("historial-entrada")).to_contain_text("Hipertensión leve")

    page.get_by_role("button", name="Marcar en espera").click()
    expect(page.get_by_test_id("consulta-estado")).to_have_attribute("data-estado-id", str(Estado.EN_ESPERA))
    page.get_by_role("button", name="Pasar a consulta").click()
    expect(page.get_by_test_id("consulta-estado")).to_have_attribute("data-estado-id", str(Estado.EN_CONSULTA))

    page.get_by_role("button", name="Guardar entrada").click()
    expect(page.get_by_text("Indique el diagnóstico.")).to_be_visible()
    page.get_by_label("Diagnóstico").fill("Faringitis aguda")
    page.get_by_label("Tratamiento").fill("Ibuprofeno 400 mg cada 8 h")
    page.get_by_label("Observaciones").fill("Control en 7 días")
    page.get_by_role("button", name="Guardar entrada").click()
    expect(page.get_by_test_id("consulta-aviso")).to_have_text("Entrada guardada en el historial clínico.")
    expect(page.get_by_test_id("historial-entrada")).to_have_count(2)
    expect(page.get_by_test_id("historial-entrada").first).to_contain_text("Faringitis aguda")

    anterior = page.locator(f'[data-testid="historial-entrada"][data-historial-id="{previa.id}"]')
    anterior.get_by_role("button", name="Agregar adenda").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Texto de la adenda").fill("La presión medida fue 150/95")
    dialogo.get_by_label("Motivo de la adenda").fill("Dato omitido")
    dialogo.get_by_role("button", name="Guardar adenda").click()
    expect(dialogo).to_be_hidden()
    expect(anterior.get_by_test_id("historial-adenda")).to_contain_text("La presión medida fue 150/95")

    page.get_by_role("button", name="Finalizar consulta").click()
    expect(page.get_by_test_id("consulta-estado")).to_have_attribute("data-estado-id", str(Estado.COMPLETADA))

    db.session.expire_all()
    assert db.session.get(Cita, cita.id).estado_id == Estado.COMPLETADA
    nueva = db.session.scalars(select(HistorialMedico).where(HistorialMedico.cita_id == cita.id)).one()
    assert (nueva.diagnostico, nueva.medico_id) == ("Faringitis aguda", medico.id)
    assert nueva.tratamiento == "Ibuprofeno 400 mg cada 8 h"
    adenda = db.session.scalars(select(AdendaHistorial).where(AdendaHistorial.historial_id == previa.id)).one()
    assert (adenda.texto, adenda.motivo) == ("La presión medida fue 150/95", "Dato omitido")
    assert db.session.get(HistorialMedico, previa.id).diagnostico == "Hipertensión leve"
    assert page.console.errors == []


def test_emergency_access_asks_the_reason_says_it_is_recorded_and_is_audited(
        page, login, usuario_factory, medico_factory, paciente_factory, historial_factory, db_session):
    usuario, _ = _medico_con_usuario(usuario_factory, medico_factory)
    _, otro = _medico_con_usuario(usuario_factory, medico_factory)
    paciente = paciente_factory(nombre="Tomás", apellido="Ibarra")
    historial_factory(paciente, otro, diagnostico="Diabetes tipo 2")
    db_session.commit()
    page.console.expect_http_error(404)

    login(usuario)
    page.goto(f"/pacientes/{paciente.id}")
    page.get_by_role("link", name="Abrir consulta").click()
    sin_relacion = page.get_by_test_id("consulta-sin-relacion")
    expect(sin_relacion).to_contain_text("no está a su cargo")
    expect(page.get_by_text("Diabetes tipo 2")).to_have_count(0)

    sin_relacion.get_by_role("button", name="Acceso de emergencia").click()
    dialogo = page.get_by_role("dialog")
    expect(dialogo.get_by_test_id("emergencia-aviso")).to_contain_text("quedará registrado en la auditoría")
    dialogo.get_by_role("button", name="Acceder").click()
    expect(dialogo.get_by_text("Indique el motivo del acceso de emergencia.")).to_be_visible()
    dialogo.get_by_label("Motivo del acceso de emergencia").fill("Paciente inconsciente en urgencias")
    dialogo.get_by_role("button", name="Acceder").click()

    expect(page.get_by_test_id("emergencia-activa")).to_contain_text("Paciente inconsciente en urgencias")
    expect(page.get_by_test_id("historial-entrada")).to_contain_text("Diabetes tipo 2")

    db.session.expire_all()
    filas = db.session.scalars(select(Auditoria).where(Auditoria.accion == "acceso_emergencia",
                                                       Auditoria.paciente_id == paciente.id)).all()
    assert [f.detalle["motivo"] for f in filas] == ["Paciente inconsciente en urgencias"]
    assert filas[0].usuario_id == usuario.id
    assert page.console.errors == []
