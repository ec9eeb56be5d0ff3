"""Real concurrency: threads book, cancel, move, confirm, close, invoice and pay on the same and on different
doctor-days at once, each transaction on its own connection with a real commit. The rollups the
triggers keep (and each appointment's confirmation, kept from its state history) must end equal to a
from-scratch aggregation, with no deadlock and no lost update."""
import random
from datetime import date, time

import pytest
from sqlalchemy import text

from app.extensions import db
from tests.carreras import a_la_vez
from tests.test_resumenes_rollups import assert_rollups_al_dia

HILOS, OPERACIONES = 6, 12
DIAS = (date(2024, 3, 4), date(2024, 3, 5))


@pytest.fixture
def red(sucursal_factory, medico_factory, paciente_factory):
    sucursales = [sucursal_factory(zona_horaria="America/Mexico_City"), sucursal_factory(zona_horaria="Europe/Madrid")]
    medicos = [medico_factory() for _ in range(3)]
    pacientes = [paciente_factory() for _ in range(HILOS * OPERACIONES)]
    db.session.commit()
    return {"sucursales": [s.id for s in sucursales], "medicos": [m.id for m in medicos],
            "pacientes": [p.id for p in pacientes]}


_ESTADOS = {"confirmar": 2, "no_asistio": 7, "completar": 4}


def _cambiar_estado(conn, cita, accion, paciente=False):
    """As the application does: the appointment's state first (its row lock), then the history row. Undoing is
    only done right after a confirmation (a reversal undoes the last change), and a confirmed appointment is not
    confirmed again (Confirmada → Confirmada, which the state machine refuses, has no meaning to replay)."""
    anterior, ultimo = conn.execute(text(
        "SELECT c.estado_id, (SELECT e.estado_id FROM medical.citas_estados e WHERE e.cita_id = c.id"
        " ORDER BY e.id DESC LIMIT 1) FROM medical.citas c WHERE c.id = :c FOR UPDATE"), {"c": cita}).one()
    if accion == "deshacer" and (ultimo != 2 or anterior != 2):
        accion = "confirmar"
    if accion == "confirmar" and anterior == 2:  # the state machine never confirms a confirmed appointment again
        accion = "no_asistio"
    estado = 1 if accion == "deshacer" else _ESTADOS[accion]
    conn.execute(text("UPDATE medical.citas SET estado_id = :e WHERE id = :c"), {"e": estado, "c": cita})
    conn.execute(text("INSERT INTO medical.citas_estados (cita_id, estado_anterior_id, estado_id, por_paciente,"
                      " revierte) VALUES (:c, :a, :e, :p, :r)"),
                 {"c": cita, "a": anterior, "e": estado, "p": paciente and estado == 2, "r": accion == "deshacer"})


def _en_paralelo(app, trabajo):
    """``trabajo(hilo)`` in HILOS threads that start together, each in an application context; none may fail
    (a_la_vez raises what a thread raised)."""
    def en_contexto(hilo):
        def correr():
            with app.app_context():
                trabajo(hilo)
        return correr

    a_la_vez([en_contexto(hilo) for hilo in range(HILOS)], timeout=120)


def _trabajar(red, hilo):
    azar = random.Random(hilo)
    propias = []  # (cita_id, factura_id or None)
    for op in range(OPERACIONES):
        k = hilo * OPERACIONES + op  # a slot of its own: bookings never overlap, on purpose
        inicio = time(7 + k // 6, (k % 6) * 10)
        fin = time(7 + k // 6, (k % 6) * 10 + 9)
        medico, sucursal = azar.choice(red["medicos"]), azar.choice(red["sucursales"])
        with db.engine.begin() as conn:
            cita = conn.execute(text(
                "INSERT INTO medical.citas (paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin,"
                " estado_id) VALUES (:p, :m, :s, :f, :i, :h, :e) RETURNING id"),
                {"p": red["pacientes"][k], "m": medico, "s": sucursal, "f": azar.choice(DIAS), "i": inicio,
                 "h": fin, "e": azar.choice((1, 2, 4))}).scalar_one()
            factura = None
            if azar.random() < 0.5:
                factura = conn.execute(text(
                    "INSERT INTO billing.facturas (numero_factura, serie, numero, paciente_id, cita_id,"
                    " sucursal_id, subtotal, impuesto, total, estado, huella)"
                    " VALUES (:nf, :serie, :n, :p, :c, :s, 100, 16, 116, 'pendiente', repeat('0', 64))"
                    " RETURNING id"),
                    {"nf": f"T{hilo}-{op:06d}", "serie": f"T{hilo}", "n": op + 1, "p": red["pacientes"][k],
                     "c": cita, "s": sucursal}).scalar_one()
                conn.execute(text("INSERT INTO billing.pagos (factura_id, monto, metodo)"
                                  " VALUES (:f, 50, 'efectivo')"), {"f": factura})
        propias.append((cita, factura))
        # Then change one of its earlier appointments, in a transaction of its own.
        cita, factura = azar.choice(propias)
        accion = azar.choice(("cancelar", "mover", "otro_medico", "anular", "pagar", "confirmar",
                              "no_asistio", "completar", "deshacer"))
        with db.engine.begin() as conn:
            if accion in ("confirmar", "no_asistio", "completar", "deshacer"):
                _cambiar_estado(conn, cita, accion, paciente=azar.random() < 0.5)
            elif accion == "cancelar":
                conn.execute(text("UPDATE medical.citas SET estado_id = 5 WHERE id = :c"), {"c": cita})
            elif accion == "mover":
                conn.execute(text("UPDATE medical.citas SET fecha = :f, sucursal_id = :s WHERE id = :c"),
                             {"f": azar.choice(DIAS), "s": azar.choice(red["sucursales"]), "c": cita})
            elif accion == "otro_medico":
                conn.execute(text("UPDATE medical.citas SET medico_id = :m WHERE id = :c"),
                             {"m": azar.choice(red["medicos"]), "c": cita})
            elif factura is not None and accion == "anular":
                conn.execute(text("UPDATE billing.facturas SET estado = 'anulada', fecha_anulacion = now()"
                                  " WHERE id = :f"), {"f": factura})
            elif factura is not None:
                conn.execute(text("INSERT INTO billing.pagos (factura_id, monto, metodo)"
                                  " VALUES (:f, 10, 'tarjeta')"), {"f": factura})


@pytest.mark.committed
def test_concurrent_bookings_cancellations_moves_and_invoices_leave_the_rollups_exact(app, red):
    _en_paralelo(app, lambda hilo: _trabajar(red, hilo))
    assert db.session.scalar(text("SELECT count(*) FROM medical.citas")) == HILOS * OPERACIONES
    assert_rollups_al_dia()


@pytest.mark.committed
def test_the_patient_and_the_reception_confirming_and_undoing_one_appointment_at_once_leave_it_as_its_history(
        app, red):
    with db.engine.begin() as conn:
        cita = conn.execute(text(
            "INSERT INTO medical.citas (paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin, estado_id)"
            " VALUES (:p, :m, :s, :f, '09:00', '09:30', 1) RETURNING id"),
            {"p": red["pacientes"][0], "m": red["medicos"][0], "s": red["sucursales"][0], "f": DIAS[0]}).scalar_one()

    def turnos(hilo):
        azar = random.Random(hilo)
        for _ in range(OPERACIONES):
            with db.engine.begin() as conn:
                _cambiar_estado(conn, cita, azar.choice(("confirmar", "deshacer", "deshacer", "no_asistio")),
                                paciente=hilo % 2 == 0)

    _en_paralelo(app, turnos)
    assert db.session.scalar(text("SELECT count(*) FROM medical.citas_estados")) == HILOS * OPERACIONES
    assert_rollups_al_dia()  # confirmacion equals the replay of the history, and the counters follow it
    with db.engine.begin() as conn:
        _cambiar_estado(conn, cita, "no_asistio")
    assert_rollups_al_dia()
    assert db.session.scalar(text("SELECT count(*) FROM medical.citas_estados WHERE revierte")) > 0
