"""The benchmark's dentistry data at a tiny scale: who has records, how many, when, and findings the API would accept."""
import json
from datetime import date, timedelta

import psycopg2
import pytest

from app.services.odontologia import fdi
from app.services.odontologia.odontograma import SOBRE_AUSENTE
from bench_data import odontologia
from bench_data.generador import ESCALAS, Generador

pytestmark = pytest.mark.committed
HOY = date(2026, 3, 4)


@pytest.fixture
def cargado(app, database_url):
    conn = psycopg2.connect(database_url)
    try:
        g = Generador(conn, ESCALAS["mini"], app.config["DATA_ENCRYPTION_KEY"], app.config["BLIND_INDEX_KEY"],
                      "hash-no-usado", hoy=HOY, progreso=False, log=lambda *_: None)
        g.generar()
        cur = conn.cursor()
        cur.execute("CREATE SCHEMA IF NOT EXISTS bench")
        cur.execute("DROP TABLE IF EXISTS bench.dataset")
        cur.execute("CREATE TABLE bench.dataset (escala text, version int, datos jsonb)")
        cur.execute("INSERT INTO bench.dataset VALUES ('mini', 1, %s)",
                    (json.dumps({"hoy": HOY.isoformat(), "pacientes": g.e.pacientes}),))
        conn.commit()
        marca = odontologia.completar(conn, progreso=False, log=lambda *_: None)
        yield conn, cur, g, marca
    finally:
        conn.rollback()
        conn.autocommit = True
        conn.cursor().execute("DROP SCHEMA IF EXISTS bench CASCADE")
        conn.close()


def test_a_tenth_of_the_patients_have_twenty_records_by_a_dentist_spread_over_three_years(cargado):
    _, cur, g, marca = cargado
    cur.execute("""SELECT count(DISTINCT r.paciente_id), count(*), count(*) FILTER (WHERE e.nombre <> 'Odontología'),
                          count(*) FILTER (WHERE r.creado_por IS DISTINCT FROM m.usuario_id),
                          min(r.fecha), max(r.fecha)
                     FROM medical.odontograma_registros r JOIN medical.medicos m ON m.id = r.medico_id
                     JOIN medical.especialidades e ON e.id = m.especialidad_id""")
    pacientes, registros, no_dentista, otro_autor, primera, ultima = cur.fetchone()
    assert pacientes == g.e.pacientes // 10 == marca["pacientes"]
    assert registros == 20 * pacientes == marca["registros"]
    assert (no_dentista, otro_autor) == (0, 0)
    assert HOY - timedelta(days=3 * 365) <= primera.date() and ultima.date() < HOY
    # each patient's records in time order, each with 1–3 findings
    cur.execute("""SELECT count(*) FROM (SELECT fecha < lag(fecha) OVER (PARTITION BY paciente_id ORDER BY id) AS atras
                                          FROM medical.odontograma_registros) x WHERE atras""")
    assert cur.fetchone()[0] == 0
    cur.execute("""SELECT min(n), max(n), sum(n) FROM (SELECT count(h.id) n FROM medical.odontograma_registros r
                     LEFT JOIN medical.odontograma_hallazgos h ON h.registro_id = r.id GROUP BY r.id) x""")
    assert cur.fetchone() == (1, 3, marca["hallazgos"])


def test_every_finding_is_on_a_tooth_and_surfaces_the_api_would_accept(cargado):
    _, cur, _, _ = cargado
    cur.execute("""SELECT h.pieza, h.superficies, h.condicion, c.ambito, r.paciente_id
                     FROM medical.odontograma_hallazgos h JOIN medical.condiciones_dentales c ON c.codigo = h.condicion
                     JOIN medical.odontograma_registros r ON r.id = h.registro_id
                    ORDER BY r.fecha, r.id, h.id""")
    ausentes = set()
    for pieza, superficies, condicion, ambito, paciente in cur.fetchall():
        assert not fdi.errores_pieza(pieza, list(superficies)), (pieza, superficies)
        assert fdi.normalizar(list(superficies)) == superficies
        assert bool(superficies) == (ambito == "superficie"), (condicion, superficies)
        assert (paciente, pieza) not in ausentes or condicion in SOBRE_AUSENTE
        if condicion == "ausente":
            ausentes.add((paciente, pieza))
    assert ausentes


def test_the_data_is_added_once_with_its_priced_dental_services(cargado):
    conn, cur, _, marca = cargado
    assert odontologia.completar(conn, progreso=False, log=lambda *_: None) is None
    cur.execute("SELECT datos->'odontologia' FROM bench.dataset")
    assert cur.fetchone()[0] == marca
    cur.execute("SELECT count(*), count(condicion_resultante) FROM billing.servicios WHERE nombre = ANY(%s)",
                ([s[0] for s in odontologia.SERVICIOS],))
    assert cur.fetchone() == (len(odontologia.SERVICIOS), len(odontologia.SERVICIOS) - 1)
