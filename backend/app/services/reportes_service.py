"""The clinic's numbers, computed by a few aggregate queries whatever the length of the period.

Definitions (see docs/reportes.md): appointment dates are branch-local, so they are compared as
they are; invoice and payment timestamps are turned into the local date of the invoice's branch
(``Sucursal.zona_horaria``; the app's ``DEFAULT_TIME_ZONE`` when the invoice has no branch);
patients' registration into the clinic's default zone.

The figures are read from rollups that PostgreSQL keeps up to date (app/models/resumenes.py,
migration 0007): appointments and invoices/payments per local day, branch and doctor, and new
patients per UTC quarter hour. Only the rare invoices without branch are read from billing.facturas,
because their day depends on the app's ``DEFAULT_TIME_ZONE``.
"""
import calendar
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from flask import current_app
from sqlalchemy import (Date, DateTime, Integer, Numeric, case, cast, func, literal, literal_column, select,
                        union_all)

from app.extensions import db
from app.models import (Cita, CitasPorDia, CitasPorMes, Estado, EstadoCita, Factura, FacturasPorDia, FacturasPorMes,
                        HorarioMedico, Medico, PacientesPorCuarto, Pago, Sucursal)
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


def _meses_completos(desde: date, hasta: date):
    """[inicio, fin): the first days of the whole months inside [desde, hasta] (inicio == fin: none)."""
    inicio = desde if desde.day == 1 else (desde.replace(day=1) + timedelta(days=32)).replace(day=1)
    fin = (hasta + timedelta(days=1)).replace(day=1)
    return inicio, max(inicio, fin)


def _rollup(dia, mes, columnas, desde, hasta, sucursal_id, medico_id):
    """SELECTs (to UNION ALL) of ``columnas(tabla, fecha_de_la_fila)`` over the period from a pair of
    rollups keyed by (fecha | mes, sucursal_id, medico_id): the whole months from the month rollup,
    the days before and after them from the day rollup. A year is then ~12 rows per doctor and branch
    plus at most two partial months of days, instead of 365 rows per doctor and branch.
    Without ``mes``: every day from the day rollup."""
    def filtrar(tabla, *conds):
        conds = list(conds)
        if sucursal_id is not None:
            conds.append(tabla.sucursal_id == sucursal_id)
        if medico_id is not None:
            conds.append(tabla.medico_id == medico_id)
        return conds

    inicio, fin = _meses_completos(desde, hasta)
    if mes is None or inicio == fin:
        return [select(*columnas(dia, dia.fecha)).where(*filtrar(dia, dia.fecha.between(desde, hasta)))]
    partes = [select(*columnas(mes, mes.mes)).where(*filtrar(mes, mes.mes >= inicio, mes.mes < fin))]
    for a, b in ((desde, inicio), (fin, hasta + timedelta(days=1))):
        if a < b:
            partes.append(select(*columnas(dia, dia.fecha)).where(*filtrar(dia, dia.fecha >= a, dia.fecha < b)))
    return partes


def _columnas_citas(tabla, _fecha):
    return [*[getattr(tabla, f"citas_{e}").label(f"c{e}") for e in Estado.NOMBRES],
            tabla.minutos_reservados.label("minutos")]


def _filtros_horario(sucursal_id, medico_id):
    conds = []
    if sucursal_id is not None:
        conds.append(HorarioMedico.sucursal_id == sucursal_id)
    if medico_id is not None:
        conds.append(HorarioMedico.medico_id == medico_id)
    return conds


def _sin_sucursal(stmt, instante, desde, hasta, sucursal_id, medico_id):
    """Keep the rows of invoices WITHOUT branch whose instant falls in the period in the clinic's zone
    (these are not in the rollup). None when a branch filter leaves them out anyway.
    Returns the statement and the local date of each row's instant."""
    if sucursal_id is not None:
        return None, None
    zona = _zona_defecto()
    inicio, fin = (func.timezone(zona, cast(d, DateTime)) for d in (desde, hasta + timedelta(days=1)))
    ventana = _ventana_utc(desde, hasta)  # literal bounds: lets the partial index on fecha_emision cut the scan
    stmt = stmt.where(Factura.sucursal_id.is_(None), instante >= ventana[0], instante < ventana[1],
                      instante >= inicio, instante < fin)
    if medico_id is not None:
        # Revenue of a doctor: invoices of their appointments.
        stmt = stmt.where(Factura.cita_id.in_(select(Cita.id).where(Cita.medico_id == medico_id)))
    return stmt, cast(func.timezone(zona, instante), Date)


# ---------------------------------------------------------------- /resumen


def resumen(usuario, *, desde, hasta, sucursal_id=None, medico_id=None):
    sucursal_id, medico_id = alcance(usuario, sucursal_id, medico_id)

    # 1. Appointments per state (every state listed, zeros included) and their booked minutes.
    citas = union_all(*_rollup(CitasPorDia, CitasPorMes, _columnas_citas, desde, hasta, sucursal_id,
                               medico_id)).subquery()
    por_dia = (
        select(*[func.coalesce(func.sum(citas.c[f"c{e}"]), 0).label(f"c{e}") for e in Estado.NOMBRES],
               func.coalesce(func.sum(citas.c.minutos), 0).label("minutos"))
        .subquery()
    )
    total = case({e: por_dia.c[f"c{e}"] for e in Estado.NOMBRES}, value=EstadoCita.id, else_=0)
    filas = db.session.execute(
        select(EstadoCita.id, EstadoCita.nombre, total, por_dia.c.minutos).join(por_dia, literal(True))
        .order_by(EstadoCita.id)
    ).all()
    citas_por_estado = [{"estado_id": i, "estado": nombre, "total": n} for i, nombre, n, _ in filas]
    totales = {i: n for i, _, n, _ in filas}
    reservados = filas[0][3] if filas else Decimal(0)

    # 2. Scheduled minutes: each day of the period gets the blocks of its weekday.
    programados = _minutos_programados(desde, hasta, sucursal_id, medico_id)

    # 3. Invoices issued in the period (local date of the branch): the rollup, plus those without branch.
    partes = _rollup(FacturasPorDia, FacturasPorMes, lambda t, _: [t.ingresos, t.emitidas, t.anuladas],
                     desde, hasta, sucursal_id, medico_id)
    sueltas, _ = _sin_sucursal(
        select(case((Factura.estado != "anulada", Factura.total), else_=0),
               literal(1, Integer), case((Factura.estado == "anulada", 1), else_=0)),
        Factura.fecha_emision, desde, hasta, sucursal_id, medico_id)
    if sueltas is not None:
        partes.append(sueltas)
    facturas = union_all(*partes).subquery()
    ingresos, emitidas, anuladas = db.session.execute(
        select(*[func.coalesce(func.sum(c), 0) for c in facturas.c])
    ).one()

    # 4. New patients (clinic's default zone; patients belong to no branch): the quarters of the
    # period's local days.
    zona = _zona_defecto()
    pacientes_nuevos = db.session.scalar(
        select(func.coalesce(func.sum(PacientesPorCuarto.pacientes), 0)).where(
            PacientesPorCuarto.cuarto >= func.timezone(zona, cast(desde, DateTime)),
            PacientesPorCuarto.cuarto < func.timezone(zona, cast(hasta + timedelta(days=1), DateTime)),
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
    filas = union_all(*_rollup(CitasPorDia, CitasPorMes, lambda t, f: [t.medico_id, *_columnas_citas(t, f)],
                               desde, hasta, sucursal_id, medico_id)).subquery()
    citas = (
        select(
            filas.c.medico_id.label("medico_id"),
            func.sum(sum((filas.c[f"c{e}"] for e in Estado.NOMBRES), literal(0))).label("total"),
            func.sum(filas.c.c4).label("completadas"),
            func.sum(filas.c.c7).label("inasistencias"),
            func.sum(filas.c.c5).label("canceladas"),
            func.sum(filas.c.minutos).label("minutos"),
        )
        .group_by(filas.c.medico_id)
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

    # The rollup (invoices by local issue day, payments by local payment day), plus the invoices
    # without branch and their payments, read from the raw tables.
    def columnas(tabla, fecha):
        return [inicio_de(fecha).label("inicio"), tabla.ingresos.label("ingresos"),
                (tabla.emitidas - tabla.anuladas).label("facturas"), tabla.pagos.label("pagos")]

    # Per day: the day rollup only (one row per day is what is asked for).
    partes = _rollup(FacturasPorDia, FacturasPorMes if agrupar == "mes" else None, columnas, desde, hasta,
                     sucursal_id, medico_id)
    facturas, dia = _sin_sucursal(select().select_from(Factura).where(Factura.estado != "anulada"),
                                  Factura.fecha_emision, desde, hasta, sucursal_id, medico_id)
    if facturas is not None:
        partes.append(facturas.add_columns(inicio_de(dia), Factura.total, literal(1, Integer),
                                           literal(0, Numeric)))
        pagos, dia = _sin_sucursal(select().select_from(Pago).join(Factura, Factura.id == Pago.factura_id),
                                   Pago.fecha, desde, hasta, sucursal_id, medico_id)
        partes.append(pagos.add_columns(inicio_de(dia), literal(0, Numeric), literal(0, Integer), Pago.monto))
    todo = union_all(*partes).subquery()
    por_periodo = (
        select(todo.c.inicio, func.sum(todo.c.ingresos).label("ingresos"), func.sum(todo.c.facturas).label("facturas"),
               func.sum(todo.c.pagos).label("pagos"))
        .group_by(todo.c.inicio)
        .subquery()
    )

    filas = db.session.execute(
        select(
            cast(periodos.c.inicio, Date),
            func.coalesce(por_periodo.c.ingresos, cast(0, Numeric)),
            func.coalesce(por_periodo.c.facturas, 0),
            func.coalesce(por_periodo.c.pagos, cast(0, Numeric)),
        )
        .select_from(periodos)
        .outerjoin(por_periodo, por_periodo.c.inicio == periodos.c.inicio)
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
