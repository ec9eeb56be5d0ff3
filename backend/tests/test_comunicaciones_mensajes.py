"""Patient messages: what booking, rescheduling and cancelling enqueue, and what the worker's delivery does
with it (API.md "Patient messages")."""
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import text, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ConfiguracionComunicaciones, Estado, Mensaje
from app.services.comunicaciones import recordatorios
from tests.agenda_util import agenda_fixture  # noqa: F401  (fixture)
from tests.mensajes_util import entregar_a_las, inicio_de, mensajes_de


@pytest.fixture
def paciente(paciente_factory):
    return paciente_factory(email="juana.perez@correo.mx", telefono="5512345678")


def _agendar(api, agenda, paciente, hora="09:00"):
    r = api.post("/api/citas", json=agenda.cita_json(paciente, hora))
    assert r.status_code == 201, r.json
    from app.models import Cita

    return db.session.get(Cita, r.json["id"])


def test_booking_enqueues_the_confirmation_now_and_a_reminder_per_offset(api_as, agenda, paciente):
    cita = _agendar(api_as("Recepcionista"), agenda, paciente)
    mensajes = mensajes_de(cita.id)
    assert sorted((m.tipo, m.horas_antes) for m in mensajes) == [
        ("confirmacion_cita", None), ("recordatorio", 2), ("recordatorio", 48)]
    assert {m.estado for m in mensajes} == {"pendiente"}
    assert {(m.canal, m.destino) for m in mensajes} == {("email", "juana.perez@correo.mx")}
    recordatorio = {m.horas_antes: m for m in mensajes if m.tipo == "recordatorio"}
    assert recordatorio[48].programado_para == inicio_de(cita) - timedelta(hours=48)
    assert recordatorio[2].programado_para == inicio_de(cita) - timedelta(hours=2)


def test_a_patient_who_refuses_messages_or_has_no_contact_gets_them_omitted(api_as, agenda, paciente_factory):
    api = api_as("Recepcionista")
    rehusa = _agendar(api, agenda, paciente_factory(email="a@correo.mx", acepta_recordatorios=False), "09:00")
    sin_correo = _agendar(api, agenda, paciente_factory(telefono="5511112222"), "09:30")
    sin_telefono = _agendar(api, agenda, paciente_factory(email="b@correo.mx", canal_preferido="sms"), "10:00")
    for cita, motivo in ((rehusa, "El paciente no acepta mensajes"),
                         (sin_correo, "El paciente no tiene correo electrónico"),
                         (sin_telefono, "El paciente no tiene teléfono")):
        mensajes = mensajes_de(cita.id)
        assert len(mensajes) == 3
        assert {(m.estado, m.ultimo_error) for m in mensajes} == {("omitido", motivo)}
    assert {m.canal for m in mensajes_de(sin_telefono.id)} == {"sms"}


def test_the_patients_channel_overrides_the_clinics(api_as, agenda, paciente_factory):
    cita = _agendar(api_as("Recepcionista"), agenda, paciente_factory(telefono="55 1234 9876",
                                                                       canal_preferido="whatsapp"))
    assert {(m.canal, m.destino) for m in mensajes_de(cita.id)} == {("whatsapp", "55 1234 9876")}


def test_rescheduling_cancels_what_was_pending_and_schedules_the_new_time(api_as, agenda, paciente):
    api = api_as("Recepcionista")
    cita = _agendar(api, agenda, paciente)
    r = api.patch(f"/api/citas/{cita.id}", json={"hora_inicio": "11:00"})
    assert r.status_code == 200
    mensajes = mensajes_de(cita.id)
    viejos = [m for m in mensajes if m.cita_inicio.time() == time(9)]
    nuevos = [m for m in mensajes if m.cita_inicio.time() == time(11)]
    assert {(m.tipo, m.estado, m.ultimo_error) for m in viejos} == {
        ("confirmacion_cita", "cancelado", "La cita fue reprogramada"),
        ("recordatorio", "cancelado", "La cita fue reprogramada")}
    assert sorted((m.tipo, m.horas_antes, m.estado) for m in nuevos) == [
        ("recordatorio", 2, "pendiente"), ("recordatorio", 48, "pendiente"), ("reprogramacion", None, "pendiente")]


def test_cancelling_tells_the_patient_and_ends_the_reminders(api_as, agenda, paciente):
    api = api_as("Recepcionista")
    cita = _agendar(api, agenda, paciente)
    assert api.post(f"/api/citas/{cita.id}/estado", json={"estado_id": Estado.CANCELADA,
                                                         "motivo": "Viaje"}).status_code == 200
    estados = sorted((m.tipo, m.estado) for m in mensajes_de(cita.id))
    assert estados == [("cancelacion", "pendiente"), ("confirmacion_cita", "cancelado"),
                       ("recordatorio", "cancelado"), ("recordatorio", "cancelado")]


def test_a_no_show_ends_the_pending_messages(agenda, paciente, cita_factory, db_session):
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha)
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))
    cita.estado_id = Estado.NO_ASISTIO
    db.session.flush()
    recordatorios.al_cambiar_estado(cita, inicio_de(cita) + timedelta(hours=1))
    assert {(m.estado, m.ultimo_error) for m in mensajes_de(cita.id)} == {("cancelado", "El paciente no asistió")}


def test_one_reminder_per_appointment_offset_and_start_ever(agenda, paciente, cita_factory):
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha)
    antes = inicio_de(cita) - timedelta(days=3)
    assert recordatorios.programar(antes) == 2
    assert recordatorios.programar(antes) == 0  # a second sweep (or a second worker) adds nothing
    db.session.execute(update(Mensaje).where(Mensaje.cita_id == cita.id).values(estado="cancelado"))
    assert recordatorios.programar(antes) == 0  # not even after they were cancelled
    with pytest.raises(IntegrityError), db.session.begin_nested():
        db.session.add(Mensaje(tipo="recordatorio", canal="email", destino="x@y.mx", cita_id=cita.id, horas_antes=48,
                               cita_inicio=datetime.combine(cita.fecha, cita.hora_inicio), programado_para=antes))
        db.session.flush()


def test_the_sweep_only_adds_reminders_still_ahead_and_within_its_horizon(agenda, paciente, cita_factory):
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha)
    assert recordatorios.programar(inicio_de(cita) - timedelta(days=8)) == 0  # beyond 7 days
    assert recordatorios.programar(inicio_de(cita) - timedelta(hours=10)) == 1  # the 48 h one is past
    assert [m.horas_antes for m in mensajes_de(cita.id)] == [2]


def test_disabled_reminders_are_not_scheduled_but_the_booking_is_confirmed(api_as, agenda, paciente):
    db.session.execute(update(ConfiguracionComunicaciones).values(recordatorios_activos=False))
    cita = _agendar(api_as("Recepcionista"), agenda, paciente)
    assert [m.tipo for m in mensajes_de(cita.id)] == ["confirmacion_cita"]


# --- delivery -------------------------------------------------------------------------------------

def test_without_channel_settings_messages_are_delivered_to_the_outbox_only(api_as, agenda, paciente):
    cita = _agendar(api_as("Recepcionista"), agenda, paciente)
    ahora = _hora_local(cita, datetime.now(UTC).date() + timedelta(days=1), time(12))  # outside the quiet hours
    assert entregar_a_las(ahora) == 1
    confirmacion, = mensajes_de(cita.id, "confirmacion_cita")
    assert (confirmacion.estado, confirmacion.canal, confirmacion.intentos) == ("enviado", "registro", 1)
    assert {m.estado for m in mensajes_de(cita.id, "recordatorio")} == {"pendiente"}  # not due yet
    assert entregar_a_las(ahora) == 0
    assert entregar_a_las(inicio_de(cita) - timedelta(hours=2)) == 2
    assert {(m.estado, m.canal) for m in mensajes_de(cita.id, "recordatorio")} == {("enviado", "registro")}


def test_nothing_is_sent_for_a_past_or_cancelled_appointment(agenda, paciente, cita_factory, db_session):
    pasada = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(9))
    cancelada = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(10))
    recordatorios.programar(inicio_de(pasada) - timedelta(days=3))
    cancelada.estado_id = Estado.CANCELADA  # behind the hooks' back: the delivery checks it again
    db.session.flush()
    entregar_a_las(inicio_de(pasada) + timedelta(minutes=5))
    assert {(m.estado, m.ultimo_error) for m in mensajes_de(pasada.id)} == {("cancelado", "La cita ya pasó")}
    entregar_a_las(inicio_de(cancelada) - timedelta(hours=2))
    assert {m.estado for m in mensajes_de(cancelada.id)} == {"cancelado"}


def test_a_reschedule_between_creation_and_delivery_sends_only_the_new_time(api_as, agenda, paciente):
    api = api_as("Recepcionista")
    cita = _agendar(api, agenda, paciente, "10:00")
    viejo_2h = inicio_de(cita) - timedelta(hours=2)  # 08:00, the end of the quiet hours
    assert api.patch(f"/api/citas/{cita.id}", json={"hora_inicio": "12:00"}).status_code == 200
    entregar_a_las(viejo_2h)  # the old 2-hour reminder's time: it was cancelled, nothing of 10:00 goes out
    enviados = [m for m in mensajes_de(cita.id) if m.estado == "enviado"]
    assert sorted((m.tipo, m.horas_antes, m.cita_inicio.time()) for m in enviados) == [
        ("recordatorio", 48, time(12)), ("reprogramacion", None, time(12))]
    entregar_a_las(inicio_de(cita) - timedelta(hours=2))
    enviados = [m for m in mensajes_de(cita.id) if m.estado == "enviado"]
    assert sorted((m.tipo, m.horas_antes) for m in enviados) == [("recordatorio", 2), ("recordatorio", 48),
                                                                   ("reprogramacion", None)]


def test_a_moved_appointment_cancels_messages_written_for_its_old_time(agenda, paciente, cita_factory):
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(9))
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))
    db.session.execute(text("UPDATE medical.citas SET hora_inicio = '10:00', hora_fin = '10:30' WHERE id = :id"),
                       {"id": cita.id})
    entregar_a_las(inicio_de(cita) - timedelta(hours=1, minutes=30))
    assert {(m.estado, m.ultimo_error) for m in mensajes_de(cita.id)} == {("cancelado", "La cita cambió de horario")}


def _hora_local(cita, dia, hora):
    return datetime.combine(dia, hora, tzinfo=inicio_de(cita).tzinfo)


def test_quiet_hours_postpone_a_message_to_their_end_in_the_branchs_time(agenda, paciente, cita_factory):
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(12))
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))  # 48 h before: 12:00 two days before
    noche = _hora_local(cita, agenda.fecha - timedelta(days=1), time(22, 30))  # inside 21:00–08:00
    entregar_a_las(noche)
    r48, = mensajes_de(cita.id, "recordatorio")[:1]
    assert r48.horas_antes == 48 and r48.estado == "pendiente"
    assert r48.programado_para == _hora_local(cita, agenda.fecha, time(8))
    assert entregar_a_las(_hora_local(cita, agenda.fecha, time(8))) == 1
    assert mensajes_de(cita.id, "recordatorio")[0].estado == "enviado"


def test_inside_quiet_hours_an_appointment_less_than_3_hours_away_still_gets_its_message(
        agenda, paciente, cita_factory):
    db.session.execute(update(ConfiguracionComunicaciones).values(silencio_desde=time(7), silencio_hasta=time(10)))
    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(9))
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))
    entregar_a_las(_hora_local(cita, agenda.fecha, time(7, 5)))  # the 2 h reminder is due, 1 h 55 away
    assert {m.horas_antes: m.estado for m in mensajes_de(cita.id, "recordatorio")} == {48: "enviado", 2: "enviado"}


# --- the API --------------------------------------------------------------------------------------

def test_the_message_log_masks_destinations_and_never_shows_texts(api_as, agenda, paciente_factory):
    api = api_as("Recepcionista")
    por_correo = _agendar(api, agenda, paciente_factory(email="juana@correo.mx"), "09:00")
    por_sms = _agendar(api, agenda, paciente_factory(telefono="5512345678", canal_preferido="sms"), "09:30")
    r = api.get(f"/api/comunicaciones/mensajes?cita_id={por_correo.id}&tipo=confirmacion_cita")
    assert r.status_code == 200 and r.json["total"] == 1
    item, = r.json["items"]
    assert set(item) == {"id", "tipo", "canal", "destino", "cita_id", "paciente_id", "programado_para",
                         "enviado_en", "estado", "intentos", "ultimo_error"}
    assert (item["destino"], item["cita_id"], item["estado"]) == ("j***@correo.mx", por_correo.id, "pendiente")
    r = api.get(f"/api/comunicaciones/mensajes?cita_id={por_sms.id}&per_page=1")
    assert r.json["items"][0]["destino"] == "******5678" and r.json["total"] == 3


def test_a_bound_receptionist_sees_only_the_messages_of_her_branch(api_as, agenda, paciente, paciente_factory,
                                                                   sucursal_factory):
    cita = _agendar(api_as("Administrador"), agenda, paciente)
    otra = api_as("Recepcionista", sucursal=sucursal_factory())
    propia = api_as("Recepcionista", sucursal=agenda.sucursal)
    db.session.commit()
    assert otra.get(f"/api/comunicaciones/mensajes?cita_id={cita.id}").json["total"] == 0
    assert propia.get(f"/api/comunicaciones/mensajes?cita_id={cita.id}").json["total"] == 3


def test_a_message_keeps_the_branch_of_its_appointment_even_when_the_appointment_moves(
        api_as, agenda, paciente, sucursal_factory):
    """The database keeps a message's branch (migration 0024's triggers): set from the appointment on insert, moved
    with it, and not writable to anything else."""
    cita = _agendar(api_as("Administrador"), agenda, paciente)
    nueva = sucursal_factory()
    antes = api_as("Recepcionista", sucursal=agenda.sucursal)
    despues = api_as("Recepcionista", sucursal=nueva)
    db.session.commit()

    def sucursales():
        return set(db.session.scalars(text("SELECT sucursal_id FROM medical.mensajes WHERE cita_id = :c"),
                                      {"c": cita.id}))

    assert sucursales() == {agenda.sucursal.id}
    db.session.execute(text("UPDATE medical.citas SET sucursal_id = :s WHERE id = :c"), {"s": nueva.id, "c": cita.id})
    db.session.commit()
    assert sucursales() == {nueva.id}
    assert antes.get(f"/api/comunicaciones/mensajes?cita_id={cita.id}").json["total"] == 0
    assert despues.get(f"/api/comunicaciones/mensajes?cita_id={cita.id}").json["total"] == 3
    db.session.execute(text("UPDATE medical.mensajes SET sucursal_id = :s WHERE cita_id = :c"),
                       {"s": agenda.sucursal.id, "c": cita.id})
    assert sucursales() == {nueva.id}


def test_only_a_failed_message_can_be_retried(api_as, agenda, paciente):
    api = api_as("Recepcionista")
    cita = _agendar(api, agenda, paciente)
    confirmacion, = mensajes_de(cita.id, "confirmacion_cita")
    db.session.commit()
    r = api.post(f"/api/comunicaciones/mensajes/{confirmacion.id}/reintentar")
    assert r.status_code == 409 and r.json["reason"] == "MENSAJE_NO_REINTENTABLE"
    db.session.execute(update(Mensaje).where(Mensaje.id == confirmacion.id)
                       .values(estado="fallido", intentos=5, ultimo_error="SMTP caído"))
    r = api.post(f"/api/comunicaciones/mensajes/{confirmacion.id}/reintentar")
    assert r.status_code == 200
    assert (r.json["estado"], r.json["intentos"]) == ("pendiente", 0)
    assert api.post("/api/comunicaciones/mensajes/999999/reintentar").status_code == 404


def test_the_settings_show_the_default_templates_and_validate_placeholders(as_admin):
    r = as_admin.get("/api/comunicaciones/configuracion")
    assert r.status_code == 200
    assert (r.json["recordatorios_activos"], r.json["horas_antes"], r.json["canal_preferido"]) == (True, [48, 2], "email")
    assert r.json["horario_silencio"] == {"desde": "21:00", "hasta": "08:00"}
    assert "{enlace}" in r.json["plantillas"]["recordatorio"]
    r = as_admin.patch("/api/comunicaciones/configuracion",
                       json={"plantillas": {"recordatorio": "Hola {paciente_nombre}, su cita {fecha} {saldo}"}})
    assert r.status_code == 422 and "{saldo}" in r.json["errors"]["plantillas.recordatorio"][0]
    r = as_admin.patch("/api/comunicaciones/configuracion",
                       json={"plantillas": {"recordatorio": "Le esperamos el {fecha} a las {hora}: {enlace}"},
                             "horas_antes": [24], "horario_silencio": {"desde": "22:00", "hasta": "07:30"}})
    assert r.status_code == 200
    assert r.json["plantillas"]["recordatorio"] == "Le esperamos el {fecha} a las {hora}: {enlace}"
    assert (r.json["horas_antes"], r.json["horario_silencio"]["hasta"]) == ([24], "07:30")
    r = as_admin.patch("/api/comunicaciones/configuracion", json={"plantillas": {"recordatorio": None}})
    assert r.json["plantillas"]["recordatorio"].startswith("Hola {paciente_nombre}")


@pytest.mark.parametrize("consulta", ["paciente_id=99999999999", "cita_id=0", "tipo=fax", "estado=leido",
                                      "desde=2026-12-10&hasta=2026-12-01", "canal=paloma"])
def test_invalid_log_filters_are_refused(api_as, consulta):
    assert api_as("Recepcionista").get(f"/api/comunicaciones/mensajes?{consulta}").status_code == 422


@pytest.mark.parametrize("cuerpo", [{"horas_antes": []}, {"horas_antes": [1, 2, 3, 4]}, {"horas_antes": [0]},
                                    {"horas_antes": [169]}, {"horas_antes": [2, 2]}, {"canal_preferido": "fax"},
                                    {"horario_silencio": {"desde": "25:00", "hasta": "08:00"}},
                                    {"plantillas": {"recordatorio": "Hola {"}}, {"plantillas": {"otro": "x"}},
                                    {"plantillas": {"cancelacion": "   "}}])
def test_invalid_settings_are_refused(as_admin, cuerpo):
    assert as_admin.patch("/api/comunicaciones/configuracion", json=cuerpo).status_code == 422


def test_the_message_texts_carry_the_clinic_branch_address_and_link(agenda, paciente, cita_factory):
    from app.services.comunicaciones import entrega

    cita = cita_factory(paciente, agenda.medico, agenda.sucursal, agenda.fecha, hora_inicio=time(9))
    recordatorios.programar(inicio_de(cita) - timedelta(days=3))
    ahora = inicio_de(cita) - timedelta(hours=2)
    ctx = entrega.Contexto.de(ahora, {})
    fila = db.session.execute(entrega._reclamar((), False), {"ahora": ahora, "limite": 1}).first()
    assert entrega._decidir(fila, ctx) == ("enviar", None)
    envio = entrega._entrega(fila, ctx)
    assert paciente.nombre in envio.texto and agenda.sucursal.nombre in envio.texto
    assert agenda.sucursal.direccion in envio.texto and "/c/" in envio.texto and ctx.clinica in envio.texto
    assert "Recordatorio de su cita" in envio.asunto
    assert '<a href="http://127.0.0.1:5000/c/' in envio.html and envio.parametros[0] == paciente.nombre


def test_an_appointments_messages_are_written_by_a_function_that_keeps_its_plan():
    """Migration 0028: sent by the app, the statement was planned on every booking and cancellation (1.1 ms, for
    0.5 ms of work); every test above writes its messages through the function."""
    config = db.session.scalar(text("SELECT proconfig FROM pg_proc WHERE oid = 'medical.encolar_mensajes'::regproc"))
    assert config == ["plan_cache_mode=force_generic_plan"]


def test_the_message_log_filters_by_day_state_and_channel_and_pages_with_its_total(api_as, agenda, paciente):
    api = api_as("Recepcionista")
    primera, segunda = _agendar(api, agenda, paciente, "09:00"), _agendar(api, agenda, paciente, "10:00")
    recordatorio = next(m for m in mensajes_de(primera.id, "recordatorio") if m.horas_antes == 2)
    dia = recordatorio.programado_para.astimezone(UTC).date()
    esperados = {m.id for c in (primera, segunda) for m in mensajes_de(c.id)
                 if m.programado_para.astimezone(UTC).date() == dia}
    r = api.get(f"/api/comunicaciones/mensajes?paciente_id={paciente.id}&desde={dia}&hasta={dia}")
    assert {m["id"] for m in r.json["items"]} == esperados and r.json["total"] == len(esperados) >= 2
    assert api.get(f"/api/comunicaciones/mensajes?paciente_id={paciente.id}&desde={dia + timedelta(days=1)}"
                   f"&hasta={dia + timedelta(days=1)}").json["total"] == 0
    r = api.get(f"/api/comunicaciones/mensajes?paciente_id={paciente.id}&estado=pendiente&canal=email")
    assert r.json["total"] == 6
    assert api.get(f"/api/comunicaciones/mensajes?paciente_id={paciente.id}&canal=sms").json["total"] == 0
    paginas = [api.get(f"/api/comunicaciones/mensajes?paciente_id={paciente.id}&per_page=4&page={n}").json
               for n in (1, 2, 3)]
    assert [len(p["items"]) for p in paginas] == [4, 2, 0] and {p["total"] for p in paginas} == {6}
    ids = [m["id"] for p in paginas for m in p["items"]]
    assert ids == sorted(ids, reverse=True) and set(ids) == {m.id for c in (primera, segunda) for m in mensajes_de(c.id)}


def test_a_bounded_count_stops_past_its_cap_and_runs_only_when_the_page_does_not_tell_the_total(
        api_as, agenda, paciente):
    from app.services.comunicaciones.consultas import _sentencias_lista
    from app.utils.pagination import filas_y_total_acotado
    from tests.consultas import sentencias_ejecutadas

    cita = _agendar(api_as("Recepcionista"), agenda, paciente)
    pagina, contar = _sentencias_lista(("cita_id",), None)
    valores = {"cita_id": cita.id}
    with sentencias_ejecutadas() as sentencias:
        filas, total = filas_y_total_acotado(pagina, contar, valores, 1, 3)
    assert (len(filas), total, len(sentencias)) == (3, 3, 1)  # the page told the total
    with sentencias_ejecutadas() as sentencias:
        filas, total = filas_y_total_acotado(pagina, contar, valores, 1, 1, tope=1)
    assert (len(filas), total, len(sentencias)) == (1, 2, 2)  # more than the cap: the cap plus one
    assert filas_y_total_acotado(pagina, contar, valores, 5, 1)[1] == 3  # past the end: counted
