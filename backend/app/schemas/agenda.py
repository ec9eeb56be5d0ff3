"""Series of appointments, the waiting list and the offers of freed slots (API.md "Agenda: series and waiting
list")."""
from datetime import date

from marshmallow import Schema, ValidationError, fields, validates_schema

from app.models.agenda import FRANJAS
from app.schemas.cita import CitaCrearSchema, CitaSchema
from app.schemas.common import Hora, PersonaRef, Texto
from app.schemas.publico import _MedicoPublico, _SucursalPublica
from app.utils.pagination import PaginacionArgs
from app.utils.validation import ID, en_orden, longitud, rango, uno_de

MODOS = ("todas", "las_posibles")
ULTIMO_DIA = date(2999, 12, 31)


# --- series --------------------------------------------------------------------------------------------------

class RepeticionSchema(Schema):
    cada_semanas = fields.Integer(validate=rango(1, 12))
    cada_dias = fields.Integer(validate=rango(1, 60))
    veces = fields.Integer(required=True, validate=rango(2, 52),
                           metadata={"description": "Cuántas citas, contando la primera"})

    @validates_schema
    def una_regla(self, data, **kwargs):
        if (data.get("cada_semanas") is None) == (data.get("cada_dias") is None):
            raise ValidationError("Indique cada_semanas o cada_dias (uno de los dos).", "cada_semanas")


class SerieCrearSchema(CitaCrearSchema):
    repeticion = fields.Nested(RepeticionSchema, required=True)
    modo = fields.String(required=True, validate=uno_de(MODOS),
                         metadata={"description": "todas: ninguna si alguna choca; las_posibles: las que se puedan"})
    simular = fields.Boolean(load_default=False, metadata={"description": "Solo calcular: no agenda nada"})

    @validates_schema
    def cabe_en_el_calendario(self, data, **kwargs):
        """The last date must exist (a date near 9999 plus the repetitions overflowed: a 500)."""
        repeticion = data.get("repeticion") or {}
        if "fecha" in data and repeticion.get("veces"):
            paso = (repeticion.get("cada_semanas") or 0) * 7 + (repeticion.get("cada_dias") or 0)
            if data["fecha"].toordinal() + paso * (repeticion["veces"] - 1) > ULTIMO_DIA.toordinal():
                raise ValidationError(f"La serie terminaría después del {ULTIMO_DIA:%d/%m/%Y}.", "fecha")


class ConflictoSerieSchema(Schema):
    """Also the body of 409 SERIE_CON_CONFLICTOS (``conflictos``): already in JSON form."""

    fecha = fields.String(metadata={"format": "date"})
    hora_inicio = fields.String(metadata={"pattern": "^[0-9]{2}:[0-9]{2}$"})
    reason = fields.String(metadata={"enum": ["MEDICO_OCUPADO", "PACIENTE_OCUPADO", "FUERA_DE_HORARIO", "FECHA_PASADA",
                                              "INACTIVO"]})
    message = fields.String()


class OcurrenciaSchema(Schema):
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()


class SerieResultadoSchema(Schema):
    serie_id = fields.Integer(allow_none=True, metadata={"description": "null al simular"})
    creadas = fields.List(fields.Nested(CitaSchema), metadata={"description": "Las citas agendadas (no al simular)"})
    posibles = fields.List(fields.Nested(OcurrenciaSchema), metadata={"description": "Al simular: las que se pueden"})
    conflictos = fields.List(fields.Nested(ConflictoSerieSchema))


class SerieCancelarSchema(Schema):
    motivo = Texto(required=True, validate=longitud(2000, 1))
    desde = fields.Date(metadata={"description": "Por omisión, hoy (hora local de la sucursal)"})


class SerieCanceladaSchema(Schema):
    canceladas = fields.Integer()
    citas = fields.List(fields.Integer())


# --- waiting list ----------------------------------------------------------------------------------------------

class EntradaEsperaCrearSchema(Schema):
    paciente_id = fields.Integer(required=True, validate=ID)
    sucursal_id = fields.Integer(required=True, validate=ID)
    especialidad_id = fields.Integer(allow_none=True, validate=ID)
    medico_id = fields.Integer(allow_none=True, validate=ID)
    desde = fields.Date(required=True)
    hasta = fields.Date(required=True)
    franja = fields.String(allow_none=True, validate=uno_de(FRANJAS),
                           metadata={"description": "manana: empieza antes de las 14:00; tarde: desde las 14:00"})
    notas = Texto(allow_none=True, validate=longitud(2000))

    @validates_schema
    def validar_rango(self, data, **kwargs):
        en_orden(data, "desde", "hasta")


class _PacienteEspera(PersonaRef):
    telefono = fields.String(allow_none=True)


class EntradaEsperaSchema(Schema):
    id = fields.Integer()
    paciente_id = fields.Integer()
    paciente = fields.Nested(_PacienteEspera)
    sucursal_id = fields.Integer()
    especialidad_id = fields.Integer(allow_none=True)
    medico_id = fields.Integer(allow_none=True)
    desde = fields.Date()
    hasta = fields.Date()
    franja = fields.String(allow_none=True, metadata={"enum": list(FRANJAS)})
    notas = fields.String(allow_none=True)
    creado_en = fields.DateTime()
    estado = fields.String(metadata={"enum": ["activa", "atendida", "retirada"]})
    ofertas = fields.Integer(metadata={"description": "Cuántas veces se le ofreció un hueco"})


class ListaEsperaArgs(PaginacionArgs):
    sucursal_id = fields.Integer(validate=ID)
    medico_id = fields.Integer(validate=ID)
    paciente_id = fields.Integer(validate=ID)


class SugerenciasArgs(Schema):
    cita_id = fields.Integer(required=True, validate=ID, metadata={"description": "Una cita Cancelada o No Asistió"})


class SugerenciaSchema(EntradaEsperaSchema):
    ya_ofrecida = fields.Boolean(metadata={"description": "Ya se le ofreció este horario (no se puede repetir)"})


class SugerenciasSchema(Schema):
    items = fields.List(fields.Nested(SugerenciaSchema))


class OfrecerSchema(Schema):
    cita_id = fields.Integer(required=True, validate=ID,
                             metadata={"description": "La cita cancelada (o No Asistió) cuyo hueco se ofrece"})


class OfertaCreadaSchema(Schema):
    oferta_id = fields.Integer()


# --- the public offer page -------------------------------------------------------------------------------------

class _SucursalOferta(_SucursalPublica):
    class Meta:
        exclude = ("telefono",)


class OfertaPublicaSchema(Schema):
    fecha = fields.Date()
    hora_inicio = Hora()
    hora_fin = Hora()
    zona_horaria = fields.String(metadata={"description": "Zona horaria IANA de la sucursal; fecha y horas son su "
                                                          "hora local"})
    medico = fields.Nested(_MedicoPublico)
    sucursal = fields.Nested(_SucursalOferta)
    disponible = fields.Boolean(metadata={"description": "Si todavía se puede aceptar"})
