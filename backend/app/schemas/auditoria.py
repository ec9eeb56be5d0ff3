from datetime import date, datetime

from marshmallow import Schema, ValidationError, fields

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
