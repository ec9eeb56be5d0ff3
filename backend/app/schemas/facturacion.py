"""Billing schemas: service catalog, invoices, payments, cancellation."""
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.models.facturacion import ESTADOS_FACTURA, METODOS_PAGO, TIPOS_FACTURA
from app.schemas.common import Dinero, PersonaRef, Texto
from app.utils.pagination import PaginacionArgs
from app.utils.validation import ID, longitud, no_vacio, rango, uno_de

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
    condicion_resultante = fields.String(allow_none=True, metadata={
        "description": "Condición del catálogo odontológico que deja en la pieza al realizarse (o null)"})


class ServicioCrearSchema(Schema):
    nombre = Texto(required=True, validate=no_vacio(200))
    descripcion = Texto(allow_none=True, validate=longitud(2000))
    precio = Importe(required=True)
    impuesto_porcentaje = _porcentaje(load_default=Decimal("0.00"))
    activo = fields.Boolean(load_default=True)
    condicion_resultante = Texto(allow_none=True, validate=longitud(30))


class ServicioEditarSchema(Schema):
    nombre = Texto(validate=no_vacio(200))
    descripcion = Texto(allow_none=True, validate=longitud(2000))
    precio = Importe()
    impuesto_porcentaje = _porcentaje()
    activo = fields.Boolean()
    condicion_resultante = Texto(allow_none=True, validate=longitud(30))


class ServicioListaArgs(PaginacionArgs):
    activo = fields.Boolean()
    q = Texto(validate=longitud(100))


# --- invoices ----------------------------------------------------------------------------------

class DetalleFacturaSchema(Schema):
    id = fields.Integer()
    servicio_id = fields.Integer(allow_none=True)
    descripcion = fields.String()
    cantidad = fields.Integer()
    precio_unitario = Dinero()
    subtotal = Dinero()
    impuesto_porcentaje = Dinero()
    impuesto = Dinero()
    detalle_rectificado_id = fields.Integer(allow_none=True, metadata={
        "description": "En una rectificativa (cantidad negativa): la línea de la factura que rectifica"})
    descuento = Dinero(metadata={"description": "Descuento de la línea: subtotal = precio_unitario × cantidad − descuento"})
    plan_item_id = fields.Integer(allow_none=True, metadata={"description": "El ítem de plan de tratamiento que factura"})


class DetalleFacturaVistaSchema(DetalleFacturaSchema):
    """A line of an ordinary invoice with what credit notes may still take (the last units take exactly the
    subtotal and tax left; fewer units, the line's arithmetic with the tax capped at what is left)."""

    cantidad_rectificable = fields.Function(lambda d: d.queda[0] if d.queda else None, metadata={
        "type": "integer", "nullable": True, "description": "Cantidad que aún puede rectificarse"})
    subtotal_rectificable = fields.Function(lambda d: str(d.queda[1]) if d.queda else None, metadata={
        "type": "string", "nullable": True, "description": "Subtotal de la línea que aún puede rectificarse"})
    impuesto_rectificable = fields.Function(lambda d: str(d.queda[2]) if d.queda else None, metadata={
        "type": "string", "nullable": True, "description": "Impuesto de la línea que aún puede rectificarse"})


class PagoSchema(Schema):
    id = fields.Integer()
    monto = Dinero(metadata={"description": "Negativo en una devolución"})
    metodo = fields.String()
    fecha = fields.DateTime()
    usuario_id = fields.Integer(allow_none=True)
    sesion_caja_id = fields.Integer(allow_none=True, metadata={"description": "La sesión de caja a la que se sumó"})


class RectificativaRefSchema(Schema):
    id = fields.Integer()
    numero_factura = fields.String()
    total = Dinero()
    fecha_emision = fields.DateTime()


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
    pagado = Dinero(metadata={"description": "Pagos menos devoluciones"})
    devuelto = Dinero(metadata={"description": "Suma de las devoluciones (positiva)"})
    saldo = Dinero(metadata={"description": "total - rectificado - pagado (negativo: se debe al paciente)"})
    estado = fields.String()
    tipo = fields.String(metadata={"enum": list(TIPOS_FACTURA)})
    factura_rectificada_id = fields.Integer(allow_none=True)
    factura_rectificada_numero = fields.Function(
        lambda f: f.factura_rectificada.numero_factura if f.factura_rectificada_id else None,
        metadata={"type": "string", "nullable": True, "description": "Número de la factura que rectifica"})
    motivo_rectificacion = fields.String(allow_none=True)
    rectificado = Dinero(metadata={"description": "Importe rectificado hasta ahora (positivo)"})
    creado_por = fields.Integer(allow_none=True)
    motivo_anulacion = fields.String(allow_none=True)
    anulada_por = fields.Integer(allow_none=True)
    fecha_anulacion = fields.DateTime(allow_none=True)
    huella = fields.String()
    huella_anterior = fields.String(allow_none=True)
    detalles = fields.List(fields.Nested(DetalleFacturaSchema))
    pagos = fields.List(fields.Nested(PagoSchema))


class FacturaDetalleSchema(FacturaSchema):
    """One invoice: its lines with what is left to rectify, and its credit notes."""

    detalles = fields.List(fields.Nested(DetalleFacturaVistaSchema))
    rectificativas = fields.List(fields.Nested(RectificativaRefSchema))


class LineaFacturaSchema(Schema):
    servicio_id = fields.Integer(required=True, strict=True, validate=ID)
    cantidad = fields.Integer(load_default=1, strict=True, validate=rango(1, 999))


class FacturaCrearSchema(Schema):
    paciente_id = fields.Integer(required=True, strict=True, validate=ID)
    cita_id = fields.Integer(allow_none=True, strict=True, validate=ID)
    sucursal_id = fields.Integer(allow_none=True, strict=True, validate=ID)
    detalles = fields.List(
        fields.Nested(LineaFacturaSchema), load_default=list,
        validate=validate.Length(max=200, error="Debe tener como máximo {max} líneas."),
    )
    plan_items = fields.List(
        fields.Integer(strict=True, validate=ID), load_default=list,
        validate=validate.Length(max=200, error="Debe tener como máximo {max} ítems."),
        metadata={"description": "Ítems realizados de planes de tratamiento del paciente, a los precios del plan"})

    @validates_schema
    def alguna_linea(self, data, **kwargs):
        if not data.get("detalles") and not data.get("plan_items"):
            raise ValidationError({"detalles": ["La factura debe tener al menos una línea o un ítem de plan."]})
        if len(data.get("detalles", [])) + len(data.get("plan_items", [])) > 200:
            raise ValidationError({"detalles": ["Debe tener como máximo 200 líneas."]})


class FacturaListaArgs(PaginacionArgs):
    paciente_id = fields.Integer(validate=ID)
    estado = fields.String(validate=uno_de(ESTADOS_FACTURA))
    tipo = fields.String(validate=uno_de(TIPOS_FACTURA))
    fecha_desde = fields.Date()
    fecha_hasta = fields.Date()
    sucursal_id = fields.Integer(validate=ID)


class PagoCrearSchema(Schema):
    monto = Importe(required=True, minimo=Decimal("0.01"))
    metodo = fields.String(required=True, validate=uno_de(METODOS_PAGO))


class DevolucionCrearSchema(PagoCrearSchema):
    """A refund: the amount given back (positive here, stored as a negative payment)."""


class PagoRegistradoSchema(PagoSchema):
    """The new payment (or refund), with the invoice's balance and state after it."""

    factura_id = fields.Integer()
    saldo = Dinero(metadata={"description": "Saldo de la factura después del pago"})
    estado = fields.String(metadata={"description": "Estado de la factura después del pago"})


class AnularSchema(Schema):
    motivo = Texto(required=True, validate=no_vacio(2000))


class LineaRectificarSchema(Schema):
    detalle_id = fields.Integer(required=True, strict=True, validate=ID)
    cantidad = fields.Integer(required=True, strict=True, validate=rango(1, 999))


class RectificarSchema(Schema):
    motivo = Texto(required=True, validate=no_vacio(2000))
    lineas = fields.List(fields.Nested(LineaRectificarSchema), validate=validate.Length(
        min=1, max=200, error="Debe tener entre {min} y {max} líneas."), metadata={
        "description": "Líneas y cantidades a rectificar; sin ellas, todo lo que queda de la factura"})
