"""A known clinic for the report tests, and the expected numbers computed in plain Python.

January 2024 (Jan 1 is a Monday). Branch A is in Mexico City (UTC-6 all year since 2022),
branch B in Madrid (UTC+1 in winter), so invoices near midnight fall on different days in
UTC and locally. The helpers below recompute every figure from the objects, day by day,
independently of the SQL under test.
"""
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from app.extensions import db
from app.models import Estado
from tests.conftest import como_dueno

ENERO = (date(2024, 1, 1), date(2024, 1, 31))
CDMX, MADRID = "America/Mexico_City", "Europe/Madrid"


def local(zona, *args):
    """A timezone-aware datetime given in a zone's wall-clock time."""
    return datetime(*args, tzinfo=ZoneInfo(zona))


@dataclass
class Clinica:
    a: object
    b: object
    m1: object
    m2: object
    m3: object
    horarios: list = field(default_factory=list)
    citas: list = field(default_factory=list)
    facturas: list = field(default_factory=list)
    pagos: list = field(default_factory=list)
    pacientes: list = field(default_factory=list)


@pytest.fixture
def clinica(sucursal_factory, medico_factory, horario_factory, paciente_factory, cita_factory, servicio_factory,
            serie_factory, factura_factory, pago_factory):
    a = sucursal_factory(nombre="Centro", zona_horaria=CDMX)
    b = sucursal_factory(nombre="Madrid", zona_horaria=MADRID)
    m1 = medico_factory(nombre="José", apellido="Núñez")
    m2 = medico_factory(nombre="Ana", apellido="Bravo")
    m3 = medico_factory(nombre="Luis", apellido="=Cero")  # looks like a spreadsheet formula
    c = Clinica(a, b, m1, m2, m3)
    c.horarios = [
        horario_factory(m1, a, dia_semana=1, hora_inicio=time(9), hora_fin=time(13)),
        horario_factory(m1, a, dia_semana=3, hora_inicio=time(9), hora_fin=time(11)),
        horario_factory(m2, b, dia_semana=2, hora_inicio=time(10), hora_fin=time(14)),
        horario_factory(m3, a, dia_semana=5, hora_inicio=time(16), hora_fin=time(18)),
    ]

    def cita(medico, sucursal, fecha, inicio, fin, estado):
        registro = cita_factory(paciente_factory(), medico, sucursal, fecha=fecha, hora_inicio=inicio, hora_fin=fin,
                                estado_id=estado)
        c.citas.append(registro)
        return registro

    cita(m1, a, date(2024, 1, 1), time(9), time(9, 30), Estado.COMPLETADA)
    cita(m1, a, date(2024, 1, 1), time(9, 30), time(10), Estado.NO_ASISTIO)
    cita(m1, a, date(2024, 1, 8), time(10), time(11), Estado.CONFIRMADA)
    cita(m1, a, date(2024, 1, 3), time(9), time(9, 30), Estado.CANCELADA)
    cita(m1, a, date(2024, 1, 31), time(9), time(9, 45), Estado.NUEVA)
    cita(m1, a, date(2024, 2, 5), time(9), time(9, 30), Estado.COMPLETADA)  # after the period
    cita(m2, b, date(2023, 12, 26), time(10), time(10, 30), Estado.COMPLETADA)  # before the period
    cita(m2, b, date(2024, 1, 2), time(10), time(10, 30), Estado.COMPLETADA)
    cita(m2, b, date(2024, 1, 9), time(10), time(10, 30), Estado.NO_ASISTIO)
    de_m2 = cita(m2, b, date(2024, 1, 16), time(11), time(11, 30), Estado.COMPLETADA)

    consulta = servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00"))  # total 116.00
    estudio = servicio_factory(precio=Decimal("250.50"), impuesto_porcentaje=Decimal("0"))  # total 250.50
    paciente = paciente_factory()
    series = {a.id: serie_factory(sucursal=a), b.id: serie_factory(sucursal=b), None: serie_factory()}

    def factura(servicio, sucursal, emitida, cita=None, anulada=False):
        serie = series[sucursal.id if sucursal else None]
        registro = factura_factory(paciente, servicio, sucursal=sucursal, cita=cita, serie=serie)
        with como_dueno():  # back-dating an invoice is no application write: the owner does it for the test
            registro.fecha_emision = emitida
            if anulada:
                registro.estado, registro.fecha_anulacion = "anulada", emitida + timedelta(hours=1)
            db.session.flush()
        c.facturas.append(registro)
        return registro

    f1 = factura(consulta, a, local(CDMX, 2024, 1, 31, 23, 30))  # 2024-02-01 05:30 UTC, still January in A
    f2 = factura(estudio, a, local(CDMX, 2024, 1, 1, 0, 15))
    factura(consulta, a, local(CDMX, 2023, 12, 31, 23, 59))  # 2024-01-01 UTC, but December in A
    f4 = factura(consulta, b, local(MADRID, 2024, 2, 1, 0, 30))  # 2024-01-31 23:30 UTC, but February in B
    f5 = factura(consulta, b, local(MADRID, 2024, 1, 15, 12), anulada=True)
    factura(consulta, None, datetime(2024, 1, 10, 3, tzinfo=UTC))  # no branch: the clinic's zone (Jan 9 local)
    factura(estudio, b, local(MADRID, 2024, 1, 20, 10), cita=de_m2)

    def pago(f, monto, cuando):
        registro = pago_factory(f, monto)
        with como_dueno():  # likewise for back-dating a payment
            registro.fecha = cuando
            db.session.flush()
        c.pagos.append(registro)

    pago(f1, "100.00", local(CDMX, 2024, 1, 31, 23, 40))
    pago(f2, "250.50", local(CDMX, 2024, 1, 5, 12))
    pago(f4, "116.00", local(MADRID, 2024, 2, 1, 0, 45))
    pago(f5, "16.00", local(MADRID, 2024, 1, 15, 12, 30))  # received before the invoice was cancelled

    for cuando in (local(CDMX, 2024, 1, 1, 0, 30), local(CDMX, 2023, 12, 31, 23, 30),
                   local(CDMX, 2024, 1, 31, 23, 30), local(CDMX, 2024, 2, 1, 0, 30)):
        c.pacientes.append(paciente_factory(fecha_registro=cuando))
    return c


# ---------------------------------------------------------------- independent expectations


def dias(desde, hasta):
    while desde <= hasta:
        yield desde
        desde += timedelta(days=1)


def minutos(inicio, fin):
    return (datetime.combine(date.min, fin) - datetime.combine(date.min, inicio)).total_seconds() / 60


def ratio(n, d):
    return round(min(n / d, 1), 4) if d else 0.0


def citas_en(c, desde, hasta, sucursal=None, medico=None):
    return [x for x in c.citas if desde <= x.fecha <= hasta and (sucursal is None or x.sucursal_id == sucursal.id)
            and (medico is None or x.medico_id == medico.id)]


def programados(c, desde, hasta, sucursal=None, medico=None):
    return sum(minutos(h.hora_inicio, h.hora_fin) for d in dias(desde, hasta) for h in c.horarios
               if h.dia_semana == d.isoweekday() and (sucursal is None or h.sucursal_id == sucursal.id)
               and (medico is None or h.medico_id == medico.id))


def reservados(citas):
    return sum(minutos(x.hora_inicio, x.hora_fin) for x in citas if x.estado_id not in (5, 7))


def fecha_local(c, instante, factura, zona_defecto=CDMX):
    zona = {c.a.id: CDMX, c.b.id: MADRID}.get(factura.sucursal_id, zona_defecto)
    return instante.astimezone(ZoneInfo(zona)).date()


def facturas_en(c, desde, hasta, sucursal=None, zona_defecto=CDMX):
    return [f for f in c.facturas if desde <= fecha_local(c, f.fecha_emision, f, zona_defecto) <= hasta
            and (sucursal is None or f.sucursal_id == sucursal.id)]


def esperado_resumen(c, desde, hasta, sucursal=None, medico=None):
    citas = citas_en(c, desde, hasta, sucursal, medico)
    por_estado = {e: sum(1 for x in citas if x.estado_id == e) for e in range(1, 8)}
    facturas = facturas_en(c, desde, hasta, sucursal)
    if medico is not None:
        ids = {x.id for x in c.citas if x.medico_id == medico.id}
        facturas = [f for f in facturas if f.cita_id in ids]
    validas = [f for f in facturas if f.estado != "anulada"]
    cdmx = ZoneInfo(CDMX)
    return {
        "por_estado": por_estado,
        "ocupacion": ratio(reservados(citas), programados(c, desde, hasta, sucursal, medico)),
        "tasa_inasistencia": ratio(por_estado[7], por_estado[4] + por_estado[7]),
        "ingresos": f"{sum((f.total for f in validas), Decimal(0)):.2f}",
        "facturas_emitidas": len(facturas),
        "facturas_anuladas": len(facturas) - len(validas),
        "pacientes_nuevos": sum(1 for p in c.pacientes if desde <= p.fecha_registro.astimezone(cdmx).date() <= hasta),
    }
