"""A small clinic for the agenda and doctor browser tests: one branch, two doctors with a schedule on
the weekday of a future date (the live server runs on the real clock), a patient and the users."""
from dataclasses import dataclass
from datetime import date, time

import pytest

from tests.factories import proxima_fecha

DIA = 3  # miércoles


@dataclass
class Clinica:
    fecha: date
    sucursal: object
    especialidad: object
    medico: object
    otro_medico: object
    paciente: object
    recepcionista: object

    def agenda_url(self, **extra):
        query = {"fecha": self.fecha.isoformat(), "sucursal": self.sucursal.id, **extra}
        return "/agenda?" + "&".join(f"{k}={v}" for k, v in query.items())


@pytest.fixture
def clinica(sucursal_factory, especialidad_factory, medico_factory, horario_factory, paciente_factory,
            usuario_factory):
    sucursal = sucursal_factory(nombre="Sucursal Centro")
    especialidad = especialidad_factory(nombre="Cardiología")
    medico = medico_factory(nombre="Elena", apellido="Vargas", especialidad=especialidad)
    otro = medico_factory(nombre="Tomás", apellido="Ríos", especialidad=especialidad_factory(nombre="Pediatría"))
    horario_factory(medico, sucursal, dia_semana=DIA, hora_inicio=time(9), hora_fin=time(11), intervalo_citas=30)
    horario_factory(otro, sucursal, dia_semana=DIA, hora_inicio=time(15), hora_fin=time(16), intervalo_citas=20)
    paciente = paciente_factory(nombre="José", apellido="Núñez")
    recepcionista = usuario_factory(rol="Recepcionista", sucursal=sucursal)
    return Clinica(fecha=proxima_fecha(DIA), sucursal=sucursal, especialidad=especialidad, medico=medico,
                   otro_medico=otro, paciente=paciente, recepcionista=recepcionista)
