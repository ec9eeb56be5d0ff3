"""Keys never travel in statement text: another role that may read every session's query text
(pg_read_all_stats) watches pg_stat_activity and pg_stat_statements while the application reads and writes
encrypted, audited patient data, and never sees the data key, the audit key or the blind-index key."""
import threading
import time
import uuid

import psycopg2
import pytest
from sqlalchemy.engine import make_url

from bench_data.cli import sql_en_servidor

pytestmark = pytest.mark.committed


@pytest.fixture
def observador(database_url):
    """A second login role, neither the owner nor the application's, allowed to read all sessions' query text."""
    nombre, password = f"observador_{uuid.uuid4().hex[:8]}", uuid.uuid4().hex
    sql_en_servidor(database_url, f"CREATE ROLE {nombre} LOGIN PASSWORD '{password}'")
    sql_en_servidor(database_url, f"GRANT pg_read_all_stats TO {nombre}")
    conn = psycopg2.connect(make_url(database_url).set(username=nombre, password=password)
                            .render_as_string(hide_password=False))
    conn.autocommit = True
    yield conn
    conn.close()
    sql_en_servidor(database_url, f"DROP ROLE {nombre}")


def test_no_key_is_visible_in_pg_stat_activity_while_the_app_serves_patients(
        app, as_admin, paciente_factory, observador, db_session):
    pacientes = [paciente_factory(alergias="Penicilina", numero_documento=f"DOC-{i}") for i in range(3)]
    db_session.commit()
    claves = {n: app.config[n] for n in ("DATA_ENCRYPTION_KEY", "AUDIT_HMAC_KEY", "BLIND_INDEX_KEY")}
    fin = threading.Event()
    respuestas = []

    def servir():
        with app.app_context():
            while not fin.is_set():
                for p in pacientes:
                    respuestas.append(as_admin.get(f"/api/pacientes/{p.id}").status_code)
                respuestas.append(as_admin.get("/api/pacientes?q=DOC-1").status_code)
                respuestas.append(as_admin.patch(f"/api/pacientes/{pacientes[0].id}",
                                                 json={"alergias": "Látex"}).status_code)

    hilo = threading.Thread(target=servir)
    hilo.start()
    vistas = set()
    try:
        limite = time.monotonic() + 3
        with observador.cursor() as cur:
            while time.monotonic() < limite:
                cur.execute("SELECT usename, query FROM pg_stat_activity WHERE datname = current_database() "
                            "AND application_name = 'clinica-erp' AND pid <> pg_backend_pid()")
                vistas.update(cur.fetchall())
    finally:
        fin.set()
        hilo.join(timeout=30)
    with observador.cursor() as cur:
        cur.execute("SELECT query FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid "
                    "WHERE d.datname = current_database()")
        estadisticas = [q for (q,) in cur.fetchall()]

    assert respuestas and set(respuestas) <= {200}, set(respuestas)
    textos = [q for _, q in vistas]
    # The observer did see the application's statements, the encrypted reads and the audit writes among them.
    assert {u for u, _ in vistas} == {make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username}
    assert any("pgp_sym_decrypt" in q for q in textos) and any("security.auditoria" in q for q in textos)
    for nombre, clave in claves.items():
        assert not [q for q in textos if clave in q], f"{nombre} visible en pg_stat_activity"
        assert not [q for q in estadisticas if clave in q], f"{nombre} visible en pg_stat_statements"
