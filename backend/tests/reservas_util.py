"""Shared helpers of the online-booking tests: a clinic that takes online bookings (also as the ``clinica``
fixture), the code of a request read from the outbox (where the worker would take it from to e-mail it), and the
request → code → booking flow through the public API."""
from dataclasses import dataclass
from datetime import date, time, timedelta

import pytest
from sqlalchemy import select, update

from app.extensions import db
from app.models import ConfiguracionClinica, Medico, Mensaje, Sucursal
from tests.agenda_util import hoy_en


@dataclass
class ClinicaEnLinea:
    sucursal: Sucursal
    medico: Medico
    fecha: date  # a day a few days ahead, when the doctor attends 08:00–18:00

    def solicitud(self, **extra):
        datos = {"sucursal_id": self.sucursal.id, "medico_id": self.medico.id, "fecha": self.fecha.isoformat(),
                 "hora_inicio": "10:00", "nombre": "Lucía", "apellido": "de la Cruz",
                 "fecha_nacimiento": "1990-04-12", "email": "lucia.cruz@correo.local", "telefono": "+57 300 555 1234"}
        datos.update(extra)
        return datos


def activar_reserva_en_linea(activa=True, antelacion=2, horizonte=60):
    db.session.execute(update(ConfiguracionClinica).values(
        reserva_en_linea_activa=activa, antelacion_minima_horas=antelacion, horizonte_dias=horizonte))


def clinica_en_linea(sucursal_factory, medico_factory, horario_factory, zona="America/Bogota", dias=3,
                     **medico):
    """A branch in ``zona`` and a doctor taking online bookings who attends there every day 08:00–18:00 in
    30-minute slots; online booking on (2 hours' notice, 60 days ahead)."""
    sucursal = sucursal_factory(zona_horaria=zona, telefono="6015550100")
    medico.setdefault("reserva_en_linea", True)
    doctor = medico_factory(**medico)
    for dia in range(1, 8):
        horario_factory(doctor, sucursal, dia_semana=dia, hora_inicio=time(8), hora_fin=time(18))
    activar_reserva_en_linea()
    return ClinicaEnLinea(sucursal, doctor, hoy_en(sucursal) + timedelta(days=dias))


@pytest.fixture(name="clinica")
def clinica_fixture(sucursal_factory, medico_factory, horario_factory, reloj_fijo):
    """clinica_en_linea in Bogotá, with the public limiter's clock stopped (conftest.reloj_fijo)."""
    return clinica_en_linea(sucursal_factory, medico_factory, horario_factory)


def codigo_enviado(email):
    """The code of the last verification message to ``email`` (stored encrypted in the outbox)."""
    db.session.expire_all()
    mensaje = db.session.scalars(select(Mensaje).where(Mensaje.tipo == "codigo_verificacion",
                                                       Mensaje.destino == email.lower()).order_by(Mensaje.id.desc())).first()
    return mensaje.secreto if mensaje else None


def solicitar(anonimo, clinica, **extra):
    """POST the booking form (``clinica.solicitud`` with ``extra``) → (the response, the body sent)."""
    datos = clinica.solicitud(**extra)
    r = anonimo.post("/api/publico/reservas", json=datos)
    return r, datos


def reservar(anonimo, clinica, **extra):
    """Request and verify with the e-mailed code → the verification's response."""
    r, datos = solicitar(anonimo, clinica, **extra)
    assert r.status_code == 202, r.json
    return anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar",
                        json={"codigo": codigo_enviado(datos["email"])})
