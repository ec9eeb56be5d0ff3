"""Dentistry at scale (issue 19): the chart read now and as of a past day, and creating a treatment plan.

The data is the dataset's (``backend/bench_data/odontologia.py``, added by ``flask bench-data``): 10 % of the
patients with 20 chart records each. The scenarios run as the dentist who charted the patients they read
(``dentista_banco`` of the dataset's marker): a Médico reads the chart of a patient they treat, and those records
are that treatment relationship (``Alcance.relacion_de_tratamiento``), so a read costs what it costs the dentist at
the chair, the relationship check included. The plans are created for the same patients, at the dentist's branch,
10 items each on different teeth (surfaces where the service's condition is a surface one), some discounted, in
three phases. ``limpiar`` deletes the bench's plans (by their title) before and after, so every run measures the
same data; the audit log keeps its rows (append-only).
"""
import time
from datetime import timedelta

from transaccion import transaccion

TITULO = "Prueba de carga: plan"
PACIENTES = 300
# Teeth of the plans' items: molars, premolars, incisors and canines of the four quadrants.
PIEZAS = (16, 26, 36, 46, 14, 25, 34, 45, 11, 21, 32, 43, 17, 27, 37, 47, 15, 24, 35, 44, 12, 22, 31, 42, 13, 23)


def _superficies(pieza, i):
    """One or two surfaces tooth ``pieza`` has, in the stored order (M D O I V L P)."""
    cara = "I" if pieza % 10 <= 3 else "O"
    lengua = "P" if pieza // 10 in (1, 2, 5, 6) else "L"
    opciones = ([cara], ["M", cara], [cara, "V"], ["D"], ["M", "D"], ["V"], [lengua], ["D", cara])
    return opciones[i % len(opciones)]


def datos(cur, d):
    """The dentist, the patients they charted, past days, the dental services and the dentist's branch (or {})."""
    cur.execute("SELECT to_regclass('medical.odontograma_registros') IS NOT NULL, datos->'odontologia' "
                "FROM bench.dataset")
    tablas, marca = cur.fetchone()
    if not tablas or not marca:
        return {}
    email = marca["dentista_banco"]
    cur.execute("SELECT m.id FROM medical.medicos m JOIN security.usuarios u ON u.id = m.usuario_id "
                "WHERE u.email = %s", (email,))
    medico = cur.fetchone()[0]
    # Spread over the ids, the same every run.
    cur.execute("""SELECT paciente_id FROM (SELECT DISTINCT paciente_id FROM medical.odontograma_registros
                                             WHERE medico_id = %s) x
                    ORDER BY hashint4(paciente_id), paciente_id LIMIT %s""", (medico, PACIENTES))
    pacientes = [r[0] for r in cur.fetchall()]
    cur.execute("""SELECT sucursal_id FROM medical.horarios_medicos WHERE medico_id = %s
                    GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1""", (medico,))
    sucursal = cur.fetchone()[0]
    cur.execute("""SELECT s.id, c.ambito FROM billing.servicios s
                     LEFT JOIN medical.condiciones_dentales c ON c.codigo = s.condicion_resultante
                    WHERE s.activo AND (s.condicion_resultante IS NOT NULL OR s.nombre = 'Limpieza dental')
                    ORDER BY s.id""")
    servicios = cur.fetchall()
    # Past days over the three years of records: the chart then holds part of them.
    fechas = [d["hoy"] - timedelta(days=30 + (i * 53) % 1000) for i in range(len(pacientes))]
    return {"email": email, "medico": medico, "pacientes": pacientes, "fechas": fechas, "sucursal": sucursal,
            "servicios": servicios, "registros": marca["registros"], "pacientes_con_registros": marca["pacientes"]}


def cuerpo_plan(o, n):
    """The ``n``-th plan's body: 10 items on different teeth, services in turn."""
    items = []
    for j in range(10):
        servicio, ambito = o["servicios"][(n + j) % len(o["servicios"])]
        item = {"servicio_id": servicio, "fase": 1 + j // 4}
        if ambito is not None:  # a dental service with a resulting condition: on a tooth
            pieza = PIEZAS[(n * 7 + j) % len(PIEZAS)]
            item["pieza"] = pieza
            if ambito == "superficie":
                item["superficies"] = _superficies(pieza, n + j)
        if j % 3 == 2:
            item["descuento_porcentaje"] = "10.00"
        items.append(item)
    return {"titulo": TITULO, "sucursal_id": o["sucursal"], "vigencia_dias": 30, "items": items}


class Planes:
    """The plan scenario's requests, each (path, body) once (the patients in turn): ``(path, body)`` pairs."""

    def __init__(self, d):
        self.o, self.hechos = d.get("odontologia") or {}, 0

    def __call__(self, n):
        pacientes = self.o.get("pacientes") or []
        pares = [(f"/api/pacientes/{pacientes[k % len(pacientes)]}/planes", cuerpo_plan(self.o, k))
                 for k in range(self.hechos, self.hechos + n)] if pacientes else []
        self.hechos += n
        return {"pares": pares}


def limpiar(stats):
    """Delete the bench's plans and their items (owner's connection, one transaction)."""
    time.sleep(1)  # wrk exits without waiting for the requests in flight
    with stats.cursor() as cur:
        cur.execute("SELECT to_regclass('medical.planes_tratamiento') IS NOT NULL")
        if not cur.fetchone()[0]:
            return {"planes": 0}
    with transaccion(stats) as cur:
        cur.execute("SELECT id FROM medical.planes_tratamiento WHERE titulo = %s", (TITULO,))
        planes = [r[0] for r in cur.fetchall()]
        cur.execute("DELETE FROM medical.planes_items WHERE plan_id = ANY(%s)", (planes,))
        items = cur.rowcount
        cur.execute("DELETE FROM medical.planes_tratamiento WHERE id = ANY(%s)", (planes,))
    if planes:
        with stats.cursor() as cur:
            for tabla in ("planes_items", "planes_tratamiento"):
                cur.execute(f"VACUUM (ANALYZE) medical.{tabla}")
    return {"planes": len(planes), "items": items}
