"""A throwaway PostgreSQL cluster of a test's own (to stop and restart it under the app or the worker)."""
import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from tests.servidor import puerto_libre


def _bindir():
    for candidato in [os.environ.get("PG_BINDIR"), *sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)]:
        if candidato and (Path(candidato) / "initdb").exists():
            return Path(candidato)
    encontrado = shutil.which("initdb") or shutil.which("pg_ctl")
    if encontrado:
        return Path(encontrado).parent
    raise RuntimeError("no se encontró initdb de PostgreSQL (defina PG_BINDIR)")


class Cluster:
    """A throwaway PostgreSQL cluster in a temporary directory (run as `postgres` when we are root)."""

    def __init__(self, raiz):
        self.raiz = Path(raiz)
        self.datos = self.raiz / "data"
        self.puerto = puerto_libre()
        self.bindir = _bindir()
        self.root = os.geteuid() == 0

    def _ejecutar(self, binario, *args, timeout=120):
        comando = [str(self.bindir / binario), *args]
        if self.root:
            comando = ["runuser", "-u", "postgres", "--", *comando]
        resultado = subprocess.run(comando, cwd="/", capture_output=True, text=True, timeout=timeout)
        assert resultado.returncode == 0, (binario, resultado.stdout[-1500:], resultado.stderr[-1500:])
        return resultado

    def crear(self):
        self.raiz.mkdir(parents=True, exist_ok=True)
        if self.root:  # the server runs as `postgres`: it must own its directories
            for directorio in (self.raiz.parent, self.raiz):
                shutil.chown(directorio, "postgres")
        self._ejecutar("initdb", "-D", str(self.datos), "-U", "clinica", "--auth=trust", "-E", "UTF8",
                       "--locale=C.UTF-8")
        with open(self.datos / "postgresql.conf", "a") as conf:
            conf.write(f"listen_addresses = '127.0.0.1'\nport = {self.puerto}\nunix_socket_directories = '{self.raiz}'\n"
                       "fsync = off\nmax_connections = 50\nshared_buffers = 32MB\n")
        self.arrancar()
        subprocess.run(["psql", f"{self.url('postgres')}", "-qc", "CREATE DATABASE clinica_fallos"], check=True,
                       capture_output=True, timeout=60)

    def arrancar(self):
        self._ejecutar("pg_ctl", "-D", str(self.datos), "-l", str(self.raiz / "server.log"), "-w", "-t", "60", "start")

    def detener(self, modo="fast"):
        self._ejecutar("pg_ctl", "-D", str(self.datos), "-m", modo, "-w", "-t", "60", "stop")

    def url(self, base="clinica_fallos"):
        return f"postgresql://clinica@127.0.0.1:{self.puerto}/{base}"


@pytest.fixture(name="cluster_propio")
def cluster_propio_fixture():
    raiz = Path(tempfile.mkdtemp(prefix="clinica-fallos-", dir="/tmp"))
    cluster = Cluster(raiz / "pg")
    try:
        cluster.crear()
        yield cluster
    finally:
        with contextlib.suppress(AssertionError, subprocess.TimeoutExpired):
            cluster.detener("immediate")
        shutil.rmtree(raiz, ignore_errors=True)
