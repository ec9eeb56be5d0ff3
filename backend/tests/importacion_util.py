"""Helpers of the import tests: build files, upload them as the Administrador, run the worker's job."""
import io
import json
from datetime import UTC, datetime

from werkzeug.datastructures import FileStorage, MultiDict
from werkzeug.test import encode_multipart

from app.extensions import db
from app.services.importaciones import trabajo


def csv_de(filas, separador=",", codificacion="utf-8", bom=False):
    """A CSV file's bytes from rows of cells (cells are not quoted: tests keep separators out of them)."""
    texto = "\r\n".join(separador.join(fila) for fila in filas) + "\r\n"
    return (b"\xef\xbb\xbf" if bom else b"") + texto.encode(codificacion)


def xlsx_de(filas):
    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    for fila in filas:
        hoja.append(list(fila))
    salida = io.BytesIO()
    libro.save(salida)
    return salida.getvalue()


def subir(api, contenido, *, tipo="pacientes", nombre="pacientes.csv", mapa=None, simular=None, ruta="/api/importaciones"):
    datos = {"archivo": FileStorage(io.BytesIO(contenido), filename=nombre), "tipo": tipo}
    if mapa is not None:
        datos["mapa"] = mapa if isinstance(mapa, str) else json.dumps(mapa)
    if simular is not None:
        datos["simular"] = "true" if simular else "false"
    return multipart(api, ruta, datos)


def multipart(api, ruta, datos):
    """POST a multipart form encoded in memory (Werkzeug's test client spools a large one to a temporary file it
    never closes)."""
    limite, cuerpo = encode_multipart(MultiDict(datos))
    return api.post(ruta, data=cuerpo, content_type=f"multipart/form-data; boundary={limite}")


def ejecutar(importacion_id, lote=trabajo.LOTE, ahora=None):
    """Run the import to its end as the worker would (batches of ``lote``) and return the API's view of it."""
    trabajo.ejecutar(importacion_id, ahora or datetime.now(UTC), lote=lote)
    db.session.expire_all()


def importar(api, contenido, **kwargs):
    """Upload, run, and return GET /api/importaciones/{id}'s JSON."""
    lote = kwargs.pop("lote", trabajo.LOTE)
    r = subir(api, contenido, **kwargs)
    assert r.status_code == 202, r.json
    db.session.commit()
    ejecutar(r.json["id"], lote=lote)
    detalle = api.get(f"/api/importaciones/{r.json['id']}")
    assert detalle.status_code == 200
    return detalle.json
