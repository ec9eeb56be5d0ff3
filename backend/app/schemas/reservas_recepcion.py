"""The reception's list of online bookings: an appointment of the list, plus what reception must look at."""
from marshmallow import Schema, fields, validates_schema

from app.schemas.cita import CitaSchema
from app.utils.pagination import PaginacionArgs
from app.utils.validation import en_orden


class ReservasEnLineaArgs(PaginacionArgs):
    fecha_desde = fields.Date(metadata={"description": "Por omisión, hoy (en la sucursal más al oeste de la lista)"})
    fecha_hasta = fields.Date()
    sucursal_id = fields.Integer()

    @validates_schema
    def validar_rango(self, data, **kwargs):
        en_orden(data, "fecha_desde", "fecha_hasta")


class PosibleDuplicadoSchema(Schema):
    id = fields.Integer()
    nombre = fields.String()
    apellido = fields.String()
    fecha_nacimiento = fields.Date()


class ReservaEnLineaSchema(CitaSchema):
    paciente_nuevo = fields.Boolean(metadata={"description": "El paciente se registró con su reserva en línea"})
    posibles_duplicados = fields.List(fields.Nested(PosibleDuplicadoSchema), metadata={
        "description": "Otros pacientes activos con el mismo nombre (sin acentos ni mayúsculas) y fecha de "
                       "nacimiento: candidatos a fusionar (POST /api/pacientes/{id}/fusionar)"})
