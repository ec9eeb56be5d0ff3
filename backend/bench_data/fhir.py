"""Patients with a long history for the FHIR ``$everything`` scenario (issue 21): added once to a dataset.

The generator gives every patient 3 to 5 appointments; issue 21's target is ``$everything`` of a patient with 50.
PACIENTES patients (ids ``10·j + 7``: spread over the table, active by the generator's rule, not the dentistry
patients ``10·j + 3``) get appointments up to CITAS each, with one doctor each (a different one per patient), on
that doctor's schedule, in slots where neither the doctor nor the patient has anything (so the exclusion
constraints hold), on days spread over the three years before the dataset's «hoy»: completed, one in ten
cancelled, each with the state-history row of its last change, as the generator writes them. They carry no history
entries or invoices of their own (the patient's own from the generator stay): the bundle's size is the
appointments'. The marker is ``bench.dataset.datos->'fhir'``, written in the same transaction.
"""
import json
import time

from bench_data.generador import ZONA

PACIENTES = 50
CITAS = 50
DIAS = 3 * 365

# The doctor's free slots over the past DIAS days on days the patient has nothing, one per day, spread (hashed).
_HUECOS = """
    WITH dias AS (SELECT generate_series(%(hoy)s::date - %(dias)s, %(hoy)s::date - 1, '1 day')::date AS fecha),
    huecos AS (
        SELECT h.sucursal_id, dias.fecha, t::time AS hora, h.intervalo_citas
          FROM medical.horarios_medicos h
          JOIN dias ON extract(isodow FROM dias.fecha) = h.dia_semana
          CROSS JOIN LATERAL generate_series(DATE '2000-01-01' + h.hora_inicio,
               DATE '2000-01-01' + h.hora_fin - make_interval(mins => h.intervalo_citas),
               make_interval(mins => h.intervalo_citas)) t
         WHERE h.medico_id = %(m)s)
    SELECT DISTINCT ON (fecha) sucursal_id, fecha, hora, hora + make_interval(mins => intervalo_citas)
      FROM huecos x
     WHERE NOT EXISTS (SELECT 1 FROM medical.citas c WHERE c.medico_id = %(m)s AND c.fecha = x.fecha
                         AND c.estado_id NOT IN (5, 7) AND c.hora_inicio < x.hora + make_interval(mins => x.intervalo_citas)
                         AND c.hora_fin > x.hora)
       AND NOT EXISTS (SELECT 1 FROM medical.citas c WHERE c.paciente_id = %(p)s AND c.fecha = x.fecha)
     ORDER BY fecha, hashint4(%(p)s + extract(epoch FROM hora)::int)
"""


def presente(cur):
    cur.execute("SELECT datos ? 'fhir' FROM bench.dataset")
    return bool(cur.fetchone()[0])


def completar(conn, log=print):
    """Add the long-history patients to the dataset of ``conn`` (the owner's) unless they are there. Returns the
    marker or None (nothing done)."""
    cur = conn.cursor()
    if presente(cur):
        conn.rollback()
        return None
    inicio = time.monotonic()
    cur.execute("SELECT datos->>'hoy', (datos->>'pacientes')::int FROM bench.dataset")
    hoy, total = cur.fetchone()
    cur.execute("SELECT DISTINCT medico_id FROM medical.horarios_medicos ORDER BY 1")
    medicos = [r[0] for r in cur.fetchall()]
    pacientes = [10 * j + 7 for j in range(PACIENTES) if 10 * j + 7 <= total]
    nuevas = 0
    for k, p in enumerate(pacientes):
        cur.execute("SELECT count(*) FROM medical.citas WHERE paciente_id = %s", (p,))
        faltan = CITAS - cur.fetchone()[0]
        if faltan <= 0:
            continue
        medico = medicos[(k * 7) % len(medicos)]
        cur.execute(_HUECOS, {"hoy": hoy, "dias": DIAS, "m": medico, "p": p})
        huecos = cur.fetchall()
        # Spread over the three years: every len/faltan-th free day.
        paso = max(len(huecos) / faltan, 1)
        elegidos = [huecos[int(i * paso)] for i in range(min(faltan, len(huecos)))]
        filas = [(p, medico, s, f, h, fin, 5 if i % 10 == 9 else 4) for i, (s, f, h, fin) in enumerate(elegidos)]
        cur.execute("""INSERT INTO medical.citas (paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin,
                                                  estado_id, motivo, fecha_creacion, confirmacion, origen)
                       SELECT u.p, u.m, u.s, u.f, u.h, u.fin, u.e, 'Control',
                              ((u.f - 7) + TIME '10:00') AT TIME ZONE %s, 0, 'recepcion'
                         FROM unnest(%s::int[], %s::int[], %s::int[], %s::date[], %s::time[], %s::time[], %s::int[])
                              AS u(p, m, s, f, h, fin, e)
                    RETURNING id, estado_id, (fecha + hora_fin) AT TIME ZONE %s""",
                    (ZONA, *[list(c) for c in zip(*filas, strict=True)], ZONA))
        citas = cur.fetchall()
        cur.execute("""INSERT INTO medical.citas_estados (cita_id, estado_anterior_id, estado_id, fecha)
                       SELECT u.c, 1, u.e, u.t FROM unnest(%s::int[], %s::int[], %s::timestamptz[]) AS u(c, e, t)""",
                    ([c for c, _, _ in citas], [e for _, e, _ in citas], [t for _, _, t in citas]))
        nuevas += len(citas)
    cur.execute("SELECT count(*) FROM medical.citas WHERE paciente_id = ANY(%s) GROUP BY paciente_id ORDER BY 1 LIMIT 1",
                (pacientes,))
    minimo = cur.fetchone()[0]
    marca = {"pacientes": pacientes, "citas_por_paciente": CITAS, "minimo": minimo, "citas_nuevas": nuevas,
             "segundos": round(time.monotonic() - inicio, 1)}
    cur.execute("UPDATE bench.dataset SET datos = datos || jsonb_build_object('fhir', %s::jsonb)", (json.dumps(marca),))
    conn.commit()
    log(f"FHIR: {nuevas} citas añadidas a {len(pacientes)} pacientes (al menos {minimo} citas cada uno) "
        f"en {marca['segundos']} s")
    return marca
