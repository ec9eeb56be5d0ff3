"""Real races for the tests: callables released together, one thread each (each with its own request, session and
connection when it calls the app)."""
import threading


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
