"""Bulk export of the whole clinic as FHIR NDJSON (``flask exportar --formato fhir``): one file per resource type,
one resource per line, in the layout of FHIR Bulk Data ($export) output files.

Each type is read by one statement through a server-side cursor (``yield_per``: a batch of rows in memory at a
time) and written as it comes, so memory stays flat whatever the clinic's size (the invoices' lines by a second
cursor, in the invoices' order, merged as they come). Rows go through the same mapping
functions as the API (plain dicts, no pydantic model per line) and orjson. Everything is read in one transaction,
so the files are one consistent snapshot when the caller opens it REPEATABLE READ (the command does).

The files hold the whole clinic's data decrypted: the directory is created readable by its owner only (0700) and
every file is written 0600, as the backups are (backup_service).
"""
import os
import time
from functools import partial
from pathlib import Path

import orjson
from sqlalchemy import select, text

from app.extensions import db
from app.models import (Cita, CondicionDental, DetalleFactura, Factura, HallazgoOdontograma, HistorialMedico, Medico,
                        Paciente, RegistroOdontograma, Sucursal)
from app.services.fhir import cita, condicion, encuentro, factura, paciente, profesional, ubicacion
from app.services.fhir.todo import moneda

LOTE = 5000


# Every invoice line in the invoices' order: read by a second cursor beside the invoices' and merged (_Lineas).
# One ordered scan of the lines instead of a correlated json_agg per invoice (and no JSON built and parsed again).
LINEAS = (select(DetalleFactura.factura_id, DetalleFactura.descripcion, DetalleFactura.cantidad,
                 DetalleFactura.precio_unitario, DetalleFactura.descuento, DetalleFactura.impuesto_porcentaje,
                 DetalleFactura.impuesto)
          .order_by(DetalleFactura.factura_id, DetalleFactura.id))


class _Lineas:
    """The lines of each invoice in turn, from the rows of LINEAS: ``de(id)`` for increasing invoice ids."""

    def __init__(self, filas):
        self.filas = iter(filas)
        self.siguiente = next(self.filas, None)

    def de(self, factura_id):
        lineas = []
        while self.siguiente is not None and self.siguiente.factura_id <= factura_id:
            if self.siguiente.factura_id == factura_id:
                lineas.append(self.siguiente._mapping)
            self.siguiente = next(self.filas, None)
        return lineas


def tipos(divisa):
    """(resource type, table counted for the progress bar, statement, row → resource) in the files' order.
    Invoice's mapping also takes ``lineas``: the invoices' lines (_Lineas), read beside its statement."""
    return (
        ("Patient", Paciente, select(*paciente.COLUMNAS).order_by(Paciente.id), paciente.a_fhir),
        ("Practitioner", Medico, profesional.consulta().order_by(Medico.id), profesional.a_fhir),
        ("Location", Sucursal, select(*ubicacion.COLUMNAS).order_by(Sucursal.id), ubicacion.a_fhir),
        ("Appointment", Cita, select(*cita.COLUMNAS).join(Sucursal, Sucursal.id == Cita.sucursal_id)
         .order_by(Cita.id), cita.a_fhir),
        ("Encounter", HistorialMedico, select(*encuentro.COLUMNAS).order_by(HistorialMedico.id), encuentro.a_fhir),
        ("Condition", HallazgoOdontograma, select(*condicion.COLUMNAS)
         .join(RegistroOdontograma, RegistroOdontograma.id == HallazgoOdontograma.registro_id)
         .join(CondicionDental, CondicionDental.codigo == HallazgoOdontograma.condicion)
         .order_by(HallazgoOdontograma.id), condicion.a_fhir),
        ("Invoice", Factura, select(*factura.COLUMNAS).order_by(Factura.id),
         lambda f, lineas: factura.a_fhir(f, lineas.de(f.id), divisa)),
    )


def _reltuples(tabla) -> int:
    """The planner's row count of the table, for the progress bar (counting a big table would read it twice)."""
    valor = db.session.scalar(text("SELECT reltuples FROM pg_class WHERE oid = to_regclass(:t)"),
                              {"t": f"{tabla.schema}.{tabla.name}"})
    return max(int(valor or 0), 0)


def exportar(directorio, *, lote=LOTE, barra=None, conexion=None) -> dict:
    """Write DIR/{type}.ndjson for every type; returns {type: (resources, seconds)}. ``barra``: a callable
    (total, description) → a tqdm-like object (update/close), or None for no progress display. ``conexion``:
    where to read (default: the session's, the primary)."""
    directorio = Path(directorio)
    directorio.mkdir(mode=0o700, parents=True, exist_ok=True)
    conexion = conexion if conexion is not None else db.session.connection()
    resultado = {}
    for tipo, modelo, stmt, mapear in tipos(moneda()):
        inicio = time.perf_counter()
        progreso = barra(_reltuples(modelo.__table__), tipo) if barra else None
        n = 0
        fd = os.open(directorio / f"{tipo}.ndjson", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        os.fchmod(fd, 0o600)  # a file left by an earlier export keeps its mode on O_CREAT
        with os.fdopen(fd, "wb", buffering=1 << 20) as archivo:
            if tipo == "Invoice":
                lineas = _Lineas(conexion.execute(LINEAS.execution_options(yield_per=lote)))
                mapear = partial(mapear, lineas=lineas)
            filas = conexion.execute(stmt.execution_options(yield_per=lote))
            for particion in filas.partitions():
                archivo.write(b"".join(orjson.dumps(mapear(fila), option=orjson.OPT_APPEND_NEWLINE)
                                       for fila in particion))
                n += len(particion)
                if progreso is not None:
                    progreso.update(len(particion))
        if progreso is not None:
            progreso.close()
        resultado[tipo] = (n, time.perf_counter() - inicio)
    return resultado


def ejecutar_comando(directorio, *, lote=LOTE, eco=print):
    """The ``flask exportar`` command: one REPEATABLE READ snapshot, a progress bar per type, a summary and an
    audit row of the export (who: nobody, the server's operator; what: the counts)."""
    from sqlalchemy import Connection
    from tqdm import tqdm

    from app.services import auditoria_service
    from app.utils.sql import sin_limite_de_tiempo

    from app.utils.conexiones import conexion_de_replica

    if not isinstance(db.session.get_bind(), Connection):  # (tests run inside a transaction of their own)
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    sin_limite_de_tiempo()
    # With a usable read replica (DATABASE_REPLICA_URL) the rows are read there; the audit row goes to the primary.
    replica = conexion_de_replica(isolation_level="REPEATABLE READ")
    if replica is not None:
        eco("Leyendo de la réplica (DATABASE_REPLICA_URL).")
    inicio = time.perf_counter()
    resultado = exportar(directorio, lote=lote, conexion=replica,
                         barra=lambda total, tipo: tqdm(total=total, desc=tipo, unit=" rec", unit_scale=True,
                                                        mininterval=0.5, leave=False))
    segundos = time.perf_counter() - inicio
    auditoria_service.registrar("clinica_exportada_fhir", entidad="exportacion",
                                detalle={tipo: n for tipo, (n, _) in resultado.items()})
    db.session.commit()
    for tipo, (n, s) in resultado.items():
        eco(f"{tipo}: {n} recursos en {Path(directorio) / f'{tipo}.ndjson'} ({s:.1f} s)")
    pacientes = resultado["Patient"][0]
    eco(f"Exportación FHIR terminada en {segundos:.1f} s ({pacientes / segundos if segundos else 0:.0f} pacientes/s).")
    return resultado
