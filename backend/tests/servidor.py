"""Run the real server (gunicorn with backend/gunicorn.conf.py) or a `flask` command in a subprocess.

Every wait is bounded: the server must answer /api/health within ``arranque`` seconds, and it is
stopped with SIGTERM (then SIGKILL) when the ``with`` block ends. Its whole output (access log and
application log) is kept in a file the test can read afterwards.
"""
import contextlib
import json
import os
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

BACKEND = Path(__file__).resolve().parents[1]
GUNICORN = BACKEND / ".venv" / "bin" / "gunicorn"
FLASK = BACKEND / ".venv" / "bin" / "flask"


def _urls(database_url):
    """The app connects as the application role; migrations, setup, backups and restores as the owner."""
    from tests.conftest import url_app

    return {"DATABASE_URL": url_app(database_url), "DATABASE_OWNER_URL": database_url}


def flask_cli(database_url, *args, timeout=120):
    """Run a `flask` command of the app against ``database_url`` (the owner's); returns the CompletedProcess."""
    env = {**os.environ, "FLASK_APP": "run.py", "FLASK_CONFIG": "development", **_urls(database_url)}
    return subprocess.run([str(FLASK), *args], cwd=BACKEND, env=env, capture_output=True, text=True, timeout=timeout)


def esperar(condicion, timeout=60, mensaje="no ocurrió a tiempo", pausa=0.1):
    """Poll ``condicion()`` until it holds; the test fails (AssertionError ``mensaje``) after ``timeout`` seconds."""
    limite = time.monotonic() + timeout
    while not condicion():
        assert time.monotonic() < limite, mensaje
        time.sleep(pausa)


def puerto_libre():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Servidor:
    def __init__(self, proceso, url, salida):
        self.proceso = proceso
        self.url = url
        self.salida = salida

    def log(self):
        return Path(self.salida).read_text(errors="replace")

    def pedir(self, metodo, ruta, cuerpo=None, token=None, timeout=15):
        """(status, parsed JSON or None); network errors raise."""
        datos = json.dumps(cuerpo).encode() if cuerpo is not None else None
        peticion = urllib.request.Request(self.url + ruta, data=datos, method=metodo)
        if datos is not None:
            peticion.add_header("Content-Type", "application/json")
        if token:
            peticion.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(peticion, timeout=timeout) as r:
                estado, texto = r.status, r.read()
        except urllib.error.HTTPError as exc:
            estado, texto = exc.code, exc.read()
        try:
            return estado, json.loads(texto) if texto else None
        except ValueError:
            return estado, None

    def workers(self):
        """PIDs of the gunicorn workers (children of the master)."""
        hijos = Path(f"/proc/{self.proceso.pid}/task/{self.proceso.pid}/children")
        return [int(p) for p in hijos.read_text().split()] if hijos.exists() else []


@contextlib.contextmanager
def gunicorn(database_url, salida, workers=1, arranque=60, **entorno):
    """gunicorn serving the app on a free port against ``database_url``; yields a Servidor."""
    puerto = puerto_libre()
    env = {**os.environ, "FLASK_CONFIG": "development", **_urls(database_url), "PORT": str(puerto),
           "GUNICORN_WORKERS": str(workers), **{k: str(v) for k, v in entorno.items()}}
    env.pop("FLASK_DEBUG", None)
    with open(salida, "wb") as archivo:
        proceso = subprocess.Popen([str(GUNICORN), "--config", "gunicorn.conf.py", "run:app"], cwd=BACKEND, env=env,
                                   stdout=archivo, stderr=subprocess.STDOUT, start_new_session=True)
    servidor = Servidor(proceso, f"http://127.0.0.1:{puerto}", salida)
    try:
        limite = time.monotonic() + arranque
        while True:
            if proceso.poll() is not None:
                raise RuntimeError(f"gunicorn terminó al arrancar:\n{servidor.log()[-3000:]}")
            try:
                if servidor.pedir("GET", "/api/health", timeout=5)[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > limite:
                raise RuntimeError(f"gunicorn no respondió en {arranque} s:\n{servidor.log()[-3000:]}")
            time.sleep(0.2)
        yield servidor
    finally:
        detener(proceso)


def detener(proceso, espera=15):
    if proceso.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proceso.pid, signal.SIGTERM)
        try:
            proceso.wait(timeout=espera)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proceso.pid, signal.SIGKILL)
            proceso.wait(timeout=espera)


@contextlib.contextmanager
def trabajador(database_url, salida, lote=500, **entorno):
    """`flask worker` against ``database_url`` (its pid file in the output's directory); yields the process,
    stopped with SIGTERM (then SIGKILL) when the block ends. ``entorno``: settings (channels…) as variables."""
    env = {**os.environ, "FLASK_APP": "run.py", "FLASK_CONFIG": "development", **_urls(database_url),
           "WORKER_INTERVALO_S": "0.1", **{k: str(v) for k, v in entorno.items()}}
    pidfile = Path(salida).with_suffix(".pid")
    with open(salida, "ab") as archivo:
        proceso = subprocess.Popen([str(FLASK), "worker", "--pidfile", str(pidfile), "--lote", str(lote)], cwd=BACKEND,
                                   env=env, stdout=archivo, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        yield proceso
    finally:
        detener(proceso)
