"""Browser tests: the real app served on a free port, driven by Debian's Chromium via Playwright.

They commit for real (marker ``committed``) because the server answers from its own threads."""
import re
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import FRONTEND_DIST
from tests.browser.escenario import clinica  # noqa: F401  (fixture for the agenda tests)
from tests.factories import PASSWORD

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync",
                  "--disable-dev-shm-usage"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.committed)
            item.add_marker(pytest.mark.browser)


class EnCurso:
    """Requests the live server is still answering: a test's tables are truncated only once none is
    left (a request still in its transaction would deadlock with the TRUNCATE)."""

    def __init__(self):
        self.cuantas = 0
        self.cambio = threading.Condition()

    def __enter__(self):
        with self.cambio:
            self.cuantas += 1

    def __exit__(self, *exc):
        with self.cambio:
            self.cuantas -= 1
            self.cambio.notify_all()

    def esperar(self, segundos=10):
        with self.cambio:
            if not self.cambio.wait_for(lambda: self.cuantas == 0, timeout=segundos):
                raise RuntimeError("El servidor de pruebas sigue atendiendo peticiones")


EN_CURSO = EnCurso()


def buffered(app):
    """WSGI middleware: read each response whole and close it before handing it to the server.

    Werkzeug's development server skips ``close()`` of the response when the client has already
    reset the connection (Chromium aborts asset downloads on navigation), which leaks the open file
    of a static asset: a ResourceWarning that ``filterwarnings = error`` turns into a random failure.
    It also counts the requests in progress (EN_CURSO)."""

    def wsgi(environ, start_response):
        with EN_CURSO:
            respuesta = app(environ, start_response)
            try:
                return [b"".join(respuesta)]
            finally:
                if hasattr(respuesta, "close"):
                    respuesta.close()

    return wsgi


@pytest.fixture(scope="session")
def live_server(app):
    if not (FRONTEND_DIST / "index.html").is_file():
        raise RuntimeError("La interfaz no está compilada: ejecute 'make test' (compila frontend/dist)")
    server = make_server("127.0.0.1", 0, buffered(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        raise RuntimeError("Falta /usr/bin/chromium: instálelo (apt-get install chromium) o ejecute 'make test'")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        navegador = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield navegador
        navegador.close()


# Chromium's own console line for a 4xx/5xx answer to a fetch, e.g.
# "Failed to load resource: the server responded with a status of 409 (CONFLICT)".
FAILED_RESOURCE = re.compile(r"^Failed to load resource: the server responded with a status of (\d{3}) ")


class ConsoleWatcher:
    """Collects console errors and uncaught page errors; every test ends asserting there were none.

    A test that provokes an error answer on purpose declares it with ``expect_http_error(409)``: then
    (and only then) Chromium's "Failed to load resource" line for that status on an ``/api/`` URL is
    not an error. Anything else the page logs as an error still fails the test."""

    def __init__(self, page):
        self.expected_statuses = set()
        self._errors = []
        page.on("console", self._on_console)
        page.on("pageerror", lambda exc: self._errors.append(f"pageerror: {exc}"))

    def _on_console(self, msg):
        if msg.type != "error":
            return
        match = FAILED_RESOURCE.match(msg.text)
        url = (msg.location or {}).get("url", "")
        if match and int(match.group(1)) in self.expected_statuses and "/api/" in url:
            return
        self._errors.append(f"{msg.text} ({url})" if url else msg.text)

    def expect_http_error(self, *statuses):
        self.expected_statuses.update(statuses)

    @property
    def errors(self):
        return list(self._errors)


def abrir_pagina(browser, live_server, **opciones):
    """The body of a page fixture (``yield from``): a page in a new browser context in Spanish and in Mexico City
    (``opciones`` for the rest of the context, e.g. a phone's viewport), with a ConsoleWatcher; after the test the
    context closes, the server's requests in progress end, and the console must not have logged an error."""
    context = browser.new_context(base_url=live_server, locale="es-MX", timezone_id="America/Mexico_City", **opciones)
    context.set_default_timeout(10_000)
    pagina = context.new_page()
    pagina.console = ConsoleWatcher(pagina)
    yield pagina
    context.close()
    EN_CURSO.esperar()
    assert pagina.console.errors == [], "la página registró errores en la consola"


@pytest.fixture
def page(browser, live_server):
    yield from abrir_pagina(browser, live_server)


@pytest.fixture
def login(page):
    """Log in through the login form as the given user and wait for the app shell."""

    def do(usuario, password=PASSWORD):
        page.goto("/login")
        page.get_by_label("Correo electrónico").fill(usuario.email)
        page.get_by_label("Contraseña").fill(password)
        page.get_by_role("button", name="Ingresar").click()
        page.wait_for_url(lambda url: "/login" not in url)
        return page

    return do


@pytest.fixture
def entrar(page):
    """Open ``path`` already logged in as ``usuario``: POST /api/auth/login from the page's context sets
    the refresh cookie in the browser, and the hint that this browser has a session is stored where the
    app looks for it; the app then renews its access token with the cookie, as after a reload (the
    login form itself is tested in test_shell.py)."""

    def do(usuario, path="/", password=PASSWORD):
        return entrar_en(page, usuario, path, password)

    return do


def entrar_en(pagina, usuario, path="/", password=PASSWORD):
    """The body of ``entrar`` for any page (e.g. a phone's or a tablet's)."""
    respuesta = pagina.request.post("/api/auth/login", data={"email": usuario.email, "password": password})
    assert respuesta.status == 200, respuesta.text()
    pagina.goto("/api/health")  # any same-origin page, to reach the app's localStorage
    pagina.evaluate(
        """() => {
            localStorage.setItem('clinica.sesion', '1');
            localStorage.setItem('clinica.last_activity', String(Date.now()));
        }"""
    )
    pagina.goto(path)
    return pagina


@pytest.fixture
def telefono(browser, live_server):
    """A page the size of a phone (390×844, touch), in Mexico City."""
    yield from abrir_pagina(browser, live_server, viewport={"width": 390, "height": 844}, device_scale_factor=3,
                            is_mobile=True, has_touch=True)


def script_de_la_aplicacion():
    """The staff application's entry script, as the built index.html names it (the public pages never load it)."""
    return re.search(r'<script type="module"[^>]* src="([^"]+)"', (FRONTEND_DIST / "index.html").read_text()).group(1)
