"""Cash register schemas (API.md "Credit notes, refunds and the cash register")."""
import re
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, post_load, validates, validates_schema

from app.models.caja import ESTADOS_CAJA, TIPOS_MOVIMIENTO
from app.schemas.common import Dinero, PersonaRef, Referencia, Texto
from app.schemas.facturacion import Importe
from app.utils.pagination import PaginacionArgs
from app.utils.validation import ID, longitud, no_vacio, rango, uno_de

# A bill or coin of the count: "500", "0.50".
PATRON_DENOMINACION = r"^[0-9]{1,6}(\.[0-9]{1,2})?$"


class PorMetodoSchema(Schema):
    efectivo = Dinero()
    tarjeta = Dinero()
    transferencia = Dinero()


class MovimientoCajaSchema(Schema):
    tipo = fields.String(metadata={"enum": ["pago", "devolucion", "ingreso", "egreso"]})
    id = fields.Integer()
    monto = Dinero(metadata={"description": "Negativo cuando sale dinero (devolución, egreso)"})
    metodo = fields.String()
    concepto = fields.String(allow_none=True)
    factura_id = fields.Integer(allow_none=True)
    numero_factura = fields.String(allow_none=True)
    fecha = fields.DateTime()
    usuario = fields.Nested(PersonaRef, allow_none=True)


class SesionCajaSchema(Schema):
    id = fields.Integer()
    sucursal_id = fields.Integer()
    sucursal = fields.Nested(Referencia)
    estado = fields.String(metadata={"enum": list(ESTADOS_CAJA)})
    fondo_inicial = Dinero()
    abierta_por = fields.Nested(PersonaRef, attribute="usuario_apertura")
    abierta_en = fields.DateTime()
    cerrada_por = fields.Nested(PersonaRef, attribute="usuario_cierre", allow_none=True)
    cerrada_en = fields.DateTime(allow_none=True)
    notas = fields.String(allow_none=True)
    conteo = fields.Dict(keys=fields.String(), values=fields.Integer(), allow_none=True)
    por_metodo = fields.Nested(PorMetodoSchema, attribute="totales.por_metodo",
                               metadata={"description": "Pagos menos devoluciones de la sesión por método"})
    ingresos = Dinero(attribute="totales.ingresos", metadata={"description": "Entradas manuales de efectivo"})
    egresos = Dinero(attribute="totales.egresos", metadata={"description": "Salidas manuales de efectivo"})
    esperado = fields.Method("_esperado", metadata={
        "type": "string", "description": "Fondo + efectivo cobrado − devuelto + entradas − salidas (al cierre, fijo)"})
    contado = Dinero(attribute="efectivo_contado", allow_none=True)
    diferencia = fields.Method("_diferencia", metadata={
        "type": "string", "nullable": True, "description": "contado − esperado (null mientras está abierta)"})

    def _esperado(self, sesion):
        esperado = sesion.esperado if sesion.estado == "cerrada" else sesion.totales.esperado
        return str(esperado)

    def _diferencia(self, sesion):
        if sesion.estado != "cerrada":
            return None
        return str(sesion.efectivo_contado - sesion.esperado)


class SesionCajaDetalleSchema(SesionCajaSchema):
    movimientos = fields.List(fields.Nested(MovimientoCajaSchema))


class SesionCajaListaArgs(PaginacionArgs):
    sucursal_id = fields.Integer(validate=ID)
    estado = fields.String(validate=uno_de(ESTADOS_CAJA))


class AbrirCajaSchema(Schema):
    sucursal_id = fields.Integer(strict=True, validate=ID, metadata={
        "description": "Obligatoria salvo para un usuario con sucursal (la suya)"})
    fondo_inicial = Importe(required=True)


class MovimientoCajaCrearSchema(Schema):
    tipo = fields.String(required=True, validate=uno_de(TIPOS_MOVIMIENTO))
    monto = Importe(required=True, minimo=Decimal("0.01"))
    concepto = Texto(required=True, validate=no_vacio(200))


class CerrarCajaSchema(Schema):
    efectivo_contado = Importe(required=True)
    notas = Texto(allow_none=True, validate=longitud(2000))
    conteo = fields.Dict(keys=fields.String(), values=fields.Integer(strict=True, validate=rango(0, 100_000)),
                         allow_none=True, metadata={
                             "description": "Billetes y monedas contados: {\"500\": 2, \"0.50\": 3}; su suma debe "
                                            "ser el efectivo contado"})

    @validates("conteo")
    def _denominaciones(self, conteo, **kwargs):
        if conteo is None:
            return
        if len(conteo) > 40:
            raise ValidationError("Como máximo 40 denominaciones.")
        malas = [d for d in conteo if not re.fullmatch(PATRON_DENOMINACION, d) or Decimal(d) == 0]
        if malas:
            raise ValidationError(f"Denominaciones no válidas: {', '.join(sorted(malas)[:5])}.")

    @post_load
    def _una_clave_por_denominacion(self, datos, **kwargs):
        """"500", "500.0" and "500.00" are one bill: one key ("500", "0.50"), their counts added up."""
        if datos.get("conteo"):
            conteo = {}
            for denominacion, cantidad in datos["conteo"].items():
                valor = Decimal(denominacion)
                clave = str(valor.quantize(Decimal(1) if valor == valor.to_integral() else Decimal("0.01")))
                conteo[clave] = conteo.get(clave, 0) + cantidad
            datos["conteo"] = conteo
        return datos

    @validates_schema
    def _el_conteo_suma_lo_contado(self, datos, **kwargs):
        if datos.get("conteo") is not None and "efectivo_contado" in datos:
            suma = sum((Decimal(d) * n for d, n in datos["conteo"].items()), Decimal("0.00"))
            if suma != datos["efectivo_contado"]:
                raise ValidationError(f"El conteo suma {suma} y no coincide con el efectivo contado.", "conteo")
