from datetime import timedelta

from marshmallow import Schema, ValidationError, fields, validates_schema

from app.schemas.common import Hora, PersonaRef, Referencia, Texto
from app.models import Cita
from app.utils.pagination import PaginacionArgs
from app.utils.validation import en_orden, longitud, rango

MAX_DIAS_DISPONIBILIDAD = 60


class CitaSchema(Schema):
    id = fields.Integer(dump_only=True)
    paciente_id = fields.Integer()
    medico_id = fields.Integer()
    sucursal_id = fields.Integer()
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()
    estado_id = fields.Integer()
    motivo = fields.String(allow_none=True)
    notas = fields.String(allow_none=True, metadata={"description": "Omitido para el rol Facturación"})
    creado_por = fields.Integer(allow_none=True)
    fecha_creacion = fields.DateTime()
    paciente = fields.Nested(PersonaRef)
    medico = fields.Nested(PersonaRef)
    estado = fields.Nested(Referencia, attribute="estado_ref")
    sucursal = fields.Nested(Referencia)
    confirmada_por_paciente = fields.Function(
        lambda cita: cita.confirmacion == Cita.CONFIRMADA_POR_PACIENTE, dump_only=True,
        metadata={"type": "boolean", "description": "El paciente confirmó la cita desde su enlace"})
    origen = fields.String(dump_only=True, metadata={"enum": ["recepcion", "en_linea"],
                                                     "description": "Quién la reservó: el personal o el paciente en línea"})
    serie_id = fields.Integer(dump_only=True, allow_none=True,
                              metadata={"description": "La serie en que se agendó (POST /api/citas/series), o null"})


class CitaSinNotasSchema(CitaSchema):
    """An appointment as Facturación sees it: no clinical content (the alcance decides, app/services/alcance.py)."""

    class Meta:
        exclude = ("notas",)


class CitaCrearSchema(Schema):
    paciente_id = fields.Integer(required=True)
    medico_id = fields.Integer(required=True)
    sucursal_id = fields.Integer(required=True)
    fecha = fields.Date(required=True)
    hora_inicio = Hora(required=True)
    hora_fin = Hora(allow_none=True, metadata={"description": "Por omisión, hora_inicio + intervalo_citas"})
    motivo = Texto(allow_none=True, validate=longitud(2000))
    notas = Texto(allow_none=True, validate=longitud(10000))

    @validates_schema
    def validar_intervalo(self, data, **kwargs):
        en_orden(data, "hora_inicio", "hora_fin", estricto=True)


class CitaEditarSchema(Schema):
    """Reschedule (fecha, horas, médico, sucursal) or edit motivo/notas."""

    medico_id = fields.Integer()
    sucursal_id = fields.Integer()
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora(allow_none=True)
    motivo = Texto(allow_none=True, validate=longitud(2000))
    notas = Texto(allow_none=True, validate=longitud(10000))

    @validates_schema
    def validar_intervalo(self, data, **kwargs):
        en_orden(data, "hora_inicio", "hora_fin", estricto=True)


class CitaListaArgs(PaginacionArgs):
    fecha_desde = fields.Date()
    fecha_hasta = fields.Date()
    medico_id = fields.Integer()
    paciente_id = fields.Integer()
    estado_id = fields.Integer()
    sucursal_id = fields.Integer()

    @validates_schema
    def validar_rango(self, data, **kwargs):
        en_orden(data, "fecha_desde", "fecha_hasta")


class CambioEstadoSchema(Schema):
    estado_id = fields.Integer(required=True, validate=rango(1, 7))
    motivo = Texto(allow_none=True, validate=longitud(2000))
    revertir = fields.Boolean(load_default=False,
                              metadata={"description": "Administrador: deshacer la última transición"})


class CambioEstadoRegistroSchema(Schema):
    id = fields.Integer()
    cita_id = fields.Integer()
    estado_anterior_id = fields.Integer(allow_none=True)
    estado_id = fields.Integer()
    usuario_id = fields.Integer(allow_none=True)
    fecha = fields.DateTime()
    motivo = fields.String(allow_none=True)
    revierte = fields.Boolean()


class DisponibilidadCitasArgs(Schema):
    especialidad_id = fields.Integer()
    sucursal_id = fields.Integer()
    desde = fields.Date()
    hasta = fields.Date()
    limite = fields.Integer(load_default=20, validate=rango(1, 100))

    @validates_schema
    def validar_rango(self, data, **kwargs):
        en_orden(data, "desde", "hasta")
        desde, hasta = data.get("desde"), data.get("hasta")
        if desde and hasta and hasta - desde > timedelta(days=MAX_DIAS_DISPONIBILIDAD):
            raise ValidationError(f"El rango no puede superar {MAX_DIAS_DISPONIBILIDAD} días.", "hasta")


class SlotLibreSchema(Schema):
    medico_id = fields.Integer()
    sucursal_id = fields.Integer()
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()


class SlotsLibresSchema(Schema):
    items = fields.List(fields.Nested(SlotLibreSchema))
