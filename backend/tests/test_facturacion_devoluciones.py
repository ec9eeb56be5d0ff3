"""Refunds: negative payments, never more than what was paid less earlier refunds; the invoice's balance and state
follow them. Concurrent refunds: test_rectificativas_caja_concurrencia.py; refunds in the cash register:
test_caja.py."""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Pago
from tests.facturacion_util import FACTURAS, auditorias, devolver, emitir, pagar, ver


@pytest.fixture
def e(api_as, sucursal_factory, paciente_factory, servicio_factory):
    """A billing clerk and an invoice of 116.00 (100.00 + 16 %) at a branch without cash register open."""
    api = api_as("Facturación")
    sucursal, paciente = sucursal_factory(), paciente_factory()
    servicio = servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00"))
    return SimpleNamespace(api=api, sucursal=sucursal, paciente=paciente, servicio=servicio,
                           factura=emitir(api, paciente, [(servicio, 1)], sucursal))


def _pagos(factura_id):
    return db.session.scalars(select(Pago.monto).where(Pago.factura_id == factura_id).order_by(Pago.id)).all()


def test_a_refund_is_a_negative_payment_and_reopens_the_balance(e):
    fid = e.factura["id"]
    pagar(e.api, fid, "116.00", "tarjeta")

    r = devolver(e.api, fid, "16.00", "tarjeta")

    assert r.status_code == 201, r.json
    assert (r.json["factura_id"], r.json["monto"], r.json["metodo"], r.json["saldo"], r.json["estado"]) == (
        fid, "-16.00", "tarjeta", "16.00", "pendiente")
    assert r.json["usuario_id"] == e.api.usuario.id and r.json["fecha"] and r.json["sesion_caja_id"] is None
    vista = ver(e.api, fid)
    assert (vista["pagado"], vista["devuelto"], vista["saldo"], vista["estado"]) == (
        "100.00", "16.00", "16.00", "pendiente")
    assert [(p["monto"], p["metodo"]) for p in vista["pagos"]] == [("116.00", "tarjeta"), ("-16.00", "tarjeta")]
    assert _pagos(fid) == [Decimal("116.00"), Decimal("-16.00")]
    # What was given back can be paid again.
    assert pagar(e.api, fid, "16.00").json["estado"] == "pagada"


def test_refunds_never_exceed_what_was_paid_less_earlier_refunds(e):
    fid = e.factura["id"]
    pagar(e.api, fid, "60.00")
    pagar(e.api, fid, "40.00", "transferencia")
    assert devolver(e.api, fid, "30.00").status_code == 201

    excede = devolver(e.api, fid, "70.01")

    assert excede.status_code == 409 and excede.json["reason"] == "DEVOLUCION_EXCEDE_PAGADO"
    assert excede.json["pagado"] == "70.00" and "70.00" in excede.json["message"]
    assert devolver(e.api, fid, "70.00").status_code == 201  # exactly the rest
    otra = devolver(e.api, fid, "0.01")
    assert otra.status_code == 409 and otra.json["reason"] == "DEVOLUCION_EXCEDE_PAGADO" and otra.json["pagado"] == "0.00"
    vista = ver(e.api, fid)
    assert (vista["pagado"], vista["devuelto"], vista["saldo"], vista["estado"]) == (
        "0.00", "100.00", "116.00", "pendiente")


def test_nothing_can_be_refunded_of_an_unpaid_invoice(e):
    r = devolver(e.api, e.factura["id"], "1.00")
    assert r.status_code == 409 and r.json["reason"] == "DEVOLUCION_EXCEDE_PAGADO"
    assert _pagos(e.factura["id"]) == []


def test_the_money_of_a_cancelled_invoice_goes_back_by_refund_and_it_stays_cancelled(e):
    fid = e.factura["id"]
    pagar(e.api, fid, "50.00")
    assert e.api.post(f"{FACTURAS}/{fid}/anular", json={"motivo": "Servicio no prestado"}).status_code == 200

    r = devolver(e.api, fid, "50.00")

    assert r.status_code == 201, r.json
    assert r.json["estado"] == "anulada"
    vista = ver(e.api, fid)
    assert (vista["estado"], vista["pagado"], vista["devuelto"]) == ("anulada", "0.00", "50.00")
    assert vista["saldo"] == "0.00"  # a cancelled invoice owes nothing: only what was paid went back
    assert devolver(e.api, fid, "0.01").json["reason"] == "DEVOLUCION_EXCEDE_PAGADO"


def test_a_refund_keeps_a_paid_invoice_paid_while_a_credit_note_covers_it(e):
    fid = e.factura["id"]
    pagar(e.api, fid, "116.00")
    e.api.post(f"{FACTURAS}/{fid}/rectificar", json={"motivo": "No se prestó el servicio"})
    assert ver(e.api, fid)["saldo"] == "-116.00"

    parcial = devolver(e.api, fid, "100.00")
    total = devolver(e.api, fid, "16.00")

    assert (parcial.json["saldo"], parcial.json["estado"]) == ("-16.00", "pagada")
    assert (total.json["saldo"], total.json["estado"]) == ("0.00", "pagada")


@pytest.mark.parametrize("cuerpo, campo", [
    ({"monto": "0.00", "metodo": "efectivo"}, "monto"),
    ({"monto": "-5.00", "metodo": "efectivo"}, "monto"),
    ({"monto": "1.001", "metodo": "efectivo"}, "monto"),
    ({"monto": "5.00", "metodo": "vale"}, "metodo"),
    ({"metodo": "efectivo"}, "monto"),
    ({"monto": "5.00"}, "metodo"),
    ({"monto": "5.00", "metodo": "efectivo", "sesion_caja_id": 1}, "sesion_caja_id"),
])
def test_an_invalid_refund_is_422(e, cuerpo, campo):
    pagar(e.api, e.factura["id"], "116.00")
    r = e.api.post(f"{FACTURAS}/{e.factura['id']}/devoluciones", json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"], r.json
    assert _pagos(e.factura["id"]) == [Decimal("116.00")]


def test_a_refund_is_audited_with_the_patient(e):
    pagar(e.api, e.factura["id"], "116.00")
    devolucion = devolver(e.api, e.factura["id"], "16.00", "transferencia").json

    [fila] = auditorias("devolucion_registrada")

    assert (fila.entidad, fila.entidad_id, fila.paciente_id, fila.usuario_id) == (
        "factura", e.factura["id"], e.paciente.id, e.api.usuario.id)
    assert fila.detalle == {"pago_id": devolucion["id"], "monto": "-16.00", "metodo": "transferencia"}


def test_only_billing_roles_in_scope_may_refund(e, api_as, sucursal_factory):
    pagar(e.api, e.factura["id"], "116.00")
    otra = sucursal_factory()
    ligado = api_as("Facturación", sucursal=otra)
    recepcion = api_as("Recepcionista")
    db.session.commit()

    fuera = devolver(ligado, e.factura["id"], "1.00")
    prohibida = devolver(recepcion, e.factura["id"], "1.00")

    assert fuera.status_code == 404 and e.factura["numero_factura"] not in fuera.get_data(as_text=True)
    assert prohibida.status_code == 403
    assert db.session.scalar(select(func.count()).select_from(Pago).where(Pago.monto < 0)) == 0
    propia = api_as("Facturación", sucursal=e.sucursal)
    assert devolver(propia, e.factura["id"], "1.00").status_code == 201
