"""Billing schemas: service catalog, invoices, payments, cancellation."""
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate

from app.models.facturacion import ESTADOS_FACTURA, METODOS_PAGO
from app.schemas.common import Dinero, PersonaRef, Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import longitud, no_vacio, rango, uno_de

# NUMERIC(10, 2) holds at most this.
IMPORTE_MAXIMO = Decimal("99999999.99")
# A non-negative amount as the spec publishes it (the range itself is checked on load).
PATRON_IMPORTE = r"^[0-9]{1,10}(\.[0-9]{1,2}0*)?$"


class Importe(Dinero):
    """Money on input: at most two decimals (never silently rounded) and within a range.

    The range is checked here rather than with a ``validate.Range``: apispec would publish it as
    ``minimum``/``maximum`` of a string, which OpenAPI does not allow; the spec carries a
    non-negative pattern and the limits in the description instead."""

    default_error_messages = {"decimales": "Debe tener como máximo dos decimales.",
                              "rango": "Debe estar entre {min} y {max}."}

    def __init__(self, minimo=Decimal("0"), maximo=IMPORTE_MAXIMO, **kwargs):
        self.minimo, self.maximo = minimo, maximo
        metadata = {"description": f"Importe entre {minimo} y {maximo}", **kwargs.pop("metadata", {})}
        if minimo >= 0:
            metadata.setdefault("pattern", PATRON_IMPORTE)
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        result = super()._deserialize(value, attr, data, **kwargs)
        if not self.minimo <= result <= self.maximo:
            raise self.make_error("rango", min=self.minimo, max=self.maximo)
        return result

    def _format_num(self, value):
        num = Decimal(str(value))
        if num.is_finite() and num.as_tuple().exponent < -2 and num != num.quantize(Decimal("0.01")):
            raise ValidationError(self.error_messages["decimales"])
        return super()._format_num(value)


def _dinero(valor):
    return str(Decimal(valor).quantize(Decimal("0.01")))


def _porcentaje(**kwargs):
    return Importe(maximo=Decimal("100"), **kwargs)


# --- service catalog ---------------------------------------------------------------------------

class ServicioSchema(Schema):
    id = fields.Integer(dump_only=True)
    nombre = fields.String()
    descripcion = fields.String(allow_none=True)
    precio = Dinero()
    impuesto_porcentaje = Dinero()
    activo = fields.Boolean()


class ServicioCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(200))
    descripcion = Texto(allow_none=True, validate=longitud(2000))
    precio = Importe(required=True)
    impuesto_porcentaje = _porcentaje(load_default=Decimal("0.00"))
    activo = fields.Boolean(load_default=True)


class ServicioEditarSchema(Schema):
    nombre = Texto(validate=no_vacio(200))
    descripcion = Texto(allow_none=True, validate=longitud(2000))
    precio = Importe()
    impuesto_porcentaje = _porcentaje()
    activo = fields.Boolean()


class ServicioListaArgs(PaginacionArgs):
    activo = fields.Boolean()
    q = Texto(validate=longitud(100))


# --- invoices ----------------------------------------------------------------------------------

class DetalleFacturaSchema(Schema):
    servicio_id = fields.Integer(allow_none=True)
    descripcion = fields.String()
    cantidad = fields.Integer()
    precio_unitario = Dinero()
    subtotal = Dinero()
    impuesto_porcentaje = Dinero()
    impuesto = Dinero()


class PagoSchema(Schema):
    id = fields.Integer()
    monto = Dinero()
    metodo = fields.String()
    fecha = fields.DateTime()
    usuario_id = fields.Integer(allow_none=True)


class FacturaSchema(Schema):
    id = fields.Integer()
    numero_factura = fields.String()
    serie = fields.String()
    numero = fields.Integer()
    paciente_id = fields.Integer()
    paciente = fields.Nested(PersonaRef)
    cita_id = fields.Integer(allow_none=True)
    sucursal_id = fields.Integer(allow_none=True)
    fecha_emision = fields.DateTime()
    subtotal = Dinero()
    impuesto = Dinero()
    total = Dinero()
    pagado = fields.Method("_pagado", metadata={"type": "string", "description": "Suma de los pagos"})
    saldo = fields.Method("_saldo", metadata={"type": "string", "description": "total - pagos"})
    estado = fields.String()
    creado_por = fields.Integer(allow_none=True)
    motivo_anulacion = fields.String(allow_none=True)
    anulada_por = fields.Integer(allow_none=True)
    fecha_anulacion = fields.DateTime(allow_none=True)
    huella = fields.String()
    huella_anterior = fields.String(allow_none=True)
    detalles = fields.List(fields.Nested(DetalleFacturaSchema))
    pagos = fields.List(fields.Nested(PagoSchema))

    def _pagado(self, factura):
        return _dinero(sum((p.monto for p in factura.pagos), Decimal("0")))

    def _saldo(self, factura):
        return _dinero(factura.total - sum((p.monto for p in factura.pagos), Decimal("0")))


class LineaFacturaSchema(Schema):
    servicio_id = fields.Integer(required=True, strict=True, validate=rango(1, 2_147_483_647))
    cantidad = fields.Integer(load_default=1, strict=True, validate=rango(1, 999))


class FacturaCrearSchema(Schema):
    paciente_id = fields.Integer(required=True, strict=True, validate=rango(1, 2_147_483_647))
    cita_id = fields.Integer(allow_none=True, strict=True, validate=rango(1, 2_147_483_647))
    sucursal_id = fields.Integer(allow_none=True, strict=True, validate=rango(1, 2_147_483_647))
    detalles = fields.List(
        fields.Nested(LineaFacturaSchema), required=True,
        validate=validate.Length(min=1, max=200, error="Debe tener entre {min} y {max} líneas."),
    )


class FacturaListaArgs(PaginacionArgs):
    paciente_id = fields.Integer(validate=rango(1, 2_147_483_647))
    estado = fields.String(validate=uno_de(ESTADOS_FACTURA))
    fecha_desde = fields.Date()
    fecha_hasta = fields.Date()
    sucursal_id = fields.Integer(validate=rango(1, 2_147_483_647))


class PagoCrearSchema(Schema):
    monto = Importe(required=True, minimo=Decimal("0.01"))
    metodo = fields.String(required=True, validate=uno_de(METODOS_PAGO))


class PagoRegistradoSchema(PagoSchema):
    """The new payment, with the invoice's balance and state after it."""

    factura_id = fields.Integer()
    saldo = Dinero(metadata={"description": "Saldo de la factura después del pago"})
    estado = fields.String(metadata={"description": "Estado de la factura después del pago"})


class AnularSchema(Schema):
    motivo = Texto(required=True, validate=no_vacio(2000))
