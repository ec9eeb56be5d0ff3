"""Imports: the multipart form of an upload, the preview, an import's progress and its errors."""
import json

from marshmallow import Schema, ValidationError, fields, pre_dump, pre_load, validates_schema

from app.models.importaciones import ESTADOS, TIPOS
from app.utils.pagination import PaginacionArgs
from app.utils.validation import uno_de

MAX_ARCHIVO = 20 * 1024 * 1024


class PrevisualizarFormSchema(Schema):
    """The multipart form of the preview (the file itself is `archivo`)."""

    tipo = fields.String(required=True, validate=uno_de(TIPOS))


class ImportarFormSchema(PrevisualizarFormSchema):
    """The multipart form of an import (the file itself is `archivo`)."""

    mapa = fields.Raw(load_default=None, metadata={
        "type": "string", "description": 'JSON {"columna": "campo"}; sin él, las sugerencias'})
    simular = fields.Boolean(load_default=False)

    @pre_load
    def mapa_json(self, data, **kwargs):
        data = dict(data)
        if isinstance(data.get("mapa"), str):
            texto = data["mapa"].strip()
            if not texto:
                data.pop("mapa")
            else:
                try:
                    data["mapa"] = json.loads(texto)
                except ValueError:
                    raise ValidationError("No es JSON válido.", "mapa") from None
        return data

    @validates_schema
    def mapa_objeto(self, data, **kwargs):
        mapa = data.get("mapa")
        if mapa is not None and (not isinstance(mapa, dict)
                                 or not all(isinstance(v, str) or v is None for v in mapa.values())):
            raise ValidationError('Debe ser un objeto JSON {"columna": "campo"}.', "mapa")


def _doc_multipart(schema_form):
    """The OpenAPI requestBody of an upload: the form's fields and the file."""
    propiedades = {"archivo": {"type": "string", "format": "binary",
                               "description": "CSV (UTF-8, Windows-1252 o Latin-1; , ; o tabulador) o XLSX; máximo 20 MiB"}}
    for nombre, campo in schema_form._declared_fields.items():
        if nombre == "tipo":
            propiedades[nombre] = {"type": "string", "enum": list(TIPOS)}
        elif nombre == "simular":
            propiedades[nombre] = {"type": "string", "enum": ["true", "false"]}
        else:
            propiedades[nombre] = {"type": "string", "description": campo.metadata.get("description", "")}
    requeridos = ["archivo"] + [n for n, c in schema_form._declared_fields.items() if c.required]
    return {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
        "type": "object", "properties": propiedades, "required": requeridos}}}}}


DOC_PREVISUALIZAR = _doc_multipart(PrevisualizarFormSchema())
DOC_IMPORTAR = _doc_multipart(ImportarFormSchema())


class CampoSchema(Schema):
    campo = fields.String()
    etiqueta = fields.String()
    obligatorio = fields.Boolean()


class PrevisualizacionSchema(Schema):
    formato = fields.String(metadata={"enum": ["csv", "xlsx"]})
    codificacion = fields.String(allow_none=True, metadata={"enum": ["utf-8", "windows-1252", "latin-1", None]})
    separador = fields.String(allow_none=True, metadata={"enum": [",", ";", "\t", None]})
    columnas = fields.List(fields.String())
    sugerencias = fields.Dict(keys=fields.String(), values=fields.String(allow_none=True))
    filas = fields.List(fields.List(fields.String()), metadata={"description": "Las primeras 20 filas de datos"})
    total_filas = fields.Integer()
    total_estimado = fields.Boolean(metadata={"description": "total_filas es una estimación (archivo grande)"})
    campos = fields.List(fields.Nested(CampoSchema))


class ImportacionCreadaSchema(Schema):
    id = fields.Integer()


class ErrorFilaSchema(Schema):
    fila = fields.Integer(metadata={"description": "Número de fila en el archivo (la cabecera es la 1)"})
    columna = fields.String(allow_none=True)
    campo = fields.String(allow_none=True)
    mensaje = fields.String()


class ImportacionResumenSchema(Schema):
    id = fields.Integer()
    tipo = fields.String(metadata={"enum": list(TIPOS)})
    simular = fields.Boolean()
    nombre_archivo = fields.String()
    estado = fields.String(metadata={"enum": list(ESTADOS)})
    total = fields.Integer(allow_none=True, metadata={
        "description": "Filas de datos; nulo hasta que el trabajador lee el archivo"})
    procesadas = fields.Integer()
    creadas = fields.Integer()
    existentes = fields.Integer()
    con_errores = fields.Integer(metadata={"description": "Filas rechazadas"})
    mensaje = fields.String(allow_none=True, metadata={"description": "Por qué falló (estado fallida)"})
    creado_en = fields.DateTime()
    iniciado_en = fields.DateTime(allow_none=True)
    terminado_en = fields.DateTime(allow_none=True)


class ImportacionSchema(ImportacionResumenSchema):
    errores = fields.List(fields.Nested(ErrorFilaSchema), metadata={"description": "Los primeros 200 errores"})

    @pre_dump
    def _detalle(self, detalle, **kwargs):
        """importaciones_service.obtener's {importacion, errores} as the one object this schema describes."""
        importacion = detalle["importacion"]
        return {nombre: detalle["errores"] if nombre == "errores" else getattr(importacion, nombre)
                for nombre in self.fields}


class ImportacionesArgs(PaginacionArgs):
    pass
