"""Real concurrency: threads book, cancel, move, confirm, close, invoice and pay on the same and on different
doctor-days at once, each transaction on its own connection with a real commit. The rollups the
triggers keep (and each appointment's confirmation, kept from its state history) must end equal to a
from-scratch aggregation, with no deadlock and no lost update."""
import random
from datetime import date, time

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import Estado
from app.services.citas_service import TRANSICIONES
from tests.carreras import a_la_vez
from tests.test_resumenes_rollups import assert_rollups_al_dia, confirmacion_de

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


_DESTINOS = {"confirmar": Estado.CONFIRMADA, "no_asistio": Estado.NO_ASISTIO, "completar": Estado.COMPLETADA}


def _pasos(accion, anterior, ultimo, cerrar_confirmada):
    """The history rows (estado, revierte) the state machine allows for ``accion`` from ``anterior``, or None.
    A reversal ("deshacer") undoes the last change only, back to the state it left (_validar_reversion); a
    change follows TRANSICIONES, Completada through En Espera as the reception does."""
    if accion == "deshacer":
        if ultimo is not None and ultimo.estado_anterior_id is not None and ultimo.estado_id == anterior:
            return [(ultimo.estado_anterior_id, True)]
        return None
    destino = _DESTINOS[accion]
    if not cerrar_confirmada and (anterior, destino) == (Estado.CONFIRMADA, Estado.NO_ASISTIO):
        return None
    for camino in ((destino,), (Estado.EN_ESPERA, destino)):
        if all(b in TRANSICIONES.get(a, ()) for a, b in zip((anterior, *camino[:-1]), camino, strict=True)):
            return [(estado, False) for estado in camino]
    return None


def _cambiar_estado(conn, cita, accion, paciente=False, cerrar_confirmada=True):
    """As the application does (citas_service.cambiar_estado): the appointment's row lock first, then its last
    history row in a statement of its own (a subquery of the locking statement keeps the snapshot taken before
    it queued behind another change: it returns the new state with the history row before it), then the state
    and the history rows. Returns how many history rows it wrote.

    Only histories the state machine can write, which the confirmation trigger assumes (only Nueva leads to
    Confirmada, only undoing a confirmation leads back to Nueva): confirming from No Asistió and then "undoing"
    to Nueva left a history the trigger (the undo decides: none) and the replay (the undo takes back the last
    change only: an earlier confirmation stands) read differently. What the machine refuses is replaced by a
    reversal of the last change, a reversal with nothing to reverse by a confirmation; when neither is allowed
    nothing is written. ``cerrar_confirmada`` False: a confirmed appointment is not marked No Asistió (only
    reversals would remain, each of the last change, and its confirmation could never be undone again)."""
    anterior = conn.execute(text("SELECT estado_id FROM medical.citas WHERE id = :c FOR UPDATE"),
                            {"c": cita}).scalar_one()
    ultimo = conn.execute(text("SELECT estado_anterior_id, estado_id FROM medical.citas_estados WHERE cita_id = :c"
                               " ORDER BY id DESC LIMIT 1"), {"c": cita}).first()
    pasos = (_pasos(accion, anterior, ultimo, cerrar_confirmada)
             or _pasos("confirmar" if accion == "deshacer" else "deshacer", anterior, ultimo, cerrar_confirmada)
             or [])
    for estado, revierte in pasos:
        conn.execute(text("UPDATE medical.citas SET estado_id = :e WHERE id = :c"), {"e": estado, "c": cita})
        conn.execute(text("INSERT INTO medical.citas_estados (cita_id, estado_anterior_id, estado_id, por_paciente,"
                          " revierte) VALUES (:c, :a, :e, :p, :r)"),
                     {"c": cita, "a": anterior, "e": estado, "r": revierte,
                      "p": paciente and estado == Estado.CONFIRMADA and not revierte})
        anterior = estado
    return len(pasos)


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

    confirmaciones = []  # (the trigger's value, the replay's, the history) after each change, in each thread

    def turnos(hilo):
        azar = random.Random(hilo)
        for _ in range(OPERACIONES):
            with db.engine.begin() as conn:
                # One history row per turn: from Nueva a confirmation or No Asistió is always allowed, and from
                # Confirmada or No Asistió the last change can always be reversed.
                assert _cambiar_estado(conn, cita, azar.choice(("confirmar", "deshacer", "deshacer", "no_asistio")),
                                       paciente=hilo % 2 == 0, cerrar_confirmada=False) == 1
                # Before the commit, under the appointment's lock: every change this one queued behind is
                # committed and none after it is written, so the trigger's value must already be the history's.
                historial = conn.execute(text("SELECT estado_id, revierte, por_paciente FROM medical.citas_estados"
                                              " WHERE cita_id = :c ORDER BY id"), {"c": cita}).all()
                confirmaciones.append((conn.execute(text("SELECT confirmacion FROM medical.citas WHERE id = :c"),
                                                    {"c": cita}).scalar_one(), confirmacion_de(historial), historial))

    _en_paralelo(app, turnos)
    assert db.session.scalar(text("SELECT count(*) FROM medical.citas_estados")) == HILOS * OPERACIONES
    assert [(valor, historial) for valor, esperado, historial in confirmaciones if valor != esperado] == []
    assert_rollups_al_dia()  # confirmacion equals the replay of the history, and the counters follow it
    with db.engine.begin() as conn:
        _cambiar_estado(conn, cita, "no_asistio")
    assert_rollups_al_dia()
    assert db.session.scalar(text("SELECT count(*) FROM medical.citas_estados WHERE revierte")) > 0
