"""The closing report (arqueo) of a cash session in PDF."""
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import ConfiguracionClinica
from tests.facturacion_util import CAJA, abrir_caja, cerrar_caja, devolver, emitir, movimiento, pagar
from tests.pdf_util import texto_pdf

CONCEPTO_LARGO = "Compra de papelería para la recepción, tóner de la impresora y material de limpieza del consultorio"


@pytest.fixture
def cobro(api_as, sucursal_factory, paciente_factory, servicio_factory):
    """Facturación at a branch whose register is open with a float of 500.00, and an invoice of 1,160.00 there."""
    sucursal = sucursal_factory(nombre="Sucursal Norte")
    api = api_as("Facturación")
    paciente = paciente_factory(nombre="Iñaki", apellido="Peña")
    servicio = servicio_factory(nombre="Consulta general", precio=Decimal("1000.00"),
                                impuesto_porcentaje=Decimal("16.00"))
    return api, abrir_caja(api, sucursal, "500.00"), emitir(api, paciente, [(servicio, 1)], sucursal)


def test_the_closing_report_shows_expected_counted_difference_and_every_movement(cobro):
    db.session.get(ConfiguracionClinica, 1).moneda = "EUR"
    db.session.flush()
    api, sesion, factura = cobro
    assert pagar(api, factura["id"], "1160.00").status_code == 201
    assert devolver(api, factura["id"], "160.00").status_code == 201
    egreso = movimiento(api, sesion["id"], "egreso", "200.00", CONCEPTO_LARGO)
    assert egreso.status_code == 201, egreso.json
    # Expected: 500.00 float + 1,160.00 paid − 160.00 refunded − 200.00 taken out = 1,300.00; counted 1,290.00.
    conteo = {"500": 2, "200": 1, "50": 1, "20": 1, "0.50": 40}
    cierre = cerrar_caja(api, sesion["id"], "1290.00", conteo=conteo)
    assert cierre.status_code == 200, cierre.json
    assert (cierre.json["esperado"], cierre.json["contado"], cierre.json["diferencia"]) == ("1300.00", "1290.00",
                                                                                            "-10.00")

    r = api.get(f"{CAJA}/{sesion['id']}/arqueo.pdf")

    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert f"arqueo-{sesion['id']}.pdf" in r.headers["Content-Disposition"]
    assert b"/MediaBox [0 0 612.00 792.00]" in r.data  # Letter
    texto = texto_pdf(r.data)
    euros = lambda cifra: f"{cifra}\u00a0€"  # noqa: E731
    for esperado in (f"ARQUEO DE CAJA - Sesión {sesion['id']}", "Sucursal: Sucursal Norte",
                     "Fondo inicial" + euros("500,00"),
                     "Cobros menos devoluciones en efectivo" + euros("1.000,00"),
                     "Egresos de efectivo" + euros("-200,00"),
                     "Efectivo esperado" + euros("1.300,00"), "Efectivo contado" + euros("1.290,00"),
                     "Diferencia [faltante]" + euros("-10,00"),  # texto_pdf reads "(" ")" as "[" "]"
                     "2 x " + euros("500,00") + euros("1.000,00"), "40 x " + euros("0,50") + euros("20,00"),
                     "Total del conteo" + euros("1.290,00"),
                     # The movements, named as in the UI's table: the payment, the refund, the cash taken out.
                     "PagoEfectivo" + factura["numero_factura"], "DevoluciónEfectivo" + factura["numero_factura"],
                     "EgresoEfectivoCompra de papelería", euros("1.160,00"), euros("-160,00"), "..."):
        assert esperado in texto, esperado
    assert texto.index("PagoEfectivo") < texto.index("DevoluciónEfectivo") < texto.index("EgresoEfectivo")
    # The long concept is cut to its cell, never printed whole over the next column.
    assert CONCEPTO_LARGO not in texto
    assert "PROVISIONAL" not in texto and "?" not in texto


def test_an_open_session_prints_a_provisional_report(cobro):
    api, sesion, factura = cobro
    assert pagar(api, factura["id"], "1160.00", "tarjeta").status_code == 201

    r = api.get(f"{CAJA}/{sesion['id']}/arqueo.pdf")

    assert r.status_code == 200
    texto = texto_pdf(r.data)
    for esperado in ("ARQUEO DE CAJA PROVISIONAL", "las cifras son provisionales",
                     "Cobros menos devoluciones en tarjeta$1,160.00", "Efectivo esperado hasta ahora$500.00"):
        assert esperado in texto, esperado
    assert "Efectivo contado" not in texto and "Diferencia" not in texto
