"""The treatment relationship cannot be manufactured: a Médico who books a patient into their own agenda
does not thereby read the patient's history; it comes from a real appointment or an entry of theirs, and it
lapses. Anything else is an emergency access, audited and listed for the Administrador."""
from datetime import date, datetime, time, timedelta, UTC
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text, update

from app.extensions import db
from app.models import Auditoria, Cita, Estado
from tests.conftest import ApiClient
from tests.factories import proxima_fecha


@pytest.fixture
def medico(client, usuario_factory, medico_factory, sucursal_factory, horario_factory):
    usuario = usuario_factory(rol="Médico")
    ficha = medico_factory(usuario=usuario)
    sucursal = sucursal_factory()
    for dia in range(1, 8):
        horario_factory(ficha, sucursal, dia_semana=dia, hora_inicio=time(0), hora_fin=time(23, 30))
    return {"api": ApiClient(client, usuario), "usuario": usuario, "ficha": ficha, "sucursal": sucursal}


def historial(api, paciente, **headers):
    # What the test prepared is committed first: a refused read rolls the request back before auditing it.
    db.session.commit()
    return api.get("/api/historial", query_string={"paciente_id": paciente.id}, headers=headers)


def _autorreserva(medico, paciente, fecha, hora):
    r = medico["api"].post("/api/citas", json={
        "paciente_id": paciente.id, "medico_id": medico["ficha"].id, "sucursal_id": medico["sucursal"].id,
        "fecha": fecha.isoformat(), "hora_inicio": hora.strftime("%H:%M")})
    assert r.status_code == 201, r.json
    return r.json["id"]


def test_booking_a_patient_into_ones_own_agenda_for_today_grants_no_access(medico, paciente_factory):
    paciente = paciente_factory()
    # Three hours from now on the branch's clock: booked less than a day before it starts.
    inicio = datetime.now(ZoneInfo(medico["sucursal"].zona_horaria)) + timedelta(hours=3)
    inicio = inicio.replace(minute=30 if inicio.minute >= 30 else 0, second=0, microsecond=0)
    if inicio.time() > time(23):  # the day's last slot starts at 23:00: take the next day's first, still < 24 h away
        inicio = datetime.combine(inicio.date() + timedelta(days=1), time(0))
    _autorreserva(medico, paciente, inicio.date(), inicio.time())
    assert historial(medico["api"], paciente).status_code == 404


def test_a_self_booking_made_days_ahead_counts_once_it_has_started(medico, paciente_factory, cita_factory):
    paciente = paciente_factory()
    _autorreserva(medico, paciente, date.today() + timedelta(days=7), time(10))
    assert historial(medico["api"], paciente).status_code == 404  # a booking alone proves no treatment
    ayer = date.today() - timedelta(days=1)
    cita_factory(paciente, medico["ficha"], medico["sucursal"], fecha=ayer, creado_por=medico["usuario"],
                 fecha_creacion=datetime.combine(ayer - timedelta(days=7), time(9), tzinfo=UTC))
    assert historial(medico["api"], paciente).status_code == 200


def test_a_last_minute_self_booking_counts_once_reception_sees_the_patient(medico, paciente_factory, api_as,
                                                                            db_session):
    paciente = paciente_factory()
    cita_id = _autorreserva(medico, paciente, date.today() + timedelta(days=7), time(10))
    # As if it had been booked an hour before its start:
    db_session.execute(update(Cita).where(Cita.id == cita_id).values(
        fecha_creacion=datetime.combine(date.today() + timedelta(days=7), time(9), tzinfo=UTC)))
    # The doctor confirming their own booking proves nothing.
    assert medico["api"].post(f"/api/citas/{cita_id}/estado", json={"estado_id": Estado.CONFIRMADA}).status_code == 200
    assert historial(medico["api"], paciente).status_code == 404
    cancelada = medico["api"].post(f"/api/citas/{cita_id}/estado",
                                   json={"estado_id": Estado.CANCELADA, "motivo": "prueba"})
    assert cancelada.status_code == 200
    otra = _autorreserva(medico, paciente, date.today() + timedelta(days=8), time(10))
    db_session.execute(update(Cita).where(Cita.id == otra).values(
        fecha_creacion=datetime.combine(date.today() + timedelta(days=8), time(9), tzinfo=UTC)))
    recepcion = api_as("Recepcionista")
    assert recepcion.post(f"/api/citas/{otra}/estado", json={"estado_id": Estado.CONFIRMADA}).status_code == 200
    assert historial(medico["api"], paciente).status_code == 200


def test_a_cancelled_appointment_does_not_count(medico, paciente_factory, cita_factory, usuario_factory):
    paciente = paciente_factory()
    cita_factory(paciente, medico["ficha"], medico["sucursal"], estado_id=Estado.CANCELADA,
                 creado_por=usuario_factory(rol="Recepcionista"))
    assert historial(medico["api"], paciente).status_code == 404


def test_an_appointment_booked_by_reception_counts(medico, paciente_factory, cita_factory, usuario_factory):
    paciente = paciente_factory()
    cita_factory(paciente, medico["ficha"], medico["sucursal"], creado_por=usuario_factory(rol="Recepcionista"))
    assert historial(medico["api"], paciente).status_code == 200


def test_the_relationship_lapses_after_the_clinics_period(medico, paciente_factory, cita_factory, as_admin):
    paciente = paciente_factory()
    hace_tres_anios = proxima_fecha(1) - timedelta(days=3 * 365)
    cita_factory(paciente, medico["ficha"], medico["sucursal"], fecha=hace_tres_anios)
    assert historial(medico["api"], paciente).status_code == 404  # default: 24 months
    assert as_admin.patch("/api/configuracion", json={"relacion_tratamiento_meses": 48}).status_code == 200
    assert historial(medico["api"], paciente).status_code == 200


def test_the_period_is_a_setting_the_administrator_edits_within_limits(as_admin):
    assert as_admin.patch("/api/configuracion", json={"relacion_tratamiento_meses": 36}).json[
        "relacion_tratamiento_meses"] == 36
    assert as_admin.patch("/api/configuracion", json={"relacion_tratamiento_meses": 0}).status_code == 422


def test_an_entry_by_the_doctor_keeps_the_relationship(medico, paciente_factory, historial_factory):
    paciente = paciente_factory()
    historial_factory(paciente, medico["ficha"])
    assert historial(medico["api"], paciente).status_code == 200


def test_an_emergency_access_is_granted_audited_and_listed_for_the_administrator(medico, paciente_factory, as_admin,
                                                                                 db_session):
    paciente = paciente_factory()
    assert historial(medico["api"], paciente).status_code == 404
    urgencia = historial(medico["api"], paciente, **{"X-Acceso-Emergencia": "Paciente inconsciente en urgencias"})
    assert urgencia.status_code == 200
    fila = db_session.scalars(select(Auditoria).where(Auditoria.accion == "acceso_emergencia",
                                                      Auditoria.paciente_id == paciente.id)).one()
    assert fila.usuario_id == medico["usuario"].id and fila.detalle["motivo"] == "Paciente inconsciente en urgencias"

    lista = as_admin.get("/api/auditoria/emergencias")
    assert lista.status_code == 200 and lista.json["total"] == 1
    acceso = lista.json["items"][0]
    assert acceso["usuario_id"] == medico["usuario"].id and acceso["paciente_id"] == paciente.id
    assert acceso["motivo"] == "Paciente inconsciente en urgencias"
    assert acceso["paciente"]["apellido"] == paciente.apellido


def test_the_emergency_list_pages_newest_first_with_the_whole_total(medico, paciente_factory, as_admin):
    pacientes = [paciente_factory() for _ in range(3)]
    for paciente in pacientes:
        assert historial(medico["api"], paciente, **{"X-Acceso-Emergencia": f"Urgencia {paciente.id}"}).status_code == 200

    paginas = [as_admin.get("/api/auditoria/emergencias", query_string={"per_page": 2, "page": p}).json
               for p in (1, 2, 3)]

    assert [[a["paciente_id"] for a in p["items"]] for p in paginas] == [
        [pacientes[2].id, pacientes[1].id], [pacientes[0].id], []]
    assert [(p["total"], p["pages"]) for p in paginas] == [(3, 2)] * 3
    assert paginas[1]["items"][0]["motivo"] == f"Urgencia {pacientes[0].id}"


def test_only_the_administrator_sees_the_emergency_list(api_as):
    for rol in ("Médico", "Recepcionista", "Facturación"):
        assert api_as(rol).get("/api/auditoria/emergencias").status_code == 403
    assert api_as("Administrador").get("/api/auditoria/emergencias?dias=0").status_code == 422


def test_the_relationship_function_plans_its_statements_once_per_connection():
    """Generic plans (migration 0027): PL/pgSQL's cache kept custom plans for its `= ANY (array)` statements and
    planned them on every call, ~1 ms of every clinical read by a doctor. Every test above runs with them."""
    config = db.session.scalar(text("SELECT proconfig FROM pg_proc WHERE oid = 'medical.trata_al_paciente'::regproc"))
    assert config == ["plan_cache_mode=force_generic_plan"]
