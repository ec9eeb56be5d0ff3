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
from sqlalchemy import Date, DateTime, Integer, Numeric, cast, func, literal, literal_column, select, text, union_all
from sqlalchemy.dialects.postgresql import array

from app.extensions import db
from app.models import (Cita, CitasPorDia, CitasPorMes, Estado, Factura, FacturasPorDia, FacturasPorMes,
                        HorarioMedico, Medico, Pago, PlanTratamiento, Sucursal)
from app.services.odontologia import planes
from app.utils.errors import NoEncontrado
from app.utils.sql import por_id

# Appointments that hold their slot: every state but Cancelada and No Asistió (Completada included).
_LIBERAN = Estado.LIBERAN
_CERO = Decimal("0.00")


# ---------------------------------------------------------------- scope and helpers


def _filtros(alcance, sucursal_id=None, medico_id=None):
    """The branch and doctor filters of a report: the alcance limits the branch (a limited user's own when none
    is asked for, another one → 404, as everywhere in the API). Unknown ids answer 404."""
    sucursal_id = alcance.filtros_de_reporte(sucursal_id)
    if sucursal_id is not None and por_id(Sucursal, sucursal_id) is None:
        raise NoEncontrado("La sucursal no existe")
    if medico_id is not None and por_id(Medico, medico_id) is None:
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


def _dias_por_dia_semana(desde: date, hasta: date) -> list[int]:
    """How many Mondays, Tuesdays … Sundays [desde, hasta] holds (index 0 is Monday, ``dia_semana`` 1)."""
    semanas, resto = divmod((hasta - desde).days + 1, 7)
    return [semanas + ((dia - desde.weekday()) % 7 < resto) for dia in range(7)]


def _minutos_por_semana(semana):
    """Minutes of the schedule blocks, each block counted once per day of its weekday in the period (interval
    arithmetic: a numeric per block costs twice as much)."""
    bloque = HorarioMedico.hora_fin - HorarioMedico.hora_inicio
    return func.extract("epoch", func.sum(bloque * array(semana)[HorarioMedico.dia_semana])) / 60


def _dias(desde: date, hasta: date) -> list[date]:
    return [desde + timedelta(days=i) for i in range((hasta - desde).days + 1)]


def _piezas(desde: date, hasta: date):
    """The rollup rows that add up to [desde, hasta]: ((first month, month after the last) of the month
    rollup, days to add, days to take away from the day rollup).

    Each month the period touches is read from the month rollup when the period covers most of it, minus
    the days it leaves out; otherwise its days inside are read from the day rollup. A month's rows cost
    about as much as one day's, so a year ending today is 12 months and at most a few days, whatever day it
    starts on. The months read are consecutive: only the first and the last can be partial.
    """
    mes_desde = mes_hasta = None
    suman, restan = [], []
    mes = desde.replace(day=1)
    while mes <= hasta:
        siguiente = (mes + timedelta(days=32)).replace(day=1)
        inicio, fin = max(mes, desde), min(siguiente - timedelta(days=1), hasta)
        if 2 * ((fin - inicio).days + 1) > (siguiente - mes).days:
            mes_desde, mes_hasta = mes_desde or mes, siguiente
            restan += _dias(mes, inicio - timedelta(days=1)) + _dias(fin + timedelta(days=1), siguiente - timedelta(days=1))
        else:
            suman += _dias(inicio, fin)
        mes = siguiente
    if mes_desde is None:
        mes_desde = mes_hasta = mes
    return (mes_desde, mes_hasta), suman, restan


def _rollup(dia, mes, columnas, desde, hasta, sucursal_id, medico_id):
    """SELECTs (to UNION ALL) of ``columnas(tabla, fecha_de_la_fila, signo)`` over the period from a pair of
    rollups keyed by (fecha | mes, sucursal_id, medico_id), as _piezas splits it; the days taken away
    come with ``signo`` -1. Without ``mes``: every day from the day rollup."""
    def parte(tabla, fecha, condicion, signo=1):
        conds = [condicion]
        if sucursal_id is not None:
            conds.append(tabla.sucursal_id == sucursal_id)
        if medico_id is not None:
            conds.append(tabla.medico_id == medico_id)
        return select(*columnas(tabla, fecha, signo)).where(*conds)

    if mes is None:
        return [parte(dia, dia.fecha, dia.fecha.between(desde, hasta))]
    (mes_desde, mes_hasta), suman, restan = _piezas(desde, hasta)
    partes = [parte(mes, mes.mes, (mes.mes >= mes_desde) & (mes.mes < mes_hasta))] if mes_desde < mes_hasta else []
    if suman:
        partes.append(parte(dia, dia.fecha, dia.fecha.in_(suman)))
    if restan:
        partes.append(parte(dia, dia.fecha, dia.fecha.in_(restan), -1))
    return partes


def _columnas_citas(tabla, _fecha, signo):
    return [*[(getattr(tabla, f"citas_{e}") * signo).label(f"c{e}") for e in Estado.NOMBRES],
            (tabla.minutos_reservados * signo).label("minutos")]


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

# The whole summary in one statement, written as SQL because it is the dashboard's hot path (building it with
# the expression language cost more than running it). The same figures as the other reports: the rollup rows
# that _piezas picks, the invoices without branch of _sin_sucursal, each schedule block once per day of its
# weekday. Without a doctor filter the months come from the branch rollups (migration 0009: ~20 rows a month
# instead of one per doctor and branch). A branch filter given as NULL is folded away by the planner.
def _sql_resumen(por_medico):
    mes = "por_mes" if por_medico else "por_mes_sucursal"
    medico = "medico_id, " if por_medico else ""
    filtro = "(CAST(:sucursal_id AS integer) IS NULL OR {t}.sucursal_id = :sucursal_id)"
    if por_medico:
        filtro += " AND {t}.medico_id = :medico_id"
    return text(f"""
    WITH citas AS (
        SELECT coalesce(sum(c1), 0) AS c1, coalesce(sum(c2), 0) AS c2, coalesce(sum(c3), 0) AS c3,
               coalesce(sum(c4), 0) AS c4, coalesce(sum(c5), 0) AS c5, coalesce(sum(c6), 0) AS c6,
               coalesce(sum(c7), 0) AS c7, coalesce(sum(minutos), 0) AS reservados,
               coalesce(sum(cc), 0) AS confirmadas_completadas, coalesce(sum(cn), 0) AS confirmadas_no_asistio,
               coalesce(sum(cp), 0) AS confirmadas_por_paciente
          FROM (SELECT sucursal_id, {medico}citas_1 AS c1, citas_2 AS c2, citas_3 AS c3, citas_4 AS c4,
                       citas_5 AS c5, citas_6 AS c6, citas_7 AS c7, minutos_reservados AS minutos,
                       confirmadas_completadas AS cc, confirmadas_no_asistio AS cn, confirmadas_por_paciente AS cp
                  FROM medical.citas_{mes} WHERE mes >= :mes_desde AND mes < :mes_hasta
                UNION ALL
                SELECT sucursal_id, {medico}citas_1, citas_2, citas_3, citas_4, citas_5, citas_6, citas_7,
                       minutos_reservados, confirmadas_completadas, confirmadas_no_asistio, confirmadas_por_paciente
                  FROM medical.citas_por_dia WHERE fecha = ANY(:suman)
                UNION ALL
                SELECT sucursal_id, {medico}-citas_1, -citas_2, -citas_3, -citas_4, -citas_5, -citas_6,
                       -citas_7, -minutos_reservados, -confirmadas_completadas, -confirmadas_no_asistio,
                       -confirmadas_por_paciente
                  FROM medical.citas_por_dia WHERE fecha = ANY(:restan)) AS r
         WHERE {filtro.format(t="r")}
    ), facturas AS (
        SELECT coalesce(sum(ingresos), 0) AS ingresos, coalesce(sum(emitidas), 0) AS emitidas,
               coalesce(sum(anuladas), 0) AS anuladas
          FROM (SELECT sucursal_id, {medico}ingresos, emitidas, anuladas
                  FROM billing.facturas_{mes} WHERE mes >= :mes_desde AND mes < :mes_hasta
                UNION ALL
                SELECT sucursal_id, {medico}ingresos, emitidas, anuladas
                  FROM billing.facturas_por_dia WHERE fecha = ANY(:suman)
                UNION ALL
                SELECT sucursal_id, {medico}-ingresos, -emitidas, -anuladas
                  FROM billing.facturas_por_dia WHERE fecha = ANY(:restan)) AS r
         WHERE {filtro.format(t="r")}
    ), sueltas AS (
        SELECT coalesce(sum(CASE WHEN f.estado <> 'anulada' THEN f.total ELSE 0 END), 0) AS ingresos,
               count(*) AS emitidas, count(*) FILTER (WHERE f.estado = 'anulada') AS anuladas
          FROM billing.facturas f
         WHERE CAST(:sucursal_id AS integer) IS NULL AND f.sucursal_id IS NULL
           AND f.fecha_emision >= :ventana_desde AND f.fecha_emision < :ventana_hasta
           AND f.fecha_emision >= timezone(:zona, CAST(:desde AS timestamp))
           AND f.fecha_emision < timezone(:zona, CAST(:despues AS timestamp))
           {"AND f.cita_id IN (SELECT c.id FROM medical.citas c WHERE c.medico_id = :medico_id)" if por_medico else ""}
    )
    SELECT citas.*, facturas.ingresos + sueltas.ingresos AS ingresos,
           facturas.emitidas + sueltas.emitidas AS emitidas, facturas.anuladas + sueltas.anuladas AS anuladas,
           (SELECT coalesce(extract(epoch FROM sum((h.hora_fin - h.hora_inicio)
                                                  * (CAST(:semana AS integer[]))[h.dia_semana])) / 60, 0)
              FROM medical.horarios_medicos h WHERE {filtro.format(t="h")}) AS programados,
           (SELECT coalesce(sum(p.pacientes), 0) FROM medical.pacientes_por_cuarto p
             WHERE p.cuarto >= timezone(:zona, CAST(:desde AS timestamp))
               AND p.cuarto < timezone(:zona, CAST(:despues AS timestamp))) AS pacientes_nuevos
      FROM citas, facturas, sueltas
""")


_RESUMEN = {por_medico: _sql_resumen(por_medico) for por_medico in (False, True)}


def _confirmaciones(fila, completadas, inasistencias):
    """Confirmed vs unconfirmed among the appointments of the period that ended Completada or No Asistió (the
    population of tasa_inasistencia; definitions: docs/reportes.md "Confirmaciones")."""
    confirmadas = fila.confirmadas_completadas + fila.confirmadas_no_asistio
    sin_confirmar = completadas + inasistencias - confirmadas
    inasistencias_sin_confirmar = inasistencias - fila.confirmadas_no_asistio
    return {
        "confirmadas": confirmadas,
        "sin_confirmar": sin_confirmar,
        "confirmadas_por_paciente": fila.confirmadas_por_paciente,
        "inasistencias_confirmadas": fila.confirmadas_no_asistio,
        "inasistencias_sin_confirmar": inasistencias_sin_confirmar,
        "tasa_confirmacion": _razon(confirmadas, completadas + inasistencias),
        "tasa_inasistencia_confirmadas": _razon(fila.confirmadas_no_asistio, confirmadas),
        "tasa_inasistencia_sin_confirmar": _razon(inasistencias_sin_confirmar, sin_confirmar),
    }


def resumen(alcance, *, desde, hasta, sucursal_id=None, medico_id=None):
    """Appointments per state (every state listed, zeros included), occupancy, no-show rate, confirmations,
    invoices and new patients of the period (definitions: docs/reportes.md)."""
    sucursal_id, medico_id = _filtros(alcance, sucursal_id, medico_id)
    (mes_desde, mes_hasta), suman, restan = _piezas(desde, hasta)
    ventana_desde, ventana_hasta = _ventana_utc(desde, hasta)
    fila = db.session.execute(_RESUMEN[medico_id is not None], {
        "sucursal_id": sucursal_id, "medico_id": medico_id, "zona": _zona_defecto(),
        "mes_desde": mes_desde, "mes_hasta": mes_hasta, "suman": suman, "restan": restan,
        "ventana_desde": ventana_desde, "ventana_hasta": ventana_hasta,
        "desde": desde, "despues": hasta + timedelta(days=1), "semana": _dias_por_dia_semana(desde, hasta),
    }).one()
    totales = {e: getattr(fila, f"c{e}") for e in Estado.NOMBRES}
    completadas, inasistencias = totales[Estado.COMPLETADA], totales[Estado.NO_ASISTIO]
    return {
        "desde": desde, "hasta": hasta, "sucursal_id": sucursal_id, "medico_id": medico_id,
        "citas_por_estado": [{"estado_id": e, "estado": nombre, "total": totales[e]}
                             for e, (nombre, _) in Estado.NOMBRES.items()],
        "citas_total": sum(totales.values()),
        "minutos_reservados": round(fila.reservados),
        "minutos_programados": round(fila.programados),
        "ocupacion": _razon(fila.reservados, fila.programados),
        "tasa_inasistencia": _razon(inasistencias, completadas + inasistencias),
        "confirmaciones": _confirmaciones(fila, completadas, inasistencias),
        "ingresos": Decimal(fila.ingresos).quantize(_CERO),
        "facturas_emitidas": fila.emitidas,
        "facturas_anuladas": fila.anuladas,
        "pacientes_nuevos": fila.pacientes_nuevos,
    }


# ---------------------------------------------------------------- /citas-por-medico


def citas_por_medico(alcance, *, desde, hasta, sucursal_id=None, medico_id=None):
    """One row per doctor with appointments or schedule blocks in the period (and branch)."""
    sucursal_id, medico_id = _filtros(alcance, sucursal_id, medico_id)
    filas = union_all(*_rollup(CitasPorDia, CitasPorMes, lambda t, f, s: [t.medico_id, *_columnas_citas(t, f, s)],
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
    semana = _dias_por_dia_semana(desde, hasta)
    horario = (
        select(HorarioMedico.medico_id.label("medico_id"), _minutos_por_semana(semana).label("minutos"))
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


def ingresos(alcance, *, desde, hasta, agrupar="dia", sucursal_id=None, medico_id=None):
    """Revenue (invoices not cancelled, by issue date) and payments received (by payment date),
    per day or month, every period present (zero when empty)."""
    sucursal_id, medico_id = _filtros(alcance, sucursal_id, medico_id)
    unidad, paso = _UNIDADES[agrupar]

    def inicio_de(dia):
        return func.date_trunc(unidad, cast(dia, DateTime))

    periodos = func.generate_series(
        inicio_de(desde), cast(hasta, DateTime), literal_column(paso)
    ).table_valued("inicio").render_derived()

    # The rollup (invoices by local issue day, payments by local payment day), plus the invoices
    # without branch and their payments, read from the raw tables.
    def columnas(tabla, fecha, signo):
        return [inicio_de(fecha).label("inicio"), (tabla.ingresos * signo).label("ingresos"),
                ((tabla.emitidas - tabla.anuladas) * signo).label("facturas"), (tabla.pagos * signo).label("pagos")]

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


# ---------------------------------------------------------------- /tratamientos


def tratamientos(alcance, *, desde, hasta, sucursal_id=None, medico_id=None):
    """Treatment-plan budgets of the period (days local to the plan's branch): presented, accepted and rejected
    (counts and amounts), the acceptance rate of the budgets presented in the period (how many of them were
    accepted, by now), and the clinic's pipeline: accepted work not yet done, today."""
    sucursal_id, medico_id = _filtros(alcance, sucursal_id, medico_id)
    zona = select(Sucursal.zona_horaria).where(Sucursal.id == PlanTratamiento.sucursal_id).scalar_subquery()
    ventana_desde, ventana_hasta = _ventana_utc(desde, hasta)

    def en_periodo(columna):
        dia = cast(func.timezone(zona, columna), Date)
        return (columna >= ventana_desde) & (columna < ventana_hasta) & dia.between(desde, hasta)

    def cuenta_e_importe(columna):
        condicion = en_periodo(columna)
        return (func.count().filter(condicion), func.coalesce(func.sum(PlanTratamiento.total).filter(condicion), 0))

    presentado = en_periodo(PlanTratamiento.presentado_en)
    stmt = select(*cuenta_e_importe(PlanTratamiento.presentado_en), *cuenta_e_importe(PlanTratamiento.aceptado_en),
                  *cuenta_e_importe(PlanTratamiento.rechazado_en),
                  func.count().filter(presentado & PlanTratamiento.aceptado_en.is_not(None)))
    if sucursal_id is not None:
        stmt = stmt.where(PlanTratamiento.sucursal_id == sucursal_id)
    if medico_id is not None:
        stmt = stmt.where(PlanTratamiento.medico_id == medico_id)
    fila = db.session.execute(stmt).one()

    def parte(cantidad, importe):
        return {"cantidad": cantidad, "importe": Decimal(importe).quantize(_CERO)}

    return {
        "desde": desde, "hasta": hasta, "sucursal_id": sucursal_id, "medico_id": medico_id,
        "presentados": parte(fila[0], fila[1]), "aceptados": parte(fila[2], fila[3]),
        "rechazados": parte(fila[4], fila[5]),
        "tasa_aceptacion": _razon(fila[6], fila[0]) if fila[0] else None,
        "pendiente_de_realizar": Decimal(planes.pendiente_de_realizar(sucursal_id, medico_id)).quantize(_CERO),
    }
