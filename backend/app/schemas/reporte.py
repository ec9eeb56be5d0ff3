"""Query arguments and answers of the reports (/api/reportes)."""
import calendar
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from marshmallow import Schema, ValidationError, fields, post_load

from app.schemas.common import Dinero
from app.utils.validation import rango, uno_de

# Longest period a report covers (a leap year fits).
MAX_DIAS = 366
FORMATOS = ("json", "csv")
FECHA_MINIMA, FECHA_MAXIMA = date(1900, 1, 1), date(2999, 12, 31)


def _hoy_clinica() -> date:
    return datetime.now(ZoneInfo(current_app.config["DEFAULT_TIME_ZONE"])).date()


def _fin_de_mes(dia: date) -> date:
    return dia.replace(day=calendar.monthrange(dia.year, dia.month)[1])


class ReporteArgs(Schema):
    """desde/hasta (inclusive, branch-local dates) default to the current month of the clinic."""

    desde = fields.Date()
    hasta = fields.Date()
    sucursal_id = fields.Integer(validate=rango(1, 2**31 - 1))
    medico_id = fields.Integer(validate=rango(1, 2**31 - 1))
    formato = fields.String(load_default="json", validate=uno_de(FORMATOS))

    @post_load
    def periodo(self, data, **kwargs):
        desde, hasta = data.get("desde"), data.get("hasta")
        for campo, valor in (("desde", desde), ("hasta", hasta)):
            if valor is not None and not FECHA_MINIMA <= valor <= FECHA_MAXIMA:  # date arithmetic would overflow
                raise ValidationError({campo: [f"Debe estar entre {FECHA_MINIMA} y {FECHA_MAXIMA}."]})
        if desde is None and hasta is None:
            desde = _hoy_clinica().replace(day=1)
        if desde is None:
            desde = hasta.replace(day=1)
        if hasta is None:
            hasta = _fin_de_mes(desde)
        if hasta < desde:
            raise ValidationError({"hasta": ["Debe ser igual o posterior a «desde»."]})
        if (hasta - desde) + timedelta(days=1) > timedelta(days=MAX_DIAS):
            raise ValidationError({"hasta": [f"El periodo no puede superar {MAX_DIAS} días."]})
        data["desde"], data["hasta"] = desde, hasta
        return data


class IngresosArgs(ReporteArgs):
    agrupar = fields.String(load_default="dia", validate=uno_de(("dia", "mes")))


class FiltrosSchema(Schema):
    desde = fields.Date()
    hasta = fields.Date()
    sucursal_id = fields.Integer(allow_none=True)
    medico_id = fields.Integer(allow_none=True)


class CitasPorEstadoSchema(Schema):
    estado_id = fields.Integer()
    estado = fields.String()
    total = fields.Integer()


class ConfirmacionesSchema(Schema):
    confirmadas = fields.Integer()
    sin_confirmar = fields.Integer()
    confirmadas_por_paciente = fields.Integer()
    inasistencias_confirmadas = fields.Integer()
    inasistencias_sin_confirmar = fields.Integer()
    tasa_confirmacion = fields.Float()
    tasa_inasistencia_confirmadas = fields.Float()
    tasa_inasistencia_sin_confirmar = fields.Float()


class ResumenSchema(FiltrosSchema):
    citas_por_estado = fields.List(fields.Nested(CitasPorEstadoSchema))
    citas_total = fields.Integer()
    minutos_reservados = fields.Integer()
    minutos_programados = fields.Integer()
    ocupacion = fields.Float()
    tasa_inasistencia = fields.Float()
    confirmaciones = fields.Nested(ConfirmacionesSchema)
    ingresos = Dinero()
    facturas_emitidas = fields.Integer()
    facturas_anuladas = fields.Integer()
    pacientes_nuevos = fields.Integer()


class MedicoReporteSchema(Schema):
    medico_id = fields.Integer()
    nombre = fields.String()
    apellido = fields.String()
    total = fields.Integer()
    completadas = fields.Integer()
    inasistencias = fields.Integer()
    canceladas = fields.Integer()
    minutos_reservados = fields.Integer()
    minutos_programados = fields.Integer()
    ocupacion = fields.Float()
    tasa_inasistencia = fields.Float()


class CitasPorMedicoSchema(FiltrosSchema):
    items = fields.List(fields.Nested(MedicoReporteSchema))


class PeriodoIngresosSchema(Schema):
    periodo = fields.String()
    inicio = fields.Date()
    fin = fields.Date()
    ingresos = Dinero()
    facturas = fields.Integer()
    pagos = Dinero()


class IngresosSchema(FiltrosSchema):
    agrupar = fields.String()
    items = fields.List(fields.Nested(PeriodoIngresosSchema))
    total_ingresos = Dinero()
    total_facturas = fields.Integer()
    total_pagos = Dinero()


class CuentaImporteSchema(Schema):
    cantidad = fields.Integer()
    importe = Dinero()


class TratamientosSchema(FiltrosSchema):
    presentados = fields.Nested(CuentaImporteSchema, metadata={"description": "Presupuestos presentados en el periodo"})
    aceptados = fields.Nested(CuentaImporteSchema, metadata={"description": "Aceptados en el periodo"})
    rechazados = fields.Nested(CuentaImporteSchema, metadata={"description": "Rechazados en el periodo"})
    tasa_aceptacion = fields.Float(allow_none=True, metadata={
        "description": "De los presentados en el periodo, la fracción aceptada hasta hoy (null sin presentados)"})
    pendiente_de_realizar = Dinero(metadata={
        "description": "Trabajo aceptado (planes aceptados o en curso) aún no realizado, hoy"})
