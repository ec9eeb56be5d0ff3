"""Reports in a real browser: filters in the URL, the three reports as tables and charts, and
"Exportar CSV" downloading the server's CSV."""
from datetime import time
from decimal import Decimal

from playwright.sync_api import expect

from app.models import Estado
from tests.browser.ayudas import elegir, hoy


def _datos(paciente_factory, medico_factory, sucursal_factory, horario_factory, cita_factory, servicio_factory,
           factura_factory):
    norte, sur = sucursal_factory(nombre="Norte"), sucursal_factory(nombre="Sur")
    marta, luis = medico_factory(nombre="Marta", apellido="Soler"), medico_factory(nombre="Luis", apellido="Ruiz")
    for medico, sucursal in ((marta, norte), (luis, sur)):
        horario_factory(medico, sucursal, dia_semana=hoy().isoweekday(), hora_inicio=time(8), hora_fin=time(12))
    cita_factory(paciente_factory(), marta, norte, fecha=hoy(), hora_inicio=time(8), estado_id=Estado.COMPLETADA)
    cita_factory(paciente_factory(), marta, norte, fecha=hoy(), hora_inicio=time(9), estado_id=Estado.NO_ASISTIO)
    cita_factory(paciente_factory(), luis, sur, fecha=hoy(), hora_inicio=time(8), estado_id=Estado.COMPLETADA)
    factura_factory(paciente_factory(), servicio_factory(precio=Decimal("1000.00")), sucursal=norte)
    factura_factory(paciente_factory(), servicio_factory(precio=Decimal("500.00")), sucursal=sur)
    return norte, marta


def test_the_administrador_filters_the_reports_and_exports_csv(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, horario_factory,
        cita_factory, servicio_factory, factura_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    norte, marta = _datos(paciente_factory, medico_factory, sucursal_factory, horario_factory, cita_factory,
                          servicio_factory, factura_factory)
    db_session.commit()

    login(admin)
    page.get_by_test_id("nav-reportes").click()
    resumen = page.get_by_test_id("reporte-resumen")
    expect(resumen.get_by_test_id("kpi-citas")).to_have_text("3")
    expect(resumen.get_by_test_id("kpi-ingresos")).to_have_text("$1,740.00")
    expect(resumen.get_by_test_id("grafico-citas-estado")).to_be_visible()

    elegir(page, "Sucursal", "Norte")
    expect(resumen.get_by_test_id("kpi-citas")).to_have_text("2")
    expect(resumen.get_by_test_id("kpi-inasistencia")).to_have_text("50,0 %")
    expect(resumen.get_by_test_id("kpi-ingresos")).to_have_text("$1,160.00")
    assert f"sucursal={norte.id}" in page.url

    with page.expect_download() as descarga:
        page.get_by_role("button", name="Exportar CSV").click()
    archivo = descarga.value
    assert archivo.suggested_filename.startswith("resumen_") and archivo.suggested_filename.endswith(".csv")
    with open(archivo.path(), encoding="utf-8-sig") as f:
        contenido = f.read()
    assert contenido.splitlines()[0] == "indicador,valor"
    assert f"sucursal_id,{norte.id}" in contenido and "ingresos,1160.00" in contenido

    page.get_by_role("tab", name="Citas por médico").click()
    filas = page.get_by_test_id("fila-medico")
    expect(filas).to_have_count(1)
    expect(filas.first).to_contain_text("Marta Soler")
    expect(page.get_by_test_id("grafico-ocupacion")).to_be_visible()
    elegir(page, "Sucursal", "Todas")
    expect(filas).to_have_count(2)
    elegir(page, "Médico", "Marta Soler")
    expect(filas).to_have_count(1)

    page.get_by_role("tab", name="Ingresos").click()
    elegir(page, "Agrupar por", "Mes")
    expect(page.get_by_test_id("fila-ingresos")).to_have_count(1)
    expect(page.get_by_test_id("grafico-ingresos")).to_be_visible()
    with page.expect_download() as descarga:
        page.get_by_role("button", name="Exportar CSV").click()
    assert descarga.value.suggested_filename.startswith("ingresos_")
    assert f"medico={marta.id}" in page.url
    assert page.console.errors == []


def test_a_bad_period_is_explained_before_asking_the_server(page, login, usuario_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    login(admin)
    page.goto("/reportes?reporte=ingresos")
    page.get_by_label("Desde").fill("01/01/2025")
    page.get_by_label("Hasta").fill("31/03/2026")
    expect(page.get_by_text("El periodo no puede superar 366 días.")).to_be_visible()
    expect(page.get_by_role("button", name="Exportar CSV")).to_be_disabled()
    page.get_by_label("Hasta").fill("31/03/2025")
    expect(page.get_by_role("button", name="Exportar CSV")).to_be_enabled()
    assert "desde=2025-01-01" in page.url and "hasta=2025-03-31" in page.url
    expect(page.get_by_test_id("fila-ingresos")).to_have_count(90)
    assert page.console.errors == []


def test_billing_sees_only_the_revenue_report(
        page, login, usuario_factory, paciente_factory, servicio_factory, factura_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    factura_factory(paciente_factory(), servicio_factory(precio=Decimal("100.00")))
    db_session.commit()

    login(facturador)
    page.get_by_test_id("nav-reportes").click()
    expect(page.get_by_role("tab")).to_have_count(1)
    expect(page.get_by_role("tab", name="Ingresos")).to_be_visible()
    expect(page.get_by_test_id("ingresos-total")).to_have_text("$116.00")
    assert page.console.errors == []
