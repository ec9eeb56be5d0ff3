"""Heavy requests take turns, so a few people downloading reports cannot take every core from the front desk.

A heavy request — a download: a report as CSV, a PDF, a CSV file — runs only while it holds one of
EXPORTACIONES_POR_HOST turns shared by every worker process of the host: an exclusive ``flock`` on one of as many
files in EXPORTACIONES_DIR, which the kernel releases if the process dies, so a killed worker never keeps a turn. A
request that gets no turn within EXPORTACION_ESPERA_S answers 503 with Retry-After. Waiting blocks one thread of a
gthread worker and holds no CPU; the front desk's requests never wait here (docs/performance.md, issue 23: the
worker model).
"""
import contextlib
import fcntl
import os
import random
import tempfile
import time

from flask import current_app, g, request
from flask_jwt_extended import verify_jwt_in_request

from app.extensions import db
from app.utils.errors import ErrorNegocio

# How often a waiting request tries the turns again.
REINTENTO_S = 0.02


class SinTurno(ErrorNegocio):
    status = 503

    def __init__(self):
        super().__init__("EXPORTACIONES_OCUPADAS", "Se están generando muchos informes o documentos a la vez; "
                                                   "inténtelo de nuevo en unos segundos")
        self.headers = {"Retry-After": "2"}


def es_pesada(ruta, formato=None):
    """A download: a report as CSV (a year of rows), a PDF, a CSV file. The reports' JSON (the screens) is not one."""
    return (formato == "csv" and ruta.startswith("/api/reportes/")) or ruta.endswith((".pdf", "/pdf", ".csv"))


def _tomar_turno(directorio, turnos, limite):
    """An open file whose exclusive lock this request now holds, or None once ``limite`` (monotonic) passes."""
    os.makedirs(directorio, mode=0o700, exist_ok=True)
    orden = list(range(turnos))
    while True:
        random.shuffle(orden)
        for n in orden:
            archivo = open(os.path.join(directorio, f"turno-{n}.lock"), "a+b")  # noqa: SIM115 (kept open while held)
            try:
                fcntl.flock(archivo.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                return archivo
            except BlockingIOError:
                archivo.close()
        if time.monotonic() >= limite:
            return None
        time.sleep(REINTENTO_S)


def init_app(app):
    # Half the host's cores by default: the other half stays for the front desk and PostgreSQL.
    app.config.setdefault("EXPORTACIONES_POR_HOST",
                          int(os.environ.get("EXPORTACIONES_POR_HOST", max(1, (os.cpu_count() or 2) // 2))))
    app.config.setdefault("EXPORTACION_ESPERA_S", float(os.environ.get("EXPORTACION_ESPERA_S", "30")))
    # The tests' app: turns of its own (a benchmark on the same host must not make a test wait).
    propio = f"-{os.getpid()}" if app.testing else ""
    app.config.setdefault("EXPORTACIONES_DIR", os.environ.get("EXPORTACIONES_DIR") or os.path.join(
        tempfile.gettempdir(), f"clinica-erp-turnos-{os.getuid()}{propio}"))

    @app.before_request
    def _turno_pesado():
        if not es_pesada(request.path, request.args.get("formato")):
            return None
        try:  # only an authenticated request waits for a turn (the view answers the others' 401 or 403)
            verify_jwt_in_request()
        except Exception:  # noqa: BLE001 — the view raises it again and answers it
            return None
        cfg = current_app.config
        if cfg["EXPORTACIONES_POR_HOST"] <= 0:
            return None
        # The token's check opened a transaction (and may have recorded the session's activity): end it, so a
        # request waiting for its turn holds no connection (behind PgBouncer, no server connection).
        db.session.commit()
        archivo = _tomar_turno(cfg["EXPORTACIONES_DIR"], cfg["EXPORTACIONES_POR_HOST"],
                               time.monotonic() + cfg["EXPORTACION_ESPERA_S"])
        if archivo is None:
            raise SinTurno()
        g.turno_pesado = archivo
        return None

    @app.teardown_request
    def _soltar_turno(_exc):
        archivo = g.pop("turno_pesado", None)
        if archivo is not None:
            with contextlib.suppress(OSError):
                archivo.close()  # closing the file releases its lock
