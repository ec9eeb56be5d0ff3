"""The dentistry part of the benchmark dataset (issue 19): 10 % of the patients with 20 odontogram records each, and
a few dental services to price treatment plans.

Added to a dataset that lacks it (a new one, or one built before issue 19: the bench databases are kept between
runs), in one transaction with set-based SQL: ``INSERT … SELECT`` over ``generate_series``, the tables' secondary
indexes and foreign keys dropped while loading and rebuilt after (``esquema.quitar_indices``), as the generator does
for its big tables. The marker (``bench.dataset.datos->'odontologia'``) is written in the same transaction: a
dataset has all of it or none.

- Patients ``10·j + 3`` (every tenth, spread over the ids; none of them inactive: the generator deactivates
  multiples of 200), each charted by one dentist (the dataset's doctors of «Odontología», in turn), who also is the
  record's author (``creado_por``): those records are the dentist's treatment relationship with the patient.
- Record ``k`` (1–20) of a patient falls in the ``k``-th 54-day stretch of the three years before the dataset's
  «today», at a random working hour (09:00–19:00 at the clinic): in order, the last one 20–70 days ago.
- 1–3 findings per record (hashed from its id: 2 on average) on valid FDI teeth: primary teeth while the patient
  was under 8, permanent ones (wisdom teeth aside) after; surface conditions on 1–2 surfaces the tooth has, in the
  stored order (``fdi.normalizar``), whole-tooth conditions on none. About a quarter of the adults have 1–4 wisdom
  teeth missing (``ausente``, the first finding of their first records, each tooth once: the API would refuse
  anything but an implant, a prosthesis or ``sano`` on an absent tooth, and nothing else is charted on them).
- ``nota`` and ``observaciones`` (encrypted columns) stay NULL.
"""
import json
import time

from tqdm import tqdm

from bench_data.esquema import ajustar_secuencias, quitar_indices, reponer_indices
from bench_data.generador import ZONA

TABLAS = ("medical.odontograma_registros", "medical.odontograma_hallazgos")
REGISTROS_POR_PACIENTE = 20
DIAS = 3 * 365
PACIENTES_POR_LOTE = 2000
# Dental services (name, price, VAT %, condition it leaves on the tooth); «Limpieza dental» is the generator's.
SERVICIOS = (("Obturación de resina", "950.00", "16.00", "obturacion_resina"),
             ("Obturación de amalgama", "700.00", "16.00", "obturacion_amalgama"),
             ("Sellante de fosetas y fisuras", "450.00", "16.00", "sellante"),
             ("Endodoncia", "3500.00", "16.00", "endodoncia"),
             ("Corona de porcelana", "6500.00", "16.00", "corona"),
             ("Extracción simple", "900.00", "16.00", "ausente"),
             ("Implante dental", "14000.00", "16.00", "implante"),
             ("Profilaxis y detartraje", "750.00", "16.00", None))
# Cumulative weights of the conditions a finding charts (the wisdom teeth's «ausente» aside).
CONDICIONES = (("caries", 0.30), ("obturacion_resina", 0.50), ("obturacion_amalgama", 0.57), ("sellante", 0.64),
               ("fractura", 0.69), ("corona", 0.77), ("endodoncia", 0.84), ("extraccion_indicada", 0.88),
               ("protesis_fija", 0.90), ("sano", 1.0))
DE_SUPERFICIE = ("caries", "obturacion_resina", "obturacion_amalgama", "sellante")

REGISTROS = """
INSERT INTO medical.odontograma_registros (id, paciente_id, medico_id, creado_por, fecha)
SELECT %(base)s + j * 20 + k, 10 * j + 3, (%(medicos)s::int[])[1 + j %% %(n)s], (%(usuarios)s::int[])[1 + j %% %(n)s],
       ((%(hoy)s::date - %(dias)s + (k - 1) * 54 + floor(random() * 50)::int)
        + make_interval(mins => 540 + floor(random() * 600)::int)) AT TIME ZONE %(zona)s
  FROM generate_series(%(desde)s, %(hasta)s) j CROSS JOIN generate_series(1, 20) k
 ORDER BY 1"""

_CONDICION = "CASE " + " ".join(f"WHEN u1 < {p} THEN '{c}'" for c, p in CONDICIONES[:-1]) + \
    f" ELSE '{CONDICIONES[-1][0]}' END"
_SUPERFICIES = """concat(CASE WHEN m & 1 > 0 THEN 'M' END, CASE WHEN m & 2 > 0 THEN 'D' END,
                         CASE WHEN m & 4 > 0 THEN CASE WHEN pieza % 10 <= 3 THEN 'I' ELSE 'O' END END,
                         CASE WHEN m & 8 > 0 THEN 'V' END,
                         CASE WHEN m & 16 > 0 THEN CASE WHEN pieza / 10 IN (1, 2, 5, 6) THEN 'P' ELSE 'L' END END)"""

HALLAZGOS = f"""
WITH b AS (
    SELECT r.id AS registro_id, gs.i, r.paciente_id, (r.id - %(base)s - 1) %% 20 + 1 AS k,
           p.fecha_nacimiento > (r.fecha AT TIME ZONE %(zona)s)::date - 8 * 365 AS nino,
           random() AS u1, random() AS u2, random() AS u3, random() AS u4, random() AS u5, random() AS u6
      FROM medical.odontograma_registros r
      JOIN medical.pacientes p ON p.id = r.paciente_id
     CROSS JOIN generate_series(1, 3) gs(i)
     WHERE r.id BETWEEN %(primero)s AND %(ultimo)s AND gs.i <= 1 + (hashint4(r.id) & 1023) %% 3),
c AS (
    SELECT registro_id, i, u4, u5, u6, NOT nino AND i = 1 AND paciente_id %% 7 < 2 AND k <= 1 + paciente_id %% 4 AS muela,
           {_CONDICION.replace('%', '%%')} AS condicion,
           CASE WHEN nino THEN (5 + floor(u2 * 4)::int) * 10 + 1 + floor(u3 * 5)::int
                ELSE (1 + floor(u2 * 4)::int) * 10 + 1 + floor(u3 * 7)::int END AS pieza
      FROM b),
d AS (
    SELECT registro_id, i,
           CASE WHEN muela THEN (ARRAY[18, 28, 38, 48])[(registro_id - %(base)s - 1) %% 20 + 1] ELSE pieza END AS pieza,
           CASE WHEN muela THEN 'ausente' ELSE condicion END AS condicion,
           (1 << floor(u4 * 5)::int) | CASE WHEN u6 < 0.4 THEN 1 << floor(u5 * 5)::int ELSE 0 END AS m
      FROM c)
INSERT INTO medical.odontograma_hallazgos (registro_id, pieza, superficies, condicion)
SELECT registro_id, pieza,
       CASE WHEN condicion IN {DE_SUPERFICIE} THEN {_SUPERFICIES.replace('%', '%%')} ELSE '' END, condicion
  FROM d ORDER BY registro_id, i"""


def presente(cur):
    """Whether the dataset already has it (its marker)."""
    cur.execute("SELECT to_regclass('medical.odontograma_registros') IS NOT NULL, "
                "(SELECT datos ? 'odontologia' FROM bench.dataset)")
    tablas, marcado = cur.fetchone()
    return not tablas or bool(marcado)  # without the tables (a branch before issue 19) there is nothing to add


def completar(conn, progreso=True, log=print):
    """Add the dentistry data to the dataset of ``conn`` (the owner's) unless it is there. Returns its marker or
    None (nothing done)."""
    def barra(total, desc, unidad):
        return tqdm(total=total, desc=desc, unit=unidad, disable=not progreso, unit_scale=True, leave=True)

    cur = conn.cursor()
    if presente(cur):
        conn.rollback()
        return None
    inicio = time.monotonic()
    cur.execute("SET LOCAL synchronous_commit = off")
    cur.execute("SELECT datos->>'hoy', (datos->>'pacientes')::int FROM bench.dataset")
    hoy, pacientes = cur.fetchone()
    cur.execute("""SELECT m.id, m.usuario_id FROM medical.medicos m JOIN medical.especialidades e
                     ON e.id = m.especialidad_id WHERE e.nombre = 'Odontología' AND m.usuario_id IS NOT NULL
                    ORDER BY m.id""")
    dentistas = cur.fetchall()
    if not dentistas:
        raise RuntimeError("el conjunto no tiene médicos de Odontología")
    for nombre, precio, iva, condicion in SERVICIOS:
        cur.execute("""INSERT INTO billing.servicios (nombre, descripcion, precio, impuesto_porcentaje,
                           condicion_resultante)
                       SELECT %s, %s, %s, %s, %s WHERE NOT EXISTS (SELECT 1 FROM billing.servicios WHERE nombre = %s)""",
                    (nombre, nombre, precio, iva, condicion, nombre))
    reponer = quitar_indices(cur, TABLAS)
    cur.execute("SELECT coalesce(max(id), 0) FROM medical.odontograma_registros")
    base = cur.fetchone()[0]
    ultimo_j = (pacientes - 3) // 10
    n_pacientes = ultimo_j + 1
    parametros = {"base": base, "medicos": [m for m, _ in dentistas], "usuarios": [u for _, u in dentistas],
                  "n": len(dentistas), "hoy": hoy, "dias": DIAS, "zona": ZONA}
    with barra(n_pacientes, "Odontograma", "pacientes") as progreso:
        for desde in range(0, n_pacientes, PACIENTES_POR_LOTE):
            hasta = min(desde + PACIENTES_POR_LOTE, n_pacientes) - 1
            cur.execute(REGISTROS, {**parametros, "desde": desde, "hasta": hasta})
            cur.execute(HALLAZGOS, {**parametros, "primero": base + desde * 20 + 1, "ultimo": base + hasta * 20 + 20})
            progreso.update(hasta - desde + 1)
    with barra(len(reponer), "Índices del odontograma", "obj") as progreso:
        reponer_indices(cur, reponer, progreso)
    ajustar_secuencias(cur, TABLAS)
    cur.execute("SELECT count(*) FROM medical.odontograma_registros WHERE id > %s", (base,))
    registros = cur.fetchone()[0]
    cur.execute("SELECT count(*) FROM medical.odontograma_hallazgos h WHERE h.registro_id > %s", (base,))
    hallazgos = cur.fetchone()[0]
    cur.execute("SELECT email FROM security.usuarios WHERE id = %s", (dentistas[0][1],))
    marca = {"pacientes": n_pacientes, "registros": registros, "hallazgos": hallazgos, "dentistas": len(dentistas),
             "dentista_banco": cur.fetchone()[0], "segundos": round(time.monotonic() - inicio, 1)}
    cur.execute("UPDATE bench.dataset SET datos = datos || jsonb_build_object('odontologia', %s::jsonb)",
                (json.dumps(marca),))
    conn.commit()
    conn.autocommit = True
    try:
        for tabla in TABLAS + ("billing.servicios",):
            cur.execute(f"ANALYZE {tabla}")
    finally:
        conn.autocommit = False
    log(f"Odontograma: {registros:,} registros y {hallazgos:,} hallazgos de {n_pacientes:,} pacientes "
        f"en {marca['segundos']} s")
    return marca
