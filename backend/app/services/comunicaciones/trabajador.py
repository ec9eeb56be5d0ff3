"""The worker process (``flask worker``; ``make run`` starts it beside gunicorn): a loop that delivers what is
due and, every few minutes, adds the reminders of the coming days that are missing. It keeps going when the
database goes away (a restart, a failover): it waits, reconnects and carries on; what it held is unlocked by
PostgreSQL and taken again."""
import logging
import os
import signal
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import InterfaceError, OperationalError

from app.extensions import db
from app.services.comunicaciones import entrega, recordatorios
from app.services.importaciones import trabajo as importaciones

log = logging.getLogger(__name__)

BARRIDO_CADA = timedelta(minutes=5)
ESPERA_MAXIMA_S = 30.0


class Trabajador:
    def __init__(self, app, *, lote: int = 500):
        self.app = app
        self.lote = lote
        self.detener = threading.Event()
        self._ultimo_barrido = None

    def una_pasada(self) -> int:
        """Sweep when it is time, then deliver one round; how many messages were handled."""
        ahora = datetime.now(UTC)  # the worker is the top of its call chain, as a route is
        with self.app.app_context():
            try:
                if self._ultimo_barrido is None or ahora - self._ultimo_barrido >= BARRIDO_CADA:
                    nuevos = recordatorios.programar(ahora)
                    db.session.commit()
                    self._ultimo_barrido = ahora
                    if nuevos:
                        log.info("Recordatorios programados: %s", nuevos)
                atendidos = entrega.entregar_pendientes(ahora, self.app.config, lote=self.lote)
                return atendidos + importaciones.procesar_pendientes(ahora)  # imports too (docs/importacion.md)
            finally:
                db.session.remove()

    def trabajar(self) -> None:
        intervalo = self.app.config["WORKER_INTERVALO_S"]
        espera_error = 1.0
        while not self.detener.is_set():
            try:
                atendidos = self.una_pasada()
            except (OperationalError, InterfaceError) as error:  # the database is down or restarting
                log.warning("Base de datos no disponible (%s); nuevo intento en %.0f s",
                            type(error.orig).__name__ if error.orig else error, espera_error)
            except Exception:  # anything else (a schema not migrated yet…): logged, retried, never fatal
                log.exception("Error del trabajador de mensajes; nuevo intento en %.0f s", espera_error)
            else:
                espera_error = 1.0
                self.detener.wait(intervalo if not atendidos else self.app.config["WORKER_PAUSA_S"])
                continue
            self.detener.wait(espera_error)
            espera_error = min(espera_error * 2, ESPERA_MAXIMA_S)


def ejecutar(app, pidfile: Path | None, lote: int = 500) -> None:
    """Run until SIGTERM or SIGINT; the pid file lets `make stop` find it."""
    trabajador = Trabajador(app, lote=lote)
    os.nice(app.config["WORKER_NICE"])  # the API's requests first
    for senal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(senal, lambda *_: trabajador.detener.set())
    if pidfile:
        pidfile.parent.mkdir(parents=True, exist_ok=True)
        pidfile.write_text(str(os.getpid()))
    log.info("Trabajador de mensajes iniciado (pid %s)", os.getpid())
    try:
        trabajador.trabajar()
    finally:
        if pidfile and pidfile.exists() and pidfile.read_text().strip() == str(os.getpid()):
            pidfile.unlink()
        log.info("Trabajador de mensajes detenido")
