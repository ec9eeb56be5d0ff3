"""The public (no-login) answers: only what API.md lists — nothing clinical, no patient data, no staff e-mails."""
from marshmallow import Schema, fields, validate

from app.schemas.common import Hora, PersonaRef, Referencia, Texto
from app.schemas.paciente import PacienteEntradaSchema, Telefono
from app.utils.validation import longitud


class _MedicoPublico(Schema):
    nombre = fields.String()
    apellido = fields.String()


class _SucursalPublica(Schema):
    nombre = fields.String()
    direccion = fields.String()
    telefono = fields.String(allow_none=True)


class CitaPublicaSchema(Schema):
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()
    zona_horaria = fields.String(metadata={"description": "Zona horaria IANA de la sucursal; fecha y horas son su "
                                                          "hora local"})
    estado = fields.String(metadata={"description": "Nombre del estado de la cita"})
    medico = fields.Nested(_MedicoPublico)
    especialidad = fields.String(allow_none=True)
    sucursal = fields.Nested(_SucursalPublica)
    puede_confirmar = fields.Boolean()
    puede_cancelar = fields.Boolean()


class CancelarCitaPublicaSchema(Schema):
    motivo = Texto(allow_none=True, validate=longitud(500))


class EnlaceCitaSchema(Schema):
    url = fields.String()


# --- online booking (API.md "Online booking") -------------------------------------------------------------------

class ClinicaPublicaSchema(Schema):
    nombre = fields.String()
    telefono = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    logo_url = fields.String(allow_none=True)


class SucursalReservaSchema(Schema):
    id = fields.Integer()
    nombre = fields.String()
    direccion = fields.String()
    telefono = fields.String(allow_none=True)
    zona_horaria = fields.String(metadata={"description": "Zona horaria IANA: fechas y horas de la sucursal"})


class MedicoReservaSchema(Schema):
    id = fields.Integer()
    nombre = fields.String()
    apellido = fields.String()
    especialidad = fields.Nested(Referencia, allow_none=True)


class CatalogoArgs(Schema):
    sucursal_id = fields.Integer()
    especialidad_id = fields.Integer()


class DisponibilidadPublicaArgs(Schema):
    sucursal_id = fields.Integer(required=True)
    especialidad_id = fields.Integer()
    medico_id = fields.Integer()
    desde = fields.Date()
    hasta = fields.Date(metadata={"description": "A lo sumo 14 días desde `desde`"})


class SlotPublicoSchema(Schema):
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()
    medico_id = fields.Integer()
    medico = fields.Nested(PersonaRef)


class DisponibilidadPublicaSchema(Schema):
    zona_horaria = fields.String()
    items = fields.List(fields.Nested(SlotPublicoSchema))
    completo = fields.Boolean(metadata={"description": "Falso cuando solo se muestran los primeros horarios"})


class FormularioReservaSchema(Schema):
    formulario = fields.String(metadata={"description": "Devuélvalo en la solicitud (cuándo se abrió el formulario)"})
    minimo_s = fields.Integer()


class SolicitudReservaSchema(PacienteEntradaSchema):
    """The public form: the slot and the patient's identity and contact (nothing clinical)."""

    class Meta:
        exclude = ("genero", "direccion", "alergias", "contacto_emergencia_nombre", "contacto_emergencia_telefono",
                   "acepta_recordatorios", "canal_preferido")

    sucursal_id = fields.Integer(required=True)
    medico_id = fields.Integer(required=True)
    fecha = fields.Date(required=True)
    hora_inicio = Hora(required=True)
    email = fields.Email(required=True, validate=longitud(100))
    telefono = Telefono(required=True, validate=longitud(20))
    motivo = Texto(allow_none=True, validate=longitud(500))
    formulario = fields.String(load_default=None, validate=longitud(200),
                               metadata={"description": "El de GET /api/publico/reservas/formulario"})
    sitio_web = fields.String(load_default=None, validate=longitud(500),
                              metadata={"description": "Dejar vacío (campo trampa para programas)"})


class SolicitudAceptadaSchema(Schema):
    solicitud_id = fields.UUID(attribute="id")
    expira_en = fields.DateTime()


class VerificarReservaSchema(Schema):
    codigo = fields.String(required=True, validate=validate.Regexp(r"^\d{6}$", error="El código tiene 6 dígitos."))


class _CitaReservadaSchema(Schema):
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()
    zona_horaria = fields.String()
    medico = fields.Nested(_MedicoPublico)
    sucursal = fields.Nested(_SucursalPublica)


class ReservaConfirmadaSchema(Schema):
    cita = fields.Nested(_CitaReservadaSchema)
    enlace = fields.String(metadata={"description": "La página pública de la cita"})
