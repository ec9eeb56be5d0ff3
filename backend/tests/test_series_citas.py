"""Series of appointments: POST /api/citas/series (modo todas / las_posibles, simular) and cancelling the rest of one."""
from datetime import time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import CambioEstadoCita, Cita, Estado, Mensaje, SerieCitas
from app.services.comunicaciones import configuracion
from tests.agenda_util import agenda_fixture, hoy_en  # noqa: F401  (the agenda fixture)
from tests.consultas import sentencias_ejecutadas
from tests.mensajes_util import mensajes_de


def _serie(agenda, paciente, fecha=None, hora="09:00", veces=4, modo="las_posibles", **extra):
    datos = agenda.cita_json(paciente, hora=hora, fecha=(fecha or agenda.fecha).isoformat(),
                             repeticion={"cada_semanas": 1, "veces": veces}, modo=modo)
    datos.update(extra)
    return datos


def _citas_de(serie_id):
    db.session.expire_all()
    return db.session.scalars(select(Cita).where(Cita.serie_id == serie_id).order_by(Cita.fecha)).all()


def _total_citas():
    return db.session.scalar(select(func.count()).select_from(Cita))


def test_a_weekly_series_books_every_occurrence_and_each_answer_names_the_series(api_as, agenda, paciente_factory):
    paciente = paciente_factory()
    r = api_as("Recepcionista").post("/api/citas/series", json=_serie(agenda, paciente, veces=4, motivo="Fisioterapia"))
    assert r.status_code == 201, r.json
    serie_id = r.json["serie_id"]
    assert r.json["conflictos"] == []
    fechas = [c["fecha"] for c in r.json["creadas"]]
    assert fechas == [(agenda.fecha + timedelta(weeks=i)).isoformat() for i in range(4)]
    assert {c["serie_id"] for c in r.json["creadas"]} == {serie_id}
    assert {(c["hora_inicio"], c["hora_fin"], c["estado_id"], c["motivo"]) for c in r.json["creadas"]} == {
        ("09:00", "09:30", Estado.NUEVA, "Fisioterapia")}
    citas = _citas_de(serie_id)
    assert len(citas) == 4
    serie = db.session.get(SerieCitas, serie_id)
    assert (serie.cada_semanas, serie.cada_dias, serie.veces) == (1, None, 4)
    # each one is a normal booking: its history row and its reminders
    assert db.session.scalar(select(func.count()).select_from(CambioEstadoCita)
                             .where(CambioEstadoCita.cita_id.in_([c.id for c in citas]))) == 4
    horas = sorted(configuracion.fila().horas_antes)
    assert [sorted(m.horas_antes for m in mensajes_de(c.id, "recordatorio")) for c in citas] == [horas] * 4
    # …but the patient is told once: one confirmation, for the first date
    confirmaciones = db.session.scalars(select(Mensaje).where(Mensaje.tipo == "confirmacion_cita",
                                                              Mensaje.paciente_id == paciente.id)).all()
    assert [m.cita_id for m in confirmaciones] == [citas[0].id]


def test_las_posibles_confirms_the_first_date_actually_booked(api_as, agenda, paciente_factory, cita_factory):
    paciente, otro = paciente_factory(), paciente_factory()
    cita_factory(otro, agenda.medico, agenda.sucursal, fecha=agenda.fecha, hora_inicio=time(9))  # the first date busy
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, veces=3))
    assert r.status_code == 201, r.json
    citas = _citas_de(r.json["serie_id"])
    assert [c.fecha for c in citas] == [agenda.fecha + timedelta(weeks=w) for w in (1, 2)]
    assert [len(mensajes_de(c.id, "confirmacion_cita")) for c in citas] == [1, 0]


def test_every_n_days_repeats_on_those_days(api_as, sucursal_factory, medico_factory, horario_factory,
                                            paciente_factory):
    sucursal, medico = sucursal_factory(), medico_factory()
    for dia in range(1, 8):
        horario_factory(medico, sucursal, dia_semana=dia, hora_inicio=time(8), hora_fin=time(12))
    inicio = hoy_en(sucursal) + timedelta(days=3)
    r = api_as().post("/api/citas/series", json={
        "paciente_id": paciente_factory().id, "medico_id": medico.id, "sucursal_id": sucursal.id,
        "fecha": inicio.isoformat(), "hora_inicio": "10:00", "hora_fin": "10:45",
        "repeticion": {"cada_dias": 3, "veces": 3}, "modo": "todas"})
    assert r.status_code == 201, r.json
    assert [(c["fecha"], c["hora_fin"]) for c in r.json["creadas"]] == [
        ((inicio + timedelta(days=3 * i)).isoformat(), "10:45") for i in range(3)]


def test_las_posibles_books_the_free_dates_and_lists_each_conflict_with_its_reason(
        api_as, agenda, paciente_factory, cita_factory, medico_factory):
    paciente, otro = paciente_factory(), paciente_factory()
    # week 2: the doctor is busy; week 3: the patient is busy with another doctor
    cita_factory(otro, agenda.medico, agenda.sucursal, fecha=agenda.fecha + timedelta(weeks=1), hora_inicio=time(9))
    otro_medico = medico_factory()
    cita_factory(paciente, otro_medico, agenda.sucursal, fecha=agenda.fecha + timedelta(weeks=2),
                 hora_inicio=time(9, 15))
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, veces=4))
    assert r.status_code == 201, r.json
    assert [c["fecha"] for c in r.json["creadas"]] == [agenda.fecha.isoformat(),
                                                       (agenda.fecha + timedelta(weeks=3)).isoformat()]
    assert [(c["fecha"], c["hora_inicio"], c["reason"]) for c in r.json["conflictos"]] == [
        ((agenda.fecha + timedelta(weeks=1)).isoformat(), "09:00", "MEDICO_OCUPADO"),
        ((agenda.fecha + timedelta(weeks=2)).isoformat(), "09:00", "PACIENTE_OCUPADO")]
    assert all(c["message"] for c in r.json["conflictos"])
    assert len(_citas_de(r.json["serie_id"])) == 2


def test_todas_books_nothing_when_one_date_conflicts(api_as, agenda, paciente_factory, cita_factory):
    paciente, otro = paciente_factory(), paciente_factory()
    cita_factory(otro, agenda.medico, agenda.sucursal, fecha=agenda.fecha + timedelta(weeks=2), hora_inicio=time(9))
    db.session.commit()
    antes = _total_citas()
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, veces=3, modo="todas"))
    assert r.status_code == 409
    assert r.json["reason"] == "SERIE_CON_CONFLICTOS"
    assert r.json["conflictos"] == [{"fecha": (agenda.fecha + timedelta(weeks=2)).isoformat(), "hora_inicio": "09:00",
                                     "reason": "MEDICO_OCUPADO", "message": "El médico ya tiene una cita en ese horario"}]
    db.session.expire_all()
    assert _total_citas() == antes
    assert db.session.scalar(select(func.count()).select_from(SerieCitas)) == 0


def test_out_of_schedule_past_and_inactive_dates_are_reported_as_conflicts(api_as, agenda, paciente_factory,
                                                                          horario_factory):
    # every 3 days from a Monday: Thursday is outside the doctor's schedule (Mondays only)
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente_factory(), repeticion={"cada_dias": 3,
                                                                                               "veces": 2}))
    assert r.status_code == 201, r.json
    assert [c["reason"] for c in r.json["conflictos"]] == ["FUERA_DE_HORARIO"]
    # a fortnightly series from two weeks before the agenda's Monday: its first date is past (at most yesterday),
    # its second the agenda's Monday at 10:00, after the series above (a weekly one would put it on today when today
    # is a Monday: past after 09:00)
    pasado = agenda.fecha - timedelta(weeks=2)
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente_factory(), fecha=pasado, hora="10:00",
                                                       repeticion={"cada_semanas": 2, "veces": 2}))
    assert r.status_code == 201, r.json
    assert [(c["fecha"], c["reason"]) for c in r.json["conflictos"]] == [(pasado.isoformat(), "FECHA_PASADA")]
    # an inactive patient: every date, and nothing can be booked → 409
    inactivo = paciente_factory(activo=False)
    db.session.commit()
    r = api_as().post("/api/citas/series", json=_serie(agenda, inactivo, veces=2))
    assert r.status_code == 409 and r.json["reason"] == "SERIE_CON_CONFLICTOS"
    assert {c["reason"] for c in r.json["conflictos"]} == {"INACTIVO"}


def test_simular_answers_the_possible_dates_and_the_conflicts_and_writes_nothing(api_as, agenda, paciente_factory,
                                                                                cita_factory):
    paciente, otro = paciente_factory(), paciente_factory()
    cita_factory(otro, agenda.medico, agenda.sucursal, fecha=agenda.fecha + timedelta(weeks=1), hora_inicio=time(9))
    db.session.commit()
    antes = (_total_citas(), db.session.scalar(select(func.count()).select_from(Mensaje)))
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, veces=3, modo="todas", simular=True))
    assert r.status_code == 200, r.json
    assert r.json["serie_id"] is None
    assert r.json["posibles"] == [{"fecha": (agenda.fecha + timedelta(weeks=w)).isoformat(), "hora_inicio": "09:00",
                                   "hora_fin": "09:30"} for w in (0, 2)]
    assert [c["reason"] for c in r.json["conflictos"]] == ["MEDICO_OCUPADO"]
    db.session.expire_all()
    assert (_total_citas(), db.session.scalar(select(func.count()).select_from(Mensaje))) == antes
    assert db.session.scalar(select(func.count()).select_from(SerieCitas)) == 0


def test_the_repetition_rule_is_validated(api_as, agenda, paciente_factory):
    paciente = paciente_factory()
    for repeticion in ({"veces": 3}, {"cada_semanas": 1, "cada_dias": 2, "veces": 3}, {"cada_semanas": 13, "veces": 3},
                       {"cada_dias": 61, "veces": 3}, {"cada_semanas": 1, "veces": 1}, {"cada_semanas": 1, "veces": 53}):
        r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, repeticion=repeticion))
        assert r.status_code == 422, repeticion
    r = api_as().post("/api/citas/series", json=_serie(agenda, paciente, modo="algunas"))
    assert r.status_code == 422 and "modo" in str(r.json["errors"])


def test_scope_a_medico_books_series_only_in_their_agenda_and_a_bound_receptionist_only_at_her_branch(
        api_as, agenda, paciente_factory, usuario_factory, sucursal_factory, medico_factory):
    paciente = paciente_factory()
    otro_medico = api_as("Médico")
    medico_factory(usuario=otro_medico.usuario)
    db.session.commit()
    r = otro_medico.post("/api/citas/series", json=_serie(agenda, paciente))
    assert r.status_code == 403
    r = api_as("Recepcionista", sucursal=sucursal_factory()).post("/api/citas/series", json=_serie(agenda, paciente))
    assert r.status_code == 403
    assert api_as("Facturación").post("/api/citas/series", json=_serie(agenda, paciente)).status_code == 403
    propio = api_as("Médico")
    agenda.medico.usuario_id = propio.usuario.id
    db.session.flush()
    r = propio.post("/api/citas/series", json=_serie(agenda, paciente, veces=2))
    assert r.status_code == 201 and len(r.json["creadas"]) == 2


def test_cancelling_the_rest_cancels_only_the_future_active_ones_through_the_state_change(
        api_as, agenda, paciente_factory):
    admin = api_as()
    r = admin.post("/api/citas/series", json=_serie(agenda, paciente_factory(), veces=4))
    serie_id = r.json["serie_id"]
    primera, segunda = r.json["creadas"][0]["id"], r.json["creadas"][1]["id"]
    admin.post(f"/api/citas/{primera}/estado", json={"estado_id": Estado.CONFIRMADA})
    r = admin.post(f"/api/citas/{segunda}/estado", json={"estado_id": Estado.CANCELADA, "motivo": "Viaje"})
    assert r.status_code == 200
    desde = agenda.fecha + timedelta(days=1)  # the rest after the first one
    r = admin.post(f"/api/citas/series/{serie_id}/cancelar", json={"motivo": "Alta médica", "desde": desde.isoformat()})
    assert r.status_code == 200, r.json
    citas = _citas_de(serie_id)
    assert r.json == {"canceladas": 2, "citas": [c.id for c in citas[2:]]}
    assert [c.estado_id for c in citas] == [Estado.CONFIRMADA, Estado.CANCELADA, Estado.CANCELADA, Estado.CANCELADA]
    for cita in citas[2:]:
        assert db.session.scalar(select(CambioEstadoCita.motivo).where(CambioEstadoCita.cita_id == cita.id)
                                 .order_by(CambioEstadoCita.id.desc()).limit(1)) == "Alta médica"
        assert "pendiente" not in {m.estado for m in mensajes_de(cita.id)}
    # one cancellation message for the rest, for its first date (the second one's is its own cancellation's)
    assert [len(mensajes_de(c.id, "cancelacion")) for c in citas] == [0, 1, 1, 0]
    # without desde: from today, so the confirmed first one goes too
    r = admin.post(f"/api/citas/series/{serie_id}/cancelar", json={"motivo": "Alta médica"})
    assert r.json == {"canceladas": 1, "citas": [citas[0].id]}
    assert len(mensajes_de(citas[0].id, "cancelacion")) == 1


def test_cancelling_a_series_outside_the_scope_or_unknown_is_404_and_motivo_is_required(
        api_as, agenda, paciente_factory, sucursal_factory):
    admin = api_as()
    serie_id = admin.post("/api/citas/series", json=_serie(agenda, paciente_factory(), veces=2)).json["serie_id"]
    db.session.commit()
    otra = api_as("Recepcionista", sucursal=sucursal_factory())
    assert otra.post(f"/api/citas/series/{serie_id}/cancelar", json={"motivo": "x"}).status_code == 404
    assert admin.post("/api/citas/series/999999/cancelar", json={"motivo": "x"}).status_code == 404
    assert admin.post(f"/api/citas/series/{serie_id}/cancelar", json={}).status_code == 422
    assert all(c.estado_id == Estado.NUEVA for c in _citas_de(serie_id))


def test_serie_id_is_in_the_list_and_the_detail_of_appointments(api_as, agenda, paciente_factory, cita_factory):
    admin = api_as()
    suelta = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(12))
    r = admin.post("/api/citas/series", json=_serie(agenda, paciente_factory(), veces=2))
    serie_id, primera = r.json["serie_id"], r.json["creadas"][0]["id"]
    assert admin.get(f"/api/citas/{primera}").json["serie_id"] == serie_id
    assert admin.get(f"/api/citas/{suelta.id}").json["serie_id"] is None
    lista = admin.get(f"/api/citas?medico_id={agenda.medico.id}&fecha_desde={agenda.fecha}&fecha_hasta={agenda.fecha}")
    assert {c["id"]: c["serie_id"] for c in lista.json["items"]} == {primera: serie_id, suelta.id: None}


def test_a_series_past_the_calendar_is_a_422_not_a_500(as_admin):
    r = as_admin.post("/api/citas/series", json={
        "paciente_id": 1, "medico_id": 1, "sucursal_id": 1, "fecha": "9999-06-01", "hora_inicio": "10:00",
        "repeticion": {"cada_semanas": 12, "veces": 52}, "modo": "las_posibles"})
    assert r.status_code == 422 and "fecha" in r.json["errors"]


def test_a_series_runs_as_many_statements_for_twelve_dates_as_for_two(api_as, agenda, paciente_factory):
    """The dates are checked and booked as one set (citas_service.agendar_varias), not one booking per date."""
    cliente = api_as("Recepcionista")
    uno, otro = paciente_factory(), paciente_factory()
    with sentencias_ejecutadas() as dos:
        r = cliente.post("/api/citas/series", json=_serie(agenda, uno, veces=2))
    assert r.status_code == 201, r.json
    with sentencias_ejecutadas() as doce:
        r = cliente.post("/api/citas/series", json=_serie(agenda, otro, hora="10:00", veces=12))
    assert r.status_code == 201, r.json
    assert len(r.json["creadas"]) == 12
    assert len(doce) == len(dos), "\n".join(doce)
