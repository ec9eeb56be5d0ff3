"""A series of 12 weekly appointments (issue 24): ``POST /api/citas/series``, modo ``las_posibles``, as reception.

Each request books a different series: one (doctor, weekday, time) of the bench branch's schedules in the week after
the branch's last appointment of the dataset (its appointments reach 90 days ahead, and its coming weeks are so full
that a week inside them has only ~140 free slots, fewer than a measurement uses), for a patient with nothing booked
from tomorrow on (each patient once), repeated 12 weeks. So every date of every series is booked: the most work a
series request does (las_posibles with dates refused does less: a refused date stops at its check or its
savepoint). One-time requests (``pares``), prepared from the pool in turn.
``limpiar`` deletes the bench's series (their appointments, state history and messages; the series rows) with the
owner's connection before and after, so every run measures the same data; the audit log keeps its rows.
"""
import time
from datetime import timedelta

from transaccion import transaccion

MOTIVO = "Prueba de carga: serie"
VECES = 12


def datos(cur, d):
    """The pool of series bodies: a free slot of the first week per (doctor, weekday, time), each with its own free
    patient."""
    cur.execute("SELECT to_regclass('medical.series_citas') IS NOT NULL")
    if not cur.fetchone()[0]:
        return []
    cur.execute("SELECT max(fecha) FROM medical.citas WHERE sucursal_id = %s", (d["sucursal"],))
    inicio = max(cur.fetchone()[0], d["desde"]) + timedelta(days=1)
    cur.execute("""
        WITH dias AS (SELECT generate_series(%(d)s::date, %(d)s::date + 6, '1 day')::date AS fecha),
        huecos AS (
            SELECT h.medico_id, h.sucursal_id, dias.fecha, t::time AS hora, h.intervalo_citas
              FROM medical.horarios_medicos h
              JOIN dias ON extract(isodow FROM dias.fecha) = h.dia_semana
              CROSS JOIN LATERAL generate_series(DATE '2000-01-01' + h.hora_inicio,
                   DATE '2000-01-01' + h.hora_fin - make_interval(mins => h.intervalo_citas),
                   make_interval(mins => h.intervalo_citas)) t
             WHERE h.sucursal_id = %(s)s)
        SELECT medico_id, sucursal_id, fecha, hora FROM huecos x
         WHERE NOT EXISTS (SELECT 1 FROM medical.citas c WHERE c.medico_id = x.medico_id AND c.fecha = x.fecha
                             AND c.estado_id NOT IN (5, 7) AND c.hora_inicio < x.hora + make_interval(mins => x.intervalo_citas)
                             AND c.hora_fin > x.hora)
         ORDER BY hashint4(medico_id * 10000 + extract(epoch FROM hora)::int / 60 + extract(isodow FROM fecha)::int),
                  medico_id, fecha, hora""", {"d": inicio, "s": d["sucursal"]})
    huecos = cur.fetchall()
    cur.execute("""SELECT p.id FROM medical.pacientes p WHERE p.activo AND NOT EXISTS (
                       SELECT 1 FROM medical.citas c WHERE c.paciente_id = p.id AND c.fecha >= %s)
                   ORDER BY p.id LIMIT %s""", (d["desde"], len(huecos)))
    libres = [r[0] for r in cur.fetchall()]
    return [{"paciente_id": p, "medico_id": m, "sucursal_id": s, "fecha": f.isoformat(),
             "hora_inicio": h.strftime("%H:%M"), "motivo": MOTIVO, "modo": "las_posibles",
             "repeticion": {"cada_semanas": 1, "veces": VECES}}
            for (m, s, f, h), p in zip(huecos, libres, strict=False)]


class Series:
    """The scenario's one-time requests, the pool in turn: ``(path, body)`` pairs (fewer when it runs out)."""

    def __init__(self, d):
        self.pool, self.hechos = d.get("series") or [], 0

    def __call__(self, n):
        pares = [("/api/citas/series", c) for c in self.pool[self.hechos:self.hechos + n]]
        self.hechos += len(pares)
        return {"pares": pares}


def limpiar(stats):
    """Delete the bench's series: their appointments with state history and messages, and the series rows."""
    time.sleep(1)  # wrk exits without waiting for the requests in flight
    with stats.cursor() as cur:
        cur.execute("SELECT to_regclass('medical.series_citas') IS NOT NULL")
        if not cur.fetchone()[0]:
            return {"series": 0}
    with transaccion(stats) as cur:
        cur.execute("SELECT id, serie_id FROM medical.citas WHERE motivo = %s", (MOTIVO,))
        filas = cur.fetchall()
        citas = [c for c, _ in filas]
        series = sorted({s for _, s in filas if s is not None})
        cur.execute("DELETE FROM medical.mensajes WHERE cita_id = ANY(%s)", (citas,))
        mensajes = cur.rowcount
        cur.execute("DELETE FROM medical.citas_estados WHERE cita_id = ANY(%s)", (citas,))
        cur.execute("DELETE FROM medical.citas WHERE id = ANY(%s)", (citas,))
        cur.execute("DELETE FROM medical.series_citas WHERE id = ANY(%s)", (series,))
    if citas:
        with stats.cursor() as cur:
            for tabla in ("citas", "citas_estados", "mensajes", "series_citas"):
                cur.execute(f"VACUUM (ANALYZE) medical.{tabla}")
    return {"series": len(series), "citas": len(citas), "mensajes": mensajes}
