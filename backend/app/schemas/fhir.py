"""Query arguments of the FHIR search interactions (their values are parsed by app/services/fhir/busqueda.py)."""
from marshmallow import Schema, fields, validate

from app.services.fhir.busqueda import MAX_POR_PAGINA

_RANGO = "Debe estar entre {min} y {max}"


class FhirBusquedaArgs(Schema):
    """Paging and format, common to every search: ``_count`` resources from position ``_offset``."""

    count = fields.Integer(data_key="_count", validate=validate.Range(min=0, max=MAX_POR_PAGINA, error=_RANGO),
                           metadata={"description": f"Recursos por página (por defecto 20, máximo {MAX_POR_PAGINA})"})
    offset = fields.Integer(data_key="_offset", validate=validate.Range(min=0, max=1_000_000, error=_RANGO),
                            metadata={"description": "Posición del primero (los enlaces next/previous la llevan)"})
    formato = fields.String(data_key="_format", validate=validate.OneOf(
        ["json", "application/json", "application/fhir+json"], error="Solo se ofrece JSON"),
        metadata={"description": "Solo JSON"})


class PacienteFhirArgs(FhirBusquedaArgs):
    name = fields.String(validate=validate.Length(min=1, max=200),
                         metadata={"description": "Palabras del nombre o apellidos (sin importar acentos)"})
    identifier = fields.String(validate=validate.Length(min=1, max=300),
                               metadata={"description": "urn:clinica-erp:doc:{TIPO}|número, o el número"})
    birthdate = fields.List(fields.String(validate=validate.Length(min=4, max=40)),
                            metadata={"description": "Fecha de nacimiento, con prefijo opcional (ge1980-01-01)"})


class CitaFhirArgs(FhirBusquedaArgs):
    patient = fields.String(validate=validate.Length(min=1, max=100), metadata={"description": "Patient/{id} o id"})
    practitioner = fields.String(validate=validate.Length(min=1, max=100),
                                 metadata={"description": "Practitioner/{id} o id"})
    date = fields.List(fields.String(validate=validate.Length(min=4, max=40)),
                       metadata={"description": "Inicio de la cita, con prefijo opcional (ge2031-03-01)"})
