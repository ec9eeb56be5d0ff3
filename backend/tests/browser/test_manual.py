"""The user guide (docs/manual/): its screenshots, taken on the demo clinic as each role uses it, and the
"Ayuda" entry that opens the page of the user's role.

Every test here runs in `make test` (it walks what the guide describes and asserts it is on screen); the
screenshots go to a temporary directory, and to docs/manual/img/ only with MANUAL_CAPTURAS=1 (`make manual`),
so the suite never rewrites tracked files."""
import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select
from sqlalchemy.orm import scoped_session, sessionmaker

from app.extensions import db
from app.models import EntradaEspera, Factura, Paciente, Sucursal, Usuario
from app.services import demo_service
from tests.browser.ayudas import hoy
from tests.browser.conftest import abrir_pagina, entrar_en
from tests.factories import PASSWORD

MANUAL = Path(__file__).resolve().parents[3] / "docs" / "manual"
IMAGENES = MANUAL / "img"
PAGINAS = ["README.md", "recepcion.md", "medico.md", "facturacion.md", "administracion.md"]
ANCHO, ALTO = 1280, 800


def proximo_dia_habil():
    """The demo's next working day (Monday to Friday, after today): its appointments are still to come."""
    dia = hoy() + timedelta(days=1)
    while dia.isoweekday() > 5:
        dia += timedelta(days=1)
    return dia


@pytest.fixture
def demo(owner_engine, usuario_factory, db_session):
    """The demo clinic as `flask setup --demo` loads it (as the owner: it dates yesterday's cash payments back),
    committed for the live server, with a small patient list. Emptied after the test like any committed test."""
    usuario_factory(rol="Administrador", nombre="Admin", apellido="Demo", email="admin@demo.local")
    db_session.commit()
    with owner_engine.connect() as conexion:
        original = db.session
        db.session = scoped_session(sessionmaker(bind=conexion, query_cls=db.Query,
                                                 join_transaction_mode="create_savepoint"),
                                    scopefunc=original.registry.scopefunc)
        try:
            assert demo_service.cargar_demo(pacientes=40)
            db.session.commit()
        finally:
            db.session.remove()
            db.session = original
        conexion.commit()
    return db_session


@pytest.fixture
def pantalla(browser, live_server):
    yield from abrir_pagina(browser, live_server, viewport={"width": ANCHO, "height": ALTO})


@pytest.fixture
def capturar(pantalla, tmp_path):
    """Save a screenshot of the page as docs/manual/img/{nombre}.png with MANUAL_CAPTURAS=1 (`make manual`),
    else in the test's temporary directory."""
    destino = IMAGENES if os.environ.get("MANUAL_CAPTURAS") == "1" else tmp_path

    def do(nombre):
        ruta = destino / f"{nombre}.png"
        pantalla.screenshot(path=ruta, animations="disabled", caret="hide")
        assert ruta.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    return do


def usuario(db_session, email):
    return db_session.scalar(select(Usuario).where(Usuario.email == email))


def entrar_como(pantalla, db_session, email, path):
    # The demo's users have its password; the administrator is the factory's (as `flask setup` creates its own).
    password = PASSWORD if email == "admin@demo.local" else demo_service.DEMO_PASSWORD
    return entrar_en(pantalla, usuario(db_session, email), path, password=password)


def centro(db_session):
    return db_session.scalar(select(Sucursal).where(Sucursal.nombre == "Sucursal Centro"))


def test_every_image_of_the_guide_is_referenced_and_exists():
    referidas = set()
    for pagina in PAGINAS:
        referidas |= set(re.findall(r"!\[[^\]]*\]\(img/([^)]+)\)", (MANUAL / pagina).read_text()))
    assert referidas == {p.name for p in IMAGENES.glob("*.png")}
    assert len(referidas) == 10


def test_reception_screens(demo, pantalla, capturar):
    dia = proximo_dia_habil()
    sucursal = centro(demo)
    # Two patients waiting for an earlier slot at the main branch.
    pacientes = demo.scalars(select(Paciente).order_by(Paciente.id).limit(2)).all()
    for paciente, franja in zip(pacientes, ("manana", "tarde"), strict=True):
        demo.add(EntradaEspera(paciente_id=paciente.id, sucursal_id=sucursal.id, desde=dia, hasta=dia + timedelta(30),
                               franja=franja, notas="Prefiere lo antes posible"))
    demo.commit()
    entrar_como(pantalla, demo, "recepcion@demo.local", f"/agenda?fecha={dia.isoformat()}&sucursal={sucursal.id}")

    expect(pantalla.get_by_test_id("agenda-column")).to_have_count(6)
    arrastrables = pantalla.locator('[data-arrastrable="true"] [data-testid="cita-card"]')
    expect(arrastrables.first).to_be_visible()
    expect(pantalla.get_by_test_id("agenda-slot").first).to_be_visible()
    capturar("recepcion-agenda")

    arrastrables.first.click()
    dialogo = pantalla.get_by_role("dialog")
    dialogo.get_by_role("button", name="Mover").click()
    expect(pantalla.get_by_test_id("mover-cita")).to_be_visible()
    capturar("recepcion-mover")
    pantalla.keyboard.press("Escape")
    expect(pantalla.get_by_test_id("mover-cita")).to_have_count(0)
    if pantalla.get_by_role("dialog").count():
        pantalla.keyboard.press("Escape")
    expect(pantalla.get_by_role("dialog")).to_have_count(0)

    paciente = pacientes[0]
    pantalla.get_by_test_id("agenda-slot").first.click()
    reservar = pantalla.get_by_role("dialog")
    reservar.get_by_label("Paciente").fill(f"{paciente.nombre} {paciente.apellido}")
    pantalla.locator(f'[data-testid="paciente-option"][data-paciente-id="{paciente.id}"]').click()
    reservar.get_by_label("Motivo").fill("Fisioterapia")
    reservar.get_by_label("Repetir").check()
    reservar.get_by_role("button", name="Revisar fechas").click()
    expect(reservar.get_by_test_id("serie-fecha")).to_have_count(4)
    capturar("recepcion-serie")
    reservar.get_by_role("button", name="Volver").click()
    reservar.get_by_role("button", name="Cancelar").click()
    expect(pantalla.get_by_role("dialog")).to_have_count(0)

    pantalla.get_by_test_id("nav-lista-espera").click()
    expect(pantalla.get_by_test_id("lista-espera-entrada")).to_have_count(2)
    capturar("recepcion-lista-espera")


def test_doctor_screens(demo, pantalla, capturar):
    dia = proximo_dia_habil()
    entrar_como(pantalla, demo, "medico1@demo.local", f"/agenda?fecha={dia.isoformat()}&sucursal={centro(demo).id}")
    expect(pantalla.get_by_test_id("agenda-column")).to_have_count(1)
    expect(pantalla.get_by_test_id("cita-card").first).to_be_visible()
    capturar("medico-agenda")

    tomas = demo.scalar(select(Paciente).where(Paciente.nombre == "Tomás", Paciente.apellido == "Álvarez Peña"))
    entrar_como(pantalla, demo, "dentista1@demo.local", f"/pacientes/{tomas.id}?tab=odontograma")
    expect(pantalla.get_by_test_id("odontograma-paciente")).to_be_visible()
    expect(pantalla.get_by_test_id("odontograma-fecha")).to_be_visible()
    capturar("medico-odontograma")


def test_billing_screens(demo, pantalla, capturar):
    rectificativa = demo.scalar(select(Factura).where(Factura.motivo_rectificacion.like("%electrocardiograma%")))
    entrar_como(pantalla, demo, "facturacion@demo.local", f"/facturacion/{rectificativa.factura_rectificada_id}")
    expect(pantalla.get_by_test_id("factura-rectificado-total")).to_be_visible()
    expect(pantalla.get_by_test_id("factura-pagado")).to_be_visible()
    capturar("facturacion-factura")

    pantalla.goto(f"/caja?sucursal={centro(demo).id}")
    expect(pantalla.get_by_test_id("sesion-abierta")).to_be_visible()
    capturar("facturacion-caja")


def test_administration_screens(demo, pantalla, capturar):
    entrar_como(pantalla, demo, "admin@demo.local", "/administracion")
    expect(pantalla.get_by_text("recepcion@demo.local")).to_be_visible()
    capturar("administracion-usuarios")

    pantalla.get_by_test_id("nav-reportes").click()
    expect(pantalla.get_by_test_id("kpi-citas")).to_be_visible()
    capturar("administracion-reportes")


def test_ayuda_opens_the_guide_of_the_users_role_with_its_screenshots(demo, pantalla):
    entrar_como(pantalla, demo, "recepcion@demo.local", "/")
    pantalla.get_by_role("link", name="Ayuda").click()
    pantalla.wait_for_url("**/ayuda/recepcion")
    expect(pantalla.get_by_role("heading", level=1)).to_have_text("Guía de recepción")
    imagen = pantalla.get_by_role("img", name="La agenda de un día: una columna por médico")
    imagen.scroll_into_view_if_needed()
    expect(imagen).to_be_visible()
    assert imagen.evaluate("img => img.complete && img.naturalWidth") == ANCHO
    pantalla.get_by_role("link", name="Todas las guías").click()
    pantalla.get_by_role("link", name="Facturación").last.click()
    expect(pantalla.get_by_role("heading", level=1)).to_have_text("Guía de facturación")


