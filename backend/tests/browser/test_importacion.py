"""Importing patients in a real browser: the Administrador uploads a small Latin-1 CSV separated by semicolons,
checks the columns the page suggests, simulates (two would be created, one already exists, one row has a bad date),
imports for real and finds the new patients. Both runs are done by the real worker, running beside the live server
as ``make run`` starts it."""
import threading

import pytest
from playwright.sync_api import expect
from sqlalchemy import func, select

from app.extensions import db
from app.models import Importacion, Paciente
from app.services.comunicaciones.trabajador import Trabajador
from app.services.importaciones import trabajo
from app.services.importaciones.normalizacion import MENSAJE_FECHA

CSV = ("Nombre;Apellidos;Fecha de nacimiento;Teléfono;Correo\r\n"
       "ANA MARÍA;DE LA CRUZ PÉREZ;12/03/1980;55 1234 5678;Ana.Cruz@Ejemplo.MX\r\n"
       "íñigo;núñez;1975-07-01;;\r\n"
       "Pedro;Gómez;31/02/1990;55 8765 4321;pedro@ejemplo.mx\r\n"
       "Lucía;Marín;02/02/1992;;lucia.marin@ejemplo.mx\r\n").encode("latin-1")

SUGERENCIAS = {"Nombre": "nombre", "Apellidos": "apellido", "Fecha de nacimiento": "fecha_nacimiento",
               "Teléfono": "telefono", "Correo": "email"}


@pytest.fixture
def trabajador(app, live_server, db_session):
    """The worker's loop (``flask worker``) in a thread while the test runs; stopped before the tables are emptied
    (this fixture ends before ``db_session``)."""
    trabajo.olvidar()
    worker = Trabajador(app)
    hilo = threading.Thread(target=worker.trabajar, daemon=True)
    hilo.start()
    yield worker
    worker.detener.set()
    hilo.join(timeout=30)
    assert not hilo.is_alive(), "el trabajador no se detuvo"
    trabajo.olvidar()


def _pacientes():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(Paciente))


def test_the_administrador_simulates_then_imports_a_latin1_csv_of_patients_and_finds_them(
        page, login, trabajador, usuario_factory, paciente_factory, db_session):
    admin = usuario_factory(rol="Administrador")
    paciente_factory(nombre="Lucía", apellido="Marín", email="lucia.marin@ejemplo.mx")
    db_session.commit()

    login(admin)
    page.get_by_test_id("nav-administracion").click()
    page.get_by_role("link", name="Importar datos").click()
    expect(page.get_by_role("heading", name="Importar datos")).to_be_visible()
    expect(page.get_by_label("Pacientes")).to_be_checked()
    page.get_by_test_id("importar-archivo-input").set_input_files(
        {"name": "pacientes.csv", "mimeType": "text/csv", "buffer": CSV})
    expect(page.get_by_test_id("archivo-elegido")).to_contain_text("pacientes.csv")
    page.get_by_role("button", name="Continuar").click()

    # The server detected the encoding and the separator, and suggested a field for every column.
    expect(page.get_by_test_id("archivo-descripcion")).to_have_text(
        "CSV · WINDOWS-1252 · separado por punto y coma · 4 filas de datos")
    for columna, campo in SUGERENCIAS.items():
        expect(page.get_by_label(f"Campo para «{columna}»", exact=True)).to_have_value(campo)
    expect(page.get_by_test_id("vista-previa-fila")).to_have_count(4)
    expect(page.get_by_test_id("vista-previa-fila").nth(1)).to_contain_text("íñigo")
    expect(page.get_by_test_id("mapa-faltantes")).to_have_count(0)

    # The dry run: two would be created, Lucía already exists (same e-mail), row 4's date is refused; nothing saved.
    page.get_by_role("button", name="Simular").click()
    resultado = page.get_by_test_id("importacion-resultado")
    expect(resultado).to_contain_text("Simulación terminada: no se guardó nada.")
    expect(resultado.get_by_test_id("resultado-creadas")).to_have_text("2pacientes se crearían")
    expect(resultado.get_by_test_id("resultado-existentes")).to_have_text("1ya existían")
    expect(resultado.get_by_test_id("resultado-errores")).to_have_text("1filas con errores")
    errores = resultado.get_by_test_id("error-fila")
    expect(errores).to_have_count(1)
    expect(errores.get_by_role("cell")).to_have_text(["4", "Fecha de nacimiento", MENSAJE_FECHA])
    assert _pacientes() == 1

    # The real run: the same figures, now done.
    page.get_by_role("button", name="Importar", exact=True).click()
    resultado = page.get_by_test_id("importacion-resultado")
    expect(resultado).to_contain_text("Importación terminada.")
    expect(resultado.get_by_test_id("resultado-creadas")).to_have_text("2pacientes creados")
    expect(resultado.get_by_test_id("resultado-existentes")).to_have_text("1ya existían (no se duplicaron)")
    expect(resultado.get_by_test_id("resultado-errores")).to_have_text("1filas con errores")
    expect(resultado.get_by_test_id("error-fila").get_by_role("cell")).to_have_text(
        ["4", "Fecha de nacimiento", MENSAJE_FECHA])
    expect(page.get_by_test_id("importacion-progreso")).to_contain_text("4 de 4 filas (100 %)")

    assert _pacientes() == 3
    ana = db.session.scalars(select(Paciente).where(Paciente.email == "ana.cruz@ejemplo.mx")).one()
    assert (ana.nombre, ana.apellido, str(ana.fecha_nacimiento), ana.telefono) == (
        "Ana María", "De la Cruz Pérez", "1980-03-12", "5512345678")
    inigo = db.session.scalars(select(Paciente).where(Paciente.apellido == "Núñez")).one()
    assert (inigo.nombre, str(inigo.fecha_nacimiento)) == ("Íñigo", "1975-07-01")
    assert not db.session.scalars(select(Paciente).where(Paciente.nombre == "Pedro")).all()
    importaciones = db.session.scalars(select(Importacion).order_by(Importacion.id)).all()
    assert [(i.simular, i.estado, i.creadas, i.existentes, i.con_errores) for i in importaciones] == [
        (True, "terminada", 2, 1, 1), (False, "terminada", 2, 1, 1)]

    # The imported patients are found like any other, accents ignored.
    page.get_by_test_id("nav-pacientes").click()
    page.get_by_label("Buscar paciente").fill("inigo nunez")
    filas = page.get_by_test_id("paciente-row")
    expect(filas).to_have_count(1)
    expect(filas.first).to_have_attribute("data-paciente-id", str(inigo.id))
    assert page.console.errors == []
