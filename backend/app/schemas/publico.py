"""The public (no-login) answers: only what API.md lists — nothing clinical, no patient data, no staff e-mails."""
from marshmallow import Schema, fields

from app.schemas.common import Hora, Texto
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
