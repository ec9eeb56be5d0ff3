"""Shared fixtures and helpers of the scheduling tests (doctors, schedules, appointments)."""
from dataclasses import dataclass
from datetime import datetime, time
from zoneinfo import ZoneInfo

import pytest

from app.models import HorarioMedico, Medico, Sucursal
from tests.factories import proxima_fecha


@dataclass
class Agenda:
    sucursal: Sucursal
    medico: Medico
    horario: HorarioMedico
    fecha: object  # a Monday at least a week ahead, inside the block

    def cita_json(self, paciente, hora="09:00", **extra):
        datos = {"paciente_id": paciente.id, "medico_id": self.medico.id, "sucursal_id": self.sucursal.id,
                 "fecha": self.fecha.isoformat(), "hora_inicio": hora}
        datos.update(extra)
        return datos


@pytest.fixture(name="agenda")
def agenda_fixture(sucursal_factory, medico_factory, horario_factory):
    """A branch, a doctor who attends there on Mondays 09:00–13:00 in 30-minute slots, and next Monday."""
    sucursal = sucursal_factory()
    medico = medico_factory()
    horario = horario_factory(medico, sucursal, dia_semana=1, hora_inicio=time(9), hora_fin=time(13),
                              intervalo_citas=30)
    return Agenda(sucursal, medico, horario, proxima_fecha(1))


def ahora_en(sucursal):
    return datetime.now(ZoneInfo(sucursal.zona_horaria)).replace(tzinfo=None)


def hoy_en(sucursal):
    return ahora_en(sucursal).date()
