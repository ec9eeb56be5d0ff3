"""The benchmark data generator at a tiny scale: counts, no overlaps, gapless invoice series, encrypted columns."""
from datetime import date

import psycopg2
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Paciente
from app.utils.crypto import blind_index
from bench_data.generador import ESCALAS, Generador, _huella_v1, documento

pytestmark = pytest.mark.committed
HOY = date(2026, 3, 4)  # a Wednesday: the recent window holds every state


@pytest.fixture
def generado(app, database_url):
    conn = psycopg2.connect(database_url)
    try:
        g = Generador(conn, ESCALAS["mini"], app.config["DATA_ENCRYPTION_KEY"], app.config["BLIND_INDEX_KEY"],
                      "hash-no-usado", hoy=HOY, progreso=False, log=lambda *_: None)
        g.generar()
        yield conn.cursor(), g
    finally:
        conn.rollback()
        conn.close()


def _uno(cur, sql, *args):
    cur.execute(sql, args)
    return cur.fetchone()[0]


def test_the_generator_loads_the_counts_the_scale_asks_for(generado):
    cur, g = generado
    e = g.e
    assert _uno(cur, "SELECT count(*) FROM medical.pacientes") == e.pacientes
    assert _uno(cur, "SELECT count(*) FROM medical.citas") == e.citas
    assert _uno(cur, "SELECT count(*) FROM medical.citas_estados") == e.citas
    assert _uno(cur, "SELECT count(*) FROM billing.facturas") == e.facturas
    assert _uno(cur, "SELECT count(*) FROM security.auditoria") == e.auditoria
    assert _uno(cur, "SELECT count(*) FROM medical.medicos") == e.medicos
    assert _uno(cur, "SELECT count(*) FROM medical.sucursales") == e.sucursales
    assert _uno(cur, "SELECT count(DISTINCT estado_id) FROM medical.citas") == 7
    assert _uno(cur, "SELECT count(*) FROM billing.detalle_factura") >= e.facturas
    assert _uno(cur, "SELECT count(*) FROM billing.pagos") > 0
    # Sequences continue after the explicit ids.
    assert _uno(cur, "SELECT nextval(pg_get_serial_sequence('medical.citas', 'id'))") == e.citas + 1


def test_each_appointment_s_confirmation_follows_its_history(generado):
    cur, _ = generado
    # The history of some appointments is loaded before them (no foreign keys while loading): the generator
    # sets their confirmation afterwards (migration 0018's function), so none differs from its history.
    assert _uno(cur, """SELECT count(*) FROM medical.citas c JOIN medical.citas_estados e ON e.cita_id = c.id
                         WHERE e.estado_id = 2 AND c.confirmacion = 0""") == 0
    confirmadas = _uno(cur, "SELECT count(*) FROM medical.citas WHERE confirmacion > 0")
    assert confirmadas == _uno(cur, "SELECT count(*) FROM medical.citas_estados WHERE estado_id = 2") > 0


def test_no_two_active_appointments_of_a_doctor_or_a_patient_overlap(generado):
    cur, _ = generado
    for quien in ("medico_id", "paciente_id"):
        solapes = _uno(cur, f"""SELECT count(*) FROM medical.citas a JOIN medical.citas b
            ON a.{quien} = b.{quien} AND a.id < b.id AND a.fecha = b.fecha
           AND a.hora_inicio < b.hora_fin AND b.hora_inicio < a.hora_fin
         WHERE a.estado_id NOT IN (5, 7) AND b.estado_id NOT IN (5, 7)""")
        assert solapes == 0, quien
    # The exclusion constraints were rebuilt after the load, so the database checked it too.
    assert _uno(cur, "SELECT count(*) FROM pg_constraint WHERE conname IN "
                     "('citas_medico_sin_solape', 'citas_paciente_sin_solape') AND convalidated") == 2


def test_every_appointment_lies_inside_a_schedule_block_of_its_doctor_at_its_branch(generado):
    cur, _ = generado
    fuera = _uno(cur, """SELECT count(*) FROM medical.citas c WHERE NOT EXISTS (
        SELECT 1 FROM medical.horarios_medicos h WHERE h.medico_id = c.medico_id AND h.sucursal_id = c.sucursal_id
           AND h.dia_semana = extract(isodow FROM c.fecha) AND c.hora_inicio >= h.hora_inicio
           AND c.hora_fin <= h.hora_fin)""")
    assert fuera == 0


def test_invoice_numbers_run_one_to_n_in_each_series_and_the_counter_says_n(generado):
    cur, _ = generado
    cur.execute("""SELECT s.serie, s.ultimo_numero, s.ultima_huella, count(f.id), min(f.numero), max(f.numero)
                     FROM billing.series_factura s JOIN billing.facturas f ON f.serie = s.serie
                    GROUP BY s.serie, s.ultimo_numero, s.ultima_huella""")
    series = cur.fetchall()
    assert sum(n for _, _, _, n, _, _ in series) == _uno(cur, "SELECT count(*) FROM billing.facturas")
    for serie, ultimo, ultima_huella, n, minimo, maximo in series:
        assert (minimo, maximo, n) == (1, ultimo, ultimo), serie
        cur.execute("SELECT numero, huella, huella_anterior, fecha_emision FROM billing.facturas WHERE serie = %s"
                    " ORDER BY numero", (serie,))
        anterior, fecha_previa = None, None
        for numero, huella, huella_anterior, fecha in cur.fetchall():
            assert huella_anterior == anterior, (serie, numero)
            assert fecha_previa is None or fecha >= fecha_previa
            anterior, fecha_previa = huella, fecha
        assert ultima_huella == anterior


def test_an_invoice_fingerprint_is_the_v1_hash_of_its_own_data(generado):
    cur, _ = generado
    cur.execute("""SELECT f.id, serie, numero, numero_factura, fecha_emision, sucursal_id, creado_por, paciente_id,
                          cita_id, subtotal, impuesto, total, huella, huella_anterior
                     FROM billing.facturas f ORDER BY f.id LIMIT 20""")
    for (fid, serie, numero, nf, fecha, suc, por, pac, cita, sub, imp, tot, huella, anterior) in cur.fetchall():
        cur.execute("SELECT servicio_id, descripcion, cantidad, precio_unitario, impuesto_porcentaje, subtotal, "
                    "impuesto FROM billing.detalle_factura WHERE factura_id = %s ORDER BY id", (fid,))
        lineas = [[s, d, c, str(p), str(ip), str(st), str(i)] for s, d, c, p, ip, st, i in cur.fetchall()]
        assert sum(float(linea[5]) for linea in lineas) == pytest.approx(float(sub))
        momento = fecha.astimezone(__import__("datetime").UTC).isoformat(timespec="microseconds")
        assert _huella_v1(serie, numero, nf, momento, suc, por, pac, cita, str(sub), str(imp), str(tot), lineas,
                          anterior) == huella


def test_encrypted_columns_read_back_through_the_model_and_the_blind_index_matches(generado):
    db.session.expire_all()
    paciente = db.session.scalar(select(Paciente).where(Paciente.id == 7))
    assert paciente.numero_documento == documento(7)
    assert paciente.numero_documento_hash == blind_index(documento(7))
    encontrado = db.session.scalar(select(Paciente.id).where(
        Paciente.numero_documento_hash == blind_index(documento(123))))
    assert encontrado == 123
