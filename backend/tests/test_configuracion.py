"""GET/PATCH /api/configuracion: the clinic's settings (one row)."""
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import Auditoria, ConfiguracionClinica


@pytest.mark.parametrize("rol", ["Administrador", "Médico", "Recepcionista", "Facturación"])
def test_every_role_reads_the_clinic_settings(api_as, rol):
    r = api_as(rol).get("/api/configuracion")
    assert r.status_code == 200
    assert set(r.json) >= {"nombre", "moneda", "impuesto_porcentaje", "modo_series"}
    assert r.json["impuesto_porcentaje"] == "16.00"


def test_anonymous_cannot_read_the_settings(anonimo):
    assert anonimo.get("/api/configuracion").status_code == 401


def test_the_administrador_changes_name_currency_and_default_tax(as_admin):
    r = as_admin.patch("/api/configuracion", json={"nombre": "Clínica Norte", "moneda": "PEN",
                                                   "impuesto_porcentaje": "18.00"})
    assert r.status_code == 200, r.json
    assert r.json["nombre"] == "Clínica Norte" and r.json["moneda"] == "PEN"
    assert r.json["impuesto_porcentaje"] == "18.00"
    db.session.expire_all()
    config = db.session.get(ConfiguracionClinica, 1)
    assert (config.nombre, config.moneda, config.impuesto_porcentaje) == ("Clínica Norte", "PEN", Decimal("18.00"))
    fila = db.session.query(Auditoria).filter_by(accion="configuracion_modificada").one()
    assert fila.detalle["campos"] == ["impuesto_porcentaje", "moneda", "nombre"]


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_other_roles_cannot_change_the_settings(api_as, rol):
    r = api_as(rol).patch("/api/configuracion", json={"nombre": "Otra"})
    assert r.status_code == 403
    assert db.session.get(ConfiguracionClinica, 1).nombre != "Otra"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"impuesto_porcentaje": "100.01"}, "impuesto_porcentaje"),
    ({"impuesto_porcentaje": 16}, "impuesto_porcentaje"),
    ({"moneda": "pesos"}, "moneda"),
    ({"nombre": "  "}, "nombre"),
    ({"modo_series": "otra"}, "modo_series"),
    ({"id": 2}, "id"),
])
def test_invalid_settings_are_refused_with_the_field(as_admin, cuerpo, campo):
    r = as_admin.patch("/api/configuracion", json=cuerpo)
    assert r.status_code == 422
    assert campo in r.json["errors"]


def test_the_settings_route_is_in_the_openapi_spec(client):
    assert "/api/configuracion" in client.get("/api/openapi.json").json["paths"]
