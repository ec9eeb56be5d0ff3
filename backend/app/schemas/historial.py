from marshmallow import Schema, fields

from app.schemas.common import Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud, no_vacio

MAX_CLINICO = 20000


class HistorialCrearSchema(Schema):
    paciente_id = fields.Integer(required=True)
    cita_id = fields.Integer(allow_none=True, load_default=None)
    diagnostico = Texto(required=True, validate=no_vacio(MAX_CLINICO))
    tratamiento = Texto(allow_none=True, load_default=None, validate=longitud(MAX_CLINICO))
    observaciones = Texto(allow_none=True, load_default=None, validate=longitud(MAX_CLINICO))


class AdendaCrearSchema(Schema):
    texto = Texto(required=True, validate=no_vacio(MAX_CLINICO))
    motivo = Texto(required=True, validate=no_vacio(1000))


class AdendaSchema(Schema):
    id = fields.Integer()
    historial_id = fields.Integer()
    medico_id = fields.Integer(allow_none=True)
    texto = fields.String()
    motivo = fields.String()
    creado_por = fields.Integer(allow_none=True)
    fecha = fields.DateTime()


class HistorialSchema(Schema):
    id = fields.Integer()
    paciente_id = fields.Integer()
    cita_id = fields.Integer(allow_none=True)
    medico_id = fields.Integer()
    fecha = fields.DateTime()
    diagnostico = fields.String(allow_none=True)
    tratamiento = fields.String(allow_none=True)
    observaciones = fields.String(allow_none=True)
    creado_por = fields.Integer(allow_none=True)
    adendas = fields.List(fields.Nested(AdendaSchema))


class HistorialListaArgs(PaginacionArgs):
    paciente_id = fields.Integer(required=True)


class HistorialPacienteArgs(PaginacionArgs):
    pass
