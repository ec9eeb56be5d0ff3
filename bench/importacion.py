"""Importing 100,000 patients from a CSV (issue 21: ≤ 3 minutes on 2 cores, with duplicate matching).

A one-off measurement, like the reminders' rate: ``python bench/importacion.py [URL]`` (URL: the bench database,
by default the 1M one; ``make bench`` does not run it). It writes a deterministic CSV of FILAS rows (all the
import's patient fields; a third without document, half without e-mail) where 5 % of the rows are patients the
dataset already has (their name and birth date, and for a third of them their INE number too: found through the
blind index) and 2 % repeat an earlier row of the file (found by e-mail, document or name and birth date): those
are counted ``existentes`` by the import and never created. The import is created through the service as the
Administrador (``importaciones.crear``, as POST /api/importaciones does: the file stored, the map suggested from the
header) and run to the end in this process by ``trabajo.ejecutar`` (the worker's batches of 500, each one
transaction), against the million patients of the dataset. Reported: the seconds of ``ejecutar`` (and of creating
the import), rows per second and the counts. Afterwards the created patients (ids above the maximum before), the
import and its errors are deleted with the owner's connection and the patients' table vacuumed; the audit log
keeps its rows (append-only).
"""
import csv
import io
import json
import os
import random
import subprocess
import sys
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parents[1]
BACKEND = ROOT / "backend"
FILAS = 100_000
EXISTENTES = 0.05
REPETIDAS = 0.02
DOMINIO = "importacion.bench.invalid"
CABECERA = ["Nombre", "Apellidos", "Fecha de nacimiento", "Sexo", "Tipo de documento", "Número de documento",
            "Teléfono", "Correo electrónico", "Dirección", "Alergias", "Contacto de emergencia",
            "Teléfono de emergencia", "Acepta recordatorios"]


def generar_csv(cur, filas=FILAS, semilla=2026):
    """The file's bytes (UTF-8, comma-separated, dates dd/mm/yyyy as a clinic's spreadsheet has them)."""
    sys.path.insert(0, str(BACKEND))
    from bench_data import nombres
    from bench_data.generador import documento

    azar = random.Random(semilla)
    cur.execute("SELECT max(id) FROM medical.pacientes")
    maximo = cur.fetchone()[0]
    n_existentes = int(filas * EXISTENTES)
    ids = sorted({1 + (i * 104_723) % maximo for i in range(n_existentes)})
    cur.execute("SELECT id, nombre, apellido, fecha_nacimiento, genero FROM medical.pacientes WHERE id = ANY(%s)",
                (ids,))
    registrados = cur.fetchall()
    hoy = date(2026, 12, 1)
    salida = io.StringIO()
    w = csv.writer(salida, lineterminator="\r\n")
    w.writerow(CABECERA)
    hechas = []
    posiciones_existentes = set(azar.sample(range(filas), len(registrados)))
    k_existente = 0
    for i in range(filas):
        if i in posiciones_existentes:
            pid, nombre, apellido, nacimiento, genero = registrados[k_existente]
            k_existente += 1
            con_doc = k_existente % 3 == 0
            fila = [nombre, apellido, nacimiento.strftime("%d/%m/%Y"), genero, "INE" if con_doc else "",
                    documento(pid) if con_doc else "", f"55{azar.randrange(10**8):08d}", "", "", "", "", "", "sí"]
        elif hechas and azar.random() < REPETIDAS:
            fila = list(azar.choice(hechas))
        else:
            mujer = azar.random() < 0.5
            nombre = azar.choice(nombres.NOMBRES_MUJER if mujer else nombres.NOMBRES_HOMBRE)
            apellido = f"{azar.choice(nombres.APELLIDOS)} {azar.choice(nombres.APELLIDOS)}"
            nacimiento = hoy - timedelta(days=azar.randrange(365, 90 * 365))
            con_doc = azar.random() >= 1 / 3
            fila = [nombre, apellido, nacimiento.strftime("%d/%m/%Y"), "Femenino" if mujer else "Masculino",
                    "CURP" if con_doc else "", f"IMP{i:08d}{'ABCDEFGHJK'[i % 10]}" if con_doc else "",
                    f"55{azar.randrange(10**8):08d}", f"importado{i}@{DOMINIO}" if azar.random() < 0.5 else "",
                    f"{azar.choice(nombres.CALLES)} {azar.randrange(1, 999)}, {azar.choice(nombres.CIUDADES)}",
                    "Penicilina" if azar.random() < 0.05 else "",
                    f"{azar.choice(nombres.NOMBRES_MUJER)} {azar.choice(nombres.APELLIDOS)}",
                    f"55{azar.randrange(10**8):08d}", "sí" if azar.random() < 0.9 else "no"]
            hechas.append(fila)
        w.writerow(fila)
    return salida.getvalue().encode("utf-8")


def _ejecutar(url, datos):
    """In the app (a subprocess with the bench database as DATABASE_URL): create the import, run it, report."""
    sys.path.insert(0, str(BACKEND))
    from app import create_app
    from app.extensions import db
    from app.models import Importacion, Usuario
    from app.services import importaciones
    from app.services.alcance import Alcance
    from app.services.importaciones import trabajo

    app = create_app("default")
    with app.app_context():
        admin = db.session.scalar(db.select(Usuario).where(Usuario.email == "admin@bench.local"))
        ahora = datetime.now(UTC)
        inicio = time.perf_counter()
        importacion = importaciones.crear(Alcance.de(admin, ahora), datos=datos, nombre_archivo="banco.csv",
                                          tipo="pacientes")
        db.session.commit()
        creada = time.perf_counter() - inicio
        importacion_id = importacion.id
        inicio = time.perf_counter()
        trabajo.ejecutar(importacion_id, ahora)
        segundos = time.perf_counter() - inicio
        final = db.session.get(Importacion, importacion_id, populate_existing=True)
        resultado = {"importacion_id": importacion_id, "estado": final.estado, "procesadas": final.procesadas,
                     "creadas": final.creadas, "existentes": final.existentes, "con_errores": final.con_errores,
                     "segundos_crear": round(creada, 2), "segundos": round(segundos, 1),
                     "filas_por_segundo": round(final.procesadas / segundos) if segundos else None}
        db.session.commit()
    print(json.dumps(resultado))


def limpiar(conn, antes, importacion_id):
    """Delete the created patients, the import and its errors (owner's connection), then vacuum."""
    conn.autocommit = False
    with conn.cursor() as cur:
        cur.execute("DELETE FROM medical.importaciones_errores WHERE importacion_id = %s", (importacion_id,))
        cur.execute("DELETE FROM medical.importaciones WHERE id = %s", (importacion_id,))
        cur.execute("DELETE FROM medical.pacientes WHERE id > %s", (antes,))
        borrados = cur.rowcount
    conn.commit()
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute("VACUUM (ANALYZE) medical.pacientes")
        cur.execute("VACUUM (ANALYZE) medical.importaciones")
    return borrados


def medir(url, log=print):
    conn = psycopg2.connect(url)
    conn.autocommit = True
    with conn.cursor() as cur:
        inicio = time.perf_counter()
        datos = generar_csv(cur)
        log(f"  CSV de {FILAS} filas ({len(datos) / 2**20:.1f} MiB) generado en {time.perf_counter() - inicio:.1f} s")
        cur.execute("SELECT max(id) FROM medical.pacientes")
        antes = cur.fetchone()[0]
    archivo = ROOT / "bench" / "results" / "tmp" / "importacion.csv"
    archivo.parent.mkdir(parents=True, exist_ok=True)
    archivo.write_bytes(datos)
    env = {**os.environ, "DATABASE_URL": url, "FLASK_CONFIG": "default"}
    r = subprocess.run([sys.executable, __file__, "--ejecutar", str(archivo)], cwd=BACKEND, env=env,
                       capture_output=True, text=True, check=False)
    if r.returncode:
        raise RuntimeError(f"la importación falló: {r.stderr[-2000:]}")
    resultado = json.loads(r.stdout.strip().splitlines()[-1])
    resultado["bytes"] = len(datos)
    inicio = time.perf_counter()
    resultado["borrados"] = limpiar(conn, antes, resultado["importacion_id"])
    resultado["segundos_limpieza"] = round(time.perf_counter() - inicio, 1)
    conn.close()
    return resultado


if __name__ == "__main__":
    if sys.argv[1:2] == ["--ejecutar"]:
        _ejecutar(os.environ["DATABASE_URL"], Path(sys.argv[2]).read_bytes())
    else:
        if len(sys.argv) > 1:
            url = sys.argv[1]
        else:
            url = subprocess.run([str(BACKEND / ".venv" / "bin" / "flask"), "bench-data", "--escala", "1m", "--url"],
                                 cwd=BACKEND, env={**os.environ, "FLASK_APP": "run.py"}, check=True, text=True,
                                 capture_output=True).stdout.strip().splitlines()[-1]
        res = medir(url)
        print(json.dumps(res, indent=2, ensure_ascii=False))
        (ROOT / "bench" / "results" / "importacion.json").write_text(
            json.dumps({"fecha": datetime.now().isoformat(timespec="seconds"), "filas": FILAS, **res}, indent=2,
                       ensure_ascii=False))
