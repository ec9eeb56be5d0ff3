"""Imports of patients and future appointments from CSV or XLSX (API.md "Import and interoperability";
docs/importacion.md): the preview, queueing an import, reading its progress and its errors.

The import itself runs in the worker (trabajo.py); reading the file is lectura.py, the fields and the header
suggestions campos.py, the cells' normalisation normalizacion.py, each kind's rows pacientes.py and citas.py.
"""
from sqlalchemy import select

from app.extensions import db
from app.models import ErrorImportacion, Importacion
from app.services import auditoria_service
from app.services.importaciones import campos, lectura
from app.utils.csv_seguro import csv_bytes
from app.utils.errors import NoEncontrado
from app.utils.pagination import paginar_acotado
from app.utils.sql import por_id

ERRORES_EN_DETALLE = 200


def previsualizar(alcance, datos, tipo):
    """The file's format, header, suggested map, first rows and size, read from its start; nothing is stored."""
    archivo = lectura.abrir(datos)
    total, estimado = archivo.contar()
    return {"formato": archivo.formato, "codificacion": archivo.codificacion, "separador": archivo.separador,
            "columnas": archivo.columnas, "sugerencias": campos.sugerir(tipo, archivo.columnas),
            "filas": archivo.muestra(), "total_filas": total, "total_estimado": estimado,
            "campos": campos.campos(tipo)}


def crear(alcance, *, datos, nombre_archivo, tipo, mapa=None, simular=False):
    """Queue an import (the worker runs it): 422 errors.archivo for a file that cannot be read, errors.mapa for
    a map that does not fit it (no map: the suggestions)."""
    archivo = lectura.abrir(datos)
    if mapa is None:
        mapa = campos.sugerir(tipo, archivo.columnas)
    mapa = campos.validar_mapa(tipo, mapa, archivo.columnas)
    importacion = Importacion(tipo=tipo, simular=simular, nombre_archivo=(nombre_archivo or "archivo")[:255],
                              archivo=datos, mapa=mapa, estado="en_cola", procesadas=0, creadas=0, existentes=0,
                              con_errores=0, creado_por=alcance.usuario.id)
    db.session.add(importacion)
    db.session.flush()
    auditoria_service.registrar("importacion_creada", usuario=alcance.usuario, entidad="importacion",
                                entidad_id=importacion.id,
                                detalle={"tipo": tipo, "simular": simular, "formato": archivo.formato,
                                         "bytes": len(datos)})
    return importacion


def _cargar(importacion_id):
    importacion = por_id(Importacion, importacion_id)
    if importacion is None:
        raise NoEncontrado("La importación no existe")
    return importacion


def obtener(alcance, importacion_id):
    """The import with its first ERRORES_EN_DETALLE errors."""
    importacion = _cargar(importacion_id)
    errores = db.session.scalars(select(ErrorImportacion).where(ErrorImportacion.importacion_id == importacion.id)
                                 .order_by(ErrorImportacion.id).limit(ERRORES_EN_DETALLE)).all()
    return {"importacion": importacion, "errores": errores}


def listar(alcance, *, page, per_page):
    stmt = select(Importacion).order_by(Importacion.id.desc())
    return paginar_acotado(stmt, page, per_page)


def errores_csv(alcance, importacion_id):
    """Every error of the import as CSV (UTF-8 with BOM, for Excel, formulas neutralised): fila, columna, campo,
    mensaje."""
    importacion = _cargar(importacion_id)
    filas = db.session.execute(
        select(ErrorImportacion.fila, ErrorImportacion.columna, ErrorImportacion.campo, ErrorImportacion.mensaje)
        .where(ErrorImportacion.importacion_id == importacion.id).order_by(ErrorImportacion.id)
        .execution_options(yield_per=5000))
    return csv_bytes(["fila", "columna", "campo", "mensaje"], filas)

