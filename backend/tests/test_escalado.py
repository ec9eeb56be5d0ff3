"""Scale-out (docs/escalado.md), on the topology of scripts/cluster.sh: a primary, an asynchronous streaming standby
and a PgBouncer in transaction mode in front of each. Every app process of this module reaches the primary through
PgBouncer (DATABASE_POOLER=transaccion) and reads reports, exports and the audit list from the standby.

- routing: replica views read from the standby, everything else from the primary;
- read-your-writes: a user who just wrote reads from the primary, from another app process too, until the
  standby has replayed the write;
- a lagging standby (replay paused) and a dead one are skipped, and /api/health says so;
- PgBouncer's transaction mode: logins, bookings and invoices work, and no session state is left on the server
  connections that clients share.
"""
import json
import os
import subprocess
import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.servidor import BACKEND, FLASK, esperar
from tests.topologia import en_marcha, pedir

ADMIN = {"email": "admin@escalado.local", "password": "contraseña-de-escalado"}
HOY = date.today()
PERIODO = f"desde={(HOY - timedelta(days=365)).isoformat()}&hasta={HOY.isoformat()}"


@pytest.fixture(scope="module")
def topologia():
    with en_marcha(sincrona=False, admin=ADMIN) as topo:
        yield topo


@pytest.fixture(scope="module")
def servidores(topologia, tmp_path_factory):
    """Two app processes (as on two hosts) that count a lagging standby as usable, so that read-your-writes is
    what sends a reader to the primary; and a third with REPLICA_MAX_LAG_S=1."""
    directorio = tmp_path_factory.mktemp("escalado")
    with topologia.gunicorn(directorio / "a.log", workers=1, REPLICA_MAX_LAG_S=3600) as a, \
            topologia.gunicorn(directorio / "b.log", workers=1, REPLICA_MAX_LAG_S=3600) as b, \
            topologia.gunicorn(directorio / "c.log", workers=1, REPLICA_MAX_LAG_S=1) as c:
        estado, sesion, _ = pedir(f"{a.url}/api/auth/login", "POST", ADMIN)
        assert estado == 200, sesion
        yield {"a": a, "b": b, "c": c, "token": sesion["access_token"]}
    for servidor in (a, b, c):
        assert "Traceback" not in servidor.log()


def _leer(servidor, token, ruta, lsn=None):
    """(status, body, where the read was served) of a GET."""
    estado, cuerpo, cabeceras = pedir(servidor.url + ruta, token=token,
                                      cabeceras={"X-Clinica-LSN": lsn} if lsn else None)
    return estado, cuerpo, cabeceras.get("X-Clinica-Lectura")


def _salud(servidor):
    return pedir(f"{servidor.url}/api/health")[1]


@pytest.fixture
def replica_al_dia(topologia, servidores):
    """Each test starts and ends with the standby up and replaying."""
    yield
    topologia.script("standby-start")
    topologia.script("replay-resume")
    for servidor in (servidores["a"], servidores["b"], servidores["c"]):
        esperar(lambda s=servidor: _salud(s).get("replica") == "ok", timeout=60, mensaje="la réplica no volvió")


def test_reports_exports_and_the_audit_list_read_from_the_replica_and_the_rest_from_the_primary(
        servidores, replica_al_dia):
    a, token = servidores["a"], servidores["token"]
    for ruta in (f"/api/reportes/resumen?{PERIODO}", f"/api/reportes/ingresos?{PERIODO}&formato=csv",
                 "/api/auditoria?per_page=5"):
        estado, _, origen = _leer(a, token, ruta)
        assert (estado, origen) == (200, "replica"), ruta
    estado, _, origen = _leer(a, token, "/api/sucursales")
    assert estado == 200 and origen is None  # not a replica view: the primary, no routing at all
    estado, creada, cabeceras = pedir(f"{a.url}/api/sucursales", "POST", {"nombre": "Norte", "direccion": "x"},
                                      token=token)
    assert estado == 201 and cabeceras.get("X-Clinica-LSN") and "clinica_lsn=" in cabeceras.get("Set-Cookie", "")
    salud = _salud(a)
    assert (salud["status"], salud["database"], salud["replica"]) == ("ok", "ok", "ok")
    assert 0 <= salud["lag_s"] < 1  # just written: the standby may still be replaying it on a busy machine


def test_a_user_reads_their_own_write_from_another_app_process_while_the_replica_has_not_replayed_it(
        topologia, servidores, replica_al_dia):
    a, b, token = servidores["a"], servidores["b"], servidores["token"]
    topologia.script("replay-pause")
    _, en_replica, _ = _leer(b, token, "/api/auditoria?per_page=1")
    estado, paciente, cabeceras = pedir(f"{a.url}/api/pacientes", "POST", {
        "nombre": "Lectura", "apellido": "Propia", "fecha_nacimiento": "1980-01-02"}, token=token)
    assert estado == 201, paciente
    lsn = cabeceras["X-Clinica-LSN"]

    # Another process, without the write's position: the standby, which has not replayed it.
    estado, sin_marca, origen = _leer(b, token, "/api/auditoria?per_page=1")
    assert (estado, origen) == (200, "replica") and sin_marca["total"] == en_replica["total"]
    # With it (the cookie or the header the write answered): the primary, which has it.
    estado, con_marca, origen = _leer(b, token, "/api/auditoria?per_page=1", lsn=lsn)
    assert (estado, origen) == (200, "primaria") and con_marca["total"] > en_replica["total"]
    assert any(fila["paciente_id"] == paciente["id"] for fila in
               _leer(b, token, "/api/auditoria?per_page=50", lsn=lsn)[1]["items"])

    topologia.script("replay-resume")
    esperar(lambda: _leer(b, token, "/api/auditoria?per_page=1", lsn=lsn)[2] == "replica", timeout=60,
            mensaje="la réplica no alcanzó la escritura")
    assert _leer(b, token, "/api/auditoria?per_page=1", lsn=lsn)[1]["total"] >= con_marca["total"]


def test_a_replica_lagging_beyond_the_limit_is_skipped_and_health_says_atrasada(topologia, servidores,
                                                                                replica_al_dia):
    c, token = servidores["c"], servidores["token"]
    assert _leer(c, token, f"/api/reportes/resumen?{PERIODO}")[2] == "replica"
    topologia.script("replay-pause")
    assert pedir(f"{c.url}/api/sucursales", "POST", {"nombre": "Sur", "direccion": "x"}, token=token)[0] == 201
    esperar(lambda: _salud(c).get("replica") == "atrasada", timeout=60, mensaje="la réplica no figura atrasada")
    salud = _salud(c)
    assert salud["status"] == "ok" and salud["lag_s"] > 1
    estado, _, origen = _leer(c, token, f"/api/reportes/resumen?{PERIODO}")
    assert (estado, origen) == (200, "primaria")

    topologia.script("replay-resume")
    esperar(lambda: _salud(c).get("replica") == "ok", timeout=60, mensaje="la réplica no se puso al día")
    esperar(lambda: _leer(c, token, f"/api/reportes/resumen?{PERIODO}")[2] == "replica", timeout=10)


def test_a_dead_replica_is_skipped_without_an_error_and_health_says_caida(topologia, servidores, replica_al_dia):
    a, token = servidores["a"], servidores["token"]
    assert _leer(a, token, f"/api/reportes/resumen?{PERIODO}")[2] == "replica"  # its connections are pooled
    topologia.script("standby-stop")
    for _ in range(3):
        estado, _, origen = _leer(a, token, f"/api/reportes/resumen?{PERIODO}")
        assert (estado, origen) == (200, "primaria")
    assert _salud(a) == {"status": "ok", "database": "ok", "replica": "caida", "lag_s": None}

    topologia.script("standby-start")
    esperar(lambda: _salud(a).get("replica") == "ok", timeout=60, mensaje="la réplica no volvió")
    esperar(lambda: _leer(a, token, f"/api/reportes/resumen?{PERIODO}")[2] == "replica", timeout=10)


def test_the_whole_clinic_export_reads_from_the_replica_and_audits_on_the_primary(topologia, servidores,
                                                                                  replica_al_dia, tmp_path):
    a, token = servidores["a"], servidores["token"]
    topologia.script("replay-pause")
    estado, paciente, _ = pedir(f"{a.url}/api/pacientes", "POST", {
        "nombre": "Solo", "apellido": "En el primario", "fecha_nacimiento": "1975-03-04"}, token=token)
    assert estado == 201
    dueno = topologia.urls["DATABASE_OWNER_URL"]
    resultado = subprocess.run(
        [str(FLASK), "exportar", "--directorio", str(tmp_path / "fhir")], cwd=BACKEND, capture_output=True, text=True,
        timeout=120, env={**os.environ, "FLASK_APP": "run.py", "FLASK_CONFIG": "development", "DATABASE_URL": dueno,
                          "DATABASE_OWNER_URL": dueno, "DATABASE_REPLICA_URL": topologia.urls["DATABASE_REPLICA_URL"],
                          "REPLICA_MAX_LAG_S": "3600"})
    assert resultado.returncode == 0, resultado.stderr[-2000:]
    assert "Leyendo de la réplica" in resultado.stdout
    exportados = {json.loads(linea)["id"] for linea in (tmp_path / "fhir" / "Patient.ndjson").read_text().splitlines()}
    assert exportados and str(paciente["id"]) not in exportados  # the standby had not replayed it
    assert topologia.sql("SELECT count(*) FROM security.auditoria WHERE accion = 'clinica_exportada_fhir'") == [(1,)]


# --- PgBouncer in transaction mode --------------------------------------------------------------------------------

def _lunes():
    return (HOY + timedelta(days=7 + (1 - HOY.isoweekday()) % 7)).isoformat()


def test_behind_pgbouncer_logins_bookings_and_invoices_work_and_no_session_state_is_left_behind(
        topologia, servidores):
    a, b, token = servidores["a"], servidores["b"], servidores["token"]

    # Logins at once from both processes: the hash slots are advisory locks (transaction-level: no lock may stay
    # on a server connection that PgBouncer hands to another client).
    estados = []
    hilos = [threading.Thread(target=lambda s=s: estados.append(pedir(f"{s.url}/api/auth/login", "POST", ADMIN)[0]))
             for s in (a, b) * 4]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    assert estados == [200] * 8

    def crear(servidor, ruta, cuerpo):
        estado, creado, _ = pedir(servidor.url + ruta, "POST", cuerpo, token=token)
        assert estado == 201, (ruta, creado)
        return creado["id"]

    sucursal = crear(a, "/api/sucursales", {"nombre": "Centro", "direccion": "Calle 1"})
    especialidad = crear(a, "/api/especialidades", {"nombre": "Medicina general"})
    medico = crear(b, "/api/medicos", {"nombre": "Ana", "apellido": "Ruiz", "especialidad_id": especialidad})
    crear(a, f"/api/medicos/{medico}/horarios", {"sucursal_id": sucursal, "dia_semana": 1, "hora_inicio": "09:00",
                                                 "hora_fin": "13:00"})
    # The data key travels with each transaction (SET LOCAL): what one process encrypts, the other decrypts.
    paciente = crear(a, "/api/pacientes", {"nombre": "Pablo", "apellido": "Gómez", "fecha_nacimiento": "1990-05-06",
                                          "alergias": "Penicilina"})
    estado, leido, _ = pedir(f"{b.url}/api/pacientes/{paciente}", token=token)
    assert estado == 200 and leido["alergias"] == "Penicilina"

    cita = {"paciente_id": paciente, "medico_id": medico, "sucursal_id": sucursal, "fecha": _lunes(),
            "hora_inicio": "09:00"}
    respuestas = []
    hilos = [threading.Thread(target=lambda s=s: respuestas.append(pedir(f"{s.url}/api/citas", "POST", cita,
                                                                       token=token)[0])) for s in (a, b, a, b)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    assert sorted(respuestas) == [201, 409, 409, 409]

    servicio = crear(a, "/api/facturacion/servicios", {"nombre": "Consulta", "precio": "500.00"})
    numeros = []

    def facturar(servidor):
        estado, factura, _ = pedir(f"{servidor.url}/api/facturacion/facturas", "POST", {
            "paciente_id": paciente, "sucursal_id": sucursal, "detalles": [{"servicio_id": servicio, "cantidad": 1}]},
            token=token)
        numeros.append((estado, factura.get("numero")))

    hilos = [threading.Thread(target=facturar, args=(s,)) for s in (a, b) * 3]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=60)
    assert sorted(numeros) == [(201, n) for n in range(1, 7)]

    # The few server connections of PgBouncer served every one of those transactions: none keeps a setting, a
    # lock or the data key of any of them.
    bouncer = topologia.urls["DATABASE_REPLICA_URL"].rsplit(":", 1)[0] + ":" + str(
        int(topologia.entorno["CLUSTER_PORT_BASE"]) + 2) + "/clinica_erp"
    motor = create_engine(bouncer, poolclass=NullPool)
    abiertas = [motor.connect() for _ in range(3)]  # three open transactions hold all 3 of its server connections
    try:
        for conexion in abiertas:
            assert conexion.execute(text("SELECT current_setting('statement_timeout'), coalesce("
                                         "current_setting('clinica.clave_datos', true), '')")).all() == [("0", "")]
    finally:
        for conexion in abiertas:
            conexion.close()
        motor.dispose()
    assert topologia.sql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'") == [(0,)]
    assert topologia.sql("SELECT count(*) FROM pg_stat_activity WHERE usename = 'clinica_app' "
                         "AND state = 'idle in transaction'") == [(0,)]
