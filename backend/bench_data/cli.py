"""`flask bench-data --escala small|chain|10k|100k|1m`: build (or keep) the benchmark database of that scale.

The database is `clinica_erp_bench_<scale>` on the same server as the app's; a marker table
(`bench.dataset`) records the scale and generator version, so it is rebuilt only when they change.
"""
import json
import time

import click
import psycopg2
from flask import current_app
from sqlalchemy.engine import make_url

VERSION = 1


def nombre_escala(escala):
    from bench_data.generador import ALIAS, ESCALAS

    escala = ALIAS.get(escala, escala)
    if escala not in ESCALAS:
        raise click.BadParameter(f"escala desconocida: {escala} (use {', '.join(list(ESCALAS) + list(ALIAS))})")
    return escala


def url_bench(escala):
    # The owner's: it creates the database, drops constraints while loading and migrates.
    return make_url(current_app.config["DATABASE_OWNER_URL"]).set(database=f"clinica_erp_bench_{escala}")


def _dsn(url):
    return url.render_as_string(hide_password=False)


def sql_en_servidor(url, *sentencias):
    """Run ``sentencias`` on the server of ``url`` (an SQLAlchemy URL or a string), in its maintenance database and
    outside a transaction: CREATE/DROP DATABASE, roles. Also used by the tests and bench/micro_claves.py."""
    conn = psycopg2.connect(_dsn(make_url(url).set(database="postgres")))
    conn.autocommit = True
    try:
        for sentencia in sentencias:
            conn.cursor().execute(sentencia)
    finally:
        conn.close()


def marcador(url):
    """The dataset marker of that database, or None (no database, no marker, unfinished load)."""
    try:
        conn = psycopg2.connect(_dsn(url))
    except psycopg2.OperationalError:
        return None
    try:
        cur = conn.cursor()
        cur.execute("SELECT to_regclass('bench.dataset')")
        if cur.fetchone()[0] is None:
            return None
        cur.execute("SELECT escala, version, datos FROM bench.dataset")
        fila = cur.fetchone()
        return {"escala": fila[0], "version": fila[1], **fila[2]} if fila else None
    finally:
        conn.close()


def construir(escala, url, progreso=True):
    """Drop and recreate the database, migrate it, generate the dataset, write the marker. Returns the marker."""
    from flask_migrate import upgrade

    from app import create_app
    from app.utils.auth import hash_password
    from bench_data.generador import BENCH_PASSWORD, ESCALAS, Generador

    sql_en_servidor(url, f'DROP DATABASE IF EXISTS "{url.database}" WITH (FORCE)', f'CREATE DATABASE "{url.database}"')
    inicio = time.monotonic()
    app = create_app("default", SQLALCHEMY_DATABASE_URI=_dsn(url))
    with app.app_context():
        upgrade()
        firmar = None
        try:
            from app.services import auditoria_service

            firmar = getattr(auditoria_service, "huella_de", None)
        except ImportError:  # pragma: no cover
            pass
        conn = psycopg2.connect(_dsn(url))
        try:
            g = Generador(conn, ESCALAS[escala], app.config["DATA_ENCRYPTION_KEY"], app.config["BLIND_INDEX_KEY"],
                          hash_password(BENCH_PASSWORD), progreso=progreso, firmar_auditoria=firmar, log=click.echo)
            tiempos = g.generar()
            datos = {"generado": time.strftime("%Y-%m-%d"), "hoy": g.hoy.isoformat(), "segundos": round(
                time.monotonic() - inicio, 1), "tiempos": tiempos, "huella_facturas": g.formato_huella,
                "auditoria_firmada": bool(firmar), **{k: getattr(g.e, k) for k in (
                    "pacientes", "citas", "facturas", "auditoria", "medicos", "sucursales", "dias")}}
            cur = conn.cursor()
            cur.execute("CREATE SCHEMA IF NOT EXISTS bench")
            cur.execute("CREATE TABLE bench.dataset (escala text, version int, datos jsonb)")
            cur.execute("INSERT INTO bench.dataset VALUES (%s, %s, %s)", (escala, VERSION, json.dumps(datos)))
            conn.commit()
        finally:
            conn.close()
        from app.extensions import db

        db.engine.dispose()
    return marcador(url)


def _migrar(url):
    from flask_migrate import upgrade

    from app import create_app
    from app.extensions import db

    app = create_app("default", SQLALCHEMY_DATABASE_URI=_dsn(url))
    with app.app_context():
        upgrade()
        db.engine.dispose()
    # A migration may add columns or indexes without statistics: the planner needs them.
    conn = psycopg2.connect(_dsn(url))
    try:
        conn.autocommit = True
        conn.cursor().execute("ANALYZE")
    finally:
        conn.close()


def _completar(url, progreso=True):
    """What later issues add to a dataset, added once to a kept one too (see each module): the dentistry data, the
    long-history patients of FHIR's $everything."""
    from bench_data import fhir, odontologia

    conn = psycopg2.connect(_dsn(url))
    try:
        odontologia.completar(conn, progreso=progreso, log=click.echo)
        fhir.completar(conn, log=click.echo)
    finally:
        conn.close()


def register(app):
    @app.cli.command("bench-data")
    @click.option("--escala", default="small", show_default=True,
                  help="small (=10k pacientes), chain (=1m), 10k, 100k o 1m")
    @click.option("--forzar", is_flag=True, help="Reconstruir aunque la base ya tenga esa escala")
    @click.option("--url", "solo_url", is_flag=True, help="Solo imprimir la URL de la base de esa escala")
    @click.option("--sin-progreso", is_flag=True, help="Sin barras de progreso")
    def bench_data(escala, forzar, solo_url, sin_progreso):
        """Base de datos del benchmark a escala de cadena (COPY masivo; se conserva entre ejecuciones)."""
        escala = nombre_escala(escala)
        url = url_bench(escala)
        if solo_url:
            click.echo(_dsn(url))
            return
        actual = marcador(url)
        if not forzar and actual and actual["escala"] == escala and actual["version"] == VERSION:
            _migrar(url)  # the data is kept; the schema follows the code (new indexes, columns)
            _completar(url, progreso=not sin_progreso)
            click.echo(f"Base {url.database} al día (escala {escala}, generada el {actual['generado']} "
                       f"en {actual['segundos']} s).")
            return
        click.echo(f"Generando {url.database} (escala {escala})…")
        m = construir(escala, url, progreso=not sin_progreso)
        _completar(url, progreso=not sin_progreso)
        click.echo(f"Base {url.database} lista en {m['segundos']} s: {json.dumps(m['tiempos'])}")
