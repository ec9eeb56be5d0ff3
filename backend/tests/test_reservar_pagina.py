"""The online booking pages (/reservar) are the public entry, never the staff application, and may be framed by
the clinic's website (RESERVAR_FRAME_ANCESTORS) while every other page still may not."""
import pytest

from app import CSP_APP
from app.static_ui import csp_reserva


@pytest.fixture
def ui(tmp_path, monkeypatch):
    """A stand-in for frontend/dist: the two entries."""
    (tmp_path / "index.html").write_text('<script type="module" src="/assets/main.js"></script>')
    (tmp_path / "publico.html").write_text('<script type="module" src="/assets/publico.js"></script>')
    monkeypatch.setattr("app.static_ui.FRONTEND_DIST", tmp_path)
    return tmp_path


def test_the_booking_pages_open_the_public_entry_and_never_the_staff_application(client, ui):
    for ruta in ("/reservar", "/reservar/", "/reservar/sucursal/2"):
        with client.get(ruta) as r:
            assert r.status_code == 200, ruta
            assert b"/assets/publico.js" in r.data and b"main.js" not in r.data
            assert r.headers["Cache-Control"] == "no-cache"
    with client.get("/reservaciones") as r:  # only /reservar itself and below it
        assert b"/assets/main.js" in r.data


def test_the_booking_pages_may_be_framed_by_any_site_by_default_and_nothing_else_may(client, ui):
    with client.get("/reservar") as r:
        assert r.headers["Content-Security-Policy"] == csp_reserva("*")
        assert "X-Frame-Options" not in r.headers
        assert r.headers["X-Content-Type-Options"] == "nosniff"
    for ruta in ("/", "/agenda", "/c/MTIz.firma", "/api/health"):
        with client.get(ruta) as r:
            assert r.headers["X-Frame-Options"] == "DENY", ruta
            assert "frame-ancestors 'none'" in r.headers["Content-Security-Policy"], ruta


def test_the_booking_pages_csp_differs_from_the_application_s_only_in_framing_and_the_logo():
    assert csp_reserva("*") == CSP_APP.replace("frame-ancestors 'none'", "frame-ancestors *").replace(
        "img-src 'self' data: blob:;", "img-src 'self' data: blob: https:;")
    assert "script-src 'self';" in csp_reserva("*") and "connect-src 'self';" in csp_reserva("*")


def test_the_sites_that_may_frame_the_booking_pages_are_a_setting(client, ui, app, monkeypatch):
    monkeypatch.setitem(app.config, "RESERVAR_FRAME_ANCESTORS", "https://www.miclinica.mx")
    with client.get("/reservar/") as r:
        assert "frame-ancestors https://www.miclinica.mx;" in r.headers["Content-Security-Policy"] + ";"
        assert "X-Frame-Options" not in r.headers


def test_an_offer_s_link_opens_the_public_entry_and_may_not_be_framed(client, ui):
    for ruta in ("/o/MTIz.firma", "/o/MTIz.firma/"):
        with client.get(ruta) as r:
            assert r.status_code == 200, ruta
            assert b"/assets/publico.js" in r.data and b"main.js" not in r.data
            assert r.headers["Cache-Control"] == "no-cache"
            assert r.headers["X-Frame-Options"] == "DENY"
    with client.get("/ofertas") as r:  # only /o/<token>
        assert b"/assets/main.js" in r.data
