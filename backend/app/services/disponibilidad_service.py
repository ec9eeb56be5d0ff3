"""Free slots, computed in PostgreSQL: schedule blocks cut by their interval (generate_series), minus the
slots that overlap an active appointment of the doctor (any branch), minus what already started in the
branch's local time. The doctors' active appointments of the period are read once through
ix_citas_medico_fecha, merged per doctor and day into one multirange, and each slot is checked against
it, instead of one index probe per slot or one comparison per slot and appointment."""
import functools
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.services import medicos_service
from app.utils.errors import Invalido

# The free slots of the first :dias_con_horario days of [desde, hasta] on which some block of the filter
# falls (the filter's blocks are read once; days nobody works cost nothing; a day whose only blocks are in
# an inactive branch just yields no slot, which saves a join per query), and the last of those days, which
# a search in windows continues after: one row with it and NULL slot columns when those days have no free
# slot, none when no such day is left. {filtros} adds optional conditions on h (block) and m (doctor).
_SLOTS_SQL = """
WITH horario AS MATERIALIZED (
    SELECT h.medico_id, h.sucursal_id, h.intervalo_citas, h.dia_semana, h.hora_inicio, h.hora_fin
    FROM medical.horarios_medicos h
    JOIN medical.medicos m ON m.id = h.medico_id AND m.activo
    WHERE true {filtros}
), dias AS MATERIALIZED (
    SELECT d.dia::date AS dia, extract(isodow FROM d.dia)::int AS dia_semana
    FROM generate_series(CAST(:desde AS date), CAST(:hasta AS date), interval '1 day') AS d(dia)
    WHERE extract(isodow FROM d.dia)::int IN (SELECT dia_semana FROM horario)
    ORDER BY d.dia
    LIMIT :dias_con_horario
), bloques AS (
    SELECT h.medico_id, h.sucursal_id, h.intervalo_citas, d.dia, h.hora_inicio, h.hora_fin, su.zona_horaria
    FROM dias d
    JOIN horario h ON h.dia_semana = d.dia_semana
    JOIN medical.sucursales su ON su.id = h.sucursal_id AND su.activo
), ocupadas AS MATERIALIZED (
    SELECT c.medico_id, c.fecha, range_agg(tsrange(c.fecha + c.hora_inicio, c.fecha + c.hora_fin)) AS ocupado
    FROM medical.citas c
    WHERE c.medico_id IN (SELECT medico_id FROM bloques)
      AND c.fecha BETWEEN (SELECT min(dia) FROM dias) AND (SELECT max(dia) FROM dias)
      AND c.estado_id NOT IN (5, 7)
    GROUP BY c.medico_id, c.fecha
), huecos AS MATERIALIZED (
    SELECT b.medico_id, b.sucursal_id, b.dia, s.inicio, s.inicio + make_interval(mins => b.intervalo_citas) AS fin
    FROM bloques b
    CROSS JOIN LATERAL generate_series(b.dia + b.hora_inicio,
                                       b.dia + b.hora_fin - make_interval(mins => b.intervalo_citas),
                                       make_interval(mins => b.intervalo_citas)) AS s(inicio)
    WHERE s.inicio >= (COALESCE(CAST(:no_antes AS timestamptz), now()) AT TIME ZONE b.zona_horaria)
      AND (CAST(:no_despues AS timestamptz) IS NULL OR s.inicio <= (CAST(:no_despues AS timestamptz) AT TIME ZONE b.zona_horaria))
)
SELECT v.ultimo_dia, x.medico_id, x.sucursal_id, x.fecha, x.hora_inicio, x.hora_fin
FROM (SELECT max(dia) AS ultimo_dia FROM dias) AS v
LEFT JOIN LATERAL (
    SELECT x.medico_id, x.sucursal_id, x.dia AS fecha, x.inicio::time AS hora_inicio, x.fin::time AS hora_fin
    FROM huecos x
    LEFT JOIN ocupadas o ON o.medico_id = x.medico_id AND o.fecha = x.dia
    WHERE o.ocupado IS NULL OR NOT o.ocupado && tsrange(x.inicio, x.fin)  -- half-open, as appointments are
    ORDER BY x.inicio, x.medico_id, x.sucursal_id
    {limite}
) AS x ON true
WHERE v.ultimo_dia IS NOT NULL
"""

_FILTROS = {
    "medico_id": "AND h.medico_id = :medico_id",
    "sucursal_id": "AND h.sucursal_id = :sucursal_id",
    "especialidad_id": "AND m.especialidad_id = :especialidad_id",
    "en_linea": "AND m.reserva_en_linea = :en_linea",
}

# The earliest-slots search walks the range in windows of 1, 2, 4… days on which someone works: the earliest
# slots are usually in the first of them, and a fully booked range still takes only log2(60) ≈ 6 queries.
_PRIMERA_VENTANA_DIAS = 1
DIAS_POR_OMISION = 30
MAX_DIAS = 60


@functools.cache
def _sentencia_slots(filtros, con_limite):
    """The slots' statement for the filters given (sorted names of _FILTROS) and with or without a
    limit, built once: formatted and parsed for its parameters on every request, it cost ~0.2 ms of CPU each time."""
    return text(_SLOTS_SQL.format(filtros="\n  ".join(_FILTROS[k] for k in filtros),
                                  limite="LIMIT :limite" if con_limite else ""))


def _slots(desde, hasta, dias_con_horario, limite=None, no_antes=None, no_despues=None, **filtros):
    """(last day looked at or None when no day of [desde, hasta] has a block, the free slots). Slots start at or
    after the instant ``no_antes`` (default: the database's now) and, given ``no_despues``, not after it."""
    filtros = {k: v for k, v in filtros.items() if v is not None}
    params = {"desde": desde, "hasta": hasta, "dias_con_horario": dias_con_horario, "no_antes": no_antes,
              "no_despues": no_despues, **filtros}
    if limite:
        params["limite"] = limite
    filas = db.session.execute(_sentencia_slots(tuple(sorted(filtros)), bool(limite)), params).mappings().all()
    ultimo_dia = filas[0]["ultimo_dia"] if filas else None
    return ultimo_dia, [f for f in filas if f["medico_id"] is not None]


def del_dia(medico_id, fecha, sucursal_id=None):
    """{fecha, medico_id, slots: [...]} for one doctor on one day."""
    medicos_service.comprobar_que_existe(medico_id)
    _, filas = _slots(fecha, fecha, 1, medico_id=medico_id, sucursal_id=sucursal_id)
    slots = [{"sucursal_id": f["sucursal_id"], "hora_inicio": f["hora_inicio"], "hora_fin": f["hora_fin"]}
             for f in filas]
    return {"fecha": fecha, "medico_id": medico_id, "slots": slots}


def hoy_local(zona=None):
    return datetime.now(ZoneInfo(zona or current_app.config["DEFAULT_TIME_ZONE"])).date()


def proximos(*, limite, especialidad_id=None, sucursal_id=None, desde=None, hasta=None):
    """The earliest free slots across doctors, ordered by date and time: {items: [...]}."""
    desde = desde or hoy_local()
    hasta = hasta or desde + timedelta(days=DIAS_POR_OMISION)
    if hasta < desde:
        raise Invalido({"hasta": ["Debe ser igual o posterior a desde."]})
    if (hasta - desde).days > MAX_DIAS:
        raise Invalido({"hasta": [f"El rango no puede superar {MAX_DIAS} días."]})
    items = []
    inicio: date = desde
    ventana = _PRIMERA_VENTANA_DIAS
    while inicio <= hasta and len(items) < limite:
        ultimo_dia, filas = _slots(inicio, hasta, ventana, limite=limite - len(items),
                                   especialidad_id=especialidad_id, sucursal_id=sucursal_id)
        if ultimo_dia is None:
            break
        items.extend(filas)
        inicio, ventana = ultimo_dia + timedelta(days=1), ventana * 2
    return {"items": items}


def libres(*, desde, hasta, no_antes, no_despues, limite=None, **filtros):
    """The free slots of every day of [desde, hasta] that start between the instants ``no_antes`` and
    ``no_despues``, ordered by date and time (online booking's offer: its notice and horizon)."""
    _, filas = _slots(desde, hasta, (hasta - desde).days + 1, limite=limite, no_antes=no_antes,
                      no_despues=no_despues, **filtros)
    return filas
