"""Credit notes and the cash register in a real browser: open the branch's till from the dashboard, issue an
invoice, pay it in cash, refund part of it, and close the till counting bills (the expected cash is the float plus
the payment minus the refund, and the difference is zero); a partial and then a full credit note whose previews
are the server's figures."""
import re
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Factura, Pago, SesionCaja
from tests.browser.ayudas import elegir


def test_a_cash_payment_and_a_partial_refund_close_the_till_with_no_difference(
        page, login, usuario_factory, sucursal_factory, paciente_factory, servicio_factory, db_session):
    sucursal = sucursal_factory(nombre="Centro")
    facturador = usuario_factory(rol="Facturación", sucursal=sucursal)
    paciente = paciente_factory(nombre="Lucía", apellido="Marín")
    servicio_factory(nombre="Consulta general", precio=Decimal("500.00"), impuesto_porcentaje=Decimal("16.00"))
    db_session.commit()

    # The till is closed: the dashboard says so and leads to the Caja page, where it opens with a float.
    login(facturador)
    tarjeta = page.get_by_test_id("tarjeta-caja")
    expect(tarjeta.get_by_test_id("caja-hoy-cerrada")).to_have_text("Caja cerrada")
    tarjeta.get_by_role("link", name="Abrir caja").click()
    page.wait_for_url(re.compile(r"/caja$"))
    expect(page.get_by_role("heading", name="Caja · Centro")).to_be_visible()
    page.get_by_label("Fondo inicial").fill("500")
    page.get_by_role("button", name="Abrir caja").click()
    expect(page.get_by_test_id("caja-esperado")).to_have_text("$500.00")

    # An invoice of 580.00 (500 + 16 %), paid in cash, then 80.00 given back in cash.
    page.goto(f"/facturacion/nueva?paciente={paciente.id}")
    elegir(page, "Servicio 1", "Consulta general")
    expect(page.get_by_test_id("total-total")).to_have_text("$580.00")
    page.get_by_role("button", name="Emitir factura").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    factura_id = int(page.url.rsplit("/", 1)[1])
    expect(page.get_by_label("Monto")).to_have_value("580.00")
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_test_id("factura-estado")).to_have_attribute("data-estado", "pagada")

    page.get_by_role("button", name="Devolver").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Monto a devolver").fill("80")
    dialogo.get_by_role("button", name="Registrar devolución").click()
    expect(dialogo).to_be_hidden()
    devolucion = page.locator("[data-testid=pago-row][data-tipo=devolucion]")
    expect(devolucion).to_contain_text("Devolución")
    expect(devolucion).to_contain_text("-$80.00")
    expect(page.get_by_test_id("factura-pagado")).to_have_text("$500.00")
    expect(page.get_by_test_id("factura-saldo")).to_have_text("$80.00")

    # The till: 500.00 + 580.00 − 80.00 expected; counted as two 500 bills.
    page.get_by_test_id("nav-caja").click()
    expect(page.get_by_test_id("caja-esperado")).to_have_text("$1,000.00")
    expect(page.get_by_test_id("caja-metodo-efectivo")).to_have_text("$500.00")
    movimientos = page.get_by_test_id("movimiento-row")
    expect(movimientos).to_have_count(2)
    expect(movimientos.nth(1)).to_have_attribute("data-tipo", "devolucion")
    page.get_by_role("button", name="Cerrar caja").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Contar billetes y monedas").check()
    dialogo.get_by_label("Cantidad de billetes de $500.00").fill("2")
    expect(dialogo.get_by_test_id("conteo-total")).to_have_text("$1,000.00")
    dialogo.get_by_role("button", name="Cerrar caja").click()

    reporte = page.get_by_test_id("cierre-reporte")
    expect(reporte.get_by_test_id("caja-esperado")).to_have_text("$1,000.00")
    expect(reporte.get_by_test_id("caja-contado")).to_have_text("$1,000.00")
    expect(reporte.get_by_test_id("caja-diferencia")).to_have_text("$0.00")
    expect(reporte).to_contain_text("La caja cuadra")
    expect(page.get_by_label("Fondo inicial")).to_be_visible()
    expect(page.get_by_test_id("sesion-cerrada-row")).to_have_count(1)
    with page.expect_download() as descarga:
        reporte.get_by_role("button", name="Descargar arqueo (PDF)").click()
    with open(descarga.value.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    db.session.expire_all()
    sesion = db.session.scalars(select(SesionCaja).where(SesionCaja.sucursal_id == sucursal.id)).one()
    assert (sesion.estado, sesion.esperado, sesion.efectivo_contado, sesion.conteo) == (
        "cerrada", Decimal("1000.00"), Decimal("1000.00"), {"500": 2})
    pagos = db.session.scalars(select(Pago).where(Pago.factura_id == factura_id).order_by(Pago.id)).all()
    assert [(p.monto, p.metodo, p.sesion_caja_id) for p in pagos] == [
        (Decimal("580.00"), "efectivo", sesion.id), (Decimal("-80.00"), "efectivo", sesion.id)]
    assert page.console.errors == []


def test_the_credit_note_preview_is_what_the_server_issues_partial_then_the_rest(
        page, login, usuario_factory, paciente_factory, servicio_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    paciente = paciente_factory(nombre="Óscar", apellido="Pineda")
    servicio_factory(nombre="Consulta general", precio=Decimal("333.33"), impuesto_porcentaje=Decimal("16.00"))
    servicio_factory(nombre="Curación", precio=Decimal("0.05"), impuesto_porcentaje=Decimal("10.00"))
    db_session.commit()

    login(facturador)
    page.goto(f"/facturacion/nueva?paciente={paciente.id}")
    elegir(page, "Servicio 1", "Consulta general")
    page.get_by_label("Cantidad 1").fill("3")
    page.get_by_role("button", name="Agregar servicio").click()
    elegir(page, "Servicio 2", "Curación")
    page.get_by_label("Cantidad 2").fill("2")
    # 999.99 + 0.10; taxes 160.00 (159.9984) + 0.01 (0.010)
    expect(page.get_by_test_id("total-total")).to_have_text("$1,160.10")
    page.get_by_role("button", name="Emitir factura").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    factura_id = int(page.url.rsplit("/", 1)[1])

    # Two of the three consultations and one of the two dressings: each line's tax rounded half-up on its own.
    page.get_by_role("button", name="Rectificar").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Motivo de la rectificación").fill("Sesiones no realizadas")
    dialogo.get_by_label("Algunas líneas").check()
    dialogo.get_by_label("Cantidad a rectificar de Consulta general").fill("2")
    dialogo.get_by_label("Cantidad a rectificar de Curación").fill("1")
    # 666.66 + tax 106.67 (106.6656); 0.05 + tax 0.01 (0.005 half-up)
    expect(dialogo.get_by_test_id("preview-total")).to_have_text("-$773.39")
    dialogo.get_by_role("button", name="Emitir rectificativa").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    expect(page.get_by_test_id("factura-numero")).to_have_text(re.compile(r"^Factura rectificativa R"))
    expect(page.get_by_test_id("factura-total")).to_have_text("-$773.39")
    aviso = page.get_by_test_id("aviso-rectificativa")
    expect(aviso).to_contain_text("Motivo: Sesiones no realizadas")

    # Back on the invoice: the rest of it. The last dressing takes what is left of its line's tax (0.01 − 0.01).
    aviso.get_by_test_id("enlace-rectificada").click()
    page.wait_for_url(re.compile(rf"/facturacion/{factura_id}$"))
    expect(page.get_by_test_id("rectificativa-item")).to_have_count(1)
    expect(page.get_by_test_id("factura-rectificado")).to_have_text("$773.39")
    expect(page.get_by_role("button", name="Anular factura")).to_have_count(0)
    page.get_by_role("button", name="Rectificar").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Motivo de la rectificación").fill("Anulación del resto")
    # 333.33 + tax 53.33 (160.00 − 106.67); 0.05 + tax 0.00
    expect(dialogo.get_by_test_id("preview-total")).to_have_text("-$386.71")
    dialogo.get_by_role("button", name="Emitir rectificativa").click()
    expect(page.get_by_test_id("factura-aviso")).to_contain_text("emitida")
    expect(page.get_by_test_id("factura-total")).to_have_text("-$386.71")

    db.session.expire_all()
    factura = db.session.get(Factura, factura_id)
    notas = db.session.scalars(select(Factura).where(Factura.factura_rectificada_id == factura_id)
                               .order_by(Factura.id)).all()
    assert [n.total for n in notas] == [Decimal("-773.39"), Decimal("-386.71")]
    assert factura.rectificado == factura.total == Decimal("1160.10")
    assert page.console.errors == []
