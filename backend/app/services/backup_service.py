"""Backups with pg_dump (custom format) and restores with pg_restore."""
import subprocess
from datetime import datetime, UTC
from pathlib import Path

import psycopg2

from app.utils.pgtools import libpq_args, pg_binary
from config import VAR_DIR

BACKUP_DIR = VAR_DIR / "backups"


class RestauracionRechazada(Exception):
    pass


def respaldar(url, destino=None):
    """Dump the whole database to ``destino`` (default var/backups/clinica-<UTC timestamp>.dump)."""
    if destino is None:
        BACKUP_DIR.mkdir(parents=True, exist_ok=True)
        destino = BACKUP_DIR / f"clinica-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump"
    destino = Path(destino)
    args, env = libpq_args(url)
    subprocess.run([pg_binary("pg_dump"), "--format=custom", "--no-owner", "--file", str(destino), *args],
                   env=env, check=True, capture_output=True, text=True)
    destino.chmod(0o600)
    return destino


def base_vacia(url):
    conn = psycopg2.connect(url.replace("postgresql+psycopg2://", "postgresql://"))
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM information_schema.tables "
                        "WHERE table_schema IN ('medical', 'billing', 'security')")
            return cur.fetchone()[0] == 0
    finally:
        conn.close()


def restaurar(url, origen, forzar=False):
    """Restore ``origen`` into the database at ``url``; a non-empty database needs ``forzar``."""
    origen = Path(origen)
    if not origen.is_file():
        raise RestauracionRechazada(f"No existe el archivo {origen}")
    vacia = base_vacia(url)
    if not vacia and not forzar:
        raise RestauracionRechazada("La base de datos no está vacía; use --forzar para reemplazar su contenido")
    args, env = libpq_args(url)
    opciones = ["--no-owner", "--exit-on-error", "--single-transaction"]
    if not vacia:
        opciones += ["--clean", "--if-exists"]
    resultado = subprocess.run([pg_binary("pg_restore"), *opciones, *args, str(origen)], env=env,
                               capture_output=True, text=True)
    if resultado.returncode != 0:
        raise RestauracionRechazada(f"pg_restore falló: {resultado.stderr.strip()[-500:]}")
