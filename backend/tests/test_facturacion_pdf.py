"""The invoice PDF."""
import re
import zlib
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import ConfiguracionClinica
from app.services.pdf_service import formatear_moneda

URL = "/api/facturacion/facturas"


def texto_pdf(contenido: bytes) -> str:
    """The text drawn by the PDF's content streams (inflated when compressed)."""
    partes = []
    for flujo in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", contenido, re.S):
        try:
            partes.append(zlib.decompress(flujo))
        except zlib.error:
            partes.append(flujo)
    crudo = b"\n".join(partes).decode("latin-1")
    return "".join(re.findall(r"\((.*?)\)\s*Tj", crudo.replace("\\(", "[").replace("\\)", "]")))


@pytest.fixture
def factura(as_admin, sucursal_factory, paciente_factory, servicio_factory):
    config = db.session.get(ConfiguracionClinica, 1)
    config.nombre, config.identificacion_fiscal = "Clínica San Rafael", "CSR010101AAA"
    db.session.flush()
    sucursal = sucursal_factory(nombre="Sucursal Centro", direccion="Av. Juárez 10")
    paciente = paciente_factory(nombre="María", apellido="Núñez")
    servicio = servicio_factory(nombre="Consulta de especialidad", precio=Decimal("1000.00"),
                                impuesto_porcentaje=Decimal("16.00"))
    r = as_admin.post(URL, json={"paciente_id": paciente.id, "sucursal_id": sucursal.id,
                                 "detalles": [{"servicio_id": servicio.id, "cantidad": 1}]})
    return r.json


def test_the_pdf_opens_and_shows_number_patient_lines_and_total(as_admin, factura):
    as_admin.post(f"{URL}/{factura['id']}/pagos", json={"monto": "160.00", "metodo": "tarjeta"})

    r = as_admin.get(f"{URL}/{factura['id']}/pdf")

    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF") and r.data.rstrip().endswith(b"%%EOF")
    assert factura["numero_factura"] in r.headers["Content-Disposition"]
    texto = texto_pdf(r.data)
    for esperado in (factura["numero_factura"], "$1,160.00 MXN", "$1,000.00 MXN", "$160.00 MXN", "$1,000.00 MXN",
                     "Clínica San Rafael", "CSR010101AAA", "Sucursal Centro", "María Núñez",
                     "Consulta de especialidad", "Tarjeta", "PENDIENTE DE PAGO", "Saldo pendiente"):
        assert esperado in texto, esperado
    assert "ANULADA" not in texto


def test_a_cancelled_invoice_is_marked_in_its_pdf(as_admin, factura):
    as_admin.post(f"{URL}/{factura['id']}/anular", json={"motivo": "Emitida por error"})

    texto = texto_pdf(as_admin.get(f"{URL}/{factura['id']}/pdf").data)

    assert "FACTURA ANULADA" in texto and "Emitida por error" in texto and factura["numero_factura"] in texto


def test_money_follows_the_clinic_currency(as_admin, factura):
    db.session.get(ConfiguracionClinica, 1).moneda = "USD"
    db.session.flush()
    assert "$1,160.00 USD" in texto_pdf(as_admin.get(f"{URL}/{factura['id']}/pdf").data)


@pytest.mark.parametrize("valor, moneda, esperado", [
    ("1160", "MXN", "$1,160.00 MXN"),
    ("0.005", "MXN", "$0.01 MXN"),
    ("99999999.99", "COP", "$99,999,999.99 COP"),
    ("1160.5", "EUR", "1,160.50 EUR"),
])
def test_money_is_formatted_for_people(valor, moneda, esperado):
    assert formatear_moneda(Decimal(valor), moneda) == esperado


def test_the_pdf_needs_the_billing_roles(api_as, factura):
    assert api_as("Recepcionista").get(f"{URL}/{factura['id']}/pdf").status_code == 403
    assert api_as("Facturación").get(f"{URL}/999999/pdf").status_code == 404
