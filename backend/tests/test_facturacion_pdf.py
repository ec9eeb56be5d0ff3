"""The invoice PDF."""
from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import ConfiguracionClinica
from tests.pdf_util import texto_pdf

URL = "/api/facturacion/facturas"


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
    for esperado in (factura["numero_factura"], "$1,160.00", "$1,000.00", "$160.00", "16.00",
                     "Clínica San Rafael", "CSR010101AAA", "Sucursal Centro", "María Núñez",
                     "Consulta de especialidad", "Tarjeta", "PENDIENTE DE PAGO", "Saldo pendiente"):
        assert esperado in texto, esperado
    assert "ANULADA" not in texto


def test_a_cancelled_invoice_is_marked_in_its_pdf(as_admin, factura):
    as_admin.post(f"{URL}/{factura['id']}/anular", json={"motivo": "Emitida por error"})

    texto = texto_pdf(as_admin.get(f"{URL}/{factura['id']}/pdf").data)

    assert "FACTURA ANULADA" in texto and "Emitida por error" in texto and factura["numero_factura"] in texto


def test_money_follows_the_clinic_currency(as_admin, factura):
    db.session.get(ConfiguracionClinica, 1).moneda = "COP"
    db.session.flush()
    texto = texto_pdf(as_admin.get(f"{URL}/{factura['id']}/pdf").data)
    assert "$\u00a01.160,00" in texto and "$\u00a01.000,00" in texto and "16,00" in texto


def test_euros_print_with_the_euro_sign_and_spanish_separators(as_admin, factura):
    db.session.get(ConfiguracionClinica, 1).moneda = "EUR"
    db.session.flush()
    as_admin.post(f"{URL}/{factura['id']}/pagos", json={"monto": "160.00", "metodo": "efectivo"})

    r = as_admin.get(f"{URL}/{factura['id']}/pdf")

    texto = texto_pdf(r.data)
    for esperado in ("1.160,00\u00a0€", "1.000,00\u00a0€", "160,00\u00a0€", "16,00", "María Núñez", "Clínica San Rafael"):
        assert esperado in texto, esperado
    assert "?" not in texto.replace("¿", "")
    # The core fonts say how to read those bytes: WinAnsiEncoding, where 0x80 is the euro sign.
    assert b"/Encoding /WinAnsiEncoding" in r.data and "€".encode("windows-1252") == b"\x80"


def test_a_symbol_the_core_fonts_cannot_print_gives_way_to_the_currency_code(as_admin, factura):
    db.session.get(ConfiguracionClinica, 1).moneda = "CRC"  # "₡" is not in windows-1252
    db.session.flush()
    texto = texto_pdf(as_admin.get(f"{URL}/{factura['id']}/pdf").data)
    assert "1\u00a0160,00 CRC" in texto and "?" not in texto


@pytest.fixture
def factura_de_tres(as_admin, sucursal_factory, paciente_factory, servicio_factory):
    """An invoice of three sessions at $1,000.00 + 16 % (total $3,480.00) at a branch in Mexico City."""
    sucursal = sucursal_factory(nombre="Sucursal Centro")
    paciente = paciente_factory(nombre="Begoña", apellido="Ibáñez")
    servicio = servicio_factory(nombre="Sesión de fisioterapia", precio=Decimal("1000.00"),
                                impuesto_porcentaje=Decimal("16.00"))
    r = as_admin.post(URL, json={"paciente_id": paciente.id, "sucursal_id": sucursal.id,
                                 "detalles": [{"servicio_id": servicio.id, "cantidad": 3}]})
    assert r.status_code == 201, r.json
    return r.json


def rectificar_una_sesion(api, factura, motivo="Una sesión no se realizó: se anuló por enfermedad"):
    r = api.post(f"{URL}/{factura['id']}/rectificar",
                 json={"motivo": motivo, "lineas": [{"detalle_id": factura["detalles"][0]["id"], "cantidad": 1}]})
    assert r.status_code == 201, r.json
    return r.json


def test_a_credit_note_prints_what_it_corrects_why_and_its_negative_amounts(as_admin, factura_de_tres):
    nota = rectificar_una_sesion(as_admin, factura_de_tres)

    r = as_admin.get(f"{URL}/{nota['id']}/pdf")

    assert r.status_code == 200 and nota["numero_factura"] in r.headers["Content-Disposition"]
    texto = texto_pdf(r.data)
    emitida = datetime.fromisoformat(factura_de_tres["fecha_emision"]).astimezone(ZoneInfo("America/Mexico_City"))
    for esperado in ("FACTURA RECTIFICATIVA", f"No. {nota['numero_factura']}",
                     f"Rectificativa de {factura_de_tres['numero_factura']}, emitida el {emitida:%d/%m/%Y}",
                     "Motivo: Una sesión no se realizó: se anuló por enfermedad", "Begoña Ibáñez",
                     "Sesión de fisioterapia", "-1", "$1,000.00", "-$1,000.00", "-$160.00", "-$1,160.00"):
        assert esperado in texto, esperado
    assert nota["numero_factura"].startswith("R")
    # Nothing to collect on a credit note: no state, no payments, no balance.
    for ausente in ("Estado:", "PAGADA", "Pagos", "Saldo", "?"):
        assert ausente not in texto, ausente


def test_an_invoice_shows_its_credit_notes_its_refunds_and_its_balance(as_admin, factura_de_tres):
    factura_id = factura_de_tres["id"]
    assert as_admin.post(f"{URL}/{factura_id}/pagos", json={"monto": "3480.00", "metodo": "efectivo"}).status_code == 201
    nota = rectificar_una_sesion(as_admin, factura_de_tres)
    devolucion = as_admin.post(f"{URL}/{factura_id}/devoluciones", json={"monto": "1000.00", "metodo": "efectivo"})
    assert devolucion.status_code == 201, devolucion.json
    # 3,480.00 − 1,160.00 rectified − (3,480.00 − 1,000.00) paid net = −160.00: owed to the patient.
    assert as_admin.get(f"{URL}/{factura_id}").json["saldo"] == "-160.00"

    texto = texto_pdf(as_admin.get(f"{URL}/{factura_id}/pdf").data)

    for esperado in ("FACTURA", "Total$3,480.00", "Rectificado-$1,160.00", "Total tras rectificativas$2,320.00",
                     "Facturas rectificativas", nota["numero_factura"], "Importe rectificado$1,160.00",
                     "Pagos y devoluciones", "Devolución", "-$1,000.00", "Total devuelto$1,000.00",
                     "Total pagado menos devoluciones$2,480.00", "Saldo a favor del paciente$160.00"):
        assert esperado in texto, esperado
    assert "FACTURA RECTIFICATIVA" not in texto and "Saldo pendiente" not in texto


def test_an_invoice_rectified_in_part_and_unpaid_still_owes_the_rest(as_admin, factura_de_tres):
    rectificar_una_sesion(as_admin, factura_de_tres)

    texto = texto_pdf(as_admin.get(f"{URL}/{factura_de_tres['id']}/pdf").data)

    assert "Importe rectificado$1,160.00" in texto and "Saldo pendiente$2,320.00" in texto
    assert "Devolución" not in texto and "Sin pagos registrados." in texto


def test_the_pdf_needs_the_billing_roles(api_as, factura):
    assert api_as("Recepcionista").get(f"{URL}/{factura['id']}/pdf").status_code == 403
    assert api_as("Facturación").get(f"{URL}/999999/pdf").status_code == 404
