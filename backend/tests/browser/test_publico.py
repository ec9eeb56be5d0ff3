"""The public appointment page on a phone: a patient opens the link of a message, sees the appointment in Spanish
and confirms it, without logging in and without downloading the staff application."""
from datetime import time

from playwright.sync_api import expect
from sqlalchemy import select

from app.models import CambioEstadoCita, Cita, Estado
from app.services.enlace_cita import token_de
from tests.browser.conftest import script_de_la_aplicacion


def test_a_patient_confirms_the_appointment_from_a_phone(telefono, clinica, cita_factory, db_session):
    cita = cita_factory(clinica.paciente, clinica.medico, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(9),
                        motivo="Dolor reservado")
    clinica.sucursal.direccion = "Av. Juárez 100, Centro, CDMX"
    clinica.sucursal.telefono = "5555550100"
    db_session.commit()
    pedidos = []
    telefono.on("request", lambda pedido: pedidos.append(pedido.url))

    telefono.goto(f"/c/{token_de(cita.id)}")

    expect(telefono.get_by_role("heading", name="Su cita")).to_be_visible()
    expect(telefono.get_by_test_id("cita-estado")).to_have_text("Pendiente de confirmar")
    expect(telefono.get_by_text("Cardiología")).to_be_visible()
    expect(telefono.get_by_text("con Elena Vargas")).to_be_visible()
    expect(telefono.get_by_test_id("cita-hora")).to_have_text("De 09:00 h a 09:30 h")
    expect(telefono.get_by_test_id("cita-zona")).to_have_text("Hora de Ciudad de México (America/Mexico_City)")
    expect(telefono.get_by_test_id("cita-fecha")).to_contain_text(f"{clinica.fecha.day} de ")
    expect(telefono.get_by_role("link", name="Ver en el mapa")).to_have_attribute(
        "href", "https://www.openstreetmap.org/search?query=Av.%20Ju%C3%A1rez%20100%2C%20Centro%2C%20CDMX")
    expect(telefono.get_by_role("link", name="Llamar al 5555550100")).to_have_attribute("href", "tel:5555550100")
    expect(telefono.get_by_text("José")).to_have_count(0)  # nothing about the patient…
    expect(telefono.get_by_text("Dolor reservado")).to_have_count(0)  # …nor the reason
    # The buttons fit the phone's width.
    boton = telefono.get_by_role("button", name="Confirmar asistencia")
    caja = boton.bounding_box()
    assert caja["x"] >= 0 and caja["x"] + caja["width"] <= 390

    boton.tap()

    expect(telefono.get_by_text("¡Gracias! Su asistencia quedó confirmada.")).to_be_visible()
    expect(telefono.get_by_test_id("cita-estado")).to_have_text("Confirmada")
    expect(telefono.get_by_role("button", name="Confirmar asistencia")).to_have_count(0)
    expect(telefono.get_by_role("button", name="Cancelar cita")).to_be_visible()
    # A reload shows the state the server keeps.
    telefono.reload()
    expect(telefono.get_by_test_id("cita-estado")).to_have_text("Confirmada")

    db_session.expire_all()
    assert db_session.get(Cita, cita.id).estado_id == Estado.CONFIRMADA
    cambios = db_session.execute(select(CambioEstadoCita.estado_anterior_id, CambioEstadoCita.estado_id,
                                        CambioEstadoCita.usuario_id, CambioEstadoCita.por_paciente)
                                 .where(CambioEstadoCita.cita_id == cita.id)).all()
    assert cambios == [(Estado.NUEVA, Estado.CONFIRMADA, None, True)]
    assert not any(url.endswith(script_de_la_aplicacion()) for url in pedidos), "el paciente descargó la aplicación"
    assert not any("/api/auth/" in url for url in pedidos)


def test_a_link_that_does_not_work_says_so_in_spanish(telefono):
    telefono.console.expect_http_error(404)
    telefono.goto("/c/un-enlace-inventado")
    expect(telefono.get_by_test_id("cita-error")).to_have_text("El enlace no es válido o la cita ya pasó.")
    expect(telefono.get_by_role("button")).to_have_count(0)
