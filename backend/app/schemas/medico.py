from marshmallow import EXCLUDE, Schema, fields, validates_schema

from app.schemas.common import Hora, Referencia, Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import en_orden, longitud, no_vacio, rango


class MedicoSchema(Schema):
    id = fields.Integer(dump_only=True)
    nombre = fields.String()
    apellido = fields.String()
    email = fields.String(allow_none=True)
    telefono = fields.String(allow_none=True)
    especialidad_id = fields.Integer(allow_none=True)
    especialidad = fields.Nested(Referencia, allow_none=True)
    usuario_id = fields.Integer(allow_none=True)
    activo = fields.Boolean()
    reserva_en_linea = fields.Boolean(metadata={"description": "Acepta reservas en línea de los pacientes"})
    fecha_registro = fields.DateTime()


class MedicoCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(100))
    apellido = Texto(required=True, validate=no_vacio(100))
    email = fields.Email(allow_none=True, validate=longitud(100))
    telefono = Texto(allow_none=True, validate=longitud(15))
    especialidad_id = fields.Integer(required=True, allow_none=True)
    usuario_id = fields.Integer(allow_none=True)
    reserva_en_linea = fields.Boolean()


class MedicoEditarSchema(MedicoCrearSchema):
    nombre = Texto(validate=no_vacio(100))
    apellido = Texto(validate=no_vacio(100))
    especialidad_id = fields.Integer(allow_none=True)
    activo = fields.Boolean()


class MedicoListaArgs(PaginacionArgs):
    especialidad_id = fields.Integer()
    sucursal_id = fields.Integer()
    activo = fields.Boolean()
    q = Texto(validate=longitud(100))


class HorarioSchema(Schema):
    id = fields.Integer(dump_only=True)
    medico_id = fields.Integer()
    sucursal_id = fields.Integer()
    dia_semana = fields.Integer(metadata={"description": "1=lunes … 7=domingo"})
    hora_inicio = Hora()
    hora_fin = Hora()
    intervalo_citas = fields.Integer(metadata={"description": "minutos"})


class HorarioCrearSchema(Schema):
    sucursal_id = fields.Integer(required=True)
    dia_semana = fields.Integer(required=True, validate=rango(1, 7))
    hora_inicio = Hora(required=True)
    hora_fin = Hora(required=True)
    intervalo_citas = fields.Integer(load_default=30, validate=rango(5, 240))

    @validates_schema
    def fin_despues_de_inicio(self, data, **kwargs):
        en_orden(data, "hora_inicio", "hora_fin", estricto=True)


class DisponibilidadArgs(Schema):
    fecha = fields.Date(required=True)
    sucursal_id = fields.Integer()


class SlotSchema(Schema):
    sucursal_id = fields.Integer()
    hora_inicio = Hora()
    hora_fin = Hora()


class DisponibilidadSchema(Schema):
    fecha = fields.Date()
    medico_id = fields.Integer()
    slots = fields.List(fields.Nested(SlotSchema))


class AgendaIcsArgs(Schema):
    """The feed's query: the secret token (a missing one is answered like a wrong one: 404)."""

    class Meta:
        unknown = EXCLUDE  # calendar clients may add their own parameters

    token = fields.String(load_default=None, metadata={"description": "El secreto del enlace de calendario"})


class AgendaTokenSchema(Schema):
    url = fields.String(metadata={"description": "El enlace secreto del calendario (iCalendar) del médico"})
