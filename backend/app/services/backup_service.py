"""Backups with pg_dump (custom format) and restores with pg_restore, encrypted at rest.

A backup file is ``CABECERA`` + a 16-byte salt + 8-byte nonce prefix, then the dump in chunks of up to 1 MiB,
each ``4-byte length + AES-256-GCM(chunk)``. The key is HKDF-SHA256(BACKUP_KEY, salt); each chunk's nonce is
the prefix + its index, and its associated data the header, its index and whether it is the last one, so
chunks cannot be reordered, dropped or cut off at the end without failing authentication. pg_dump's output
is encrypted as it streams (no plaintext file on disk); a restore first authenticates the whole file, then
streams the plaintext into pg_restore.
"""
import contextlib
import os
import struct
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import psycopg2
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from app.utils.pgtools import libpq_args, pg_binary
from config import VAR_DIR

BACKUP_DIR = VAR_DIR / "backups"
CABECERA = b"CLINICA-ERP-RESPALDO-1\n"
TROZO = 1024 * 1024
MAGIA_PG_DUMP = b"PGDMP"


class RestauracionRechazada(Exception):
    pass


def _clave(clave_respaldo, sal):
    if not clave_respaldo:
        raise RestauracionRechazada("Falta BACKUP_KEY: los respaldos se cifran con esa clave (docs/operations.md)")
    return AESGCM(HKDF(algorithm=hashes.SHA256(), length=32, salt=sal, info=b"clinica-erp/respaldo/v1")
                  .derive(clave_respaldo.encode()))


def _aad(indice, ultimo):
    return CABECERA + struct.pack(">Q?", indice, ultimo)


def _leer_trozos(entrada, bloque=TROZO):
    """Chunks of ``bloque`` bytes, each with a flag telling whether it is the last one."""
    actual = entrada.read(bloque)
    while True:
        siguiente = entrada.read(bloque) if actual else b""
        yield actual, not siguiente
        if not siguiente:
            return
        actual = siguiente


def cifrar(entrada, salida, clave_respaldo):
    """Encrypt the stream ``entrada`` into ``salida``."""
    sal, prefijo = os.urandom(16), os.urandom(8)
    aes = _clave(clave_respaldo, sal)
    salida.write(CABECERA + sal + prefijo)
    for indice, (trozo, ultimo) in enumerate(_leer_trozos(entrada)):
        cifrado = aes.encrypt(prefijo + struct.pack(">I", indice), trozo, _aad(indice, ultimo))
        salida.write(struct.pack(">I", len(cifrado)) + cifrado)


def descifrar(entrada, clave_respaldo):
    """Yield the plaintext chunks of an encrypted backup; RestauracionRechazada if anything does not match."""
    if entrada.read(len(CABECERA)) != CABECERA:
        raise RestauracionRechazada("El archivo no es un respaldo cifrado de Clínica ERP")
    sal, prefijo = entrada.read(16), entrada.read(8)
    aes = _clave(clave_respaldo, sal)
    indice, largo = 0, entrada.read(4)
    while True:
        if len(largo) != 4:
            raise RestauracionRechazada("El respaldo está incompleto (cortado)")
        cifrado = entrada.read(struct.unpack(">I", largo)[0])
        largo = entrada.read(4)
        ultimo = not largo
        try:
            yield aes.decrypt(prefijo + struct.pack(">I", indice), cifrado, _aad(indice, ultimo))
        except InvalidTag:
            raise RestauracionRechazada("No se pudo descifrar el respaldo: BACKUP_KEY incorrecta, o el archivo "
                                        "fue alterado o está incompleto") from None
        if ultimo:
            return
        indice += 1


def respaldar(url, destino=None, clave_respaldo=None):
    """Dump the whole database, encrypted, to ``destino`` (default var/backups/clinica-<UTC timestamp>.dump.cifrado)."""
    _clave(clave_respaldo, b"\0" * 16)  # refuse before dumping anything
    if destino is None:
        BACKUP_DIR.mkdir(parents=True, exist_ok=True)
        destino = BACKUP_DIR / f"clinica-{datetime.now(UTC):%Y%m%dT%H%M%SZ}.dump.cifrado"
    destino = Path(destino)
    parcial = destino.with_name(destino.name + ".parcial")
    args, env = libpq_args(url)
    try:
        with subprocess.Popen([pg_binary("pg_dump"), "--format=custom", "--no-owner", *args], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proceso:
            try:
                fd = os.open(parcial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
                with os.fdopen(fd, "wb") as salida:
                    cifrar(proceso.stdout, salida, clave_respaldo)
            except BaseException:
                proceso.kill()
                raise
            errores = proceso.stderr.read().decode(errors="replace")
        if proceso.returncode != 0:
            raise RuntimeError(f"pg_dump falló: {errores.strip()[-500:]}")
        parcial.replace(destino)
    finally:
        parcial.unlink(missing_ok=True)
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


def restaurar(url, origen, forzar=False, clave_respaldo=None):
    """Restore ``origen`` into the database at ``url``; a non-empty database needs ``forzar``.

    The whole file is authenticated before pg_restore sees a byte of it. Dumps made before backups were
    encrypted (plain pg_dump files) are still accepted."""
    origen = Path(origen)
    if not origen.is_file():
        raise RestauracionRechazada(f"No existe el archivo {origen}")
    with origen.open("rb") as f:
        inicio = f.read(len(CABECERA))
    cifrado = inicio == CABECERA
    if not cifrado and not inicio.startswith(MAGIA_PG_DUMP):
        raise RestauracionRechazada("El archivo no es un respaldo de Clínica ERP")
    if cifrado:
        with origen.open("rb") as f:
            for _ in descifrar(f, clave_respaldo):
                pass
    vacia = base_vacia(url)
    if not vacia and not forzar:
        raise RestauracionRechazada("La base de datos no está vacía; use --forzar para reemplazar su contenido")
    args, env = libpq_args(url)
    opciones = ["--no-owner", "--exit-on-error", "--single-transaction"]
    if not vacia:
        opciones += ["--clean", "--if-exists"]
    comando = [pg_binary("pg_restore"), *opciones, *args]
    if not cifrado:
        resultado = subprocess.run([*comando, str(origen)], env=env, capture_output=True, text=True)
        errores = resultado.stderr
    else:
        with subprocess.Popen(comando, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE) as proceso:
            try:
                with origen.open("rb") as f:
                    for trozo in descifrar(f, clave_respaldo):
                        proceso.stdin.write(trozo)
            except BrokenPipeError:
                pass  # pg_restore stopped early: its status and message say why
            finally:
                with contextlib.suppress(BrokenPipeError):
                    proceso.stdin.close()
            errores = proceso.stderr.read().decode(errors="replace")
        resultado = proceso
    if resultado.returncode != 0:
        raise RestauracionRechazada(f"pg_restore falló: {errores.strip()[-500:]}")
