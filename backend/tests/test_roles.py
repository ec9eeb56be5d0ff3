"""The role decorators used by every route."""
import re

import pytest

from app.utils.auth import role_required
from app.utils.permisos import ANONIMO, PERMISOS


def test_an_unknown_role_name_is_a_programming_error():
    with pytest.raises(ValueError):
        role_required("Enfermera")


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_only_the_administrador_manages_users(api_as, rol):
    api = api_as(rol)
    assert api.get("/api/usuarios").status_code == 403
    assert api.post("/api/usuarios", json={}).status_code == 403
    assert api.patch(f"/api/usuarios/{api.usuario.id}", json={"rol": "Administrador"}).status_code == 403


@pytest.mark.parametrize("rol", ["Administrador", "Médico", "Recepcionista", "Facturación"])
def test_every_role_reads_the_catalogs(api_as, rol):
    api = api_as(rol)
    for ruta in ("/api/sucursales", "/api/especialidades", "/api/estados-cita"):
        assert api.get(ruta).status_code == 200


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_only_the_administrador_writes_catalogs(api_as, rol, sucursal_factory):
    api = api_as(rol)
    assert api.post("/api/sucursales", json={"nombre": "N", "direccion": "D"}).status_code == 403
    assert api.post("/api/especialidades", json={"nombre": "N"}).status_code == 403
    assert api.patch(f"/api/sucursales/{sucursal_factory().id}", json={"nombre": "Otra"}).status_code == 403


def test_authorisation_is_checked_before_the_body_is_validated(api_as):
    r = api_as("Recepcionista").post("/api/usuarios", json={"campo_raro": 1})
    assert r.status_code == 403


def test_every_api_route_declares_who_may_call_it(app):
    # Public operations are the ones the permission matrix declares public; the API docs are public too.
    documentacion = {"/api/openapi.json", "/api/docs", "/api/docs/static/<path:filename>"}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/") or rule.rule in documentacion:
            continue
        view = app.view_functions[rule.endpoint]
        cls = getattr(view, "view_class", None)
        assert cls is not None, rule.rule
        ruta = re.sub(r"<(?:[a-z]+:)?([a-z_]+)>", r"{\1}", rule.rule)
        for method in cls.methods:
            if ANONIMO in PERMISOS.get((method, ruta), ()):
                continue
            handler = getattr(cls, method.lower())
            assert getattr(handler, "_roles", None), f"{method} {rule.rule} sin @role_required"
