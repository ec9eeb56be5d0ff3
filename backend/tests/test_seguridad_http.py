"""Security headers on every kind of response: the UI's HTML and assets, the API docs, API answers
and every error (including 413, 500 and 503); the database being unreachable answers 503 at once."""
import uuid

import pytest
from flask_jwt_extended import create_access_token

from app import CSP_APP, CSP_DOCS
from app.extensions import db


def assert_cabeceras(r, csp=CSP_APP):
    assert r.headers["X-Content-Type-Options"] == "nosniff", r.status_code
    assert r.headers["Referrer-Policy"] == "no-referrer"
    assert r.headers["X-Frame-Options"] == "DENY"
    assert r.headers["Content-Security-Policy"] == csp
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp


@pytest.fixture
def ui_compilada(tmp_path, monkeypatch):
    """A stand-in for frontend/dist (the real build is not needed to test the headers)."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text('<!doctype html><script type="module" src="/assets/app.js"></script>')
    (tmp_path / "assets" / "app.js").write_text("console.log('ui')")
    monkeypatch.setattr("app.static_ui.FRONTEND_DIST", tmp_path)
    return tmp_path


def test_the_ui_page_its_routes_and_assets_carry_the_headers(client, ui_compilada):
    for ruta in ("/", "/pacientes/12", "/assets/app.js"):
        with client.get(ruta) as r:
            assert r.status_code == 200, ruta
            assert_cabeceras(r)
            if ruta == "/pacientes/12":
                assert "no-cache" in r.headers["Cache-Control"] and r.mimetype == "text/html"
            if ruta == "/assets/app.js":
                assert r.mimetype == "text/javascript"


def test_the_placeholder_page_without_a_build_carries_the_headers(client, tmp_path, monkeypatch):
    monkeypatch.setattr("app.static_ui.FRONTEND_DIST", tmp_path / "no-existe")
    assert_cabeceras(client.get("/"))


def test_the_api_docs_get_their_own_csp_and_the_spec_the_api_one(client):
    assert_cabeceras(client.get("/api/docs"), CSP_DOCS)
    with client.get("/api/docs/static/swagger-ui-bundle.js") as r:
        assert r.status_code == 200
        assert_cabeceras(r, CSP_DOCS)
    assert_cabeceras(client.get("/api/openapi.json"))


def test_every_error_status_carries_the_headers_and_no_cache(client, as_admin, api_as, sucursal_factory):
    respuestas = {
        400: as_admin.post("/api/sucursales", data="{roto", content_type="application/json"),
        401: client.get("/api/pacientes"),
        403: api_as("Médico").get("/api/usuarios"),
        404: as_admin.get("/api/pacientes/999999"),
        405: as_admin.delete(f"/api/sucursales/{sucursal_factory().id}"),
        413: as_admin.post("/api/sucursales", json={"nombre": "x" * (2 * 1024 * 1024), "direccion": "d"}),
        422: as_admin.get("/api/pacientes?per_page=0"),
    }
    for estado, r in respuestas.items():
        assert r.status_code == estado
        assert_cabeceras(r)
        assert r.headers["Cache-Control"] == "no-store"


def test_the_body_limit_is_the_configured_one(app, as_admin):
    limite = app.config["MAX_CONTENT_LENGTH"]
    assert limite == 1024 * 1024
    justo = as_admin.post("/api/sucursales", json={"nombre": "x" * (limite - 100), "direccion": "d"})
    assert justo.status_code == 422  # read and validated (too long a name), not refused for its size
    assert as_admin.post("/api/sucursales", json={"nombre": "x" * limite, "direccion": "d"}).status_code == 413


def test_an_unexpected_error_is_a_500_with_the_headers_and_no_details(database_url):
    from app import create_app

    produccion = create_app("development", SQLALCHEMY_DATABASE_URI=database_url)

    @produccion.route("/api/roto")
    def roto():
        raise RuntimeError("detalle interno secreto")

    r = produccion.test_client().get("/api/roto")
    assert r.status_code == 500 and r.json["code"] == 500
    assert "secreto" not in r.get_data(as_text=True) and "Traceback" not in r.get_data(as_text=True)
    assert_cabeceras(r)
    with produccion.app_context():
        db.engine.dispose()


class _Usuario:
    id = 1
    version_token = 0

    class rol:
        nombre = "Administrador"


@pytest.mark.committed  # the app must use its own engine, not the test's transaction
def test_an_unreachable_database_answers_503_with_the_headers():
    from app import create_app
    from tests.servidor import puerto_libre

    caida = create_app("testing", SQLALCHEMY_DATABASE_URI=f"postgresql://clinica:x@127.0.0.1:{puerto_libre()}/nada")
    client = caida.test_client()
    with caida.app_context():
        # A well-formed token of a session (claim sid): the server must reach the database to judge it.
        token = create_access_token(identity=_Usuario, additional_claims={"sid": str(uuid.uuid4())})
    for r in (client.get("/api/health"), client.get("/api/pacientes", headers={"Authorization": f"Bearer {token}"})):
        assert r.status_code == 503 and r.json["code"] == 503
        assert_cabeceras(r)
    with caida.app_context():
        db.engine.dispose()
