"""The clinic's settings (a single row): name, fiscal data, currency, default tax, invoice series."""
from decimal import Decimal

from marshmallow import Schema, fields, validate

from app.schemas.common import Dinero, Texto
from app.schemas.facturacion import Importe
from app.utils.validation import longitud, no_vacio, rango, uno_de

MODOS_SERIES = ("sucursal", "unica")


class ConfiguracionSchema(Schema):
    nombre = fields.String()
    razon_social = fields.String(allow_none=True)
    identificacion_fiscal = fields.String(allow_none=True)
    direccion = fields.String(allow_none=True)
    telefono = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    moneda = fields.String()
    impuesto_porcentaje = Dinero(metadata={"description": "Impuesto por defecto de los servicios nuevos"})
    modo_series = fields.String(metadata={"enum": list(MODOS_SERIES)})
    relacion_tratamiento_meses = fields.Integer(metadata={
        "description": "Meses tras la última cita o entrada en que caduca la relación de tratamiento de un médico"})
    mfa_admin = fields.Boolean(metadata={"description": "Los administradores deben usar verificación en dos pasos"})


class ConfiguracionEditarSchema(Schema):
    nombre = Texto(validate=no_vacio(200))
    razon_social = Texto(allow_none=True, validate=longitud(200))
    identificacion_fiscal = Texto(allow_none=True, validate=longitud(30))
    direccion = Texto(allow_none=True, validate=longitud(2000))
    telefono = Texto(allow_none=True, validate=longitud(15))
    email = fields.Email(allow_none=True, validate=longitud(100))
    moneda = Texto(validate=validate.Regexp(r"^[A-Z]{3}$", error="Use un código ISO 4217 de tres letras, p. ej. MXN."))
    impuesto_porcentaje = Importe(maximo=Decimal("100"))
    modo_series = fields.String(validate=uno_de(MODOS_SERIES))
    relacion_tratamiento_meses = fields.Integer(validate=rango(1, 240))
    mfa_admin = fields.Boolean(metadata={"description": "Activarla exige que quien la activa tenga ya su "
                                                        "verificación en dos pasos (409 MFA_NO_ACTIVO)"})
