"""Dentistry: the condition catalogue, the odontogram's records and chart, treatment plans (API.md "Dentistry")."""
from datetime import date
from decimal import Decimal

from marshmallow import Schema, fields, validate

from app.models.odontologia import ESTADOS_PLAN
from app.schemas.common import Dinero, PersonaRef, Referencia, Texto
from app.schemas.facturacion import Importe
from app.schemas.historial import MAX_CLINICO
from app.utils.pagination import PaginacionArgs
from app.utils.validation import ID, longitud, no_vacio, rango, uno_de

SUPERFICIE = fields.String(validate=uno_de(tuple("MDOIVLP")))


def _superficies():
    return fields.List(SUPERFICIE, load_default=list,
                       validate=validate.Length(max=5, error="Como máximo {max} superficies."),
                       metadata={"description": "M mesial, D distal, O oclusal, I incisal, V vestibular, L lingual, "
                                                "P palatina"})


class CondicionSchema(Schema):
    codigo = fields.String()
    nombre = fields.String()
    ambito = fields.String(metadata={"description": "pieza | superficie"})
    color = fields.String()


# --- odontogram ----------------------------------------------------------------------------------

class OdontogramaArgs(Schema):
    fecha = fields.Date(validate=validate.Range(min=date(1900, 1, 1), max=date(2999, 12, 31),
                                                error="Debe estar entre {min} y {max}."),
                        metadata={"description": "El odontograma al final de ese día (por defecto: ahora)"})


class EstadoPiezaSchema(Schema):
    condiciones = fields.List(fields.String())
    superficies = fields.Dict(keys=fields.String(), values=fields.String())


class OdontogramaSchema(Schema):
    denticion = fields.String(metadata={"description": "permanente | temporal | mixta"})
    piezas = fields.Dict(keys=fields.String(), values=fields.Nested(EstadoPiezaSchema),
                         metadata={"description": "Solo las piezas con algún hallazgo, por código FDI"})
    actualizado_en = fields.DateTime(allow_none=True)
    fechas = fields.List(fields.Date(), metadata={
        "description": "Los días (de la clínica) en que cambió el odontograma, todos, del más antiguo al más reciente"})


class HallazgoCrearSchema(Schema):
    pieza = fields.Integer(required=True, strict=True, validate=rango(11, 85))
    superficies = _superficies()
    condicion = Texto(required=True, validate=no_vacio(30))
    nota = Texto(allow_none=True, load_default=None, validate=longitud(1000))


class RegistroCrearSchema(Schema):
    cita_id = fields.Integer(allow_none=True, load_default=None, strict=True, validate=ID)
    hallazgos = fields.List(fields.Nested(HallazgoCrearSchema), required=True,
                            validate=validate.Length(min=1, max=64, error="Entre {min} y {max} hallazgos."))
    observaciones = Texto(allow_none=True, load_default=None, validate=longitud(MAX_CLINICO))


class HallazgoSchema(Schema):
    pieza = fields.Integer()
    superficies = fields.List(fields.String(), attribute="lista_superficies")
    condicion = fields.String()
    nota = fields.String(allow_none=True)


class RegistroSchema(Schema):
    id = fields.Integer()
    paciente_id = fields.Integer()
    medico_id = fields.Integer()
    medico = fields.Nested(PersonaRef)
    cita_id = fields.Integer(allow_none=True)
    fecha = fields.DateTime()
    observaciones = fields.String(allow_none=True)
    hallazgos = fields.List(fields.Nested(HallazgoSchema))


# --- treatment plans -------------------------------------------------------------------------------

class ItemPlanCrearSchema(Schema):
    servicio_id = fields.Integer(required=True, strict=True, validate=ID)
    pieza = fields.Integer(allow_none=True, load_default=None, strict=True, validate=rango(11, 85))
    superficies = _superficies()
    cantidad = fields.Integer(load_default=1, strict=True, validate=rango(1, 99))
    fase = fields.Integer(load_default=1, strict=True, validate=rango(1, 9))
    descuento_porcentaje = Importe(load_default=Decimal("0"), maximo=Decimal("100"))
    nota = Texto(allow_none=True, load_default=None, validate=longitud(1000))


def _items(**kwargs):
    return fields.List(fields.Nested(ItemPlanCrearSchema),
                       validate=validate.Length(min=1, max=100, error="Entre {min} y {max} ítems."), **kwargs)


class PlanEditarSchema(Schema):
    titulo = Texto(validate=no_vacio(200))
    sucursal_id = fields.Integer(allow_none=True, strict=True, validate=ID)
    vigencia_dias = fields.Integer(strict=True, validate=rango(1, 365))
    items = _items()


class PlanCrearSchema(PlanEditarSchema):
    titulo = Texto(required=True, validate=no_vacio(200))
    vigencia_dias = fields.Integer(load_default=30, strict=True, validate=rango(1, 365))
    items = _items(required=True)


class PlanEstadoSchema(Schema):
    estado = fields.String(required=True, validate=uno_de(ESTADOS_PLAN))
    motivo = Texto(allow_none=True, load_default=None, validate=longitud(1000))
    aceptado_por = Texto(allow_none=True, load_default=None, validate=longitud(200),
                         metadata={"description": "Quién acepta el presupuesto (obligatorio para «aceptado»)"})


class RealizarSchema(Schema):
    cita_id = fields.Integer(allow_none=True, load_default=None, strict=True, validate=ID)


class PlanesArgs(PaginacionArgs):
    estado = fields.String(validate=uno_de(ESTADOS_PLAN))


class ItemPlanSchema(Schema):
    id = fields.Integer()
    servicio_id = fields.Integer()
    servicio = fields.Nested(Referencia)
    pieza = fields.Integer(allow_none=True)
    superficies = fields.List(fields.String(), attribute="lista_superficies")
    cantidad = fields.Integer()
    fase = fields.Integer()
    nota = fields.String(allow_none=True)
    precio_unitario = Dinero()
    impuesto_porcentaje = Dinero()
    descuento_porcentaje = Dinero()
    subtotal = Dinero(metadata={"description": "precio_unitario × cantidad"})
    descuento = Dinero()
    impuesto = Dinero()
    total = Dinero(metadata={"description": "subtotal − descuento + impuesto"})
    estado = fields.String(metadata={"description": "pendiente | realizado"})
    realizado_en = fields.DateTime(allow_none=True)
    realizado_por = fields.Integer(allow_none=True)
    cita_id = fields.Integer(allow_none=True)
    factura_id = fields.Integer(allow_none=True)


class PlanSchema(Schema):
    id = fields.Integer()
    paciente_id = fields.Integer()
    medico_id = fields.Integer()
    medico = fields.Nested(PersonaRef)
    sucursal_id = fields.Integer()
    sucursal = fields.Nested(Referencia)
    titulo = fields.String()
    estado = fields.String()
    vigencia_dias = fields.Integer()
    subtotal = Dinero()
    descuento = Dinero()
    impuesto = Dinero()
    total = Dinero()
    motivo = fields.String(allow_none=True)
    aceptado_por = fields.String(allow_none=True)
    creado_en = fields.DateTime()
    presentado_en = fields.DateTime(allow_none=True)
    aceptado_en = fields.DateTime(allow_none=True)
    rechazado_en = fields.DateTime(allow_none=True)
    terminado_en = fields.DateTime(allow_none=True)
    cancelado_en = fields.DateTime(allow_none=True)
    items = fields.List(fields.Nested(ItemPlanSchema))
