"""Heavy requests (reports, PDFs) take turns per host; the rest never wait for one (app/utils/pesadas.py)."""
import fcntl
import os
from contextlib import contextmanager

import pytest

from app.utils.pesadas import es_pesada

INFORME = "/api/reportes/resumen?desde=2025-01-01&hasta=2025-12-31&formato=csv"


@pytest.fixture
def un_turno(app, monkeypatch, tmp_path):
    """One turn per host, in a directory of this test, and a short wait."""
    monkeypatch.setitem(app.config, "EXPORTACIONES_POR_HOST", 1)
    monkeypatch.setitem(app.config, "EXPORTACIONES_DIR", str(tmp_path))
    monkeypatch.setitem(app.config, "EXPORTACION_ESPERA_S", 0.2)
    return tmp_path


@contextmanager
def turno_ocupado(directorio):
    """The host's only turn, held as another worker process would hold it."""
    with open(os.path.join(directorio, "turno-0.lock"), "a+b") as archivo:
        fcntl.flock(archivo.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        yield


def test_downloads_are_heavy_and_the_screens_requests_are_not():
    assert es_pesada("/api/reportes/ingresos", "csv") and es_pesada("/api/facturacion/facturas/7/pdf")
    assert es_pesada("/api/caja/sesiones/3/arqueo.pdf") and es_pesada("/api/odontologia/planes/2/presupuesto.pdf")
    assert es_pesada("/api/importaciones/5/errores.csv")
    assert not any(es_pesada(r) for r in ("/api/citas", "/api/pacientes/4", "/api/auth/me", "/api/reportes/ingresos"))


def test_a_reports_screen_does_not_wait_for_a_turn(un_turno, as_admin):
    with turno_ocupado(un_turno):
        assert as_admin.get(INFORME.replace("&formato=csv", "")).status_code == 200


def test_a_report_gets_a_503_with_retry_after_when_no_turn_frees_in_time(un_turno, as_admin):
    with turno_ocupado(un_turno):
        r = as_admin.get(INFORME)
    assert r.status_code == 503 and r.json["reason"] == "EXPORTACIONES_OCUPADAS" and r.headers["Retry-After"]
    assert as_admin.get(INFORME).status_code == 200


def test_the_front_desk_never_waits_for_a_turn(un_turno, as_admin):
    with turno_ocupado(un_turno):
        assert as_admin.get("/api/auth/me").status_code == 200
        assert as_admin.get("/api/citas").status_code == 200


def test_a_request_without_a_valid_token_takes_no_turn(un_turno, anonimo):
    with turno_ocupado(un_turno):
        assert anonimo.get(INFORME).status_code == 401


def test_a_turn_is_given_back_after_the_answer_even_an_error(un_turno, as_admin, api_as):
    assert as_admin.get(INFORME).status_code == 200
    assert api_as("Recepcionista").get(INFORME).status_code == 403
    with turno_ocupado(un_turno):  # free again: taking it does not block
        pass
