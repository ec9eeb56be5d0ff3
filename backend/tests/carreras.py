"""Real races for the tests: callables released together, one thread each (each with its own request, session and
connection when it calls the app); and the wait for a request to queue behind a row lock the test holds."""
import threading
import time

from sqlalchemy import text


def a_la_vez(tareas, timeout=60):
    """Run every callable of ``tareas`` at the same instant (a barrier releases them together); returns their results
    in order, and raises the first exception any of them raised."""
    barrera = threading.Barrier(len(tareas))
    resultados = [None] * len(tareas)
    errores = []

    def correr(i, tarea):
        try:
            barrera.wait(timeout=30)
            resultados[i] = tarea()
        except Exception as exc:  # re-raised in the test's thread below
            errores.append(exc)

    hilos = [threading.Thread(target=correr, args=(i, t)) for i, t in enumerate(tareas)]
    for hilo in hilos:
        hilo.start()
    for hilo in hilos:
        hilo.join(timeout=timeout)
    if errores:
        raise errores[0]
    return resultados


def espera_un_bloqueo(engine, hilo=None, segundos=20, sesiones=1):
    """Whether ``sesiones`` sessions of the test database come to wait for a lock within ``segundos`` (and while
    ``hilo``, when given, still runs): the test holds a row lock on a connection of its own and a request in ``hilo``
    must queue behind it."""
    limite = time.monotonic() + segundos
    with engine.connect() as conn:
        while time.monotonic() < limite and (hilo is None or hilo.is_alive()):
            if conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                 " AND wait_event_type = 'Lock'")).scalar() >= sesiones:
                return True
            conn.rollback()
            time.sleep(0.05)
    return False
