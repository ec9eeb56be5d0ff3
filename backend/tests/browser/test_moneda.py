"""Amounts on screen are written the way the clinic's country writes them, whatever the browser's locale
(the page fixture's browser speaks es-MX): the real Chromium's Intl data, not the test runner's."""
from decimal import Decimal

from playwright.sync_api import expect

from app.models import ConfiguracionClinica

NBSP = "\u00a0"


def test_a_clinic_in_spain_sees_its_invoice_in_euros_as_spain_writes_them(
        page, login, usuario_factory, paciente_factory, servicio_factory, sucursal_factory, factura_factory,
        db_session):
    db_session.get(ConfiguracionClinica, 1).moneda = "EUR"
    facturador = usuario_factory(rol="Facturación")
    servicio = servicio_factory(nombre="Consulta general", precio=Decimal("1000.00"), impuesto_porcentaje=Decimal("16.00"))
    factura = factura_factory(paciente_factory(), servicio, sucursal=sucursal_factory())
    db_session.commit()

    login(facturador)
    page.goto(f"/facturacion/{factura.id}")

    total = page.get_by_test_id("factura-total")
    expect(total).to_have_text(f"1.160,00{NBSP}€")
    # to_have_text treats a no-break space as any space: the exact text is Intl's, with U+00A0.
    assert total.text_content() == f"1.160,00{NBSP}€"
    expect(page.get_by_test_id("factura-subtotal")).to_have_text(f"1.000,00{NBSP}€")
    expect(page.get_by_test_id("factura-impuesto")).to_have_text(f"160,00{NBSP}€")
    expect(page.get_by_role("cell", name="16,00", exact=True)).to_be_visible()  # the tax rate, without a symbol
    assert page.console.errors == []
