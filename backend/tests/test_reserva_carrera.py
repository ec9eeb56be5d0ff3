"""No double booking, ever (issue 18): many patients verify their codes for one slot at the same instant, each in its
own request, session and connection, with real commits; the exclusion constraint lets exactly one win."""
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cita, Paciente, SolicitudReserva
from tests.carreras import a_la_vez
from tests.reservas_util import clinica_fixture, codigo_enviado  # noqa: F401  (fixture)

HILOS = 8


def pedir(app, cuerpo, ip):
    r = app.test_client().post("/api/publico/reservas", json=cuerpo, environ_base={"REMOTE_ADDR": ip})
    assert r.status_code == 202, r.get_json()
    return r.get_json()["solicitud_id"]


def verificador(app, solicitud_id, codigo, ip):
    def verificar():
        r = app.test_client().post(f"/api/publico/reservas/{solicitud_id}/verificar", json={"codigo": codigo},
                                   environ_base={"REMOTE_ADDR": ip})
        return r.status_code, r.get_json()
    return verificar


@pytest.mark.committed
def test_many_patients_verifying_one_slot_at_once_get_exactly_one_appointment(app, clinica):
    db.session.commit()
    tareas = []
    for i in range(HILOS):
        cuerpo = clinica.solicitud(email=f"paciente{i}@correo.local", nombre=f"Paciente{i}")
        solicitud_id = pedir(app, cuerpo, f"10.1.0.{i}")
        tareas.append(verificador(app, solicitud_id, codigo_enviado(cuerpo["email"]), f"10.1.0.{i}"))
    respuestas = a_la_vez(tareas)
    assert sorted(status for status, _ in respuestas) == [201] + [409] * (HILOS - 1)
    assert {body["reason"] for status, body in respuestas if status == 409} == {"MEDICO_OCUPADO"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Cita).where(Cita.medico_id == clinica.medico.id)) == 1
    # Only the winner became a patient; the others' requests are closed.
    assert db.session.scalar(select(func.count()).select_from(Paciente).where(Paciente.origen == "en_linea")) == 1
    estados = db.session.scalars(select(SolicitudReserva.estado)).all()
    assert sorted(estados) == ["rechazada"] * (HILOS - 1) + ["verificada"]


@pytest.mark.committed
def test_one_request_verified_many_times_at_once_books_once(app, clinica):
    db.session.commit()
    cuerpo = clinica.solicitud()
    solicitud_id = pedir(app, cuerpo, "10.2.0.1")
    codigo = codigo_enviado(cuerpo["email"])
    respuestas = a_la_vez([verificador(app, solicitud_id, codigo, f"10.2.0.{i}") for i in range(4)])
    assert sorted(status for status, _ in respuestas) == [201, 409, 409, 409]
    assert {body["reason"] for status, body in respuestas if status == 409} == {"SOLICITUD_USADA"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Cita)) == 1
