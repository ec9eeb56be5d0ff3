"""Connection resilience without a ping before each checkout (app/utils/conexiones.py): a request whose pooled
connection was dropped by a database restart is run once more on a new connection, and while the database is
down every request answers 503 with Retry-After — never a 500. On a throwaway cluster of the test's own
(tests/cluster.py), so the shared one is never restarted."""
import threading

import pytest

from app.utils.conexiones import _ajustes, es_lectura, lsn_a_entero
from tests.cluster import cluster_propio_fixture  # noqa: F401  (fixture)
from tests.servidor import esperar, flask_cli, gunicorn
from tests.topologia import pedir

pytestmark = pytest.mark.committed


def test_the_settings_of_the_start_up_options_become_the_per_transaction_settings_behind_pgbouncer():
    assert _ajustes(r"-c statement_timeout=10000 -c jit=off -c clinica.clave_datos=a\ b\\c") == {
        "statement_timeout": "10000", "jit": "off", "clinica.clave_datos": "a b\\c"}


def test_only_plain_reads_are_sent_to_the_replica():
    from sqlalchemy import select, text

    from app.models import Paciente

    assert es_lectura(select(Paciente.id))
    assert es_lectura(text("SELECT count(*) FROM medical.citas"))
    assert not es_lectura(select(Paciente.id).with_for_update())
    assert not es_lectura(text("SELECT nextval('security.auditoria_id_seq')"))
    assert not es_lectura(text("SELECT pg_advisory_xact_lock(1)"))
    assert not es_lectura(text("WITH x AS (DELETE FROM medical.citas RETURNING id) SELECT * FROM x"))
    assert not es_lectura(text("UPDATE medical.citas SET notas = NULL"))
    assert lsn_a_entero("16/B374D848") == (0x16 << 32) | 0xB374D848
    assert lsn_a_entero("basura") is None


def test_a_restart_between_two_requests_costs_no_error_and_requests_during_it_answer_503_with_retry_after(
        cluster_propio, tmp_path):
    url = cluster_propio.url()
    for comando in (("db", "upgrade"), ("seed",), ("create-admin", "--email", "admin@conexiones.local",
                                                   "--password", "contraseña-de-conexiones")):
        resultado = flask_cli(url, *comando)
        assert resultado.returncode == 0, (comando, resultado.stderr[-2000:])
    with gunicorn(url, tmp_path / "gunicorn.log", workers=2) as servidor:
        base = servidor.url
        estado, sesion, _ = pedir(f"{base}/api/auth/login", "POST",
                                  {"email": "admin@conexiones.local", "password": "contraseña-de-conexiones"})
        assert estado == 200
        token = sesion["access_token"]
        for _ in range(6):  # every worker's pool holds connections that the restart will drop
            assert pedir(f"{base}/api/sucursales", token=token)[0] == 200

        # A restart while nobody asks: the next requests meet dropped connections first and are served anyway.
        cluster_propio.detener("fast")
        cluster_propio.arrancar()
        for _ in range(6):
            estado, cuerpo, _ = pedir(f"{base}/api/sucursales", token=token)
            assert estado == 200, cuerpo

        # A restart under load: only 200 or 503 with Retry-After, then 200 again.
        respuestas, parar = [], threading.Event()

        def cargar():
            while not parar.is_set():
                estado, cuerpo, cabeceras = pedir(f"{base}/api/sucursales", token=token)
                respuestas.append((estado, cabeceras.get("Retry-After"), cuerpo))

        hilos = [threading.Thread(target=cargar) for _ in range(3)]
        for hilo in hilos:
            hilo.start()
        try:
            esperar(lambda: len(respuestas) >= 10, timeout=60, mensaje="la carga no empezó")
            cluster_propio.detener("fast")
            esperar(lambda: any(r[0] == 503 for r in respuestas), timeout=60, mensaje="ninguna respuesta 503")
            cluster_propio.arrancar()
            antes = len(respuestas)
            esperar(lambda: len(respuestas) > antes + 10 and all(r[0] == 200 for r in respuestas[-5:]), timeout=60,
                    mensaje="la aplicación no se recuperó")
        finally:
            parar.set()
            for hilo in hilos:
                hilo.join(timeout=60)
        assert {estado for estado, _, _ in respuestas} == {200, 503}
        assert all(espera == "2" and cuerpo["code"] == 503 for estado, espera, cuerpo in respuestas if estado == 503)
        estado, cuerpo, cabeceras = pedir(f"{base}/api/health")
        assert estado == 200 and cuerpo == {"status": "ok", "database": "ok"}
    assert "Traceback" not in servidor.log()
    assert "se repite la petición" in servidor.log()
