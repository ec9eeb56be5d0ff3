"""Free slots, computed in PostgreSQL: schedule blocks cut by their interval (generate_series), minus the
slots that overlap an active appointment of the doctor (any branch), minus what already started in the
branch's local time. The doctors' active appointments of the period are read once through
ix_citas_medico_fecha and anti-joined by (doctor, day), instead of one index probe per slot."""
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import text

from app.extensions import db
from app.services import medicos_service
from app.utils.errors import Invalido

# One row per free slot; {filtros} adds optional conditions on h (block), m (doctor), su (branch).
_SLOTS_SQL = """
WITH bloques AS (
    SELECT h.medico_id, h.sucursal_id, h.intervalo_citas, d.dia, h.hora_inicio, h.hora_fin, su.zona_horaria
    FROM (SELECT CAST(:desde AS date) + i AS dia FROM generate_series(0, :dias) AS i) AS d
    JOIN medical.horarios_medicos h ON h.dia_semana = extract(isodow FROM d.dia)
    JOIN medical.medicos m ON m.id = h.medico_id AND m.activo
    JOIN medical.sucursales su ON su.id = h.sucursal_id AND su.activo
    WHERE true {filtros}
), ocupadas AS MATERIALIZED (
    SELECT c.medico_id, c.fecha, c.hora_inicio, c.hora_fin
    FROM medical.citas c
    WHERE c.medico_id IN (SELECT medico_id FROM bloques)
      AND c.fecha BETWEEN CAST(:desde AS date) AND CAST(:desde AS date) + :dias
      AND c.estado_id NOT IN (5, 7)
), huecos AS MATERIALIZED (  -- each slot's times computed once, not once per appointment compared
    SELECT b.medico_id, b.sucursal_id, b.dia, s.inicio, s.inicio::time AS hora_inicio,
           (s.inicio + make_interval(mins => b.intervalo_citas))::time AS hora_fin
    FROM bloques b
    CROSS JOIN LATERAL generate_series(b.dia + b.hora_inicio,
                                       b.dia + b.hora_fin - make_interval(mins => b.intervalo_citas),
                                       make_interval(mins => b.intervalo_citas)) AS s(inicio)
    WHERE s.inicio >= (now() AT TIME ZONE b.zona_horaria)
)
SELECT x.medico_id, x.sucursal_id, x.dia AS fecha, x.hora_inicio, x.hora_fin
FROM huecos x
WHERE NOT EXISTS (
    SELECT 1 FROM ocupadas o
    WHERE o.medico_id = x.medico_id AND o.fecha = x.dia  -- half-open overlap within the day
      AND o.hora_inicio < x.hora_fin AND o.hora_fin > x.hora_inicio)
ORDER BY x.inicio, x.medico_id, x.sucursal_id
{limite}
"""

_FILTROS = {
    "medico_id": "AND h.medico_id = :medico_id",
    "sucursal_id": "AND h.sucursal_id = :sucursal_id",
    "especialidad_id": "AND m.especialidad_id = :especialidad_id",
}

# The earliest-slots search walks the range in windows that double (1, 2, 4… days): the earliest slots are
# usually in the first day or two, and a fully booked month still takes only log2(60) ≈ 6 queries.
_PRIMERA_VENTANA_DIAS = 1
DIAS_POR_OMISION = 30
MAX_DIAS = 60


def _slots(desde, hasta, limite=None, **filtros):
    filtros = {k: v for k, v in filtros.items() if v is not None}
    sql = _SLOTS_SQL.format(filtros="\n  ".join(_FILTROS[k] for k in filtros),
                            limite="LIMIT :limite" if limite else "")
    params = {"desde": desde, "dias": (hasta - desde).days, **filtros}
    if limite:
        params["limite"] = limite
    return db.session.execute(text(sql), params).mappings().all()


def del_dia(medico_id, fecha, sucursal_id=None):
    """{fecha, medico_id, slots: [...]} for one doctor on one day."""
    medicos_service.obtener(medico_id)
    filas = _slots(fecha, fecha, medico_id=medico_id, sucursal_id=sucursal_id)
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
        fin = min(inicio + timedelta(days=ventana - 1), hasta)
        items.extend(_slots(inicio, fin, limite=limite - len(items),
                            especialidad_id=especialidad_id, sucursal_id=sucursal_id))
        inicio, ventana = fin + timedelta(days=1), ventana * 2
    return {"items": items}
