"""Online booking (API.md "Online booking"): the public catalogue and free slots, the request → e-mailed code →
booking flow, every refusal, and what the booking leaves behind."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import (Auditoria, CambioEstadoCita, Cita, ConfiguracionClinica, Estado, Medico, Mensaje, Paciente,
                        SolicitudReserva)
from app.schemas.publico import DisponibilidadPublicaSchema
from tests.reservas_util import (activar_reserva_en_linea, clinica_fixture, codigo_enviado,  # noqa: F401  (fixture)
                                 reservar, solicitar)


def contar(modelo, *condiciones):
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(modelo).where(*condiciones))


# --- the catalogue ----------------------------------------------------------------------------------------------

def test_the_catalogue_offers_only_branches_and_doctors_that_take_online_bookings(
        anonimo, clinica, sucursal_factory, medico_factory, horario_factory):
    otra = sucursal_factory(nombre="Sin reservas en línea")
    presencial = medico_factory(nombre="Solo", apellido="Presencial")
    horario_factory(presencial, otra, dia_semana=1)
    horario_factory(presencial, clinica.sucursal, dia_semana=2)
    db.session.commit()

    sucursales = anonimo.get("/api/publico/sucursales").json
    assert [s["id"] for s in sucursales] == [clinica.sucursal.id]
    assert sucursales[0] == {"id": clinica.sucursal.id, "nombre": clinica.sucursal.nombre,
                             "direccion": clinica.sucursal.direccion, "telefono": "6015550100",
                             "zona_horaria": "America/Bogota"}
    medicos = anonimo.get(f"/api/publico/medicos?sucursal_id={clinica.sucursal.id}").json
    assert [m["id"] for m in medicos] == [clinica.medico.id]
    assert set(medicos[0]) == {"id", "nombre", "apellido", "especialidad"}
    especialidades = anonimo.get(f"/api/publico/especialidades?sucursal_id={clinica.sucursal.id}").json
    assert [e["id"] for e in especialidades] == [clinica.medico.especialidad_id]


def test_with_online_booking_off_nothing_is_offered_and_nothing_can_be_requested(anonimo, clinica):
    activar_reserva_en_linea(activa=False)
    db.session.commit()
    assert anonimo.get("/api/publico/sucursales").json == []
    assert anonimo.get("/api/publico/medicos").json == []
    libres = anonimo.get(f"/api/publico/disponibilidad?sucursal_id={clinica.sucursal.id}").json
    assert libres["items"] == []
    r, _ = solicitar(anonimo, clinica)
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")


def test_free_slots_are_the_branch_s_wall_clock_and_leave_out_taken_ones(
        anonimo, clinica, paciente_factory, cita_factory):
    cita_factory(paciente_factory(), clinica.medico, clinica.sucursal, fecha=clinica.fecha,
                 hora_inicio=datetime.strptime("10:00", "%H:%M").time())
    db.session.commit()
    dia = clinica.fecha.isoformat()
    r = anonimo.get(f"/api/publico/disponibilidad?sucursal_id={clinica.sucursal.id}&medico_id={clinica.medico.id}"
                    f"&desde={dia}&hasta={dia}")
    assert r.status_code == 200
    assert r.json["zona_horaria"] == "America/Bogota"
    horas = [s["hora_inicio"] for s in r.json["items"]]
    assert horas[:4] == ["08:00", "08:30", "09:00", "09:30"] and "10:00" not in horas and horas[-1] == "17:30"
    assert r.json["items"][0]["medico"]["id"] == clinica.medico.id and r.json["completo"] is True


def test_slots_honour_the_minimum_notice_and_the_horizon(anonimo, clinica):
    activar_reserva_en_linea(antelacion=96, horizonte=5)
    db.session.commit()
    hoy = clinica.fecha - timedelta(days=3)
    r = anonimo.get(f"/api/publico/disponibilidad?sucursal_id={clinica.sucursal.id}&desde={hoy.isoformat()}"
                    f"&hasta={(hoy + timedelta(days=13)).isoformat()}")
    fechas = {s["fecha"] for s in r.json["items"]}
    # 96 hours ahead: nothing before the fourth day from today; 5 days ahead at most: nothing after the sixth.
    assert min(fechas) >= (hoy + timedelta(days=4)).isoformat()
    assert max(fechas) <= (hoy + timedelta(days=5)).isoformat()


def test_availability_spans_at_most_fourteen_days(anonimo, clinica):
    db.session.commit()
    desde = clinica.fecha
    r = anonimo.get(f"/api/publico/disponibilidad?sucursal_id={clinica.sucursal.id}&desde={desde.isoformat()}"
                    f"&hasta={(desde + timedelta(days=14)).isoformat()}")
    assert r.status_code == 422
    assert "hasta" in r.json["errors"]


# --- the flow -------------------------------------------------------------------------------------------------

def test_a_request_stores_nothing_but_the_request_and_its_code_message(anonimo, clinica):
    db.session.commit()
    pacientes, citas = contar(Paciente), contar(Cita)
    r, datos = solicitar(anonimo, clinica)
    assert r.status_code == 202
    assert set(r.json) == {"solicitud_id", "expira_en"}
    solicitud = db.session.get(SolicitudReserva, r.json["solicitud_id"])
    assert solicitud.estado == "pendiente" and solicitud.expira_en - solicitud.creada_en == timedelta(minutes=15)
    codigo = codigo_enviado(datos["email"])
    assert codigo.isdigit() and len(codigo) == 6
    assert codigo not in solicitud.codigo_hash
    assert (contar(Paciente), contar(Cita)) == (pacientes, citas)


def test_the_right_code_books_a_new_appointment_for_a_new_patient(anonimo, clinica):
    db.session.commit()
    r = reservar(anonimo, clinica, motivo="Control anual")
    assert r.status_code == 201, r.json
    assert r.json["cita"] == {
        "fecha": clinica.fecha.isoformat(), "hora_inicio": "10:00", "hora_fin": "10:30",
        "zona_horaria": "America/Bogota",
        "medico": {"nombre": clinica.medico.nombre, "apellido": clinica.medico.apellido},
        "sucursal": {"nombre": clinica.sucursal.nombre, "direccion": clinica.sucursal.direccion,
                     "telefono": "6015550100"}}
    cita = db.session.scalar(select(Cita).where(Cita.medico_id == clinica.medico.id))
    assert (cita.estado_id, cita.origen, cita.creado_por, cita.motivo) == (Estado.NUEVA, "en_linea", None,
                                                                          "Control anual")
    paciente = db.session.get(Paciente, cita.paciente_id)
    assert (paciente.nombre, paciente.apellido, paciente.email, paciente.telefono, paciente.origen) == (
        "Lucía", "de la Cruz", "lucia.cruz@correo.local", "+573005551234", "en_linea")
    historia = db.session.scalars(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id)).all()
    assert [(h.estado_id, h.por_paciente, h.usuario_id) for h in historia] == [(Estado.NUEVA, True, None)]
    assert contar(Auditoria, Auditoria.accion == "cita_creada", Auditoria.entidad_id == cita.id) == 1
    assert contar(Mensaje, Mensaje.cita_id == cita.id, Mensaje.tipo == "confirmacion_cita") == 1
    # The link opens the appointment's public page.
    pagina = anonimo.get("/api/publico/citas/" + r.json["enlace"].rsplit("/c/", 1)[1])
    assert (pagina.status_code, pagina.json["hora_inicio"], pagina.json["zona_horaria"]) == (
        200, "10:00", "America/Bogota")


def test_staff_lists_show_where_an_appointment_came_from(anonimo, clinica, api_as):
    db.session.commit()
    assert reservar(anonimo, clinica).status_code == 201
    recepcion = api_as("Recepcionista")
    items = recepcion.get(f"/api/citas?medico_id={clinica.medico.id}").json["items"]
    assert [c["origen"] for c in items] == ["en_linea"]
    detalle = recepcion.get(f"/api/citas/{items[0]['id']}").json
    assert detalle["origen"] == "en_linea"
    assert recepcion.get(f"/api/pacientes/{items[0]['paciente_id']}").json["origen"] == "en_linea"


# --- refusals ---------------------------------------------------------------------------------------------------

def test_a_wrong_code_is_refused_and_counted_and_the_fifth_locks_the_request(anonimo, clinica):
    db.session.commit()
    r, datos = solicitar(anonimo, clinica)
    url = f"/api/publico/reservas/{r.json['solicitud_id']}/verificar"
    correcto = codigo_enviado(datos["email"])
    incorrecto = f"{(int(correcto) + 1) % 10 ** 6:06d}"
    for restantes in (4, 3, 2, 1):
        r = anonimo.post(url, json={"codigo": incorrecto})
        assert (r.status_code, r.json["reason"], r.json["intentos_restantes"]) == (422, "CODIGO_INVALIDO", restantes)
    r = anonimo.post(url, json={"codigo": incorrecto})
    assert (r.status_code, r.json["reason"]) == (409, "SOLICITUD_BLOQUEADA")
    r = anonimo.post(url, json={"codigo": correcto})
    assert (r.status_code, r.json["reason"]) == (409, "SOLICITUD_BLOQUEADA")
    assert contar(Cita, Cita.medico_id == clinica.medico.id) == 0


def test_an_expired_request_is_refused(anonimo, clinica):
    db.session.commit()
    r, datos = solicitar(anonimo, clinica)
    db.session.execute(update(SolicitudReserva).where(SolicitudReserva.id == r.json["solicitud_id"])
                       .values(expira_en=datetime.now(UTC) - timedelta(seconds=1)))
    db.session.commit()
    r = anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar",
                     json={"codigo": codigo_enviado(datos["email"])})
    assert (r.status_code, r.json["reason"]) == (409, "SOLICITUD_EXPIRADA")


def test_a_request_books_once(anonimo, clinica):
    db.session.commit()
    r, datos = solicitar(anonimo, clinica)
    url = f"/api/publico/reservas/{r.json['solicitud_id']}/verificar"
    codigo = codigo_enviado(datos["email"])
    assert anonimo.post(url, json={"codigo": codigo}).status_code == 201
    r = anonimo.post(url, json={"codigo": codigo})
    assert (r.status_code, r.json["reason"]) == (409, "SOLICITUD_USADA")


def test_an_unknown_request_is_not_found_and_a_malformed_code_is_invalid(anonimo, clinica):
    db.session.commit()
    r = anonimo.post("/api/publico/reservas/00000000-0000-4000-8000-000000000000/verificar", json={"codigo": "123456"})
    assert r.status_code == 404
    r, _ = solicitar(anonimo, clinica)
    r = anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar", json={"codigo": "12a45"})
    assert (r.status_code, list(r.json["errors"])) == (422, ["codigo"])


def test_a_slot_taken_between_the_request_and_the_code_is_refused_with_the_next_free_slots(
        anonimo, clinica, paciente_factory, cita_factory):
    db.session.commit()
    r, datos = solicitar(anonimo, clinica)
    cita_factory(paciente_factory(), clinica.medico, clinica.sucursal, fecha=clinica.fecha,
                 hora_inicio=datetime.strptime("10:00", "%H:%M").time())
    db.session.commit()
    pacientes = contar(Paciente)
    r = anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar",
                     json={"codigo": codigo_enviado(datos["email"])})
    assert (r.status_code, r.json["reason"]) == (409, "MEDICO_OCUPADO")
    siguientes = [(s["fecha"], s["hora_inicio"]) for s in r.json["siguientes"]]
    assert siguientes[0] == (clinica.fecha.isoformat(), "08:00") and (clinica.fecha.isoformat(), "10:00") not in siguientes
    assert contar(Paciente) == pacientes, "a refused booking creates no patient"
    assert db.session.scalar(select(SolicitudReserva.estado)) == "rechazada"


def test_a_taken_slot_cannot_be_requested(anonimo, clinica, paciente_factory, cita_factory):
    cita_factory(paciente_factory(), clinica.medico, clinica.sucursal, fecha=clinica.fecha,
                 hora_inicio=datetime.strptime("10:00", "%H:%M").time())
    db.session.commit()
    r, _ = solicitar(anonimo, clinica)
    assert (r.status_code, r.json["reason"]) == (409, "MEDICO_OCUPADO")
    assert r.json["siguientes"]


@pytest.mark.parametrize("cambio, campo", [
    ({"email": "no-es-un-correo"}, "email"),
    ({"fecha_nacimiento": "2999-01-01"}, "fecha_nacimiento"),
    ({"numero_documento": "123"}, "tipo_documento"),
    ({"telefono": "12"}, "telefono"),
    ({"nombre": "  "}, "nombre"),
    ({"genero": "F"}, "genero"),
])
def test_the_form_is_validated_field_by_field(anonimo, clinica, cambio, campo):
    db.session.commit()
    r, _ = solicitar(anonimo, clinica, **cambio)
    assert r.status_code == 422
    assert campo in r.json["errors"]
    assert contar(SolicitudReserva) == 0


def test_a_slot_inside_the_minimum_notice_or_a_doctor_without_online_booking_is_refused(
        anonimo, clinica, medico_factory, horario_factory):
    presencial = medico_factory(reserva_en_linea=False)
    horario_factory(presencial, clinica.sucursal, dia_semana=clinica.fecha.isoweekday(),
                    hora_inicio=datetime.strptime("08:00", "%H:%M").time())
    activar_reserva_en_linea(antelacion=24 * 5)
    db.session.commit()
    r, _ = solicitar(anonimo, clinica)
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")
    activar_reserva_en_linea()
    db.session.commit()
    r, _ = solicitar(anonimo, clinica, medico_id=presencial.id, hora_inicio="09:00")
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")


def test_a_time_outside_the_doctor_s_schedule_is_refused(anonimo, clinica):
    db.session.commit()
    r, _ = solicitar(anonimo, clinica, hora_inicio="19:00")
    assert (r.status_code, r.json["reason"]) == (409, "MEDICO_OCUPADO")
    assert contar(SolicitudReserva) == 0


# --- settings -------------------------------------------------------------------------------------------------

def test_the_administrator_sets_online_booking_and_which_doctors_take_it(api_as, medico_factory):
    medico = medico_factory()
    admin = api_as("Administrador")
    r = admin.patch("/api/configuracion", json={"reserva_en_linea": {"activa": True, "horizonte_dias": 30}})
    assert r.status_code == 200
    assert r.json["reserva_en_linea"] == {"activa": True, "antelacion_minima_horas": 2, "horizonte_dias": 30,
                                          "cancelacion_minima_horas": 2}
    assert admin.get("/api/configuracion").json["reserva_en_linea"]["activa"] is True
    r = admin.patch("/api/configuracion", json={"reserva_en_linea": {"antelacion_minima_horas": 721}})
    assert r.status_code == 422 and "reserva_en_linea" in r.json["errors"]
    assert admin.get(f"/api/medicos/{medico.id}").json["reserva_en_linea"] is False
    r = admin.patch(f"/api/medicos/{medico.id}", json={"reserva_en_linea": True})
    assert (r.status_code, r.json["reserva_en_linea"]) == (200, True)


def test_the_public_pages_carry_the_clinic_s_name_and_logo(api_as, anonimo):
    admin = api_as("Administrador")
    r = admin.patch("/api/configuracion", json={"nombre": "Clínica Sonrisas", "logo_url": "http://inseguro.example/l.png"})
    assert r.status_code == 422 and "logo_url" in r.json["errors"]
    r = admin.patch("/api/configuracion", json={"nombre": "Clínica Sonrisas", "logo_url": "https://cdn.example/logo.svg"})
    assert r.status_code == 200
    db.session.commit()
    assert anonimo.get("/api/publico/clinica").json == {"nombre": "Clínica Sonrisas", "logo_url": "https://cdn.example/logo.svg",
                                                        "telefono": None, "email": None}


def test_the_free_slots_answer_has_the_shape_its_schema_documents(anonimo, clinica):
    db.session.commit()
    r = anonimo.get(f"/api/publico/disponibilidad?sucursal_id={clinica.sucursal.id}&desde={clinica.fecha.isoformat()}"
                    f"&hasta={clinica.fecha.isoformat()}")
    assert r.status_code == 200 and r.json["items"], r.json  # slots to check the shape of, not an empty list
    documentado = DisponibilidadPublicaSchema()
    assert documentado.dump(documentado.load(r.json)) == r.json


def _pedida(anonimo, clinica):
    r, datos = solicitar(anonimo, clinica)
    return f"/api/publico/reservas/{r.json['solicitud_id']}/verificar", codigo_enviado(datos["email"])


@pytest.mark.parametrize("cambio", [
    {"reserva_en_linea_activa": False},
    {"antelacion_minima_horas": 24 * 10},  # the notice now reaches past the slot
])
def test_the_verification_checks_the_booking_rules_again(anonimo, clinica, cambio):
    db.session.commit()
    url, codigo = _pedida(anonimo, clinica)
    db.session.execute(update(ConfiguracionClinica).values(**cambio))
    db.session.commit()
    r = anonimo.post(url, json={"codigo": codigo})
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")
    assert db.session.scalar(select(SolicitudReserva.estado)) == "rechazada"
    assert contar(Cita, Cita.medico_id == clinica.medico.id) == 0


def test_a_doctor_who_stops_taking_online_bookings_takes_no_pending_one(anonimo, clinica):
    db.session.commit()
    url, codigo = _pedida(anonimo, clinica)
    db.session.execute(update(Medico).where(Medico.id == clinica.medico.id).values(reserva_en_linea=False))
    db.session.commit()
    r = anonimo.post(url, json={"codigo": codigo})
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")


def test_the_matched_patient_s_other_appointments_are_not_told(anonimo, clinica, paciente_factory, cita_factory,
                                                             medico_factory, horario_factory):
    """Whoever types a document and birth date must not learn when that patient has appointments."""
    paciente = paciente_factory(fecha_nacimiento=date(1990, 4, 12), tipo_documento="CC", numero_documento="777")
    otro = medico_factory()
    horario_factory(otro, clinica.sucursal, dia_semana=clinica.fecha.isoweekday(), hora_inicio=time(8),
                    hora_fin=time(12))
    cita_factory(paciente, otro, clinica.sucursal, fecha=clinica.fecha, hora_inicio=time(10))
    db.session.commit()
    r = reservar(anonimo, clinica, tipo_documento="CC", numero_documento="777")
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")
    assert "paciente" not in r.json["message"].lower()
