"""Patients: input validation matching the seed's columns, output without clinical data for Facturación."""
import re
from datetime import date

from marshmallow import Schema, ValidationError, fields, pre_load, validates, validates_schema

from app.extensions import api
from app.models.comunicaciones import CANALES
from app.schemas.auditoria import AuditoriaSchema
from app.schemas.cita import CambioEstadoRegistroSchema, CitaSchema
from app.schemas.facturacion import FacturaSchema
from app.schemas.common import Texto
from app.schemas.historial import HistorialSchema
from app.schemas.odontologia import PlanSchema, RegistroSchema
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud, no_vacio, uno_de

class CorreoOpcional(fields.Email):
    """An email, or blank for none (``email_vacio`` turns the blank into null): the spec says both,
    instead of a bare ``format: email`` that a blank would contradict."""

    def __init__(self, **kwargs):
        kwargs.setdefault("metadata", {"anyOf": [{"format": "email"}, {"pattern": r"^\s*$"}]})
        super().__init__(**kwargs)


api.register_field(CorreoOpcional, "string", None)

# Free texts without a column limit in the seed (TEXT) get a generous one.
MAX_TEXTO = 2000
_DOCUMENTO = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 .\-/]*$")
_TELEFONO = re.compile(r"^\+?[0-9 ().\-]+$")


def normalizar_telefono(valor):
    """'+52 (55) 1234-5678' → '+525512345678': one stored form, so lookups by phone are exact."""
    if valor is None:
        return None
    digitos = re.sub(r"\D", "", valor)
    return ("+" if valor.strip().startswith("+") else "") + digitos


class Telefono(Texto):
    def _deserialize(self, value, attr, data, **kwargs):
        valor = super()._deserialize(value, attr, data, **kwargs)
        if valor is None:
            return None
        if not _TELEFONO.match(valor):
            raise ValidationError("Teléfono no válido: use dígitos, espacios, guiones, paréntesis y un + inicial.")
        normal = normalizar_telefono(valor)
        if not 7 <= len(normal.lstrip("+")) <= 15 or len(normal) > 15:
            raise ValidationError("El teléfono debe tener entre 7 y 15 dígitos.")
        return normal


class PacienteEntradaSchema(Schema):
    """Fields a client may set (POST requires nombre, apellido, fecha_nacimiento)."""

    nombre = Texto(required=True, validate=no_vacio(100))
    apellido = Texto(required=True, validate=no_vacio(100))
    fecha_nacimiento = fields.Date(required=True)
    genero = Texto(allow_none=True, validate=longitud(20))
    tipo_documento = Texto(allow_none=True, validate=longitud(20))
    numero_documento = Texto(allow_none=True, validate=longitud(20))
    telefono = Telefono(allow_none=True, validate=longitud(20))
    email = CorreoOpcional(allow_none=True, validate=longitud(100))
    direccion = Texto(allow_none=True, validate=longitud(MAX_TEXTO))
    alergias = Texto(allow_none=True, validate=longitud(MAX_TEXTO))
    contacto_emergencia_nombre = Texto(allow_none=True, validate=longitud(200))
    contacto_emergencia_telefono = Telefono(allow_none=True, validate=longitud(20))
    # Contact preferences (API.md "Patient messages"): null channel = the clinic's preferred one.
    acepta_recordatorios = fields.Boolean()
    canal_preferido = Texto(allow_none=True, validate=uno_de(CANALES))

    @pre_load
    def email_vacio(self, data, **kwargs):
        if isinstance(data, dict) and isinstance(data.get("email"), str) and not data["email"].strip():
            data = {**data, "email": None}
        return data

    @validates("fecha_nacimiento")
    def fecha_valida(self, value, **kwargs):
        if value > date.today():
            raise ValidationError("La fecha de nacimiento no puede ser futura.")
        if value < date(1900, 1, 1):
            raise ValidationError("La fecha de nacimiento no puede ser anterior a 1900.")

    @validates("numero_documento")
    def documento_valido(self, value, **kwargs):
        if value is not None and not _DOCUMENTO.match(value):
            raise ValidationError("Número de documento no válido: letras, dígitos, espacios, puntos, guiones o /.")

    @validates_schema
    def documento_completo(self, data, partial=None, **kwargs):
        # Only on creation: PATCH checks the resulting patient in the service.
        if not partial and bool(data.get("numero_documento")) != bool(data.get("tipo_documento")):
            campo = "tipo_documento" if data.get("numero_documento") else "numero_documento"
            raise ValidationError("El tipo y el número de documento van juntos.", campo)


class PacienteEditarSchema(PacienteEntradaSchema):
    """PATCH: used as ``PacienteEditarSchema(partial=True)``; ``activo`` only by an Administrador."""

    activo = fields.Boolean()


class PacienteSchema(Schema):
    id = fields.Integer()
    nombre = fields.String()
    apellido = fields.String()
    fecha_nacimiento = fields.Date()
    genero = fields.String(allow_none=True)
    tipo_documento = fields.String(allow_none=True)
    numero_documento = fields.String(allow_none=True)
    telefono = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    direccion = fields.String(allow_none=True)
    alergias = fields.String(allow_none=True, metadata={"description": "Omitido para Facturación"})
    contacto_emergencia_nombre = fields.String(allow_none=True)
    contacto_emergencia_telefono = fields.String(allow_none=True)
    fecha_registro = fields.DateTime()
    activo = fields.Boolean()
    acepta_recordatorios = fields.Boolean()
    canal_preferido = fields.String(allow_none=True, metadata={"description": "email, whatsapp o sms; nulo: el de la clínica"})
    origen = fields.String(metadata={"enum": ["recepcion", "en_linea"],
                                     "description": "Registrado por el personal o por su propia reserva en línea"})
    fusionado_con_id = fields.Integer(allow_none=True, metadata={
        "description": "Fusionado con ese paciente (este queda inactivo)"})


class PacienteFusionSchema(Schema):
    con_id = fields.Integer(required=True, strict=True, metadata={
        "description": "El paciente que se absorbe: sus citas y mensajes pasan a este, queda inactivo y "
                       "fusionado_con_id apunta a este"})


class PacienteDemograficoSchema(PacienteSchema):
    """A patient as Facturación sees it: demographic data only (the alcance decides, app/services/alcance.py)."""

    class Meta:
        exclude = ("alergias",)


class PacienteListaArgs(PaginacionArgs):
    q = Texto(validate=longitud(100), metadata={"description": "Nombre y/o apellido (sin importar acentos, "
                                                "mayúsculas ni orden), número de documento exacto, correo o teléfono"})
    activo = fields.Boolean()


class ExportacionSchema(Schema):
    paciente = fields.Nested(PacienteSchema)
    citas = fields.List(fields.Nested(CitaSchema))
    cambios_estado_citas = fields.List(fields.Nested(CambioEstadoRegistroSchema))
    facturas = fields.List(fields.Nested(FacturaSchema))
    historial = fields.List(fields.Nested(HistorialSchema))
    odontograma = fields.List(fields.Nested(RegistroSchema))
    planes = fields.List(fields.Nested(PlanSchema))
    auditoria = fields.List(fields.Nested(AuditoriaSchema))
