"""The service catalog."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, Servicio

URL = "/api/facturacion/servicios"


@pytest.fixture
def facturador(api_as):
    return api_as("Facturación")


def test_billing_creates_a_service_with_money_as_strings(facturador):
    r = facturador.post(URL, json={"nombre": " Consulta general ", "descripcion": "Primera vez",
                                   "precio": "500", "impuesto_porcentaje": "16"})

    assert r.status_code == 201, r.json
    assert r.json == {"id": r.json["id"], "nombre": "Consulta general", "descripcion": "Primera vez",
                      "precio": "500.00", "impuesto_porcentaje": "16.00", "activo": True,
                      "condicion_resultante": None}
    guardado = db.session.get(Servicio, r.json["id"])
    assert guardado.precio == Decimal("500.00") and guardado.impuesto_porcentaje == Decimal("16.00")
    assert db.session.scalar(select(Auditoria).where(Auditoria.accion == "servicio_creado")).entidad_id == guardado.id


def test_the_tax_rate_defaults_to_zero(facturador):
    r = facturador.post(URL, json={"nombre": "Certificado", "precio": "100.00"})
    assert r.status_code == 201 and r.json["impuesto_porcentaje"] == "0.00"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"nombre": "X", "precio": "-1.00"}, "precio"),
    ({"nombre": "X", "precio": "10.005"}, "precio"),
    ({"nombre": "X", "precio": "100000000.00"}, "precio"),
    ({"nombre": "X", "precio": "NaN"}, "precio"),
    ({"nombre": "X", "precio": "diez"}, "precio"),
    ({"nombre": "X", "precio": "10", "impuesto_porcentaje": "100.01"}, "impuesto_porcentaje"),
    ({"nombre": "X", "precio": "10", "impuesto_porcentaje": "-1"}, "impuesto_porcentaje"),
    ({"nombre": "X", "precio": "10", "impuesto_porcentaje": "16.125"}, "impuesto_porcentaje"),
    ({"nombre": "", "precio": "10"}, "nombre"),
    ({"precio": "10"}, "nombre"),
    ({"nombre": "X"}, "precio"),
    ({"nombre": "X", "precio": "10", "id": 5}, "id"),
])
def test_invalid_services_are_refused_with_spanish_messages(facturador, cuerpo, campo):
    r = facturador.post(URL, json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"], r.json
    assert db.session.scalar(select(db.func.count()).select_from(Servicio)) == 0


def test_two_decimals_with_trailing_zeros_are_fine(facturador):
    r = facturador.post(URL, json={"nombre": "X", "precio": "10.500", "impuesto_porcentaje": "100"})
    assert r.status_code == 201 and r.json["precio"] == "10.50" and r.json["impuesto_porcentaje"] == "100.00"


def test_a_service_is_edited_and_deactivated(facturador, servicio_factory):
    servicio = servicio_factory(precio=Decimal("100.00"))

    r = facturador.patch(f"{URL}/{servicio.id}", json={"precio": "120.50", "activo": False})

    assert r.status_code == 200 and r.json["precio"] == "120.50" and r.json["activo"] is False
    assert db.session.get(Servicio, servicio.id).activo is False
    assert facturador.get(URL, query_string={"activo": "false"}).json["total"] == 1
    assert facturador.get(URL, query_string={"activo": "true"}).json["total"] == 0


def test_any_role_reads_the_catalog_but_only_billing_and_admin_write_it(api_as, servicio_factory):
    servicio = servicio_factory(nombre="Radiografía de tórax")
    recepcion = api_as("Recepcionista")

    lista = recepcion.get(URL, query_string={"q": "tórax"})
    assert lista.status_code == 200 and [s["id"] for s in lista.json["items"]] == [servicio.id]
    assert recepcion.get(f"{URL}/{servicio.id}").status_code == 200
    assert recepcion.post(URL, json={"nombre": "X", "precio": "1"}).status_code == 403
    assert recepcion.patch(f"{URL}/{servicio.id}", json={"precio": "1"}).status_code == 403
    assert api_as("Administrador").patch(f"{URL}/{servicio.id}", json={"precio": "1"}).status_code == 200


def test_an_unknown_service_is_404(facturador):
    assert facturador.get(f"{URL}/424242").status_code == 404
    assert facturador.patch(f"{URL}/424242", json={"precio": "1"}).status_code == 404


def test_money_sent_as_a_json_number_is_refused_with_a_spanish_message(facturador):
    r = facturador.post(URL, json={"nombre": "Consulta", "precio": 500.5, "impuesto_porcentaje": "16"})
    assert r.status_code == 422
    assert r.json["errors"]["precio"] == ['Debe ser un importe en texto, p. ej. "1160.00".']
