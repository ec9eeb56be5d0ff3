"""Billing in a real browser: invoice from an appointment with a live total equal to the server's,
partial and full payments, cancellation, PDF, filters, and the service catalog."""
import re
from datetime import UTC, datetime
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import Estado, Factura, Pago, Servicio
from tests.browser.ayudas import elegir, hoy


def test_an_invoice_from_a_completed_appointment_shows_the_servers_total_and_takes_partial_payments(
        page, login, usuario_factory, paciente_factory, medico_factory, sucursal_factory, cita_factory,
        servicio_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    sucursal = sucursal_factory(nombre="Centro")
    paciente = paciente_factory(nombre="Lucía", apellido="Marín")
    cita = cita_factory(paciente, medico_factory(), sucursal, fecha=hoy(), estado_id=Estado.COMPLETADA)
    servicio_factory(nombre="Consulta general", precio=Decimal("333.33"), impuesto_porcentaje=Decimal("16.00"))
    servicio_factory(nombre="Curación", precio=Decimal("0.05"), impuesto_porcentaje=Decimal("10.00"))
    db_session.commit()

    login(facturador)
    page.get_by_test_id("completadas-hoy").get_by_role("link", name="Facturar").click()
    page.wait_for_url(re.compile(rf"/facturacion/nueva\?cita={cita.id}$"))
    expect(page.get_by_label("Paciente")).to_have_value(re.compile("Marín, Lucía"))
    expect(page.get_by_role("combobox", name="Sucursal")).to_have_text("Centro")

    elegir(page, "Servicio 1", "Consulta general")
    page.get_by_label("Cantidad 1").fill("3")
    page.get_by_role("button", name="Agregar servicio").click()
    elegir(page, "Servicio 2", "Curación")
    # 999.99 + 0.05; taxes 160.00 (159.9984 rounded) + 0.01 (0.005 half-up)
    expect(page.get_by_test_id("total-subtotal")).to_have_text("$1,000.04")
    expect(page.get_by_test_id("total-impuesto")).to_have_text("$160.01")
    expect(page.get_by_test_id("total-total")).to_have_text("$1,160.05")

    page.get_by_role("button", name="Emitir factura").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    factura_id = int(page.url.rsplit("/", 1)[1])
    db.session.expire_all()
    factura = db.session.get(Factura, factura_id)
    assert (factura.cita_id, factura.sucursal_id) == (cita.id, sucursal.id)
    assert (factura.subtotal, factura.impuesto, factura.total) == (Decimal("1000.04"), Decimal("160.01"),
                                                                  Decimal("1160.05"))
    expect(page.get_by_test_id("factura-total")).to_have_text("$1,160.05")
    expect(page.get_by_test_id("factura-numero")).to_have_text(f"Factura {factura.numero_factura}")

    page.get_by_label("Monto").fill("2000")
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_text("no mayor que el saldo")).to_be_visible()
    page.get_by_label("Monto").fill("160,05")
    elegir(page, "Método de pago", "Tarjeta")
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_test_id("factura-saldo")).to_have_text("$1,000.00")
    expect(page.get_by_test_id("factura-estado")).to_have_attribute("data-estado", "pendiente")
    expect(page.get_by_label("Monto")).to_have_value("1000.00")
    page.get_by_role("button", name="Registrar pago").click()
    expect(page.get_by_test_id("factura-estado")).to_have_attribute("data-estado", "pagada")
    expect(page.get_by_test_id("factura-saldo")).to_have_text("$0.00")
    expect(page.get_by_test_id("pago-row")).to_have_count(2)

    db.session.expire_all()
    pagos = db.session.scalars(select(Pago).where(Pago.factura_id == factura_id).order_by(Pago.id)).all()
    assert [(p.monto, p.metodo) for p in pagos] == [(Decimal("160.05"), "tarjeta"), (Decimal("1000.00"), "efectivo")]
    assert db.session.get(Factura, factura_id).estado == "pagada"
    assert page.console.errors == []


def test_an_invoice_is_cancelled_with_a_reason_and_its_pdf_downloads(
        page, login, usuario_factory, paciente_factory, servicio_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    paciente = paciente_factory(nombre="Óscar", apellido="Pineda")
    servicio_factory(nombre="Radiografía", precio=Decimal("800.00"))
    db_session.commit()

    login(admin)
    page.goto(f"/facturacion/nueva?paciente={paciente.id}")
    elegir(page, "Servicio 1", "Radiografía")
    expect(page.get_by_test_id("total-total")).to_have_text("$928.00")
    page.get_by_role("button", name="Emitir factura").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    factura_id = int(page.url.rsplit("/", 1)[1])

    with page.expect_download() as descarga:
        page.get_by_role("button", name="Descargar PDF").click()
    archivo = descarga.value
    assert archivo.suggested_filename.endswith(".pdf")
    with open(archivo.path(), "rb") as f:
        assert f.read(5) == b"%PDF-"

    page.get_by_role("button", name="Anular factura").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_role("button", name="Confirmar anulación").click()
    expect(dialogo.get_by_text("Indique el motivo de la anulación.")).to_be_visible()
    dialogo.get_by_label("Motivo de la anulación").fill("Datos del paciente equivocados")
    dialogo.get_by_role("button", name="Confirmar anulación").click()
    expect(page.get_by_test_id("factura-estado")).to_have_attribute("data-estado", "anulada")
    expect(page.get_by_text("Motivo: Datos del paciente equivocados")).to_be_visible()
    expect(page.get_by_role("button", name="Anular factura")).to_have_count(0)
    expect(page.get_by_test_id("pago-form")).to_have_count(0)

    db.session.expire_all()
    factura = db.session.get(Factura, factura_id)
    assert (factura.estado, factura.motivo_anulacion) == ("anulada", "Datos del paciente equivocados")
    assert page.console.errors == []


def test_the_invoice_list_filters_by_state_and_patient(
        page, login, usuario_factory, paciente_factory, servicio_factory, factura_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    ana = paciente_factory(nombre="Ana", apellido="Robles")
    beto = paciente_factory(nombre="Beto", apellido="Salas")
    servicio = servicio_factory()
    pendiente = factura_factory(ana, servicio)
    anulada = factura_factory(ana, servicio)
    anulada.estado, anulada.motivo_anulacion = "anulada", "Duplicada"
    anulada.anulada_por, anulada.fecha_anulacion = facturador.id, datetime.now(UTC)
    de_beto = factura_factory(beto, servicio)
    db_session.commit()

    login(facturador)
    page.get_by_test_id("nav-facturacion").click()
    filas = page.get_by_test_id("factura-row")
    expect(filas).to_have_count(3)

    elegir(page, "Estado", "Anulada")
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-factura-id", str(anulada.id))
    assert "estado=anulada" in page.url

    elegir(page, "Estado", "Todos")
    expect(filas).to_have_count(3)
    page.get_by_label("Paciente").fill("Salas")
    page.get_by_test_id("paciente-option").first.click()
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-factura-id", str(de_beto.id))

    elegir(page, "Estado", "Pagada")
    expect(page.get_by_text("No hay facturas con estos filtros.")).to_be_visible()

    page.goto(f"/facturacion?paciente={ana.id}&estado=pendiente")
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-factura-id", str(pendiente.id))
    filas.first.click()
    page.wait_for_url(re.compile(rf"/facturacion/{pendiente.id}$"))
    expect(page.get_by_test_id("factura-numero")).to_have_text(f"Factura {pendiente.numero_factura}")
    assert page.console.errors == []


def test_the_service_catalog_creates_and_edits_services_with_the_default_tax(
        page, login, usuario_factory, servicio_factory, db_session):
    facturador = usuario_factory(rol="Facturación")
    existente = servicio_factory(nombre="Electrocardiograma", precio=Decimal("450.00"))
    db_session.commit()

    login(facturador)
    page.goto("/facturacion?tab=servicios")
    expect(page.get_by_test_id("servicio-row")).to_have_count(1)
    page.get_by_role("button", name="Nuevo servicio").click()
    dialogo = page.get_by_role("dialog")
    expect(dialogo.get_by_label("Impuesto (%)")).to_have_value("16.00")
    dialogo.get_by_role("button", name="Guardar servicio").click()
    expect(dialogo.get_by_text("Indique el nombre del servicio.")).to_be_visible()
    dialogo.get_by_label("Nombre").fill("Ultrasonido")
    dialogo.get_by_label("Precio").fill("1,250.50")  # a Mexican clinic writes its amounts the Mexican way
    dialogo.get_by_role("button", name="Guardar servicio").click()
    expect(dialogo).to_be_hidden()
    expect(page.get_by_test_id("servicio-row")).to_have_count(2)

    page.get_by_role("button", name="Editar Electrocardiograma").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Precio").fill("500")
    dialogo.get_by_role("button", name="Guardar servicio").click()
    expect(page.get_by_test_id("servicios-aviso")).to_have_text("Servicio actualizado.")

    db.session.expire_all()
    nuevo = db.session.scalars(select(Servicio).where(Servicio.nombre == "Ultrasonido")).one()
    assert (nuevo.precio, nuevo.impuesto_porcentaje, nuevo.activo) == (Decimal("1250.50"), Decimal("16.00"), True)
    assert db.session.get(Servicio, existente.id).precio == Decimal("500.00")
    assert page.console.errors == []
