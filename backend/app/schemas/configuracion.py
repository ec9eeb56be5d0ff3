"""The clinic's settings (a single row): name, fiscal data, currency, default tax, invoice series."""
from decimal import Decimal

from marshmallow import Schema, fields, validate

from app.schemas.common import Dinero, Texto
from app.schemas.facturacion import Importe
from app.utils.validation import longitud, no_vacio, rango, uno_de

MODOS_SERIES = ("sucursal", "unica")


class AjustesReservaEnLineaSchema(Schema):
    """API.md "Online booking": the clinic's settings of it (columns of configuracion_clinica)."""

    activa = fields.Boolean(attribute="reserva_en_linea_activa",
                            metadata={"description": "Los pacientes pueden reservar en /reservar"})
    antelacion_minima_horas = fields.Integer(validate=rango(0, 720), metadata={
        "description": "Un horario se ofrece con al menos estas horas de anticipación"})
    horizonte_dias = fields.Integer(validate=rango(1, 365), metadata={
        "description": "Y a lo sumo estos días antes"})
    cancelacion_minima_horas = fields.Integer(validate=rango(0, 168), metadata={
        "description": "El paciente no puede cancelar desde su enlace más tarde que estas horas antes"})


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
    logo_url = fields.String(allow_none=True, metadata={"description": "Logotipo de las páginas públicas"})
    exigir_caja = fields.Boolean(metadata={
        "description": "Los cobros y devoluciones en efectivo exigen una caja abierta en la sucursal"})
    reserva_en_linea = fields.Function(lambda config: AjustesReservaEnLineaSchema().dump(config),
                                       metadata={"type": "object"})


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
    logo_url = fields.Url(allow_none=True, schemes={"https"}, validate=longitud(500),
                          metadata={"description": "Dirección https de una imagen (PNG, SVG o JPEG)"})
    reserva_en_linea = fields.Nested(AjustesReservaEnLineaSchema, metadata={"description": "Uno o más de sus campos"})
    exigir_caja = fields.Boolean()
