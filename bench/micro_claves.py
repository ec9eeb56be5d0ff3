"""Per-request cost of the key and audit changes (docs/performance.md, "Keys out of statement text"):
times N reads of one patient (decrypts two fields, writes one signed audit row) and N pages of 20 patients
(decrypts 40 fields, one audit row) in-process through the Flask test client, on a throwaway database.

    cd backend && .venv/bin/python ../bench/micro_claves.py --owner-url postgresql://clinica:…@127.0.0.1:54329/postgres \
        [--app-url postgresql://clinica_app:…@127.0.0.1:54329/postgres] [-n 1000]

``--sql`` times only the two changed paths, the old statements against the new ones, interleaved in blocks
on the same connection (far less noise on a shared machine). Otherwise, run it from the checkout to measure
(``backend/`` as the working directory: it imports that tree's app), so the same script measures an older
checkout (``git worktree add``) as "before".
"""
import argparse
import json
import statistics
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import make_url

sys.path.insert(0, str(Path.cwd()))


@contextmanager
def base_migrada(owner_url, app_url):
    """A throwaway database migrated to head: yields (the app on the application's URL, the owner's URL)."""
    from app import create_app
    from bench_data.cli import sql_en_servidor
    from flask_migrate import upgrade

    base = f"clinica_micro_{uuid.uuid4().hex[:8]}"
    sql_en_servidor(owner_url, f'CREATE DATABASE "{base}"')
    try:
        propietario = make_url(owner_url).set(database=base).render_as_string(hide_password=False)
        aplicacion = make_url(app_url or owner_url).set(database=base).render_as_string(hide_password=False)
        app = create_app("testing", SQLALCHEMY_DATABASE_URI=aplicacion, DATABASE_OWNER_URL=propietario)
        with app.app_context():
            upgrade()
        yield app, propietario
    finally:
        sql_en_servidor(owner_url, f'DROP DATABASE IF EXISTS "{base}" WITH (FORCE)')


def _percentiles(muestras):
    ordenadas = sorted(muestras)
    return {"p50_ms": round(statistics.median(ordenadas) * 1000, 3),
            "p95_ms": round(ordenadas[int(len(ordenadas) * 0.95) - 1] * 1000, 3),
            "media_ms": round(statistics.fmean(ordenadas) * 1000, 3)}


def medir(owner_url, app_url, n):
    from app import create_app
    from app.extensions import db
    from app.services import seed_service

    with base_migrada(owner_url, app_url) as (app, propietario):
        # Reference data and the administrator as the owner (setval), like `flask setup`.
        owner_app = create_app("testing", SQLALCHEMY_DATABASE_URI=propietario, DATABASE_OWNER_URL=propietario)
        with owner_app.app_context():
            seed_service.cargar_referencia()
            seed_service.crear_admin("micro@prueba.local", "contraseña-segura-1")
            db.session.commit()
            db.engine.dispose()
        with app.app_context():
            cliente = app.test_client()
            r = cliente.post("/api/auth/login", json={"email": "micro@prueba.local", "password": "contraseña-segura-1"})
            cabeceras = {"Authorization": f"Bearer {r.json['access_token']}"}
            ids = []
            for i in range(60):
                r = cliente.post("/api/pacientes", headers=cabeceras, json={
                    "nombre": f"Paciente{i}", "apellido": "Micro", "fecha_nacimiento": "1980-01-01",
                    "tipo_documento": "INE", "numero_documento": f"MIC-{i}", "alergias": "Penicilina"})
                assert r.status_code == 201, r.json
                ids.append(r.json["id"])
            resultados = {}
            for nombre, ruta in (("paciente", lambda i: f"/api/pacientes/{ids[i % len(ids)]}"),
                                 ("pagina_20", lambda i: "/api/pacientes?per_page=20&page=1")):
                for i in range(100):  # warm-up: connections, statement caches
                    cliente.get(ruta(i), headers=cabeceras)
                muestras = []
                for i in range(n):
                    inicio = time.perf_counter()
                    r = cliente.get(ruta(i), headers=cabeceras)
                    muestras.append(time.perf_counter() - inicio)
                    assert r.status_code == 200
                resultados[nombre] = _percentiles(muestras)
            db.engine.dispose()
        return resultados


# The statements as they were before the change (key values bound into the SQL text).
_AUDITORIA_ANTES = """
    INSERT INTO security.auditoria (id, fecha, usuario_id, accion, entidad, entidad_id, paciente_id, ip, resultado,
                                    detalle, huella)
    SELECT n, :fecha, :usuario_id, :accion, :entidad, :entidad_id, :paciente_id, :ip, :resultado, :detalle,
           encode(hmac(convert_to('[' || n || ',' || :resto, 'UTF8'), :clave, 'sha256'), 'hex')
    FROM (SELECT nextval('security.auditoria_id_seq') AS n) AS siguiente
    RETURNING id, huella
"""
_PAGINA = ("SELECT id, pgp_sym_decrypt(alergias, {k}) AS a, pgp_sym_decrypt(numero_documento, {k}) AS d "
           "FROM medical.pacientes ORDER BY id LIMIT 20")


def comparar_sql(owner_url, app_url, n):
    """Before/after of the two changed paths alone, interleaved in blocks on one connection each: a signed audit
    row (pgcrypto hmac with the key as a parameter vs Python HMAC with a reserved id) and a page of 20 patients
    decrypted (key as a parameter vs the session setting)."""
    from datetime import UTC, datetime

    from app.extensions import db
    from app.models import Auditoria
    from app.services import auditoria_service
    from app.utils.crypto import PGP_OPTIONS
    from sqlalchemy import LargeBinary, bindparam, text
    from sqlalchemy.dialects.postgresql import JSONB

    with base_migrada(owner_url, app_url) as (app, _propietario), app.app_context():
        clave_datos = app.config["DATA_ENCRYPTION_KEY"]
        db.session.execute(text(
            "INSERT INTO medical.pacientes (nombre, apellido, fecha_nacimiento, alergias, numero_documento) "
            "SELECT 'P' || i, 'Micro', DATE '1980-01-01', pgp_sym_encrypt('Penicilina', :k, :o), "
            "pgp_sym_encrypt('DOC' || i, :k, :o) FROM generate_series(1, 40) i"), {"k": clave_datos, "o": PGP_OPTIONS})
        db.session.commit()
        antes_sql = text(_AUDITORIA_ANTES).bindparams(bindparam("detalle", type_=JSONB),
                                                        bindparam("clave", type_=LargeBinary))
        pagina_antes = text(_PAGINA.format(k=":k"))
        pagina_despues = text(_PAGINA.format(k="current_setting('clinica.clave_datos')"))

        def auditoria_antes():
            fila = Auditoria(fecha=datetime.now(UTC), accion="paciente_consultado", usuario_id=None,
                             entidad="paciente", entidad_id=1, paciente_id=None, ip="127.0.0.1", resultado="ok",
                             detalle={"n": 1})
            valores = {c: getattr(fila, c) for c in ("fecha", "usuario_id", "accion", "entidad", "entidad_id",
                                                     "paciente_id", "ip", "resultado", "detalle")}
            db.session.execute(antes_sql, {**valores, "resto": auditoria_service._canonico_sin_id(fila),
                                           "clave": auditoria_service._clave()}).one()

        def auditoria_despues():
            auditoria_service.registrar("paciente_consultado", entidad="paciente", entidad_id=1,
                                        detalle={"n": 1})

        casos = {
            "auditoria": (auditoria_antes, auditoria_despues),
            "pagina_20_descifrada": (lambda: db.session.execute(pagina_antes, {"k": clave_datos}).all(),
                                     lambda: db.session.execute(pagina_despues).all()),
        }
        resultados = {}
        for nombre, (antes, despues) in casos.items():
            muestras = {"antes": [], "despues": []}
            for bloque in range(2 * n // 100):
                for etiqueta, f in (("antes", antes), ("despues", despues))[::1 if bloque % 2 else -1]:
                    for _ in range(100):
                        inicio = time.perf_counter()
                        f()
                        muestras[etiqueta].append(time.perf_counter() - inicio)
                    db.session.rollback()
            resultados[nombre] = {k: _percentiles(v[len(v) // 10:]) for k, v in muestras.items()}
        db.session.remove()
        db.engine.dispose()
    return resultados


if __name__ == "__main__":
    argumentos = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    argumentos.add_argument("--owner-url", required=True)
    argumentos.add_argument("--app-url")
    argumentos.add_argument("-n", type=int, default=1000)
    argumentos.add_argument("--sql", action="store_true",
                            help="only the two changed paths, before and after interleaved (this checkout only)")
    opciones = argumentos.parse_args()
    medida = comparar_sql if opciones.sql else medir
    print(json.dumps(medida(opciones.owner_url, opciones.app_url, opciones.n)))
