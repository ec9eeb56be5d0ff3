from zoneinfo import available_timezones

from marshmallow import Schema, ValidationError, fields

from app.schemas.common import Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud, no_vacio

_ZONAS = None


def validar_zona(value):
    global _ZONAS
    if _ZONAS is None:
        _ZONAS = available_timezones()
    if value not in _ZONAS:
        raise ValidationError("Zona horaria desconocida (use un nombre IANA, p. ej. America/Mexico_City).")


class SucursalSchema(Schema):
    id = fields.Integer(dump_only=True)
    nombre = fields.String()
    direccion = fields.String()
    telefono = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    activo = fields.Boolean()
    zona_horaria = fields.String()
    fecha_creacion = fields.DateTime(dump_only=True)


class SucursalCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(100))
    direccion = Texto(required=True, validate=no_vacio(2000))
    telefono = Texto(allow_none=True, validate=longitud(15))
    email = fields.Email(allow_none=True, validate=longitud(100))
    activo = fields.Boolean()
    zona_horaria = fields.String(validate=validar_zona)


class SucursalEditarSchema(SucursalCrearSchema):
    nombre = Texto(validate=no_vacio(100))
    direccion = Texto(validate=no_vacio(2000))


class EspecialidadSchema(Schema):
    id = fields.Integer(dump_only=True)
    nombre = fields.String()
    descripcion = fields.String(allow_none=True)


class EspecialidadCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(100))
    descripcion = Texto(allow_none=True, validate=longitud(2000))


class EspecialidadEditarSchema(EspecialidadCrearSchema):
    nombre = Texto(validate=no_vacio(100))


class EstadoCitaSchema(Schema):
    id = fields.Integer()
    nombre = fields.String()
    descripcion = fields.String(allow_none=True)


class CatalogoArgs(PaginacionArgs):
    activo = fields.Boolean()
    q = Texto(validate=longitud(100))


class HealthSchema(Schema):
    status = fields.String()
    database = fields.String()
    # Only with a read replica configured (DATABASE_REPLICA_URL): "ok" | "atrasada" | "caida", and its lag.
    replica = fields.String()
    lag_s = fields.Float(allow_none=True)
