"""Payments and cancellation of invoices."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, Factura, Pago

URL = "/api/facturacion/facturas"


@pytest.fixture
def facturador(api_as):
    return api_as("Facturación")


@pytest.fixture
def factura(facturador, paciente_factory, servicio_factory):
    """An invoice of 1160.00 (1000.00 + 16 %)."""
    servicio = servicio_factory(precio=Decimal("1000.00"), impuesto_porcentaje=Decimal("16.00"))
    r = facturador.post(URL, json={"paciente_id": paciente_factory().id,
                                   "detalles": [{"servicio_id": servicio.id, "cantidad": 1}]})
    assert r.status_code == 201
    return r.json


def pagar(api, factura, monto, metodo="efectivo"):
    return api.post(f"{URL}/{factura['id']}/pagos", json={"monto": monto, "metodo": metodo})


def test_partial_payments_reduce_the_balance_until_the_invoice_is_paid(facturador, factura):
    primero = pagar(facturador, factura, "500.00", "tarjeta")
    assert primero.status_code == 201, primero.json
    assert (primero.json["monto"], primero.json["metodo"], primero.json["saldo"], primero.json["estado"]) == (
        "500.00", "tarjeta", "660.00", "pendiente")
    assert primero.json["usuario_id"] == facturador.usuario.id and primero.json["fecha"]

    segundo = pagar(facturador, factura, "660.00", "transferencia")
    assert segundo.status_code == 201 and segundo.json["saldo"] == "0.00" and segundo.json["estado"] == "pagada"

    vista = facturador.get(f"{URL}/{factura['id']}").json
    assert vista["estado"] == "pagada" and vista["saldo"] == "0.00" and vista["pagado"] == "1160.00"
    assert [(p["monto"], p["metodo"]) for p in vista["pagos"]] == [("500.00", "tarjeta"), ("660.00", "transferencia")]
    assert db.session.get(Factura, factura["id"]).estado == "pagada"


def test_paying_more_than_what_is_owed_is_refused(facturador, factura):
    pagar(facturador, factura, "1000.00")
    r = pagar(facturador, factura, "160.01")
    assert r.status_code == 409 and r.json["reason"] == "PAGO_EXCEDE_SALDO" and r.json["saldo"] == "160.00"
    assert "saldo" in r.json["message"]
    assert db.session.scalar(select(db.func.count()).select_from(Pago).where(Pago.factura_id == factura["id"])) == 1


def test_a_paid_invoice_takes_no_more_payments(facturador, factura):
    pagar(facturador, factura, "1160.00")
    r = pagar(facturador, factura, "0.01")
    assert r.status_code == 409 and r.json["reason"] == "PAGO_EXCEDE_SALDO"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"monto": "0.00", "metodo": "efectivo"}, "monto"),
    ({"monto": "-5", "metodo": "efectivo"}, "monto"),
    ({"monto": "10.001", "metodo": "efectivo"}, "monto"),
    ({"monto": "abc", "metodo": "efectivo"}, "monto"),
    ({"monto": "10.00", "metodo": "cheque"}, "metodo"),
    ({"metodo": "efectivo"}, "monto"),
    ({"monto": "10.00", "metodo": "efectivo", "usuario_id": 1}, "usuario_id"),
])
def test_invalid_payments_are_422(facturador, factura, cuerpo, campo):
    r = facturador.post(f"{URL}/{factura['id']}/pagos", json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"]


def test_a_payment_is_audited_with_the_patient(facturador, factura):
    pago = pagar(facturador, factura, "100.00").json
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "pago_registrado"))
    assert (fila.entidad, fila.entidad_id, fila.paciente_id) == ("factura", factura["id"], factura["paciente_id"])
    assert fila.detalle["pago_id"] == pago["id"] and fila.detalle["monto"] == "100.00"


def test_cancelling_keeps_the_number_and_records_who_when_and_why(facturador, factura):
    r = facturador.post(f"{URL}/{factura['id']}/anular", json={"motivo": "Servicio no prestado"})

    assert r.status_code == 200, r.json
    assert r.json["estado"] == "anulada" and r.json["numero_factura"] == factura["numero_factura"]
    assert r.json["motivo_anulacion"] == "Servicio no prestado" and r.json["anulada_por"] == facturador.usuario.id
    assert r.json["fecha_anulacion"]
    guardada = db.session.get(Factura, factura["id"])
    assert guardada.estado == "anulada" and guardada.numero == factura["numero"] and guardada.fecha_anulacion
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "factura_anulada"))
    assert fila.detalle["motivo"] == "Servicio no prestado" and fila.paciente_id == factura["paciente_id"]


def test_a_cancelled_invoice_takes_no_payments_and_cannot_be_cancelled_again(facturador, factura):
    facturador.post(f"{URL}/{factura['id']}/anular", json={"motivo": "Duplicada"})

    pago = pagar(facturador, factura, "10.00")
    otra = facturador.post(f"{URL}/{factura['id']}/anular", json={"motivo": "Otra vez"})

    assert pago.status_code == 409 and pago.json["reason"] == "FACTURA_ANULADA"
    assert otra.status_code == 409 and otra.json["reason"] == "FACTURA_YA_ANULADA"


@pytest.mark.parametrize("cuerpo", [{}, {"motivo": "   "}, {"motivo": "x" * 2001}])
def test_cancelling_needs_a_reason(facturador, factura, cuerpo):
    r = facturador.post(f"{URL}/{factura['id']}/anular", json=cuerpo)
    assert r.status_code == 422 and "motivo" in r.json["errors"]
    assert db.session.get(Factura, factura["id"]).estado == "pendiente"
