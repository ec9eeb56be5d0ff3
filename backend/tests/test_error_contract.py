"""Every error, of every status, has the JSON shape of API.md."""
import pytest

REQUIRED = {"code", "status", "message"}


def assert_error(r, status):
    assert r.status_code == status, r.data
    assert r.is_json
    assert set(r.json) >= REQUIRED and r.json["code"] == status and r.json["message"]
    assert "Traceback" not in r.get_data(as_text=True)


def test_400_for_a_body_that_is_not_json(as_admin):
    assert_error(as_admin.post("/api/sucursales", data="nombre=x", content_type="text/plain"), 400)
    assert_error(as_admin.post("/api/sucursales", data="{roto", content_type="application/json"), 400)


def test_401_without_token(anonimo):
    assert_error(anonimo.get("/api/sucursales"), 401)


def test_403_for_a_role_without_permission(api_as):
    assert_error(api_as("Médico").get("/api/usuarios"), 403)


def test_404_for_unknown_objects_and_paths(as_admin):
    assert_error(as_admin.get("/api/sucursales/999999"), 404)
    assert_error(as_admin.get("/api/no-existe"), 404)


def test_405_for_a_method_a_resource_does_not_have(as_admin, sucursal_factory):
    r = as_admin.delete(f"/api/sucursales/{sucursal_factory().id}")
    assert_error(r, 405)
    assert "PATCH" in r.headers["Allow"]


def test_409_with_a_reason_for_a_duplicate(as_admin, usuario_factory):
    existente = usuario_factory()
    r = as_admin.post("/api/usuarios", json={"nombre": "A", "apellido": "B", "email": existente.email,
                                             "password": "contraseña-larga", "rol": "Médico"})
    assert_error(r, 409)
    assert r.json["reason"] == "EMAIL_DUPLICADO"


def test_413_for_a_body_over_the_limit(as_admin):
    r = as_admin.post("/api/sucursales", json={"nombre": "x" * (2 * 1024 * 1024), "direccion": "d"})
    assert_error(r, 413)


def test_422_names_each_invalid_field_in_spanish(as_admin):
    r = as_admin.post("/api/usuarios", json={"email": "no-es-correo", "password": "corta", "rol": "Jefe", "extra": 1})
    assert_error(r, 422)
    errors = r.json["errors"]
    assert {"nombre", "apellido", "email", "password", "rol", "extra"} <= set(errors)
    assert errors["nombre"] == ["Este campo es obligatorio."]
    assert errors["extra"] == ["Campo no permitido."]


def test_422_for_pagination_out_of_range(as_admin):
    assert_error(as_admin.get("/api/sucursales?per_page=101"), 422)
    assert_error(as_admin.get("/api/sucursales?page=0"), 422)
    assert_error(as_admin.get("/api/sucursales?page=abc"), 422)


def test_429_is_json_too(client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(10):
        client.post("/api/auth/login", json={"email": usuario.email, "password": "mala-contraseña"})
    assert_error(client.post("/api/auth/login", json={"email": usuario.email, "password": "mala-contraseña"}), 429)


def test_500_is_json_without_internals(database_url):
    from app import create_app
    from app.utils.errors import register_error_handlers

    production_like = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, TESTING=False)
    register_error_handlers(production_like)

    @production_like.route("/api/explota")
    def explota():
        raise RuntimeError("secreto interno")

    r = production_like.test_client().get("/api/explota")
    assert_error(r, 500)
    assert "secreto" not in r.get_data(as_text=True)


@pytest.mark.parametrize("path", ["/api/sucursales", "/api/sucursales/"])
def test_paths_answer_with_and_without_trailing_slash_and_never_redirect(as_admin, path):
    assert as_admin.get(path).status_code == 200
    r = as_admin.post(path, json={"nombre": "Sucursal Sur", "direccion": "Av. Sur 1"})
    assert r.status_code == 201


def test_item_paths_accept_a_trailing_slash(as_admin, sucursal_factory):
    assert as_admin.get(f"/api/sucursales/{sucursal_factory().id}/").status_code == 200


def test_list_answers_use_the_pagination_envelope(as_admin, sucursal_factory):
    for _ in range(3):
        sucursal_factory()
    r = as_admin.get("/api/sucursales?per_page=2&page=2")
    assert set(r.json) == {"items", "total", "page", "per_page", "pages"}
    assert r.json["page"] == 2 and r.json["per_page"] == 2 and r.json["total"] >= 3
    assert r.json["pages"] == -(-r.json["total"] // 2)


def test_the_spec_and_swagger_ui_are_served_without_a_cdn(client):
    spec = client.get("/api/openapi.json")
    assert spec.status_code == 200 and spec.json["openapi"].startswith("3.")
    assert "bearerAuth" in spec.json["components"]["securitySchemes"]
    docs = client.get("/api/docs")
    assert docs.status_code == 200
    html = docs.get_data(as_text=True)
    assert "/api/docs/static/swagger-ui-bundle.js" in html and "cdn" not in html.lower()
    with client.get("/api/docs/static/swagger-ui-bundle.js") as asset:
        assert asset.status_code == 200 and len(asset.data) > 100_000


def test_health_reports_the_database(client):
    assert client.get("/api/health").json == {"status": "ok", "database": "ok"}


@pytest.mark.committed  # uses the app's real session factory, not the test transaction
def test_health_is_503_when_the_database_is_unreachable(database_url):
    from app import create_app

    caida = create_app("testing", SQLALCHEMY_DATABASE_URI="postgresql://nadie:x@127.0.0.1:1/nada")
    r = caida.test_client().get("/api/health")
    assert_error(r, 503)
    assert r.json["database"] == "error"


def test_non_api_paths_answer_the_web_app(client):
    with client.get("/agenda/2026-01-01") as r:
        assert r.status_code == 200 and "text/html" in r.content_type
