"""The calendar of issue 24 in a real browser: dragging an appointment to a free slot and onto a busy one, booking a
weekly series with a conflicting date, and the agenda, patient search and patient page at phone and tablet size."""
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from app.models import Cita
from tests.browser.conftest import abrir_pagina, entrar_en

VALIDAR_SCROLL = "() => document.documentElement.scrollWidth <= window.innerWidth"


def bloque(page, cita):
    return page.get_by_test_id(f"cita-{cita.id}")


def tarjeta(page, cita):
    return page.locator(f'[data-testid="cita-card"][data-cita-id="{cita.id}"]')


def columna(page, medico):
    return page.get_by_test_id(f"columna-medico-{medico.id}")


def arrastrar(page, cita, medico, hora):
    """The calendar's own recipe: press near the block's top edge and drop on the row of `hora` in the column."""
    bloque(page, cita).drag_to(columna(page, medico).get_by_test_id(f"franja-{hora}"),
                               source_position={"x": 10, "y": 3}, target_position={"x": 10, "y": 3})


def sin_scroll_horizontal(pagina):
    return pagina.evaluate(VALIDAR_SCROLL)


def test_dragging_an_appointment_to_a_free_slot_moves_it(page, entrar, clinica, cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())
    expect(bloque(page, cita)).to_have_attribute("data-arrastrable", "true")
    expect(columna(page, clinica.medico)).to_have_attribute("data-fecha", clinica.fecha.isoformat())

    arrastrar(page, cita, clinica.medico, "10:30")

    expect(page.get_by_test_id("agenda-aviso")).to_contain_text("a las 10:30")
    expect(tarjeta(page, cita)).to_have_attribute("data-hora", "10:30")
    expect(tarjeta(page, cita)).to_have_attribute("data-hora-fin", "11:00")
    expect(bloque(page, cita)).not_to_have_attribute("data-guardando", "true")
    # The block now sits on the 10:30 row of its doctor's column.
    franja = columna(page, clinica.medico).get_by_test_id("franja-10:30").bounding_box()
    caja = bloque(page, cita).bounding_box()
    assert abs(caja["y"] - franja["y"]) <= 2
    db_session.expire_all()
    movida = db_session.get(Cita, cita.id)
    assert (movida.fecha, movida.hora_inicio, movida.hora_fin, movida.medico_id) == (
        clinica.fecha, time(10, 30), time(11), clinica.medico.id)


def test_dragging_onto_a_busy_slot_snaps_back_with_the_servers_message(page, entrar, clinica, paciente_factory,
                                                                        cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    otra = cita_factory(paciente_factory(nombre="Otra", apellido="Persona"), clinica.medico, clinica.sucursal,
                        fecha=clinica.fecha, hora_inicio=time(10))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())
    expect(bloque(page, otra)).to_be_visible()
    antes = bloque(page, cita).bounding_box()
    page.console.expect_http_error(409)

    arrastrar(page, cita, clinica.medico, "10:00")

    expect(page.get_by_test_id("agenda-rechazo")).to_contain_text("El médico ya tiene una cita en ese horario")
    expect(tarjeta(page, cita)).to_have_attribute("data-hora", "09:00")
    expect(bloque(page, cita)).not_to_have_attribute("data-guardando", "true")
    despues = bloque(page, cita).bounding_box()
    assert abs(despues["y"] - antes["y"]) <= 2
    expect(tarjeta(page, otra)).to_have_attribute("data-hora", "10:00")
    db_session.expire_all()
    assert (db_session.get(Cita, cita.id).hora_inicio, db_session.get(Cita, otra.id).hora_inicio) == (time(9), time(10))


def test_a_weekly_series_is_reviewed_booked_where_possible_and_shows_its_badge(page, entrar, clinica,
                                                                                paciente_factory, cita_factory,
                                                                                db_session):
    segunda = clinica.fecha + timedelta(days=7)
    ocupada = cita_factory(paciente_factory(nombre="Otra", apellido="Persona"), clinica.medico, clinica.sucursal,
                           fecha=segunda, hora_inicio=time(9))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())

    page.locator(f'[data-testid="agenda-slot"][data-medico-id="{clinica.medico.id}"][data-hora="09:00"]').click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Paciente").fill("jose nun")
    page.locator(f'[data-testid="paciente-option"][data-paciente-id="{clinica.paciente.id}"]').click()
    dialog.get_by_label("Motivo").fill("Fisioterapia")
    dialog.get_by_label("Repetir").check()
    expect(dialog.get_by_label("Veces")).to_have_value("4")  # every week, 4 times
    dialog.get_by_role("button", name="Revisar fechas").click()

    fechas = dialog.get_by_test_id("serie-fecha")
    expect(fechas).to_have_count(4)
    expect(dialog.locator('[data-testid="serie-fecha"][data-libre="no"]')).to_have_attribute(
        "data-fecha", segunda.isoformat())
    expect(dialog.get_by_test_id("serie-revision-resumen")).to_contain_text("3 de 4 fechas disponibles")
    dialog.get_by_role("button", name="Reservar las posibles").click()

    expect(dialog.get_by_test_id("serie-resultado-resumen")).to_have_text(
        "Se reservaron 3 citas; 1 fecha quedó sin reservar.")
    dialog.get_by_role("button", name="Cerrar").click()
    expect(dialog).to_have_count(0)

    db_session.expire_all()
    serie = db_session.scalars(select(Cita).where(Cita.paciente_id == clinica.paciente.id)
                               .order_by(Cita.fecha)).all()
    assert [(c.fecha, c.hora_inicio, c.motivo) for c in serie] == [
        (clinica.fecha + timedelta(days=7 * i), time(9), "Fisioterapia") for i in (0, 2, 3)]
    assert serie[0].serie_id is not None and {c.serie_id for c in serie} == {serie[0].serie_id}
    expect(bloque(page, serie[0]).get_by_test_id("cita-serie")).to_be_visible()
    # The week after: the other patient's appointment, without the badge.
    page.goto(clinica.agenda_url(fecha=segunda.isoformat()))
    expect(bloque(page, ocupada)).to_be_visible()
    expect(bloque(page, ocupada).get_by_test_id("cita-serie")).to_have_count(0)


@pytest.fixture(params=[(390, 844), (820, 1180)], ids=["telefono", "tableta"])
def pantalla(request, browser, live_server):
    """A page the size of a phone (touch) or of a tablet."""
    ancho, alto = request.param
    yield from abrir_pagina(browser, live_server, viewport={"width": ancho, "height": alto}, is_mobile=ancho < 600,
                            has_touch=True)


def test_the_agenda_on_a_phone_is_one_doctors_day_without_horizontal_scroll(telefono, clinica, cita_factory,
                                                                             db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    db_session.commit()
    entrar_en(telefono, clinica.recepcionista, clinica.agenda_url())

    columnas = telefono.get_by_test_id("agenda-column")
    expect(columnas).to_have_count(1)
    # No week and no "all doctors" on a phone: one doctor's day, chosen in "Médico".
    expect(telefono.get_by_role("button", name="Semana")).to_have_count(0)
    expect(telefono.get_by_label("Médico").locator("option")).to_have_count(2)
    telefono.get_by_label("Médico").select_option(str(clinica.medico.id))
    expect(columnas).to_have_attribute("data-medico-id", str(clinica.medico.id))
    expect(tarjeta(telefono, cita)).to_be_visible()
    expect(telefono.get_by_test_id("agenda-slot")).to_have_count(3)  # 09:30, 10:00, 10:30
    assert sin_scroll_horizontal(telefono)

    # Not draggable on a phone (a finger scrolls the page): the appointment opens, and "Mover" is there.
    expect(bloque(telefono, cita)).not_to_have_attribute("data-arrastrable", "true")
    tarjeta(telefono, cita).click()
    dialogo = telefono.get_by_role("dialog")
    expect(dialogo.get_by_test_id("cita-detalle")).to_be_visible()
    expect(dialogo.get_by_role("button", name="Mover")).to_be_visible()
    assert sin_scroll_horizontal(telefono)


def test_patient_search_and_the_patients_page_fit_phone_and_tablet(pantalla, clinica, paciente_factory, cita_factory,
                                                                   db_session):
    paciente_factory(nombre="Josefa", apellido="Núñez", fecha_nacimiento=clinica.fecha.replace(year=1990))
    cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9),
                 motivo="Revisión anual con electrocardiograma de control")
    clinica.paciente.email = "jose.antonio.nunez.de.la.fuente@example.com"
    clinica.paciente.direccion = "Calzada de los Misterios 1234, Colonia Gustavo A. Madero, Ciudad de México"
    db_session.commit()
    entrar_en(pantalla, clinica.recepcionista, "/pacientes")

    # A name with a birth year: only the José born in 1985.
    pantalla.get_by_label("Buscar paciente").fill("nunez 1985")
    filas = pantalla.get_by_test_id("paciente-row")
    expect(filas).to_have_count(1)
    expect(filas).to_have_attribute("data-paciente-id", str(clinica.paciente.id))
    assert sin_scroll_horizontal(pantalla)

    filas.first.click()
    pantalla.wait_for_url(f"**/pacientes/{clinica.paciente.id}")
    expect(pantalla.get_by_test_id("paciente-datos")).to_contain_text("jose.antonio.nunez.de.la.fuente@example.com")
    assert sin_scroll_horizontal(pantalla)
    pantalla.get_by_role("tab", name="Citas").click()
    expect(pantalla.get_by_test_id("paciente-cita-row")).to_have_count(1)
    expect(pantalla.get_by_test_id("paciente-citas")).to_contain_text("Elena Vargas")
    assert sin_scroll_horizontal(pantalla)
