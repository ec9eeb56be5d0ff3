"""Where the machine's CPU goes per request at saturation (docs/performance.md, issue 23 «Tercera pasada»): the
reference and each named read scenario under gunicorn (the bench's servers and settings), wrk with 16 connections,
and the CPU seconds the gunicorn processes, the PostgreSQL processes and wrk spent during the run, per request.

    cd backend && .venv/bin/python ../bench/cpu_saturacion.py detalle_paciente,busqueda_comun [--escala 1m]
        [--segundos 8]

``make bench`` made the database. Scenarios of the roles the bench logs in here (recepción, facturación,
administración, anonymous); run it on a quiet machine: every process of the machine is counted in one of the groups.
"""
import argparse
import collections
import os
import resource
import sys
from pathlib import Path

RAIZ = Path(__file__).resolve().parent
sys.path.insert(0, str(RAIZ.parent / "backend"))
sys.path.insert(0, str(RAIZ))  # before backend/: `run` is the bench's, not the app's entry point

import escenarios as E
import psycopg2
import run
import wrk
from bench_data.generador import documento
from por_peticion import url_bench

HZ = os.sysconf("SC_CLK_TCK")
GRUPOS = ("gunicorn", "postgres", "wrk", "otros")


def _cpu_de_procesos():
    """CPU seconds (user + system) of the running processes, by group."""
    cpu = collections.Counter()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                campos = f.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{pid}/cmdline") as f:
                orden = f.read()
        except OSError:  # ended in between
            continue
        grupo = "gunicorn" if "gunicorn" in orden else "postgres" if "postgres" in orden else "otros"
        cpu[grupo] += (int(campos[11]) + int(campos[12])) / HZ
    hijos = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk: a child that ended and was waited for
    cpu["wrk"] = hijos.ru_utime + hijos.ru_stime
    return cpu


def medir(servidor, token, rutas, segundos):
    lua = wrk.script(run.RESULTS / "tmp" / "cpu_saturacion.lua", token, rutas=rutas)
    base = f"http://127.0.0.1:{servidor.puerto}"
    wrk.correr(base, lua, 1, 16, 3)  # warm
    antes = _cpu_de_procesos()
    resultado = wrk.correr(base, lua, 1, 16, segundos)
    despues = _cpu_de_procesos()
    n = max(resultado["requests"], 1)
    return resultado["rps"], {g: (despues[g] - antes[g]) / n * 1000 for g in GRUPOS}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("escenarios")
    parser.add_argument("--escala", default="1m")
    parser.add_argument("--segundos", type=int, default=8)
    args = parser.parse_args()
    url = url_bench(args.escala)
    with psycopg2.connect(url) as conexion, conexion.cursor() as cur:
        d = E.datos(cur, documento)
    workers = 2 * os.cpu_count()
    with run.Servidor(url, workers) as servidor:
        tokens = {rol: servidor.login(f"{rol}{'1' if rol == 'recepcion' else ''}@bench.local")
                  for rol in ("recepcion", "facturacion", "admin")}
    tokens["anonimo"] = None
    escenarios = E.escenarios(d, tokens)
    medidas = [("referencia", run.Referencia, tokens["recepcion"], ["/api/auth/me"])]
    for nombre in args.escenarios.split(","):
        rol, spec = escenarios[nombre]
        if rol not in tokens or not spec.get("rutas"):
            sys.exit(f"{nombre}: solo lecturas de recepción, facturación, administración o públicas")
        medidas.append((nombre, run.Servidor, tokens[rol], spec["rutas"]))
    print(f"{'':24s} {'pet/s':>7s}   ms de CPU por petición: " + "  ".join(f"{g:>8s}" for g in GRUPOS))
    for nombre, clase, token, rutas in medidas:
        with clase(url, workers) as servidor:
            rps, cpu = medir(servidor, token, rutas, args.segundos)
        print(f"{nombre:24s} {rps:7.1f}   {'':23s}" + "  ".join(f"{cpu[g]:8.3f}" for g in GRUPOS), flush=True)


if __name__ == "__main__":
    main()
