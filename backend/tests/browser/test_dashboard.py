"""The home page per role: today's agenda and waiting room, billing's pending work, the
Administrador's month KPIs and charts."""
from datetime import time
from decimal import Decimal

from playwright.sync_api import expect

from app.models import Estado
from tests.browser.ayudas import hoy


def test_reception_sees_todays_appointments_and_the_waiting_room(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, cita_factory, db_session):
    sucursal = sucursal_factory()
    recepcion = usuario_factory(rol="Recepcionista", sucursal=sucursal)
    medico = medico_factory()
    esperando = paciente_factory(nombre="Irene", apellido="Vidal")
    cita_factory(esperando, medico, sucursal, fecha=hoy(), hora_inicio=time(8), estado_id=Estado.EN_ESPERA)
    cita_factory(paciente_factory(), medico, sucursal, fecha=hoy(), hora_inicio=time(9), estado_id=Estado.CONFIRMADA)
    cita_factory(paciente_factory(), medico, sucursal, fecha=hoy(), hora_inicio=time(10), estado_id=Estado.CANCELADA)
    db_session.commit()

    login(recepcion)
    expect(page.get_by_test_id("kpi-citas-hoy")).to_have_text("2")
    expect(page.get_by_test_id("kpi-en-espera")).to_have_text("1")
    sala = page.get_by_test_id("lista-sala-espera")
    expect(sala.get_by_test_id("dashboard-cita")).to_have_count(1)
    expect(sala).to_contain_text("08:00 · Irene Vidal")
    expect(page.get_by_test_id("proximas-citas").get_by_test_id("dashboard-cita")).to_have_count(2)
    expect(page.get_by_test_id("chart-citas-estado")).to_be_visible()
    expect(page.get_by_role("link", name="Atender")).to_have_count(0)
    expect(page.get_by_test_id("panel-administrador")).to_have_count(0)
    assert page.console.errors == []


def test_a_doctor_opens_the_consultation_from_the_waiting_room(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, cita_factory, db_session):
    usuario = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=usuario)
    cita = cita_factory(paciente_factory(nombre="Pablo", apellido="Ureña"), medico, sucursal_factory(), fecha=hoy(),
                        estado_id=Estado.EN_ESPERA)
    db_session.commit()

    login(usuario)
    page.get_by_test_id("lista-sala-espera").get_by_role("link", name="Atender").click()
    page.wait_for_url(f"**/consulta/{cita.id}")
    expect(page.get_by_test_id("consulta-paciente")).to_have_text("Consulta de Pablo Ureña")
    assert page.console.errors == []


def test_billing_sees_pending_invoices_and_appointments_to_invoice(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, cita_factory,
        servicio_factory, factura_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    sucursal = sucursal_factory()
    paciente = paciente_factory()
    servicio = servicio_factory()
    factura_factory(paciente, servicio)
    factura_factory(paciente, servicio)
    cita_factory(paciente, medico_factory(), sucursal, fecha=hoy(), estado_id=Estado.COMPLETADA)
    db_session.commit()

    login(facturador)
    expect(page.get_by_test_id("kpi-facturas-pendientes")).to_have_text("2")
    expect(page.get_by_test_id("completadas-hoy").get_by_role("link", name="Facturar")).to_have_count(1)
    assert page.console.errors == []


def test_the_administrador_sees_the_months_kpis_and_four_charts(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, horario_factory,
        cita_factory, servicio_factory, factura_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    sucursal = sucursal_factory()
    medico = medico_factory(nombre="Marta", apellido="Soler")
    horario_factory(medico, sucursal, dia_semana=hoy().isoweekday(), hora_inicio=time(8), hora_fin=time(12))
    cita_factory(paciente_factory(), medico, sucursal, fecha=hoy(), hora_inicio=time(8), estado_id=Estado.COMPLETADA)
    factura_factory(paciente_factory(), servicio_factory(precio=Decimal("1000.00")), sucursal=sucursal)
    db_session.commit()

    login(admin)
    panel = page.get_by_test_id("panel-administrador")
    expect(panel.get_by_test_id("kpi-ingresos")).to_have_text("$1,160.00")
    expect(panel.get_by_test_id("kpi-ocupacion")).to_contain_text("%")
    expect(panel.get_by_test_id("kpi-inasistencia")).to_have_text("0,0 %")
    for grafico in ("grafico-citas-estado", "grafico-ingresos", "grafico-ocupacion", "grafico-tasa_inasistencia"):
        expect(panel.get_by_test_id(grafico)).to_be_visible()
    expect(panel.get_by_test_id("grafico-ocupacion").locator(".recharts-bar-rectangle")).to_have_count(1)
    assert page.console.errors == []
