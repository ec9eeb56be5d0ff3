from datetime import time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, Cita, Estado
from tests.agenda_util import agenda_fixture  # noqa: F401  (fixture)


def test_rescheduling_moves_the_appointment_and_keeps_its_length(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9), time(9, 45))
    recepcion = api_as("Recepcionista")
    nueva_fecha = agenda.fecha + timedelta(days=7)
    r = recepcion.patch(f"/api/citas/{cita.id}", json={"fecha": nueva_fecha.isoformat(), "hora_inicio": "11:00"})
    assert r.status_code == 200, r.json
    assert (r.json["fecha"], r.json["hora_inicio"], r.json["hora_fin"]) == (nueva_fecha.isoformat(), "11:00", "11:45")
    guardada = db.session.get(Cita, cita.id)
    assert (guardada.fecha, guardada.hora_inicio, guardada.hora_fin) == (nueva_fecha, time(11), time(11, 45))
    audit = db.session.scalar(select(Auditoria).where(Auditoria.accion == "cita_reprogramada",
                                                      Auditoria.entidad_id == cita.id))
    assert audit.paciente_id == cita.paciente_id and audit.detalle["antes"]["hora_inicio"] == "09:00"


def test_an_appointment_can_move_within_its_own_time(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9), time(10))
    r = api_as("Recepcionista").patch(f"/api/citas/{cita.id}", json={"hora_inicio": "09:30"})
    assert r.status_code == 200 and (r.json["hora_inicio"], r.json["hora_fin"]) == ("09:30", "10:30")


def test_rescheduling_onto_a_busy_slot_is_refused_and_changes_nothing(api_as, agenda, paciente_factory,
                                                                      cita_factory):
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(10))
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9))
    r = api_as("Recepcionista").patch(f"/api/citas/{cita.id}", json={"hora_inicio": "10:00", "motivo": "Cambio"})
    assert r.status_code == 409 and r.json["reason"] == "MEDICO_OCUPADO"
    db.session.expire_all()
    guardada = db.session.get(Cita, cita.id)
    assert guardada.hora_inicio == time(9) and guardada.motivo is None


def test_rescheduling_runs_the_same_checks_as_booking(api_as, agenda, paciente_factory, cita_factory,
                                                      medico_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9))
    recepcion = api_as("Recepcionista")
    url = f"/api/citas/{cita.id}"
    assert recepcion.patch(url, json={"hora_inicio": "14:00"}).json["reason"] == "FUERA_DE_HORARIO"
    assert recepcion.patch(url, json={"medico_id": medico_factory().id}).json["reason"] == "FUERA_DE_HORARIO"
    pasado = recepcion.patch(url, json={"fecha": "2020-01-06"})
    assert pasado.status_code == 409 and pasado.json["reason"] == "FECHA_PASADA"
    assert recepcion.patch(url, json={"paciente_id": 1}).status_code == 422
    assert recepcion.patch(url, json={"hora_fin": "08:00"}).status_code == 422


def test_motive_and_notes_can_be_edited(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, estado_id=Estado.CONFIRMADA)
    r = api_as("Recepcionista").patch(f"/api/citas/{cita.id}", json={"motivo": "Revisión", "notas": "Ayuno"})
    assert r.status_code == 200 and r.json["motivo"] == "Revisión" and r.json["notas"] == "Ayuno"
    db.session.expire_all()
    assert db.session.get(Cita, cita.id).notas == "Ayuno"


def test_only_new_or_confirmed_appointments_can_be_modified(api_as, agenda, paciente_factory, cita_factory):
    recepcion = api_as("Recepcionista")
    for i, estado_id in enumerate((Estado.EN_ESPERA, Estado.COMPLETADA, Estado.CANCELADA, Estado.NO_ASISTIO)):
        cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9 + i),
                            estado_id=estado_id)
        r = recepcion.patch(f"/api/citas/{cita.id}", json={"motivo": "otro"})
        assert r.status_code == 409 and r.json["reason"] == "CITA_NO_MODIFICABLE"


def test_a_receptionist_cannot_move_an_appointment_to_another_branch(api_as, agenda, sucursal_factory,
                                                                     paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    r = api_as("Recepcionista", sucursal=agenda.sucursal).patch(f"/api/citas/{cita.id}",
                                                                json={"sucursal_id": sucursal_factory().id})
    assert r.status_code == 403
    assert api_as("Facturación").patch(f"/api/citas/{cita.id}", json={"motivo": "x"}).status_code == 403


def test_the_answer_shows_the_new_doctor_and_state_after_a_change(api_as, agenda, paciente_factory, cita_factory,
                                                                  medico_factory, horario_factory):
    otro = medico_factory(nombre="Inés", apellido="Vidal")
    horario_factory(otro, agenda.sucursal, dia_semana=agenda.fecha.isoweekday())
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9))
    assert cita.medico.id == agenda.medico.id and cita.estado.id == Estado.NUEVA  # loaded before the changes
    recepcion = api_as("Recepcionista")
    r = recepcion.patch(f"/api/citas/{cita.id}", json={"medico_id": otro.id})
    assert r.status_code == 200, r.json
    assert r.json["medico"] == {"id": otro.id, "nombre": "Inés", "apellido": "Vidal"}
    r = recepcion.post(f"/api/citas/{cita.id}/estado", json={"estado_id": Estado.CONFIRMADA})
    assert r.json["estado"] == {"id": Estado.CONFIRMADA, "nombre": "Confirmada"}
