"""HTTP hardening owned by the foundation: security headers, runaway queries, CLI setup."""
import pytest
from sqlalchemy import text

from app.extensions import db


def test_every_response_carries_the_security_headers(client, as_admin):
    for r in (client.get("/api/health"), as_admin.get("/api/sucursales"), client.get("/api/nada")):
        assert r.headers["X-Content-Type-Options"] == "nosniff"
        assert r.headers["Referrer-Policy"] == "no-referrer"
        assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"]
        assert "script-src 'self';" in r.headers["Content-Security-Policy"]
        assert r.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in r.headers


def test_hsts_is_sent_over_tls(client):
    r = client.get("/api/health", base_url="https://clinica.example")
    assert r.headers["Strict-Transport-Security"].startswith("max-age=")


@pytest.mark.committed
def test_a_runaway_query_answers_503_instead_of_hanging(database_url):
    from app import create_app

    options = {"connect_args": {"options": "-c statement_timeout=200"}}
    lenta = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, SQLALCHEMY_ENGINE_OPTIONS=options)

    @lenta.route("/api/lenta")
    def consulta_lenta():
        db.session.execute(text("SELECT pg_sleep(5)"))
        return {}

    r = lenta.test_client().get("/api/lenta")
    assert r.status_code == 503 and r.json["code"] == 503
    with lenta.app_context():
        db.engine.dispose()


def test_production_refuses_to_start_without_secrets(monkeypatch):
    from app import create_app

    for name in ("SECRET_KEY", "JWT_SECRET_KEY", "DATA_ENCRYPTION_KEY", "BLIND_INDEX_KEY"):
        monkeypatch.delenv(name, raising=False)
    with pytest.raises(RuntimeError, match="JWT_SECRET_KEY"):
        create_app("production")


def test_seed_and_setup_are_idempotent(app, db_session):
    runner = app.test_cli_runner()
    for _ in range(2):
        assert runner.invoke(args=["seed"]).exit_code == 0
    assert db_session.scalar(text("SELECT count(*) FROM medical.estados_cita")) == 7
    assert db_session.scalar(text("SELECT count(*) FROM security.roles")) == 4
