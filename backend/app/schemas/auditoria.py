from datetime import date, datetime

from marshmallow import Schema, ValidationError, fields, validate

from app.schemas.common import Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud


class FechaOInstante(fields.Field):
    """A date (YYYY-MM-DD: the whole day in the clinic's time zone) or an ISO 8601 timestamp."""

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str):
            try:
                return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value)
            except ValueError:
                pass
        raise ValidationError("Fecha (AAAA-MM-DD) o fecha y hora ISO 8601 no válida.")


class AuditoriaListaArgs(PaginacionArgs):
    paciente_id = fields.Integer()
    usuario_id = fields.Integer()
    accion = Texto(validate=longitud(50))
    desde = FechaOInstante(metadata={"type": "string", "example": "2026-01-31"})
    hasta = FechaOInstante(metadata={"type": "string", "example": "2026-01-31T23:59:59-06:00"})


class AuditoriaSchema(Schema):
    id = fields.Integer()
    fecha = fields.DateTime()
    usuario_id = fields.Integer(allow_none=True)
    accion = fields.String()
    entidad = fields.String(allow_none=True)
    entidad_id = fields.Integer(allow_none=True)
    paciente_id = fields.Integer(allow_none=True)
    ip = fields.String(allow_none=True)
    resultado = fields.String()
    detalle = fields.Dict(allow_none=True)


class EmergenciasArgs(PaginacionArgs):
    dias = fields.Integer(load_default=30, validate=validate.Range(min=1, max=366),
                          metadata={"description": "Los últimos N días (30 por omisión)"})


class NombreSchema(Schema):
    nombre = fields.String(allow_none=True)
    apellido = fields.String(allow_none=True)


class AccesoEmergenciaSchema(Schema):
    id = fields.Integer()
    fecha = fields.DateTime()
    usuario_id = fields.Integer(allow_none=True)
    usuario = fields.Nested(NombreSchema)
    paciente_id = fields.Integer(allow_none=True)
    paciente = fields.Nested(NombreSchema)
    motivo = fields.String(allow_none=True, metadata={"description": "El motivo declarado en X-Acceso-Emergencia"})
    accion = fields.String(allow_none=True, metadata={"description": "Qué se hizo: consultar, crear, adendar"})
