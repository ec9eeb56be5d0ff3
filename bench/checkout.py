"""The cost of a pool checkout with and without pool_pre_ping (docs/escalado.md, "Conexiones").

    backend/.venv/bin/python bench/checkout.py [--vueltas 5] [--n 3000]

Against the embedded PostgreSQL (scripts/localpg.sh start), with the app's connection options. Each round times
N checkouts that run one short statement (what a request's first query does), once with a ping before each
checkout and once without; rounds alternate so that the machine's other load falls on both alike. Prints the
median µs per checkout of each variant.
"""
import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

RAIZ = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(RAIZ / "backend"))


def main():
    from sqlalchemy import create_engine

    parser = argparse.ArgumentParser()
    parser.add_argument("--vueltas", type=int, default=5)
    parser.add_argument("--n", type=int, default=3000)
    args = parser.parse_args()
    url = subprocess.check_output([str(RAIZ / "scripts" / "localpg.sh"), "url"], text=True).strip()
    motores = {nombre: create_engine(url, pool_size=1, max_overflow=0, pool_pre_ping=ping, pool_recycle=600)
               for nombre, ping in (("con pre_ping", True), ("sin pre_ping", False))}
    tiempos = {nombre: [] for nombre in motores}
    for motor in motores.values():  # connect once: the rounds time checkouts of a pooled connection
        with motor.connect() as conexion:
            conexion.exec_driver_sql("SELECT 1")
    for _ in range(args.vueltas):
        for nombre, motor in motores.items():
            inicio = time.perf_counter()
            for _ in range(args.n):
                with motor.connect() as conexion:
                    conexion.exec_driver_sql("SELECT 1")
            tiempos[nombre].append((time.perf_counter() - inicio) / args.n * 1e6)
    for nombre, valores in tiempos.items():
        print(f"{nombre}: mediana {statistics.median(valores):.0f} µs por checkout + SELECT 1 "
              f"(vueltas: {', '.join(f'{v:.0f}' for v in valores)})")


if __name__ == "__main__":
    main()
