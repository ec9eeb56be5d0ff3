"""Doctors in a real browser: create and edit, and the weekly schedule editor with its overlap refusal."""
from datetime import time

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import HorarioMedico, Medico


def test_an_administrador_creates_and_edits_a_doctor_and_links_the_doctors_account(
        page, entrar, usuario_factory, especialidad_factory, db_session):
    especialidad_factory(nombre="Dermatología")
    neurologia = especialidad_factory(nombre="Neurología")
    cuenta = usuario_factory(rol="Médico", nombre="Lucía", apellido="Méndez", email="lucia@clinica.local")
    usuario_factory(rol="Recepcionista", email="recepcion@clinica.local")
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    entrar(admin, "/medicos")
    page.get_by_role("button", name="Nuevo médico").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Nombre", exact=True).fill("Lucía")
    dialog.get_by_label("Apellido").fill("Méndez")
    dialog.get_by_label("Email").fill("lucia.mendez@example.com")
    dialog.get_by_label("Teléfono").fill("5551234567")
    dialog.get_by_label("Especialidad").select_option(label="Dermatología")
    dialog.get_by_role("button", name="Guardar").click()

    fila = page.get_by_test_id("medico-row").filter(has_text="Lucía Méndez")
    expect(fila).to_contain_text("Dermatología")
    creado = db_session.scalar(select(Medico).where(Medico.apellido == "Méndez"))
    assert (creado.email, creado.telefono, creado.activo) == ("lucia.mendez@example.com", "5551234567", True)

    page.get_by_role("button", name="Editar Lucía Méndez").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_label("Nombre", exact=True)).to_have_value("Lucía")
    dialog.get_by_label("Especialidad").select_option(label="Neurología")
    dialog.get_by_label("Teléfono").fill("5559876543")
    cuentas = dialog.get_by_label("Usuario del sistema")
    expect(cuentas.locator("option")).to_have_text(["Sin usuario", "Lucía Méndez — lucia@clinica.local"])
    cuentas.select_option(label="Lucía Méndez — lucia@clinica.local")
    dialog.get_by_role("button", name="Guardar").click()
    expect(fila).to_contain_text("Neurología")
    expect(fila).to_contain_text("5559876543")
    db_session.expire_all()
    editado = db_session.get(Medico, creado.id)
    assert (editado.especialidad_id, editado.telefono, editado.usuario_id) == (neurologia.id, "5559876543", cuenta.id)


def test_the_schedule_editor_adds_and_deletes_blocks_and_shows_an_overlap_refusal(
        page, entrar, usuario_factory, sucursal_factory, medico_factory, horario_factory, db_session):
    sucursal = sucursal_factory(nombre="Sucursal Norte")
    medico = medico_factory(nombre="Raúl", apellido="Soto")
    horario_factory(medico, sucursal, dia_semana=1, hora_inicio=time(9), hora_fin=time(13))
    admin = usuario_factory(rol="Administrador")
    db_session.commit()
    entrar(admin, "/medicos")
    page.console.expect_http_error(409)

    page.get_by_role("button", name="Horario de Raúl Soto").click()
    dialog = page.get_by_role("dialog")
    dialog.get_by_label("Sucursal").select_option(label="Sucursal Norte")
    filas = dialog.get_by_test_id("horario-row")
    expect(filas).to_have_count(1)
    expect(filas.first).to_contain_text("09:00")

    # Tuesday afternoon: a new block.
    dialog.get_by_label("Día").select_option(label="Martes")
    dialog.get_by_label("Hora inicio").fill("14:00")
    dialog.get_by_label("Hora fin").fill("18:30")
    dialog.get_by_label("Intervalo (minutos)").fill("20")
    dialog.get_by_role("button", name="Agregar bloque").click()
    expect(filas).to_have_count(2)
    expect(dialog.locator('[data-testid="horario-row"][data-dia="2"]')).to_contain_text("18:30")

    # Monday 12:00–15:00 overlaps 09:00–13:00: the server's 409 message shows, nothing is added.
    dialog.get_by_label("Día").select_option(label="Lunes")
    dialog.get_by_label("Hora inicio").fill("12:00")
    dialog.get_by_label("Hora fin").fill("15:00")
    dialog.get_by_role("button", name="Agregar bloque").click()
    expect(dialog.get_by_role("alert").filter(has_text="solapa")).to_be_visible()
    expect(filas).to_have_count(2)

    dialog.locator('[data-testid="horario-row"][data-dia="1"]').get_by_role("button", name="Eliminar").click()
    expect(filas).to_have_count(1)
    db_session.expire_all()
    bloques = db_session.scalars(select(HorarioMedico).where(HorarioMedico.medico_id == medico.id)).all()
    assert [(b.dia_semana, b.hora_inicio, b.hora_fin, b.intervalo_citas) for b in bloques] == [
        (2, time(14), time(18, 30), 20)]


def test_a_recepcionista_sees_doctors_and_schedules_but_cannot_edit(
        page, entrar, usuario_factory, sucursal_factory, medico_factory, horario_factory, db_session):
    sucursal = sucursal_factory()
    medico = medico_factory(nombre="Inés", apellido="Paz")
    horario_factory(medico, sucursal, dia_semana=5)
    recepcionista = usuario_factory(rol="Recepcionista", sucursal=sucursal)
    db_session.commit()
    entrar(recepcionista, "/medicos")

    expect(page.get_by_test_id("medico-row").filter(has_text="Inés Paz")).to_be_visible()
    expect(page.get_by_role("button", name="Nuevo médico")).to_have_count(0)
    expect(page.get_by_role("button", name="Editar Inés Paz")).to_have_count(0)
    page.get_by_role("button", name="Horario de Inés Paz").click()
    dialog = page.get_by_role("dialog")
    expect(dialog.get_by_test_id("horario-row")).to_have_count(1)
    expect(dialog.get_by_role("button", name="Agregar bloque")).to_have_count(0)
    expect(dialog.get_by_role("button", name="Eliminar")).to_have_count(0)
