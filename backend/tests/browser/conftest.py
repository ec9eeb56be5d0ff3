"""Browser tests: the real app served on a free port, driven by Debian's Chromium via Playwright.

They commit for real (marker ``committed``) because the server answers from its own threads."""
import threading
from pathlib import Path

import pytest
from werkzeug.serving import make_server

from config import FRONTEND_DIST
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


@pytest.fixture(scope="session")
def live_server(app):
    if not (FRONTEND_DIST / "index.html").is_file():
        raise RuntimeError("La interfaz no está compilada: ejecute 'make test' (compila frontend/dist)")
    server = make_server("127.0.0.1", 0, app, threaded=True)
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


class ConsoleWatcher:
    """Collects console errors and uncaught page errors; a test ends asserting there were none."""

    def __init__(self, page):
        self.errors = []
        page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))


@pytest.fixture
def page(browser, live_server):
    context = browser.new_context(base_url=live_server, locale="es-MX", timezone_id="America/Mexico_City")
    context.set_default_timeout(10_000)
    pagina = context.new_page()
    pagina.console = ConsoleWatcher(pagina)
    yield pagina
    context.close()


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
