"""Invoicing done plan items under concurrency: real threads, each with its own client, request, session and
connection, on committed data (marker ``committed``)."""
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import DetalleFactura, Factura, ItemPlan
from tests.facturacion_util import FACTURAS, en_paralelo
from tests.odontologia_util import aceptado, item, realizar
from tests.sesion import token_de

pytestmark = pytest.mark.committed


def test_concurrent_invoices_of_one_done_item_issue_exactly_one(app, dental, usuario_factory):
    plan = aceptado(dental, item(dental["resina"], pieza=36, superficies=["O"]),
                    item(dental["limpieza"]))
    for i in plan["items"]:
        assert realizar(dental["api"], plan["id"], i["id"]).status_code == 200
    token = token_de(usuario_factory(rol="Facturación"))
    db.session.commit()
    ids = [i["id"] for i in plan["items"]]
    # every request bills the first item; half of them also the second
    cuerpos = [{"paciente_id": dental["paciente"].id, "plan_items": ids[:1 + n % 2]} for n in range(6)]

    respuestas = en_paralelo(app, token, [(FACTURAS, cuerpo) for cuerpo in cuerpos])

    estados = sorted(s for s, _ in respuestas)
    assert estados == [201] + [409] * 5, respuestas
    assert {j["reason"] for s, j in respuestas if s == 409} == {"ITEM_YA_FACTURADO"}
    db.session.expire_all()
    emitida = next(j for s, j in respuestas if s == 201)
    assert db.session.scalar(select(func.count()).select_from(Factura)) == 1
    lineas = db.session.scalars(select(DetalleFactura.plan_item_id).where(DetalleFactura.plan_item_id.is_not(None))
                                ).all()
    assert sorted(lineas) == sorted(ids[:len(emitida["detalles"])])
    facturadas = db.session.scalars(select(ItemPlan.factura_id).where(ItemPlan.id.in_(ids))).all()
    assert set(facturadas) - {None} == {emitida["id"]}
    assert Decimal(emitida["total"]) > 0
    # the failed transactions left no gap in the series
    assert emitida["numero_factura"].endswith("-000001")
