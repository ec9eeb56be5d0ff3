from datetime import time, timedelta

from app.models import Estado
from tests.agenda_util import agenda_fixture, ahora_en, hoy_en  # noqa: F401  (fixture)


def _slots(cliente, medico, fecha, **params):
    r = cliente.get(f"/api/medicos/{medico.id}/disponibilidad", query_string={"fecha": fecha.isoformat(), **params})
    assert r.status_code == 200, r.json
    assert r.json["fecha"] == fecha.isoformat() and r.json["medico_id"] == medico.id
    return [(s["sucursal_id"], s["hora_inicio"], s["hora_fin"]) for s in r.json["slots"]]


def test_a_free_day_is_the_schedule_block_cut_by_its_interval(api_as, agenda):
    slots = _slots(api_as("Recepcionista"), agenda.medico, agenda.fecha)
    assert len(slots) == 8
    assert slots[0] == (agenda.sucursal.id, "09:00", "09:30") and slots[-1] == (agenda.sucursal.id, "12:30", "13:00")


def test_a_day_without_schedule_has_no_slots(api_as, agenda):
    assert _slots(api_as("Médico"), agenda.medico, agenda.fecha + timedelta(days=1)) == []


def test_active_appointments_take_their_slots_and_cancelled_or_missed_ones_do_not(
        api_as, agenda, cita_factory, paciente_factory):
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9, 0))
    # An appointment off the grid blocks both slots it touches.
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(10, 15), time(10, 45))
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(11), estado_id=Estado.CANCELADA)
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(12),
                 estado_id=Estado.NO_ASISTIO)
    inicios = [s[1] for s in _slots(api_as("Recepcionista"), agenda.medico, agenda.fecha)]
    assert inicios == ["09:30", "11:00", "11:30", "12:00", "12:30"]


def test_an_appointment_of_the_doctor_at_another_branch_also_takes_the_slot(
        api_as, agenda, sucursal_factory, cita_factory, paciente_factory):
    otra = sucursal_factory()
    cita_factory(paciente_factory(), agenda.medico, otra, agenda.fecha, time(9, 30))
    inicios = [s[1] for s in _slots(api_as("Recepcionista"), agenda.medico, agenda.fecha)]
    assert "09:30" not in inicios and "09:00" in inicios


def test_slots_can_be_limited_to_one_branch(api_as, agenda, sucursal_factory, horario_factory):
    norte = sucursal_factory()
    horario_factory(agenda.medico, norte, dia_semana=1, hora_inicio=time(15), hora_fin=time(16), intervalo_citas=60)
    cliente = api_as("Recepcionista")
    assert len(_slots(cliente, agenda.medico, agenda.fecha)) == 9
    assert _slots(cliente, agenda.medico, agenda.fecha, sucursal_id=norte.id) == [(norte.id, "15:00", "16:00")]


def test_an_inactive_doctor_has_no_free_slots(api_as, agenda):
    agenda.medico.activo = False
    assert _slots(api_as("Recepcionista"), agenda.medico, agenda.fecha) == []


def test_past_times_of_today_in_the_branch_time_zone_are_not_free(api_as, sucursal_factory, medico_factory,
                                                                 horario_factory):
    # A branch far east of UTC, so its "today" and "now" differ from the server's.
    sucursal = sucursal_factory(zona_horaria="Pacific/Kiritimati")
    medico = medico_factory()
    hoy = hoy_en(sucursal)
    horario_factory(medico, sucursal, dia_semana=hoy.isoweekday(), hora_inicio=time(0), hora_fin=time(23, 45),
                    intervalo_citas=15)
    ahora = ahora_en(sucursal).time()
    inicios = [s[1] for s in _slots(api_as("Recepcionista"), medico, hoy)]
    assert "00:00" not in inicios
    assert all(inicio >= ahora.strftime("%H:%M") for inicio in inicios)
    assert _slots(api_as("Recepcionista"), medico, hoy - timedelta(days=7)) == []


def test_the_date_is_required(api_as, agenda):
    r = api_as("Recepcionista").get(f"/api/medicos/{agenda.medico.id}/disponibilidad")
    assert r.status_code == 422 and "fecha" in r.json["errors"]
