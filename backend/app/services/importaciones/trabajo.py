"""The import job: the worker (``flask worker``) takes one pending import at a time and processes it in batches.

Each batch is one transaction: it locks the import's row (``SELECT … FOR UPDATE SKIP LOCKED``: another worker
skips it), reads where the import stands (``procesadas``), processes the next LOTE rows of the file and writes
those rows, the counters and the errors before committing. A row is validated whole before anything is written,
so a bad row is reported and never half-written: the batch's new patients go in one multi-row INSERT in a
savepoint (one savepoint per patient only when that INSERT fails: pacientes.py), each appointment is booked in a
savepoint of its own (citas.py). A worker killed mid-batch loses only that uncommitted batch: whoever takes the import
next resumes after ``procesadas``, so no row is lost or done twice.

An import stays with the worker that has it: each batch renews the worker's lease on it (``trabajador``,
hostname:pid, and ``tomada_en``), a worker's pass first continues the import it holds, and the other workers skip
an import whose lease is younger than PLAZO_TOMA (they take the next pending one, if any). So a pass ending after
LOTES_POR_PASADA batches does not hand the import to another worker.

A worker keeps the open file and what the rows so far told it (the keys of the patients, for duplicates inside
the file) between batches. Only when a lease expires (its worker died, or was kept away longer than PLAZO_TOMA)
does another worker take the import over: it rebuilds that memory by reading the rows already done again, and a
dry run (``simular``), which writes nothing but its counters and errors, starts again from the first row.

``ejecutar`` runs an import to the end in the calling process (tests, the command line).
"""
import logging
import os
import socket
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from sqlalchemy import case, delete, insert, or_, select
from sqlalchemy.exc import InterfaceError, OperationalError

from app.extensions import db
from app.models import ErrorImportacion, Importacion, Usuario
from app.models.importaciones import PENDIENTES
from app.services import auditoria_service
from app.services.alcance import Alcance
from app.services.importaciones import lectura
from app.services.importaciones.citas import ProcesadorCitas
from app.services.importaciones.pacientes import ProcesadorPacientes
from app.utils.errors import ErrorNegocio
from app.utils.sql import por_id

log = logging.getLogger(__name__)

LOTE = 500
# Batches a worker's pass processes before going back to its other work (the messages).
LOTES_POR_PASADA = 20
PROCESADORES = {"pacientes": ProcesadorPacientes, "citas": ProcesadorCitas}
# How long a worker's lease on an import lasts without a batch: after it, another worker may take the import over.
PLAZO_TOMA = timedelta(minutes=5)
# A batch that fails this many times in a row on the database (a statement timeout, a lost connection) ends the
# import ``fallida`` instead of being retried for ever.
INTENTOS_MAXIMOS = 5
MENSAJE_REINTENTOS = ("La base de datos rechazó {n} veces seguidas el lote que empieza en la fila de datos {fila} "
                      "(tiempo de espera agotado o conexión perdida); las filas ya importadas se conservan.")


def trabajador_actual():
    """This process's name in a lease: hostname:pid."""
    return f"{socket.gethostname()}:{os.getpid()}"


@dataclass
class _Abierta:
    """An import this process is working on: its rows from ``posicion`` on, and its processor's memory."""

    importacion_id: int
    posicion: int
    filas: object
    procesador: object


_abierta: _Abierta | None = None
# {import id: consecutive failed attempts of its current batch} in this process
_fallos: dict[int, int] = {}


def olvidar():
    """Drop what this process holds of an import (as a worker that dies would)."""
    global _abierta
    _abierta = None


def _abrir(importacion, alcance):
    """Open the import's file and place it after its done rows, replaying them for the processor's memory."""
    archivo = lectura.abrir(importacion.archivo)
    procesador = PROCESADORES[importacion.tipo](alcance=alcance, importacion_id=importacion.id,
                                                mapa=importacion.mapa, columnas=archivo.columnas,
                                                simular=importacion.simular)
    filas = archivo.filas()
    for _, celdas in islice(filas, importacion.procesadas):
        procesador.recordar(celdas)
    if importacion.total is None:
        importacion.total = archivo.contar()[0]
    return _Abierta(importacion.id, importacion.procesadas, filas, procesador)


def _reiniciar(importacion):
    """A dry run taken over starts again: its counters and errors are cleared."""
    db.session.execute(delete(ErrorImportacion).where(ErrorImportacion.importacion_id == importacion.id))
    importacion.procesadas = importacion.creadas = importacion.existentes = importacion.con_errores = 0


def _tomar(ahora, trabajador, importacion_id=None):
    """The pending import this worker holds, else the oldest one nobody holds (or whose lease expired), locked and
    leased to it; None when there is none (or that one is another's)."""
    libre = or_(Importacion.trabajador.is_(None), Importacion.trabajador == trabajador,
                Importacion.tomada_en < ahora - PLAZO_TOMA)
    stmt = (select(Importacion).where(Importacion.estado.in_(PENDIENTES), libre)
            .order_by(case((Importacion.trabajador == trabajador, 0), else_=1), Importacion.id).limit(1)
            .with_for_update(skip_locked=True).execution_options(populate_existing=True))
    if importacion_id is not None:
        stmt = stmt.where(Importacion.id == importacion_id)
    importacion = db.session.scalar(stmt)
    if importacion is not None:
        importacion.trabajador, importacion.tomada_en = trabajador, ahora
    return importacion


def procesar_lote(ahora, importacion_id=None, lote=LOTE, trabajador=None):
    """Process the next batch of the import this worker holds, else of the oldest free pending import (or of that
    one), and commit; its id, or None when there was nothing to do. ``trabajador``: the worker's name in the
    lease (default: this process's)."""
    global _abierta
    importacion = _tomar(ahora, trabajador or trabajador_actual(), importacion_id)
    if importacion is None:
        db.session.rollback()
        return None
    importacion_id, desde = importacion.id, importacion.procesadas
    try:
        _procesar(importacion, ahora, lote)
        db.session.commit()
    except (OperationalError, InterfaceError) as exc:
        olvidar()
        _fallos[importacion_id] = _fallos.get(importacion_id, 0) + 1
        if _fallos[importacion_id] < INTENTOS_MAXIMOS:
            raise  # the database went away or timed out: the batch is retried by the next pass
        db.session.rollback()
        _fallar(importacion_id, ahora, exc, fila=desde + 1)
        _fallos.pop(importacion_id, None)
    except Exception as exc:
        olvidar()
        _fallos.pop(importacion_id, None)
        db.session.rollback()
        _fallar(importacion_id, ahora, exc)
    else:
        _fallos.pop(importacion_id, None)
        if _abierta is not None:
            _abierta.posicion = importacion.procesadas
    return importacion_id


def _procesar(importacion, ahora, lote):
    global _abierta
    usuario = por_id(Usuario, importacion.creado_por)
    if importacion.estado == "en_cola":
        importacion.estado, importacion.iniciado_en = "procesando", ahora
    if _abierta is None or _abierta.importacion_id != importacion.id or _abierta.posicion != importacion.procesadas:
        olvidar()
        if importacion.simular and importacion.procesadas:
            _reiniciar(importacion)
        _abierta = _abrir(importacion, Alcance.de(usuario, ahora))
    abierta = _abierta
    abierta.procesador.alcance = Alcance.de(usuario, ahora)
    filas = list(islice(abierta.filas, lote))
    resultado = abierta.procesador.procesar(filas)
    importacion.procesadas += len(filas)
    importacion.creadas += resultado.creadas
    importacion.existentes += resultado.existentes
    importacion.con_errores += resultado.con_errores
    if resultado.errores:
        db.session.execute(insert(ErrorImportacion), [{"importacion_id": importacion.id, **e} for e in resultado.errores])
    if len(filas) < lote:
        _terminar(importacion, ahora, usuario)
        olvidar()


def _terminar(importacion, ahora, usuario):
    importacion.estado, importacion.terminado_en, importacion.total = "terminada", ahora, importacion.procesadas
    importacion.archivo = None
    auditoria_service.registrar("importacion_terminada", usuario=usuario, entidad="importacion",
                                entidad_id=importacion.id, detalle=_resumen(importacion))


def _resumen(importacion):
    return {"tipo": importacion.tipo, "simular": importacion.simular, "procesadas": importacion.procesadas,
            "creadas": importacion.creadas, "existentes": importacion.existentes,
            "con_errores": importacion.con_errores}


def _fallar(importacion_id, ahora, exc, fila=None):
    """An import that cannot go on (an unreadable file, a batch the database keeps refusing, an unexpected error)
    ends ``fallida`` with the reason; the rows already committed stay (and a new import of the same file finds
    them existing). ``fila``: the file's data row the failing batch starts at."""
    if isinstance(exc, ErrorNegocio):
        mensaje = "; ".join(m for ms in (exc.errors or {}).values() for m in ms) or exc.message
    elif isinstance(exc, (OperationalError, InterfaceError)):
        log.error("La importación %s falló %s veces en la base de datos: %s", importacion_id, INTENTOS_MAXIMOS,
                  type(exc.orig).__name__ if exc.orig else exc)
        mensaje = MENSAJE_REINTENTOS.format(n=INTENTOS_MAXIMOS, fila=fila)
    else:
        log.exception("La importación %s falló", importacion_id)
        mensaje = "Error inesperado al procesar el archivo; las filas ya importadas se conservan."
    importacion = db.session.get(Importacion, importacion_id, with_for_update=True, populate_existing=True)
    if importacion is None or importacion.estado not in PENDIENTES:
        db.session.rollback()
        return
    importacion.estado, importacion.terminado_en, importacion.mensaje = "fallida", ahora, mensaje
    importacion.archivo = None
    auditoria_service.registrar("importacion_terminada", usuario_id=importacion.creado_por, entidad="importacion",
                                entidad_id=importacion.id, resultado="error", detalle=_resumen(importacion))
    db.session.commit()


def procesar_pendientes(ahora, lotes=LOTES_POR_PASADA, lote=LOTE, trabajador=None):
    """The worker's share of a pass: up to ``lotes`` batches of pending imports, the one it holds first, one
    import at a time. How many batches were processed (0: nothing it may take)."""
    trabajador = trabajador or trabajador_actual()
    hechos = 0
    while hechos < lotes and procesar_lote(ahora, lote=lote, trabajador=trabajador) is not None:
        hechos += 1
    return hechos


def ejecutar(importacion_id, ahora, lote=LOTE, trabajador=None):
    """Run an import to its end here (tests, the command line)."""
    while True:
        importacion = db.session.get(Importacion, importacion_id, populate_existing=True)
        if importacion is None or importacion.estado not in PENDIENTES:
            db.session.rollback()
            return importacion
        if procesar_lote(ahora, importacion_id, lote, trabajador) is None:  # another worker holds it
            return importacion

