"""No passwords, tokens or patient data in the logs: the real gunicorn access log, the application's own log
of a failed query, and the embedded PostgreSQL server's log."""
import logging
import subprocess
import time
import urllib.parse
import uuid
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy import text

from config import embedded_database_url

from app.extensions import db
from tests.factories import PASSWORD
from tests.servidor import gunicorn

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.committed
def test_the_gunicorn_access_log_has_no_query_strings_tokens_passwords_or_patient_names(
        database_url, tmp_path, usuario_factory, paciente_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    paciente_factory(nombre="Secretina", apellido="Oculta")
    db_session.commit()
    with gunicorn(database_url, tmp_path / "gunicorn.log") as servidor:
        estado, sesion = servidor.pedir("POST", "/api/auth/login", {"email": usuario.email, "password": PASSWORD})
        assert estado == 200
        token = sesion["access_token"]
        assert servidor.pedir("POST", "/api/auth/login", {"email": usuario.email, "password": "clave-equivocada-7"}
                              )[0] == 401
        busqueda = urllib.parse.urlencode({"q": "Secretina Oculta"})
        estado, encontrados = servidor.pedir("GET", f"/api/pacientes?{busqueda}", token=token)
        assert estado == 200 and [p["nombre"] for p in encontrados["items"]] == ["Secretina"]
        assert servidor.pedir("POST", "/api/pacientes", {"nombre": "Secretina", "email": "no-es-correo"},
                              token=token)[0] == 422
        assert servidor.pedir("GET", "/api/auth/me", token=token)[0] == 200
    log = servidor.log()
    accesos = [linea for linea in log.splitlines() if '"GET /api/' in linea or '"POST /api/' in linea]
    assert any('"GET /api/pacientes HTTP/1.1" 200' in linea for linea in accesos), log[-2000:]
    assert any('"POST /api/auth/login HTTP/1.1" 401' in linea for linea in accesos), log[-2000:]
    for secreto in ("?", "Secretina", "Oculta", token, token.split(".")[1], "Bearer", PASSWORD, "clave-equivocada",
                    usuario.email, "no-es-correo"):
        assert secreto not in "\n".join(accesos), secreto
        assert secreto == "?" or secreto not in log, secreto


def test_a_failed_query_is_logged_without_its_parameters(database_url, caplog):
    """SQL parameters carry patient data and the data-encryption key: the engine hides them from errors."""
    from app import create_app

    produccion = create_app("development", SQLALCHEMY_DATABASE_URI=database_url)

    @produccion.route("/api/falla")
    def consulta_que_falla():
        db.session.execute(text("SELECT pgp_sym_decrypt(CAST(:nombre AS bytea), :clave)"),
                           {"nombre": "Secretina Oculta", "clave": produccion.config["DATA_ENCRYPTION_KEY"]})
        return {}

    with caplog.at_level(logging.INFO):
        r = produccion.test_client().get("/api/falla")
    assert r.status_code == 500 and "Secretina" not in r.get_data(as_text=True)
    assert "error no controlado" in caplog.text
    assert "Secretina" not in caplog.text and produccion.config["DATA_ENCRYPTION_KEY"] not in caplog.text
    with produccion.app_context():
        db.engine.dispose()


def test_the_embedded_server_logs_an_error_without_its_statement_or_key_values():
    """A failed statement's text and an error's DETAIL carry literals (patient data, the data key): the embedded
    server's log keeps the error and neither of them (scripts/localpg.sh writes those settings)."""
    subprocess.run([str(ROOT / "scripts" / "localpg.sh"), "start"], check=True, capture_output=True)
    marca, secreto = uuid.uuid4().hex[:12], f"secreto-{uuid.uuid4().hex}"
    conn = psycopg2.connect(embedded_database_url("postgres"))
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(f"CREATE TEMP TABLE registro (valor text CONSTRAINT uq_{marca} UNIQUE)")
            cur.execute("INSERT INTO registro VALUES (%s)", (secreto,))
            with pytest.raises(psycopg2.errors.UniqueViolation):
                cur.execute("INSERT INTO registro VALUES (%s)", (secreto,))
            cur.execute("SHOW data_directory")
            log = Path(cur.fetchone()[0]).parent / "server.log"
    finally:
        conn.close()
    texto = ""
    for _ in range(50):  # the server writes its log through a pipe: give it a moment
        texto = log.read_text(errors="replace")
        if f"uq_{marca}" in texto:
            break
        time.sleep(0.1)
    assert f'duplicate key value violates unique constraint "uq_{marca}"' in texto
    assert secreto not in texto
