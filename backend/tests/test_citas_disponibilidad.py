from datetime import time, timedelta

from tests.agenda_util import agenda_fixture  # noqa: F401  (fixture)


def _libres(cliente, **params):
    r = cliente.get("/api/citas/disponibilidad", query_string=params)
    assert r.status_code == 200, r.json
    return [(s["medico_id"], s["sucursal_id"], s["fecha"], s["hora_inicio"], s["hora_fin"]) for s in r.json["items"]]


def test_the_earliest_free_slots_across_doctors_of_a_specialty_come_in_date_and_time_order(
        api_as, agenda, medico_factory, horario_factory, cita_factory, paciente_factory):
    especialidad_id = agenda.medico.especialidad_id
    from app.extensions import db
    from app.models import Especialidad

    colega = medico_factory(especialidad=db.session.get(Especialidad, especialidad_id))
    horario_factory(colega, agenda.sucursal, dia_semana=1, hora_inicio=time(9, 15), hora_fin=time(10),
                    intervalo_citas=15)
    otro = medico_factory()  # another specialty
    horario_factory(otro, agenda.sucursal, dia_semana=1, hora_inicio=time(8), hora_fin=time(9))
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9))
    dia = agenda.fecha.isoformat()
    libres = _libres(api_as("Recepcionista"), especialidad_id=especialidad_id, desde=dia, hasta=dia, limite=4)
    m, c, s = agenda.medico.id, colega.id, agenda.sucursal.id
    assert libres == [(c, s, dia, "09:15", "09:30"), (m, s, dia, "09:30", "10:00"), (c, s, dia, "09:30", "09:45"),
                      (c, s, dia, "09:45", "10:00")]


def test_the_search_spans_several_weeks_and_stops_at_the_limit(api_as, agenda):
    desde = agenda.fecha - timedelta(days=6)
    libres = _libres(api_as("Recepcionista"), sucursal_id=agenda.sucursal.id, desde=desde.isoformat(),
                     hasta=(desde + timedelta(days=30)).isoformat(), limite=10)
    assert len(libres) == 10
    assert [x[2] for x in libres] == [agenda.fecha.isoformat()] * 8 + [(agenda.fecha + timedelta(days=7)).isoformat()] * 2


def test_the_range_is_at_most_sixty_days_and_the_limit_at_most_a_hundred(api_as):
    cliente = api_as("Recepcionista")
    assert cliente.get("/api/citas/disponibilidad?desde=2030-01-01&hasta=2030-03-15").status_code == 422
    assert cliente.get("/api/citas/disponibilidad?desde=2030-01-10&hasta=2030-01-01").status_code == 422
    assert cliente.get("/api/citas/disponibilidad?limite=101").status_code == 422
    assert cliente.get("/api/citas/disponibilidad?desde=2030-01-01&hasta=2030-03-02").status_code == 200


def test_a_specialty_whose_doctors_have_no_schedule_has_no_free_slots(api_as, agenda, medico_factory):
    sin_horario = medico_factory()
    libres = _libres(api_as("Recepcionista"), especialidad_id=sin_horario.especialidad_id,
                     desde=agenda.fecha.isoformat(), hasta=(agenda.fecha + timedelta(days=60)).isoformat(), limite=5)
    assert libres == []


def test_the_answer_carries_only_the_slot_fields(api_as, agenda):
    dia = agenda.fecha.isoformat()
    r = api_as("Recepcionista").get("/api/citas/disponibilidad", query_string={"desde": dia, "hasta": dia, "limite": 1})
    assert set(r.json["items"][0]) == {"medico_id", "sucursal_id", "fecha", "hora_inicio", "hora_fin"}
