"""The agenda in a real browser against the real server: booking, a refused double booking, state
changes along the legal transitions, moving an appointment, the next free slots, a Médico's own agenda."""
from datetime import datetime, time
from zoneinfo import ZoneInfo

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import CambioEstadoCita, Cita, Estado


def slot(page, medico, hora):
    return page.locator(f'[data-testid="agenda-slot"][data-medico-id="{medico.id}"][data-hora="{hora}"]')


def cita_card(page, cita):
    return page.locator(f'[data-testid="cita-card"][data-cita-id="{cita.id}"]')


def elegir_paciente(dialog, texto, paciente):
    dialog.get_by_label("Paciente").fill(texto)
    dialog.page.locator(f'[data-testid="paciente-option"][data-paciente-id="{paciente.id}"]').click()


def citas_de(db_session, medico):
    db_session.expire_all()
    return db_session.scalars(select(Cita).where(Cita.medico_id == medico.id).order_by(Cita.hora_inicio)).all()


def test_a_recepcionista_books_a_free_slot_with_the_schedules_duration(page, entrar, clinica, sucursal_factory,
                                                                       db_session):
    sucursal_factory(nombre="Sucursal Sur")
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())
    # Bound to a branch, the Recepcionista works only there.
    expect(page.get_by_label("Sucursal").locator("option")).to_have_text(["Sucursal Centro"])

    columnas = page.get_by_test_id("agenda-column")
    expect(columnas).to_have_count(2)
    expect(columnas.filter(has_text="Elena Vargas")).to_have_attribute("data-medico-id", str(clinica.medico.id))
    expect(columnas.filter(has_text="Tomás Ríos")).to_have_attribute("data-medico-id", str(clinica.otro_medico.id))
    expect(page.locator(f'[data-testid="agenda-slot"][data-medico-id="{clinica.otro_medico.id}"]')).to_have_count(3)

    slot(page, clinica.otro_medico, "15:20").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("reservar-resumen")).to_contain_text("15:20–15:40")
    elegir_paciente(dialog, "jose nun", clinica.paciente)
    dialog.get_by_label("Motivo").fill("Control anual")
    dialog.get_by_role("button", name="Agendar cita").click()

    expect(page.get_by_test_id("agenda-aviso")).to_contain_text("Cita agendada para José Núñez")
    expect(dialog).to_have_count(0)
    (cita,) = citas_de(db_session, clinica.otro_medico)
    assert (cita.paciente_id, cita.fecha, cita.hora_inicio, cita.hora_fin, cita.estado_id, cita.motivo,
            cita.creado_por) == (clinica.paciente.id, clinica.fecha, time(15, 20), time(15, 40), Estado.NUEVA,
                                 "Control anual", clinica.recepcionista.id)
    expect(cita_card(page, cita)).to_have_attribute("data-estado-id", str(Estado.NUEVA))
    expect(slot(page, clinica.otro_medico, "15:20")).to_have_count(0)


def test_a_slot_taken_meanwhile_is_refused_with_the_servers_message_and_the_agenda_refreshes(
        page, entrar, clinica, paciente_factory, cita_factory, db_session):
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())
    expect(slot(page, clinica.medico, "10:00")).to_be_visible()

    # Someone else books 10:00 after the page loaded.
    otra = cita_factory(paciente_factory(nombre="Otra", apellido="Persona"), clinica.medico, clinica.sucursal,
                        fecha=clinica.fecha, hora_inicio=time(10))
    db_session.commit()
    page.console.expect_http_error(409)

    slot(page, clinica.medico, "10:00").click()
    dialog = page.get_by_role("dialog")
    elegir_paciente(dialog, "Núñez", clinica.paciente)
    dialog.get_by_role("button", name="Agendar cita").click()

    expect(dialog.get_by_role("alert")).to_contain_text("El médico ya tiene una cita en ese horario")
    # The agenda behind the dialog was reloaded: the slot is gone, the other booking shows.
    expect(slot(page, clinica.medico, "10:00")).to_have_count(0)
    expect(cita_card(page, otra)).to_have_count(1)
    dialog.get_by_role("button", name="Cancelar").click()
    expect(cita_card(page, otra)).to_be_visible()
    assert [c.id for c in citas_de(db_session, clinica.medico)] == [otra.id]


def test_a_future_appointment_offers_only_confirm_and_cancel_and_cancelling_asks_for_a_reason(
        page, entrar, clinica, cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())

    cita_card(page, cita).click()
    detalle = page.get_by_test_id("cita-detalle")
    transiciones = detalle.get_by_test_id("cita-transicion")
    expect(transiciones).to_have_text(["Confirmar", "Cancelar cita"])
    transiciones.filter(has_text="Confirmar").click()
    expect(detalle).to_have_attribute("data-estado-id", str(Estado.CONFIRMADA))
    expect(transiciones).to_have_text(["Cancelar cita"])

    detalle.get_by_role("button", name="Cancelar cita").click()
    detalle.get_by_role("button", name="Confirmar cancelación").click()
    expect(detalle.get_by_text("Indique el motivo de la cancelación")).to_be_visible()
    detalle.get_by_label("Motivo de la cancelación").fill("El paciente viaja")
    detalle.get_by_role("button", name="Confirmar cancelación").click()
    expect(detalle).to_have_attribute("data-estado-id", str(Estado.CANCELADA))
    expect(transiciones).to_have_count(0)
    page.get_by_role("dialog").get_by_role("button", name="Cerrar").click()

    # The cancelled appointment frees its slot in the refreshed agenda.
    expect(slot(page, clinica.medico, "09:00")).to_be_visible()
    expect(cita_card(page, cita)).to_have_attribute("data-estado-id", str(Estado.CANCELADA))
    db_session.expire_all()
    historial = db_session.scalars(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id)
                                   .order_by(CambioEstadoCita.id)).all()
    assert [(h.estado_id, h.motivo) for h in historial][-2:] == [(Estado.CONFIRMADA, None),
                                                                 (Estado.CANCELADA, "El paciente viaja")]


def test_todays_appointment_walks_waiting_consultation_completed(page, entrar, clinica, horario_factory, cita_factory,
                                                                 db_session):
    hoy = datetime.now(ZoneInfo(clinica.sucursal.zona_horaria)).date()
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=hoy, hora_inicio=time(0))
    db_session.commit()
    entrar(clinica.recepcionista, f"/agenda?fecha={hoy.isoformat()}&sucursal={clinica.sucursal.id}")

    cita_card(page, cita).click()
    detalle = page.get_by_test_id("cita-detalle")
    transiciones = detalle.get_by_test_id("cita-transicion")
    expect(transiciones).to_have_text(["Confirmar", "Marcar en espera", "Cancelar cita", "Marcar no asistió"])
    detalle.get_by_role("button", name="Marcar en espera").click()
    expect(detalle).to_have_attribute("data-estado-id", str(Estado.EN_ESPERA))
    expect(transiciones).to_have_text(["Pasar a consulta", "Completar", "Cancelar cita"])
    detalle.get_by_role("button", name="Pasar a consulta").click()
    expect(detalle).to_have_attribute("data-estado-id", str(Estado.EN_CONSULTA))
    expect(transiciones).to_have_text(["Completar"])
    detalle.get_by_role("button", name="Completar").click()
    expect(detalle).to_have_attribute("data-estado-id", str(Estado.COMPLETADA))
    expect(transiciones).to_have_count(0)
    db_session.expire_all()
    assert db_session.get(Cita, cita.id).estado_id == Estado.COMPLETADA


def test_an_appointment_is_moved_to_another_free_slot(page, entrar, clinica, cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())

    cita_card(page, cita).click()
    page.get_by_role("dialog").get_by_role("button", name="Mover").click()
    # "Mover" opens the date/time form; this test picks a free slot on the grid instead.
    page.get_by_role("dialog").get_by_role("button", name="Elegir en la agenda").click()
    expect(page.get_by_test_id("agenda-moviendo")).to_be_visible()
    page.get_by_role("button", name="Mover a 10:30 Elena Vargas").click()
    page.get_by_role("dialog").get_by_role("button", name="Mover cita").click()

    expect(page.get_by_test_id("agenda-aviso")).to_contain_text("a las 10:30")
    expect(cita_card(page, cita)).to_have_attribute("data-hora", "10:30")
    expect(slot(page, clinica.medico, "09:00")).to_be_visible()
    db_session.expire_all()
    movida = db_session.get(Cita, cita.id)
    assert (movida.fecha, movida.hora_inicio, movida.hora_fin) == (clinica.fecha, time(10, 30), time(11))


def test_the_next_free_slots_of_a_specialty_can_be_booked(page, entrar, clinica, db_session):
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())

    page.get_by_role("button", name="Próximos horarios libres").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Especialidad").select_option(label="Cardiología")
    dialog.get_by_label("Desde").fill(clinica.fecha.strftime("%d/%m/%Y"))
    dialog.get_by_label("Hasta").fill(clinica.fecha.strftime("%d/%m/%Y"))
    dialog.get_by_role("button", name="Buscar").click()
    resultados = dialog.get_by_test_id("proximo-libre")
    expect(resultados).to_have_count(4)  # 09:00–11:00 every 30 minutes, only the cardiologist
    expect(resultados.first).to_contain_text("09:00–09:30")
    expect(resultados.first).to_contain_text("Elena Vargas")
    expect(resultados.first).to_contain_text(clinica.fecha.strftime("%d/%m/%Y"))

    resultados.first.get_by_role("button", name="Agendar").click()
    reservar = page.get_by_role("dialog")
    expect(reservar.get_by_test_id("reservar-resumen")).to_contain_text("Elena Vargas")
    elegir_paciente(reservar, "jose", clinica.paciente)
    reservar.get_by_role("button", name="Agendar cita").click()
    expect(page.get_by_test_id("agenda-aviso")).to_be_visible()
    (cita,) = citas_de(db_session, clinica.medico)
    assert (cita.fecha, cita.hora_inicio, cita.hora_fin) == (clinica.fecha, time(9), time(9, 30))


def test_a_medico_sees_only_their_own_agenda(page, entrar, clinica, usuario_factory, paciente_factory, cita_factory,
                                             db_session):
    usuario = usuario_factory(rol="Médico")
    clinica.medico.usuario_id = usuario.id
    propia = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9))
    ajena = cita_factory(paciente_factory(), clinica.otro_medico, clinica.sucursal, fecha=clinica.fecha,
                         hora_inicio=time(15))
    db_session.commit()
    entrar(usuario, clinica.agenda_url())

    expect(cita_card(page, propia)).to_be_visible()
    columnas = page.get_by_test_id("agenda-column")
    expect(columnas).to_have_count(1)
    expect(columnas).to_have_attribute("data-medico-id", str(clinica.medico.id))
    expect(cita_card(page, ajena)).to_have_count(0)
    expect(page.locator(f'[data-testid="agenda-slot"][data-medico-id="{clinica.otro_medico.id}"]')).to_have_count(0)
    expect(page.get_by_test_id("agenda-slot")).to_have_count(3)  # 09:30, 10:00, 10:30


def test_the_week_view_shows_one_doctors_days(page, entrar, clinica, cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.otro_medico, clinica.sucursal, fecha=clinica.fecha,
                        hora_inicio=time(15, 20), hora_fin=time(15, 40))
    db_session.commit()
    entrar(clinica.recepcionista, clinica.agenda_url())
    page.get_by_role("button", name="Semana").click()
    page.get_by_label("Médico").select_option(str(clinica.otro_medico.id))

    columnas = page.get_by_test_id("agenda-column")
    expect(columnas).to_have_count(7)
    expect(columnas.first).to_have_attribute("data-medico-id", str(clinica.otro_medico.id))
    expect(cita_card(page, cita)).to_have_attribute("data-fecha", clinica.fecha.isoformat())
    expect(page.get_by_test_id("agenda-slot")).to_have_count(2)  # 15:00 and 15:40 on that Wednesday
    assert f"medico={clinica.otro_medico.id}" in page.url and "vista=semana" in page.url
    page.get_by_role("button", name="Siguiente").click()
    expect(cita_card(page, cita)).to_have_count(0)
    expect(page.get_by_test_id("agenda-slot")).to_have_count(3)


def test_a_medico_books_in_their_own_agenda_and_is_offered_only_their_own_next_slots(
        page, entrar, clinica, usuario_factory, db_session):
    usuario = usuario_factory(rol="Médico")
    clinica.medico.usuario_id = usuario.id
    clinica.otro_medico.especialidad_id = clinica.especialidad.id
    db_session.commit()
    entrar(usuario, clinica.agenda_url())

    page.get_by_role("button", name="Próximos horarios libres").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Especialidad").select_option(label="Cardiología")
    dialog.get_by_label("Desde").fill(clinica.fecha.strftime("%d/%m/%Y"))
    dialog.get_by_label("Hasta").fill(clinica.fecha.strftime("%d/%m/%Y"))
    dialog.get_by_role("button", name="Buscar").click()
    resultados = dialog.get_by_test_id("proximo-libre")
    expect(resultados).to_have_count(7)  # 4 of theirs, 3 of the colleague of the same specialty
    expect(resultados.filter(has_text="Tomás Ríos").get_by_role("button", name="Agendar")).to_have_count(0)
    expect(resultados.filter(has_text="Elena Vargas").get_by_role("button", name="Agendar")).to_have_count(4)
    dialog.get_by_role("button", name="Cerrar").click()

    slot(page, clinica.medico, "10:30").click()
    reservar = page.get_by_role("dialog")
    elegir_paciente(reservar, "jose nunez", clinica.paciente)
    reservar.get_by_role("button", name="Agendar cita").click()
    expect(page.get_by_test_id("agenda-aviso")).to_be_visible()
    (cita,) = citas_de(db_session, clinica.medico)
    assert (cita.hora_inicio, cita.creado_por) == (time(10, 30), usuario.id)
