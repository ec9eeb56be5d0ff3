"""The scale-out topology of scripts/cluster.sh (primary, streaming standby, a PgBouncer in transaction mode in
front of each), started by the project's own script in a temporary directory on free ports, for the tests of
replica routing, PgBouncer and failover. PgBouncer comes from Debian: the script installs it when missing."""
import contextlib
import json
import os
import shutil
import socket
import subprocess
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.pool import NullPool

from tests.servidor import BACKEND, flask_cli, gunicorn

SCRIPT = BACKEND.parent / "scripts" / "cluster.sh"


def pedir(url, metodo="GET", cuerpo=None, token=None, timeout=20, cabeceras=None):
    """(status, JSON body, headers) of one request."""
    peticion = urllib.request.Request(url, data=json.dumps(cuerpo).encode() if cuerpo is not None else None,
                                      method=metodo)
    peticion.add_header("Content-Type", "application/json")
    if token:
        peticion.add_header("Authorization", f"Bearer {token}")
    for nombre, valor in (cabeceras or {}).items():
        peticion.add_header(nombre, valor)
    try:
        with urllib.request.urlopen(peticion, timeout=timeout) as r:
            estado, texto, cabeceras = r.status, r.read(), r.headers
    except urllib.error.HTTPError as exc:
        estado, texto, cabeceras = exc.code, exc.read(), exc.headers
    try:
        return estado, json.loads(texto or b"null"), cabeceras
    except ValueError:  # a CSV, a PDF
        return estado, None, cabeceras


def _libre(puerto):
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", puerto))
        except OSError:
            return False
    return True


def base_libre():
    """Six consecutive free ports below the ephemeral range (where outgoing connections could take them)."""
    inicio = 21000 + (os.getpid() % 400) * 10
    for base in range(inicio, 32000, 10):
        if all(_libre(base + i) for i in range(6)):
            return base
    raise RuntimeError("no hay puertos libres para la topología")


class Topologia:
    def __init__(self, sincrona):
        self.raiz = Path(tempfile.mkdtemp(prefix="clinica-topologia-", dir="/tmp"))
        self.entorno = {**os.environ, "CLUSTER_DIR": str(self.raiz / "cluster"), "CLUSTER_PORT_BASE": str(base_libre()),
                        "CLUSTER_FSYNC": "off", "CLUSTER_SYNC": "remote_apply" if sincrona else "off",
                        # few server connections: every one of them serves many clients' transactions
                        "CLUSTER_POOL_SIZE": "3"}
        if os.geteuid() == 0:
            shutil.chown(self.raiz, "postgres")

    def script(self, *args, timeout=180):
        resultado = subprocess.run([str(SCRIPT), *args], env=self.entorno, capture_output=True, text=True,
                                   timeout=timeout)
        assert resultado.returncode == 0, (args, resultado.stdout[-2000:], resultado.stderr[-2000:])
        return resultado.stdout

    def arrancar(self):
        self.script("start-db")
        self.urls = dict(linea.split("=", 1) for linea in self.script("env").splitlines() if "=" in linea)

    def detener(self):
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            self.script("stop")
        shutil.rmtree(self.raiz, ignore_errors=True)

    def sql(self, consulta, url=None, **parametros):
        """One statement as the owner (on the primary unless ``url``); returns all rows."""
        motor = create_engine(url or self.urls["DATABASE_OWNER_URL"], poolclass=NullPool)
        try:
            with motor.begin() as conexion:
                return conexion.execute(text(consulta), parametros).all()
        finally:
            motor.dispose()

    def url_replica_propietario(self):
        base = int(self.entorno["CLUSTER_PORT_BASE"])
        dueno = self.urls["DATABASE_OWNER_URL"].split("@")[0]
        return f"{dueno}@127.0.0.1:{base + 1}/clinica_erp"

    def entorno_app(self, **extra):
        """The settings a gunicorn of this topology runs with (through PgBouncer, replica configured)."""
        claves = ("DATABASE_URL", "DATABASE_POOLER", "DATABASE_REPLICA_URL", "DATABASE_OWNER_URL")
        # Turns of heavy requests of their own (app/utils/pesadas.py): a benchmark elsewhere on the host must not
        # make these servers' CSV reports wait.
        return {**{c: self.urls[c] for c in claves}, "EXPORTACIONES_DIR": str(self.raiz / "turnos"), **extra}

    @contextlib.contextmanager
    def gunicorn(self, salida, workers=2, **extra):
        with gunicorn(self.urls["DATABASE_OWNER_URL"], salida, workers=workers, **self.entorno_app(**extra)) as s:
            yield s


@contextlib.contextmanager
def en_marcha(*, sincrona, admin):
    """A started topology with an administrator (``admin``: email and password), stopped at the end."""
    topo = Topologia(sincrona=sincrona)
    try:
        topo.arrancar()
        resultado = flask_cli(topo.urls["DATABASE_OWNER_URL"], "create-admin", "--email", admin["email"],
                              "--password", admin["password"])
        assert resultado.returncode == 0, resultado.stderr[-2000:]
        yield topo
    finally:
        topo.detener()
