"""Faults, with the real server (gunicorn) in subprocesses and every wait bounded:

- a gunicorn worker killed with SIGKILL in the middle of a burst of bookings and invoices leaves no
  partial rows, no double booking and gapless numbering;
- two app processes on one database pass the booking and invoicing races together;
- the database restarting while the app serves: requests fail fast with 503 and the app recovers
  by itself (on a throwaway PostgreSQL cluster of its own, so the other tests are not disturbed).
"""
import functools
import http.client
import os
import signal
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import time as hora

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.carreras import a_la_vez
from tests.cluster import cluster_propio_fixture  # noqa: F401  (fixture)
from tests.factories import proxima_fecha
from tests.servidor import esperar, flask_cli, gunicorn
from tests.sesion import token_de

pytestmark = pytest.mark.committed
# Dozens of invoices queue on one series row: on a loaded CI machine the default lock_timeout (5 s)
# could answer 503 to the last ones; these tests are about integrity, not about that timeout.
SIN_PRISA = {"LOCK_TIMEOUT_MS": 60000}


@pytest.fixture
def clinica(sucursal_factory, especialidad_factory, medico_factory, horario_factory, paciente_factory,
            servicio_factory, usuario_factory, db_session):
    """Committed: one branch, 4 doctors with Monday schedules, 24 patients, 2 services, an Administrador."""
    sucursal = sucursal_factory()
    especialidad = especialidad_factory()
    medicos = [medico_factory(especialidad=especialidad) for _ in range(4)]
    for medico in medicos:
        horario_factory(medico, sucursal, dia_semana=1, hora_inicio=hora(9), hora_fin=hora(13))
    pacientes = [paciente_factory() for _ in range(24)]
    servicios = [servicio_factory(), servicio_factory()]
    token = token_de(usuario_factory(rol="Administrador"))
    db_session.commit()
    return {"sucursal": sucursal.id, "medicos": [m.id for m in medicos], "pacientes": [p.id for p in pacientes],
            "servicios": [s.id for s in servicios], "token": token}


def _reserva(clinica, paciente, medico, hora_inicio, semana=1):
    return {"paciente_id": clinica["pacientes"][paciente], "medico_id": clinica["medicos"][medico],
            "sucursal_id": clinica["sucursal"], "fecha": proxima_fecha(1, semana).isoformat(),
            "hora_inicio": hora_inicio}


def _huecos():
    """The 24 first slots of the 4 doctors on a Monday: (doctor index, HH:MM)."""
    return [(m, f"{9 + k // 2:02d}:{30 * (k % 2):02d}") for m in range(4) for k in range(6)]


def _factura(clinica, i):
    return {"paciente_id": clinica["pacientes"][i % len(clinica["pacientes"])], "sucursal_id": clinica["sucursal"],
            "detalles": [{"servicio_id": s, "cantidad": 1 + i % 3} for s in clinica["servicios"]]}


def _enviar(servidor, token, peticion):
    """POST one request; a connection cut by a killed worker (before or in the middle of its answer) counts as
    ("error", None)."""
    ruta, cuerpo = peticion
    try:
        return servidor.pedir("POST", ruta, cuerpo, token=token, timeout=30)
    except (OSError, http.client.HTTPException):
        return "error", None


def verificar_integridad(database_url):
    """The invariants that must survive any fault: checked in SQL, then with the CLI verifiers."""
    consultas = {
        "facturas sin líneas o con totales que no son la suma de sus líneas": """
            SELECT f.id FROM billing.facturas f LEFT JOIN billing.detalle_factura d ON d.factura_id = f.id
            GROUP BY f.id HAVING count(d.id) = 0 OR f.subtotal <> sum(d.subtotal) OR f.impuesto <> sum(d.impuesto)
                OR f.total <> f.subtotal + f.impuesto""",
        "facturas sin su fila de auditoría": """
            SELECT f.id FROM billing.facturas f WHERE NOT EXISTS (SELECT 1 FROM security.auditoria a
                WHERE a.accion = 'factura_emitida' AND a.entidad_id = f.id)""",
        "series con huecos o contador desfasado": """
            SELECT s.serie FROM billing.series_factura s LEFT JOIN billing.facturas f ON f.serie = s.serie
            GROUP BY s.serie, s.ultimo_numero
            HAVING count(f.id) <> s.ultimo_numero OR coalesce(max(f.numero), 0) <> s.ultimo_numero
                OR count(DISTINCT f.numero) <> count(f.id)""",
        "citas solapadas de un médico o de un paciente": """
            SELECT a.id FROM medical.citas a JOIN medical.citas b ON a.id < b.id AND a.fecha = b.fecha
                AND (a.medico_id = b.medico_id OR a.paciente_id = b.paciente_id)
                AND a.hora_inicio < b.hora_fin AND b.hora_inicio < a.hora_fin
            WHERE a.estado_id NOT IN (5, 7) AND b.estado_id NOT IN (5, 7)""",
        "citas sin su fila de auditoría": """
            SELECT c.id FROM medical.citas c WHERE NOT EXISTS (SELECT 1 FROM security.auditoria a
                WHERE a.entidad = 'cita' AND a.entidad_id = c.id)""",
    }
    with db.engine.connect() as conn:
        for descripcion, sql in consultas.items():
            assert conn.execute(text(sql)).all() == [], descripcion
    for comando in (("audit", "verify", "--sin-sellar"), ("facturas", "verificar")):
        resultado = flask_cli(database_url, *comando)
        assert resultado.returncode == 0, (comando, resultado.stdout, resultado.stderr[-2000:])


def _contar(sql):
    with db.engine.connect() as conn:
        return conn.execute(text(sql)).scalar()


def test_a_worker_killed_in_the_middle_of_a_burst_leaves_no_partial_rows(database_url, clinica, tmp_path):
    # Every slot is asked for twice, by two patients: at most one may win.
    reservas = [("/api/citas", _reserva(clinica, (k + 12 * vez) % 24, medico, inicio))
                for vez in (0, 1) for k, (medico, inicio) in enumerate(_huecos())]
    facturas = [("/api/facturacion/facturas", _factura(clinica, i)) for i in range(48)]
    peticiones = [p for par in zip(reservas, facturas, strict=True) for p in par]
    with gunicorn(database_url, tmp_path / "gunicorn.log", workers=2, **SIN_PRISA) as servidor:
        victima = servidor.workers()[0]
        hechas = []
        matar = threading.Event()

        def enviar(peticion):
            resultado = _enviar(servidor, clinica["token"], peticion)
            hechas.append(resultado)
            if len(hechas) == len(peticiones) // 4:
                matar.set()
            return resultado

        with ThreadPoolExecutor(max_workers=6) as pool:
            futuros = [pool.submit(enviar, p) for p in peticiones]
            assert matar.wait(timeout=120)
            os.kill(victima, signal.SIGKILL)
            resultados = [f.result(timeout=120) for f in futuros]
        esperar(lambda: victima not in servidor.workers(), timeout=30, pausa=0.2)  # reaped and replaced by the master
        # The master replaced the worker: the server keeps answering.
        assert servidor.pedir("POST", "/api/facturacion/facturas", _factura(clinica, 99), token=clinica["token"])[0] == 201
    codigos = [estado for estado, _ in resultados]
    assert set(codigos) <= {201, 409, "error"}, codigos
    creadas = {(ruta, cuerpo["id"]) for (ruta, _), (estado, cuerpo) in zip(peticiones, resultados, strict=True)
               if estado == 201}
    # Every acknowledged write is in the database.
    for ruta, ident in creadas:
        tabla = "medical.citas" if ruta == "/api/citas" else "billing.facturas"
        assert _contar(f"SELECT count(*) FROM {tabla} WHERE id = {int(ident)}") == 1
    assert _contar("SELECT count(*) FROM billing.facturas") >= 1 + sum(1 for r, _ in creadas if r != "/api/citas")
    verificar_integridad(database_url)


def test_two_app_processes_on_one_database_pass_the_booking_and_invoicing_races(database_url, clinica, tmp_path):
    mismo_hueco = [("/api/citas", _reserva(clinica, i, 0, "10:00")) for i in range(12)]
    facturas = [("/api/facturacion/facturas", _factura(clinica, i)) for i in range(24)]
    with gunicorn(database_url, tmp_path / "a.log", workers=2, **SIN_PRISA) as a, \
            gunicorn(database_url, tmp_path / "b.log", workers=2, **SIN_PRISA) as b:
        resultados = a_la_vez([functools.partial(_enviar, (a, b)[i % 2], clinica["token"], p)
                               for i, p in enumerate(mismo_hueco + facturas)], timeout=180)
    reservas, emitidas = resultados[:len(mismo_hueco)], resultados[len(mismo_hueco):]
    assert sorted(estado for estado, _ in reservas) == [201] + [409] * (len(mismo_hueco) - 1)
    assert {cuerpo["reason"] for estado, cuerpo in reservas if estado == 409} <= {"MEDICO_OCUPADO", "PACIENTE_OCUPADO"}
    assert [estado for estado, _ in emitidas] == [201] * len(facturas)
    assert sorted(cuerpo["numero"] for _, cuerpo in emitidas) == list(range(1, len(facturas) + 1))
    verificar_integridad(database_url)


# --- the database restarts ------------------------------------------------------------------------

def test_the_app_answers_503_while_the_database_restarts_and_recovers_by_itself(cluster_propio, tmp_path):
    url = cluster_propio.url()
    for comando in (("db", "upgrade"), ("seed",), ("create-admin", "--email", "admin@fallos.local",
                                                   "--password", "contraseña-de-fallos")):
        resultado = flask_cli(url, *comando)
        assert resultado.returncode == 0, (comando, resultado.stderr[-2000:])
    with gunicorn(url, tmp_path / "gunicorn.log", workers=2) as servidor:
        estado, sesion = servidor.pedir("POST", "/api/auth/login",
                                        {"email": "admin@fallos.local", "password": "contraseña-de-fallos"})
        assert estado == 200
        token = sesion["access_token"]
        for _ in range(4):  # warm both workers' pools: their connections will be stale after the restart
            assert servidor.pedir("GET", "/api/sucursales", token=token)[0] == 200

        cluster_propio.detener("fast")
        for _ in range(4):
            estado, cuerpo = servidor.pedir("GET", "/api/health", timeout=20)
            assert estado == 503 and cuerpo["database"] == "error"
            estado, cuerpo = servidor.pedir("GET", "/api/sucursales", token=token, timeout=20)
            assert estado == 503 and cuerpo["code"] == 503, cuerpo
            estado, cuerpo = servidor.pedir("POST", "/api/sucursales", {"nombre": "Caída", "direccion": "x"},
                                            token=token, timeout=20)
            assert estado == 503, cuerpo

        cluster_propio.arrancar()
        esperar(lambda: servidor.pedir("GET", "/api/health", timeout=20)[0] == 200, timeout=60,
                mensaje="la aplicación no se recuperó", pausa=0.5)
        for _ in range(4):  # every worker, with whatever its pool still held, serves again
            assert servidor.pedir("GET", "/api/sucursales", token=token)[0] == 200
        estado, creada = servidor.pedir("POST", "/api/sucursales", {"nombre": "Tras reinicio", "direccion": "x"},
                                        token=token)
        assert estado == 201 and creada["nombre"] == "Tras reinicio"
    assert "Traceback" not in servidor.log()
