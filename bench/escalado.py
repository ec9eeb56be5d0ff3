"""Bookings while a one-year report runs in a loop: one node against the scale-out topology (docs/escalado.md).

    backend/.venv/bin/python bench/escalado.py [--segundos 20] [--vueltas 2] [--clientes 4]

Starts `scripts/cluster.sh start` in var/bench-escalado (its own ports), then alternates rounds of four scenarios
on the same data and the same machine:
  un nodo              a gunicorn (2 × CLUSTER_WORKERS workers) straight to the primary, no replica, no pooler,
                       and the primary not waiting for its standby (synchronous_standby_names = '' meanwhile);
  un nodo + informe    the same, while one client asks for a one-year report in a loop (on the same server);
  clúster + informe    HAProxy ▶ two gunicorns ▶ PgBouncer ▶ primary, synchronous standby (remote_apply),
                       the report loop served by the standby;
  clúster              the same without the report loop.
Each round: --clientes front-desk clients book free slots one after another for --segundos; p50/p95 of the
bookings. Prints a table (median over rounds). The machine may be shared: compare rounds, not single numbers.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from datetime import date, timedelta
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
BACKEND = RAIZ / "backend"
DIRECTORIO = RAIZ / "var" / "bench-escalado"
ADMIN = {"email": "admin@bench-escalado.local", "password": "contraseña-del-bench-de-escalado"}
MEDICOS_POR_CLIENTE = 3


def pedir(base, metodo, ruta, cuerpo=None, token=None, timeout=60):
    peticion = urllib.request.Request(base + ruta, method=metodo,
                                      data=json.dumps(cuerpo).encode() if cuerpo is not None else None)
    peticion.add_header("Content-Type", "application/json")
    if token:
        peticion.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(peticion, timeout=timeout) as r:
            texto, estado = r.read(), r.status
    except urllib.error.HTTPError as exc:
        texto, estado = exc.read(), exc.code
    try:
        return estado, json.loads(texto or b"null")
    except ValueError:
        return estado, None


def cluster(*args, entorno):
    resultado = subprocess.run([str(RAIZ / "scripts" / "cluster.sh"), *args], env=entorno, check=False, text=True,
                               capture_output=True)
    if resultado.returncode:
        raise SystemExit(f"scripts/cluster.sh {' '.join(args)} falló:\n{resultado.stdout}{resultado.stderr}")
    return resultado.stdout


def psql(url, sql):
    """One statement outside a transaction (ALTER SYSTEM), through SQLAlchemy: the URL is its multi-host form."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.pool import NullPool

    motor = create_engine(url, poolclass=NullPool, isolation_level="AUTOCOMMIT")
    with motor.connect() as conexion:
        conexion.execute(text(sql))
    motor.dispose()


def preparar(base, clientes):
    estado, sesion = pedir(base, "POST", "/api/auth/login", ADMIN)
    assert estado == 200, sesion
    token = sesion["access_token"]

    def crear(ruta, cuerpo):
        estado, creado = pedir(base, "POST", ruta, cuerpo, token=token)
        assert estado == 201, (ruta, creado)
        return creado["id"]

    sucursal = crear("/api/sucursales", {"nombre": "Bench escalado", "direccion": "x"})
    especialidad = crear("/api/especialidades", {"nombre": f"Bench {time.time()}"})
    grupos = []
    for c in range(clientes):
        medicos = []
        for m in range(MEDICOS_POR_CLIENTE):
            medico = crear("/api/medicos", {"nombre": f"Bench{c}", "apellido": f"M{m}", "especialidad_id": especialidad})
            for dia in range(1, 8):
                crear(f"/api/medicos/{medico}/horarios", {"sucursal_id": sucursal, "dia_semana": dia,
                                                          "hora_inicio": "08:00", "hora_fin": "20:00"})
            medicos.append(medico)
        pacientes = [crear("/api/pacientes", {"nombre": f"Bench{c}", "apellido": f"P{p}", "fecha_nacimiento": "1980-01-01"})
                     for p in range(MEDICOS_POR_CLIENTE)]
        grupos.append({"medicos": medicos, "pacientes": pacientes, "sucursal": sucursal, "siguiente": 0})
    return token, grupos


def hueco(grupo):
    """The group's next free slot: its doctors book 08:00–20:00 every day, one 30-minute slot after another."""
    n = grupo["siguiente"]
    grupo["siguiente"] += 1
    medico = n % MEDICOS_POR_CLIENTE
    k = n // MEDICOS_POR_CLIENTE
    fecha = date.today() + timedelta(days=1 + k // 24)
    return {"medico_id": grupo["medicos"][medico], "paciente_id": grupo["pacientes"][medico],
            "sucursal_id": grupo["sucursal"], "fecha": fecha.isoformat(),
            "hora_inicio": f"{8 + (k % 24) // 2:02d}:{30 * (k % 2):02d}"}


def ronda(base, token, grupos, segundos, informe):
    tiempos, errores, informes, parar = [], [], [], threading.Event()
    hoy = date.today()
    rutas = [f"/api/reportes/resumen?desde={hoy - timedelta(days=365)}&hasta={hoy}",
             f"/api/reportes/citas-por-medico?desde={hoy - timedelta(days=365)}&hasta={hoy}",
             f"/api/reportes/ingresos?desde={hoy - timedelta(days=365)}&hasta={hoy}&agrupar=mes"]

    def recepcion(grupo):
        while not parar.is_set():
            inicio = time.perf_counter()
            estado, cuerpo = pedir(base, "POST", "/api/citas", hueco(grupo), token=token)
            if estado == 201:
                tiempos.append(time.perf_counter() - inicio)
            else:
                errores.append((estado, cuerpo))

    def reportes():
        i = 0
        while not parar.is_set():
            estado, _ = pedir(base, "GET", rutas[i % len(rutas)], token=token)
            informes.append(estado)
            i += 1

    hilos = [threading.Thread(target=recepcion, args=(g,)) for g in grupos]
    if informe:
        hilos.append(threading.Thread(target=reportes))
    for hilo in hilos:
        hilo.start()
    time.sleep(segundos)
    parar.set()
    for hilo in hilos:
        hilo.join()
    tiempos.sort()
    return {"n": len(tiempos), "p50": tiempos[len(tiempos) // 2] * 1000,
            "p95": tiempos[int(len(tiempos) * 0.95)] * 1000, "errores": len(errores),
            "informes": len(informes), "informes_no_200": sum(e != 200 for e in informes)}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--segundos", type=int, default=20)
    parser.add_argument("--vueltas", type=int, default=2)
    parser.add_argument("--clientes", type=int, default=4)
    args = parser.parse_args()
    sys.path.insert(0, str(RAIZ / "backend"))
    entorno = {**os.environ, "CLUSTER_DIR": str(DIRECTORIO), "CLUSTER_PORT_BASE": os.environ.get("CLUSTER_PORT_BASE", "25460"),
               "CLUSTER_HTTP_PORT": os.environ.get("CLUSTER_HTTP_PORT", "25470")}
    print("arrancando la topología (scripts/cluster.sh start)…", flush=True)
    cluster("start", entorno=entorno)
    urls = dict(linea.split("=", 1) for linea in cluster("env", entorno=entorno).splitlines() if "=" in linea)
    dueno = urls["DATABASE_OWNER_URL"]
    flask_env = {**os.environ, "FLASK_APP": "run.py", "FLASK_CONFIG": "development", "DATABASE_URL": dueno,
                 "DATABASE_OWNER_URL": dueno}
    subprocess.run([str(BACKEND / ".venv/bin/flask"), "create-admin", "--email", ADMIN["email"], "--password",
                    ADMIN["password"]], check=False, cwd=BACKEND, env=flask_env, capture_output=True)  # may exist
    base_cluster = f"http://127.0.0.1:{entorno['CLUSTER_HTTP_PORT']}"
    puerto_solo = int(entorno["CLUSTER_PORT_BASE"]) + 8
    workers = 2 * int(os.environ.get("CLUSTER_WORKERS", "2"))
    directo = urls["WORKER_DATABASE_URL"]  # the application role, straight to the primary
    with open(DIRECTORIO / "gunicorn-solo.log", "ab") as salida:
        solo = subprocess.Popen(
            [str(BACKEND / ".venv/bin/gunicorn"), "--config", "gunicorn.conf.py", "--no-control-socket", "run:app"],
            cwd=BACKEND, env={**os.environ, "FLASK_CONFIG": "development", "DATABASE_URL": directo,
                              "DATABASE_OWNER_URL": dueno, "PORT": str(puerto_solo), "GUNICORN_WORKERS": str(workers)},
            stdout=salida, stderr=subprocess.STDOUT, start_new_session=True)
    base_solo = f"http://127.0.0.1:{puerto_solo}"
    try:
        for _ in range(120):
            try:
                if pedir(base_solo, "GET", "/api/health")[0] == 200:
                    break
            except OSError:
                pass
            time.sleep(0.5)
        token, grupos = preparar(base_cluster, args.clientes)
        escenarios = [("un nodo", base_solo, False, True), ("un nodo + informe", base_solo, True, True),
                      ("clúster + informe", base_cluster, True, False), ("clúster", base_cluster, False, False)]
        resultados = {nombre: [] for nombre, *_ in escenarios}
        for vuelta in range(args.vueltas):
            for nombre, base, informe, sin_espera in escenarios:
                # One node: the primary does not wait for its standby (it would have none).
                psql(dueno, "ALTER SYSTEM SET synchronous_standby_names = ''" if sin_espera
                     else "ALTER SYSTEM RESET synchronous_standby_names")
                psql(dueno, "SELECT pg_reload_conf()")
                time.sleep(1)
                r = ronda(base, token, grupos, args.segundos, informe)
                resultados[nombre].append(r)
                print(f"vuelta {vuelta + 1} {nombre:20s} reservas {r['n']:5d}  p50 {r['p50']:6.1f} ms  "
                      f"p95 {r['p95']:6.1f} ms  errores {r['errores']}  informes {r['informes']} "
                      f"(no 200: {r['informes_no_200']})", flush=True)
        print("\n| escenario | reservas/s | p50 (ms) | p95 (ms) | informes/s |\n|---|---|---|---|---|")
        for nombre, filas in resultados.items():
            mediana = {k: statistics.median(f[k] for f in filas) for k in ("n", "p50", "p95", "informes")}
            print(f"| {nombre} | {mediana['n'] / args.segundos:.1f} | {mediana['p50']:.1f} | {mediana['p95']:.1f} | "
                  f"{mediana['informes'] / args.segundos:.1f} |")
    finally:
        psql(dueno, "ALTER SYSTEM RESET synchronous_standby_names")
        psql(dueno, "SELECT pg_reload_conf()")
        solo.terminate()
        solo.wait(timeout=30)
        if not os.environ.get("BENCH_ESCALADO_DEJAR"):
            cluster("stop", entorno=entorno)


if __name__ == "__main__":
    main()
