"""The clinic's numbers, computed by a few aggregate queries whatever the length of the period.

Definitions (see docs/reportes.md): appointment dates are branch-local, so they are compared as
they are; invoice and payment timestamps are turned into the local date of the invoice's branch
(``Sucursal.zona_horaria``; the app's ``DEFAULT_TIME_ZONE`` when the invoice has no branch);
patients' registration into the clinic's default zone.
"""
import calendar
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import (Date, DateTime, Integer, Numeric, String, case, cast, func, literal, literal_column, select,
                        union_all)

from app.extensions import db
from app.models import Cita, Estado, EstadoCita, Factura, HorarioMedico, Medico, Paciente, Pago, Sucursal
from app.utils.errors import NoEncontrado

# Appointments that hold their slot: every state but Cancelada and No Asistió (Completada included).
_LIBERAN = Estado.LIBERAN
_CERO = Decimal("0.00")


# ---------------------------------------------------------------- scope and helpers


def alcance(usuario, sucursal_id=None, medico_id=None):
    """The branch and doctor filters the user may use.

    A user bound to a branch always sees that branch: no ``sucursal_id`` means theirs, another
    branch answers 404 (outside the scope, as everywhere in the API). Unknown ids answer 404.
    """
    if usuario.sucursal_id is not None:
        if sucursal_id is not None and sucursal_id != usuario.sucursal_id:
            raise NoEncontrado("La sucursal no existe")
        sucursal_id = usuario.sucursal_id
    if sucursal_id is not None and db.session.get(Sucursal, sucursal_id) is None:
        raise NoEncontrado("La sucursal no existe")
    if medico_id is not None and db.session.get(Medico, medico_id) is None:
        raise NoEncontrado("El médico no existe")
    return sucursal_id, medico_id


def _zona_defecto():
    return current_app.config["DEFAULT_TIME_ZONE"]


def _ventana_utc(desde: date, hasta: date):
    """A UTC range that surely contains every instant whose local date (any zone, offsets are
    within ±14 h) lies in [desde, hasta]: lets PostgreSQL use the timestamp indexes."""
    inicio = datetime.combine(desde, time.min, tzinfo=UTC) - timedelta(days=1)
    fin = datetime.combine(hasta, time.min, tzinfo=UTC) + timedelta(days=2)
    return inicio, fin


def _minutos(inicio, fin):
    return func.extract("epoch", fin - inicio) / 60


def _razon(numerador, denominador) -> float:
    if not denominador:
        return 0.0
    return round(min(float(numerador) / float(denominador), 1.0), 4)


def _dias_de_semana(desde: date, hasta: date):
    """(isodow, number of such weekdays in [desde, hasta]): at most 7 rows."""
    dias = func.generate_series(
        cast(desde, DateTime), cast(hasta, DateTime), literal_column("interval '1 day'")
    ).table_valued("dia").render_derived()
    dow = func.extract("isodow", dias.c.dia)
    return select(dow.label("dow"), func.count().label("n")).select_from(dias).group_by(dow).subquery()


def _filtros_citas(desde, hasta, sucursal_id, medico_id):
    conds = [Cita.fecha.between(desde, hasta)]
    if sucursal_id is not None:
        conds.append(Cita.sucursal_id == sucursal_id)
    if medico_id is not None:
        conds.append(Cita.medico_id == medico_id)
    return conds


def _filtros_horario(sucursal_id, medico_id):
    conds = []
    if sucursal_id is not None:
        conds.append(HorarioMedico.sucursal_id == sucursal_id)
    if medico_id is not None:
        conds.append(HorarioMedico.medico_id == medico_id)
    return conds


def _limites(desde, hasta):
    """Per branch (id 0: invoices without branch, in the clinic's zone): its zone and the instants
    of local midnight that open and close the period. Comparing timestamps against them avoids a
    time-zone conversion per invoice."""
    def fila(sid, zona):
        return select(
            sid.label("sid"), zona.label("zona"),
            func.timezone(zona, cast(desde, DateTime)).label("inicio"),
            func.timezone(zona, cast(hasta + timedelta(days=1), DateTime)).label("fin"),
        )

    zona_defecto = literal(_zona_defecto(), String)
    return union_all(
        fila(Sucursal.id, cast(Sucursal.zona_horaria, String)),
        fila(literal(0, Integer), zona_defecto),
    ).subquery()


def _facturas_del_periodo(stmt, instante, desde, hasta, sucursal_id, medico_id):
    """Keep the rows whose instant falls in the period in the local time of the invoice's branch.
    Returns the statement and the branch's zone column (to date each row locally)."""
    inicio, fin = _ventana_utc(desde, hasta)
    limites = _limites(desde, hasta)
    stmt = stmt.join(limites, limites.c.sid == func.coalesce(Factura.sucursal_id, 0)).where(
        instante >= inicio, instante < fin, instante >= limites.c.inicio, instante < limites.c.fin
    )
    if sucursal_id is not None:
        stmt = stmt.where(Factura.sucursal_id == sucursal_id)
    if medico_id is not None:
        # Revenue of a doctor: invoices of their appointments.
        stmt = stmt.where(Factura.cita_id.in_(select(Cita.id).where(Cita.medico_id == medico_id)))
    return stmt, limites.c.zona


# ---------------------------------------------------------------- /resumen


def resumen(usuario, *, desde, hasta, sucursal_id=None, medico_id=None):
    sucursal_id, medico_id = alcance(usuario, sucursal_id, medico_id)

    # 1. Appointments per state (every state listed, zeros included) and their booked minutes.
    minutos = _minutos(Cita.hora_inicio, Cita.hora_fin)
    por_estado = (
        select(
            Cita.estado_id,
            func.count().label("total"),
            func.sum(case((Cita.estado_id.not_in(_LIBERAN), minutos), else_=0)).label("minutos"),
        )
        .where(*_filtros_citas(desde, hasta, sucursal_id, medico_id))
        .group_by(Cita.estado_id)
        .subquery()
    )
    filas = db.session.execute(
        select(EstadoCita.id, EstadoCita.nombre, func.coalesce(por_estado.c.total, 0),
               func.coalesce(por_estado.c.minutos, 0))
        .outerjoin(por_estado, por_estado.c.estado_id == EstadoCita.id)
        .order_by(EstadoCita.id)
    ).all()
    citas_por_estado = [{"estado_id": i, "estado": nombre, "total": total} for i, nombre, total, _ in filas]
    totales = {i: total for i, _, total, _ in filas}
    reservados = sum((m for *_, m in filas), Decimal(0))

    # 2. Scheduled minutes: each day of the period gets the blocks of its weekday.
    programados = _minutos_programados(desde, hasta, sucursal_id, medico_id)

    # 3. Invoices issued in the period (local date of the branch).
    facturas, _ = _facturas_del_periodo(
        select(
            func.coalesce(func.sum(Factura.total).filter(Factura.estado != "anulada"), 0),
            func.count(),
            func.count().filter(Factura.estado == "anulada"),
        ).select_from(Factura),
        Factura.fecha_emision, desde, hasta, sucursal_id, medico_id,
    )
    ingresos, emitidas, anuladas = db.session.execute(facturas).one()

    # 4. New patients (clinic's default zone; patients belong to no branch).
    inicio, fin = _ventana_utc(desde, hasta)
    pacientes_nuevos = db.session.scalar(
        select(func.count()).select_from(Paciente).where(
            Paciente.fecha_registro >= inicio, Paciente.fecha_registro < fin,
            cast(func.timezone(_zona_defecto(), Paciente.fecha_registro), Date).between(desde, hasta),
        )
    )

    completadas, inasistencias = totales.get(Estado.COMPLETADA, 0), totales.get(Estado.NO_ASISTIO, 0)
    return {
        "desde": desde, "hasta": hasta, "sucursal_id": sucursal_id, "medico_id": medico_id,
        "citas_por_estado": citas_por_estado,
        "citas_total": sum(totales.values()),
        "minutos_reservados": round(reservados),
        "minutos_programados": round(programados),
        "ocupacion": _razon(reservados, programados),
        "tasa_inasistencia": _razon(inasistencias, completadas + inasistencias),
        "ingresos": Decimal(ingresos).quantize(_CERO),
        "facturas_emitidas": emitidas,
        "facturas_anuladas": anuladas,
        "pacientes_nuevos": pacientes_nuevos,
    }


def _minutos_programados(desde, hasta, sucursal_id, medico_id):
    dias = _dias_de_semana(desde, hasta)
    return db.session.scalar(
        select(func.coalesce(func.sum(_minutos(HorarioMedico.hora_inicio, HorarioMedico.hora_fin) * dias.c.n), 0))
        .select_from(HorarioMedico)
        .join(dias, dias.c.dow == HorarioMedico.dia_semana)
        .where(*_filtros_horario(sucursal_id, medico_id))
    )


# ---------------------------------------------------------------- /citas-por-medico


def citas_por_medico(usuario, *, desde, hasta, sucursal_id=None, medico_id=None):
    """One row per doctor with appointments or schedule blocks in the period (and branch)."""
    sucursal_id, medico_id = alcance(usuario, sucursal_id, medico_id)
    minutos = _minutos(Cita.hora_inicio, Cita.hora_fin)
    citas = (
        select(
            Cita.medico_id.label("medico_id"),
            func.count().label("total"),
            func.count().filter(Cita.estado_id == Estado.COMPLETADA).label("completadas"),
            func.count().filter(Cita.estado_id == Estado.NO_ASISTIO).label("inasistencias"),
            func.count().filter(Cita.estado_id == Estado.CANCELADA).label("canceladas"),
            func.coalesce(func.sum(minutos).filter(Cita.estado_id.not_in(_LIBERAN)), 0).label("minutos"),
        )
        .where(*_filtros_citas(desde, hasta, sucursal_id, medico_id))
        .group_by(Cita.medico_id)
        .subquery()
    )
    dias = _dias_de_semana(desde, hasta)
    horario = (
        select(
            HorarioMedico.medico_id.label("medico_id"),
            func.sum(_minutos(HorarioMedico.hora_inicio, HorarioMedico.hora_fin) * dias.c.n).label("minutos"),
        )
        .join(dias, dias.c.dow == HorarioMedico.dia_semana)
        .where(*_filtros_horario(sucursal_id, medico_id))
        .group_by(HorarioMedico.medico_id)
        .subquery()
    )
    ids = select(citas.c.medico_id).union(select(horario.c.medico_id)).subquery()
    filas = db.session.execute(
        select(
            Medico.id, Medico.nombre, Medico.apellido,
            func.coalesce(citas.c.total, 0), func.coalesce(citas.c.completadas, 0),
            func.coalesce(citas.c.inasistencias, 0), func.coalesce(citas.c.canceladas, 0),
            func.coalesce(citas.c.minutos, 0), func.coalesce(horario.c.minutos, 0),
        )
        .join(ids, ids.c.medico_id == Medico.id)
        .outerjoin(citas, citas.c.medico_id == Medico.id)
        .outerjoin(horario, horario.c.medico_id == Medico.id)
        .order_by(Medico.apellido, Medico.nombre, Medico.id)
    ).all()
    items = [
        {
            "medico_id": mid, "nombre": nombre, "apellido": apellido, "total": total,
            "completadas": completadas, "inasistencias": inasistencias, "canceladas": canceladas,
            "minutos_reservados": round(reservados), "minutos_programados": round(programados),
            "ocupacion": _razon(reservados, programados),
            "tasa_inasistencia": _razon(inasistencias, completadas + inasistencias),
        }
        for mid, nombre, apellido, total, completadas, inasistencias, canceladas, reservados, programados in filas
    ]
    return {"desde": desde, "hasta": hasta, "sucursal_id": sucursal_id, "medico_id": medico_id, "items": items}


# ---------------------------------------------------------------- /ingresos

_UNIDADES = {"dia": ("day", "interval '1 day'"), "mes": ("month", "interval '1 month'")}


def ingresos(usuario, *, desde, hasta, agrupar="dia", sucursal_id=None, medico_id=None):
    """Revenue (invoices not cancelled, by issue date) and payments received (by payment date),
    per day or month, every period present (zero when empty)."""
    sucursal_id, medico_id = alcance(usuario, sucursal_id, medico_id)
    unidad, paso = _UNIDADES[agrupar]

    def inicio_de(dia):
        return func.date_trunc(unidad, cast(dia, DateTime))

    periodos = func.generate_series(
        inicio_de(desde), cast(hasta, DateTime), literal_column(paso)
    ).table_valued("inicio").render_derived()

    def por_periodo(stmt, instante, importe, *extra):
        stmt, zona = _facturas_del_periodo(stmt, instante, desde, hasta, sucursal_id, medico_id)
        periodo = inicio_de(cast(func.timezone(zona, instante), Date))
        return stmt.add_columns(periodo.label("inicio"), importe, *extra).group_by(periodo).subquery()

    facturas = por_periodo(
        select().select_from(Factura).where(Factura.estado != "anulada"), Factura.fecha_emision,
        func.sum(Factura.total).label("ingresos"), func.count().label("facturas"),
    )
    pagos = por_periodo(
        select().select_from(Pago).join(Factura, Factura.id == Pago.factura_id), Pago.fecha,
        func.sum(Pago.monto).label("pagos"),
    )

    filas = db.session.execute(
        select(
            cast(periodos.c.inicio, Date),
            func.coalesce(facturas.c.ingresos, cast(0, Numeric)),
            func.coalesce(facturas.c.facturas, 0),
            func.coalesce(pagos.c.pagos, cast(0, Numeric)),
        )
        .select_from(periodos)
        .outerjoin(facturas, facturas.c.inicio == periodos.c.inicio)
        .outerjoin(pagos, pagos.c.inicio == periodos.c.inicio)
        .order_by(periodos.c.inicio)
    ).all()

    items = []
    for inicio, importe, n, pagado in filas:  # one row per day or month of the period, not per invoice
        if agrupar == "mes":
            fin = inicio.replace(day=calendar.monthrange(inicio.year, inicio.month)[1])
            etiqueta = inicio.strftime("%Y-%m")
        else:
            fin, etiqueta = inicio, inicio.isoformat()
        items.append({
            "periodo": etiqueta, "inicio": max(inicio, desde), "fin": min(fin, hasta),
            "ingresos": Decimal(importe).quantize(_CERO), "facturas": n, "pagos": Decimal(pagado).quantize(_CERO),
        })
    return {
        "desde": desde, "hasta": hasta, "sucursal_id": sucursal_id, "medico_id": medico_id, "agrupar": agrupar,
        "items": items,
        "total_ingresos": sum((i["ingresos"] for i in items), _CERO),
        "total_facturas": sum(i["facturas"] for i in items),
        "total_pagos": sum((i["pagos"] for i in items), _CERO),
    }
