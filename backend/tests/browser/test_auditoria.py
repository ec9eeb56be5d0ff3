"""The audit log viewer in a real browser (Administrador): filters by action, user, patient and date."""
from playwright.sync_api import expect

from app.services import auditoria_service
from tests.browser.ayudas import elegir


def test_the_administrador_filters_the_audit_log(page, login, usuario_factory, paciente_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    medico = usuario_factory(rol="Médico", nombre="Gael", apellido="Núñez")
    paciente = paciente_factory()
    auditoria_service.registrar("acceso_emergencia", usuario=medico, entidad="historial", paciente_id=paciente.id,
                                detalle={"motivo": "Urgencia nocturna"})
    auditoria_service.registrar("paciente_consultado", usuario=medico, entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id)
    auditoria_service.registrar("factura_emitida", usuario=admin, entidad="factura", entidad_id=7)
    db_session.commit()

    login(admin)
    page.get_by_test_id("nav-auditoria").click()
    filas = page.get_by_test_id("auditoria-row")
    expect(filas.first).to_be_visible()

    page.get_by_label("Acción").fill("acceso_emergencia")
    page.get_by_role("button", name="Buscar").click()
    expect(filas).to_have_count(1)
    expect(filas.first).to_contain_text("Gael Núñez")
    expect(filas.first).to_contain_text("Urgencia nocturna")
    assert "accion=acceso_emergencia" in page.url

    page.get_by_role("button", name="Limpiar filtros").click()
    elegir(page, "Usuario", "Gael Núñez (Médico)")
    expect(filas).to_have_count(2)
    for i in range(2):
        expect(filas.nth(i)).to_have_attribute("data-usuario-id", str(medico.id))

    page.get_by_label("ID de paciente").fill(str(paciente.id))
    page.get_by_label("Acción").fill("paciente_consultado")
    page.get_by_role("button", name="Buscar").click()
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-accion", "paciente_consultado")

    page.get_by_label("Desde").fill("01/01/2000")
    page.get_by_label("Hasta").fill("31/12/2000")
    page.get_by_role("button", name="Buscar").click()
    expect(page.get_by_text("No hay registros con estos filtros.")).to_be_visible()
    assert page.console.errors == []


def test_only_the_administrador_sees_the_audit_log(page, login, usuario_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    db_session.commit()
    login(facturador)
    expect(page.get_by_test_id("nav-auditoria")).to_have_count(0)
    page.goto("/auditoria")
    expect(page.get_by_text("No tiene permiso para acceder a esta sección.")).to_be_visible()
    assert page.console.errors == []
