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


def xlsx_con_fila_lejana(filas, fila_lejana, numero, dimension="A1:XFD1048576"):
    """An XLSX of ``filas`` plus ``fila_lejana`` at row ``numero`` (nothing in between) with a cell far to the
    right, whose sheet declares ``dimension``: a few kilobytes that openpyxl would pad to the declared size.
    (The far row is written next to the others, then renumbered in the sheet's XML: openpyxl refuses to write a
    row past XLSX's maximum.)"""
    import re
    import zipfile

    from openpyxl import Workbook

    libro = Workbook()
    hoja = libro.active
    for fila in filas:
        hoja.append(list(fila))
    provisional = len(filas) + 1
    for columna, valor in enumerate(fila_lejana, start=1):
        hoja.cell(row=provisional, column=columna, value=valor)
    hoja.cell(row=provisional, column=16384, value="lejos")
    salida = io.BytesIO()
    libro.save(salida)
    origen = zipfile.ZipFile(io.BytesIO(salida.getvalue()))
    resultado = io.BytesIO()
    with zipfile.ZipFile(resultado, "w", zipfile.ZIP_DEFLATED) as destino:
        for parte in origen.infolist():
            datos = origen.read(parte.filename)
            if parte.filename == "xl/worksheets/sheet1.xml":
                datos = re.sub(rb'<dimension ref="[^"]*"', f'<dimension ref="{dimension}"'.encode(), datos)
                datos = re.sub(rf'r="([A-Z]*){provisional}"'.encode(), rf'r="\g<1>{numero}"'.encode(), datos)
            destino.writestr(parte.filename, datos)
    return resultado.getvalue()


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


def ejecutar(importacion_id, lote=trabajo.LOTE, ahora=None, trabajador=None):
    """Run the import to its end as the worker would (batches of ``lote``), as this process or as ``trabajador``."""
    trabajo.ejecutar(importacion_id, ahora or datetime.now(UTC), lote=lote, trabajador=trabajador)
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
