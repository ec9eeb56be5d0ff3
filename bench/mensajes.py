"""Patient messages at scale (issue 17): schedule the reminders of the dataset's next 7 days of appointments
(`flask programar-recordatorios`, the worker's own sweep), then deliver them with a real `flask worker` to the
``registro`` channel while the read scenarios run at concurrency 1 — both measured.

The reminders are due over the coming week; the benchmark makes them due now (``programado_para = now()``: its
one time travel) and the quiet hours empty, so the worker has them all at once. To keep it busy for the whole
read measurement, a drained queue is put back (the same messages pending again) until the reads end; the rate
is every delivery over the time the queue was not empty.
"""
import re
import subprocess
import threading
import time

import wrk

LECTURAS_CON_TRABAJADOR = ("agenda_dia", "detalle_paciente", "busqueda_comun")


def _pendientes(cur):
    cur.execute("SELECT count(*) FROM medical.mensajes WHERE estado = 'pendiente' AND programado_para <= now()")
    return cur.fetchone()[0]


def medir(url, srv, stats, escenarios, tokens, perfil, *, flask, env_flask, log, results):
    """Scheduling and delivery rates, and the read scenarios' p50/p95 while the worker delivers."""
    resultado = {}
    with stats.cursor() as cur:
        cur.execute("UPDATE medical.configuracion_comunicaciones SET recordatorios_activos = true, "
                    "horas_antes = '{48,2}', silencio_desde = '00:00', silencio_hasta = '00:00'")
        cur.execute("DELETE FROM medical.mensajes WHERE tipo = 'recordatorio'")  # a rerun starts from none
    env = {**env_flask, "DATABASE_URL": url}
    salida = flask("programar-recordatorios", "--dias", "7", env=env, capture=True).stdout
    m = re.search(r"programados: (\d+) en ([\d.]+) s", salida)
    programados, segundos = int(m.group(1)), float(m.group(2))
    resultado["programados"] = programados
    resultado["programar_s"] = segundos
    resultado["programar_por_minuto"] = round(programados / segundos * 60) if segundos else None
    log(f"  recordatorios de 7 días: {programados} programados en {segundos:.1f} s")
    if not programados:
        return {**resultado, "error": "sin citas en los próximos 7 días"}
    with stats.cursor() as cur:
        cur.execute("UPDATE medical.mensajes SET programado_para = now() WHERE tipo = 'recordatorio' "
                    "AND estado = 'pendiente'")
        listos = cur.rowcount

    fin_lecturas = threading.Event()
    lecturas = {}

    def leer():
        base = f"http://127.0.0.1:{srv.puerto}"
        try:
            for nombre in LECTURAS_CON_TRABAJADOR:
                rol, spec = escenarios[nombre]
                lua = results / "tmp" / f"{nombre}_con_trabajador.lua"
                wrk.script(lua, tokens[rol], rutas=spec["rutas"], hilos=1)
                lecturas[nombre] = wrk.correr(base, lua, 1, 1, perfil["c1"])
        finally:
            fin_lecturas.set()

    entregados, ocupado_s, rondas = 0, 0.0, 0
    backend = results.parents[1] / "backend"
    with open(results / "worker.log", "a") as registro:
        trabajador = subprocess.Popen(
            [str(backend / ".venv" / "bin" / "flask"), "worker", "--pidfile", str(results / "tmp" / "worker.pid")],
            cwd=backend, env={**env, "WORKER_INTERVALO_S": "0.05"}, stdout=registro, stderr=subprocess.STDOUT,
            start_new_session=True)
    hilo = threading.Thread(target=leer)
    try:
        hilo.start()
        with stats.cursor() as cur:
            while True:
                inicio = time.monotonic()
                while _pendientes(cur):
                    time.sleep(0.05)
                ocupado_s += time.monotonic() - inicio
                entregados += listos
                rondas += 1
                if fin_lecturas.is_set():
                    break
                cur.execute("UPDATE medical.mensajes SET estado = 'pendiente', programado_para = now(), "
                            "intentos = 0, canal = 'email', enviado_en = NULL WHERE tipo = 'recordatorio' "
                            "AND estado = 'enviado'")
                listos = cur.rowcount
        hilo.join()
    finally:
        trabajador.terminate()
        trabajador.wait(timeout=30)
    resultado.update({"entregados": entregados, "rondas": rondas, "entregar_s": round(ocupado_s, 1),
                      "entregados_por_minuto": round(entregados / ocupado_s * 60) if ocupado_s else None,
                      "lecturas_con_trabajador": {k: {"p50_ms": v["p50_ms"], "p95_ms": v["p95_ms"],
                                                      "errores": v["errors"]} for k, v in lecturas.items()}})
    log(f"  entrega al registro: {entregados} en {ocupado_s:.1f} s ({resultado['entregados_por_minuto']}/min, "
        f"{rondas} rondas); lecturas con el trabajador ocupado: "
        + ", ".join(f"{k} p95 {v['p95_ms']:.1f} ms" for k, v in lecturas.items()))
    return resultado
