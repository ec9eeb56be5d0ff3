"""Patient messages: settings, the message log and its filters (API.md "Patient messages")."""
from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema

from app.models.comunicaciones import CANALES, ESTADOS, REGISTRO, TIPOS
from app.schemas.common import Hora
from app.utils.pagination import PaginacionArgs
from app.utils.validation import ID, en_orden, rango, uno_de


class HorarioSilencioSchema(Schema):
    desde = Hora(required=True)
    hasta = Hora(required=True)


class PlantillasSchema(Schema):
    """A text per editable type; null goes back to the default text. Placeholders are checked by the service."""

    recordatorio = fields.String(allow_none=True)
    confirmacion_cita = fields.String(allow_none=True)
    cancelacion = fields.String(allow_none=True)
    reprogramacion = fields.String(allow_none=True)


class ConfiguracionMensajesSchema(Schema):
    recordatorios_activos = fields.Boolean()
    horas_antes = fields.List(fields.Integer(validate=rango(1, 168)),
                              validate=validate.Length(min=1, max=3, error="Indique de 1 a 3 valores."))
    canal_preferido = fields.String(validate=uno_de(CANALES))
    horario_silencio = fields.Nested(HorarioSilencioSchema)
    plantillas = fields.Nested(PlantillasSchema)

    @validates("horas_antes")
    def _distintas(self, valor, **kwargs):
        if len(set(valor)) != len(valor):
            raise ValidationError("No repita valores.")


class MensajeSchema(Schema):
    id = fields.Integer()
    tipo = fields.String(metadata={"enum": list(TIPOS)})
    canal = fields.String(metadata={"enum": list(CANALES) + [REGISTRO]})
    destino = fields.String(allow_none=True, metadata={"description": "Enmascarado: j***@correo.mx, ******5678"})
    cita_id = fields.Integer(allow_none=True)
    paciente_id = fields.Integer(allow_none=True)
    programado_para = fields.DateTime()
    enviado_en = fields.DateTime(allow_none=True)
    estado = fields.String(metadata={"enum": list(ESTADOS)})
    intentos = fields.Integer()
    ultimo_error = fields.String(allow_none=True)


class MensajesArgs(PaginacionArgs):
    cita_id = fields.Integer(validate=ID)
    paciente_id = fields.Integer(validate=ID)
    tipo = fields.String(validate=uno_de(TIPOS))
    estado = fields.String(validate=uno_de(ESTADOS))
    canal = fields.String(validate=uno_de(CANALES + (REGISTRO,)))
    desde = fields.Date()
    hasta = fields.Date()

    @validates_schema
    def validar_rango(self, data, **kwargs):
        en_orden(data, "desde", "hasta")
