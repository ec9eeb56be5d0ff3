from datetime import time, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, CambioEstadoCita, Cita, Estado
from tests.agenda_util import agenda_fixture, ahora_en, hoy_en  # noqa: F401  (fixture)


def _estado(cliente, cita, estado_id, **extra):
    return cliente.post(f"/api/citas/{cita.id}/estado", json={"estado_id": estado_id, **extra})


def _historial(cita):
    return db.session.scalars(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id)
                              .order_by(CambioEstadoCita.id)).all()


def test_a_confirmed_appointment_can_be_cancelled_with_a_reason(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    recepcion = api_as("Recepcionista")
    r = _estado(recepcion, cita, Estado.CONFIRMADA)
    assert r.status_code == 200 and r.json["estado"] == {"id": 2, "nombre": "Confirmada"}
    sin_motivo = _estado(recepcion, cita, Estado.CANCELADA)
    assert sin_motivo.status_code == 422 and "motivo" in sin_motivo.json["errors"]
    r = _estado(recepcion, cita, Estado.CANCELADA, motivo="El paciente viaja")
    assert r.status_code == 200 and r.json["estado_id"] == Estado.CANCELADA
    assert db.session.get(Cita, cita.id).estado_id == Estado.CANCELADA
    assert [(h.estado_anterior_id, h.estado_id, h.motivo, h.usuario_id) for h in _historial(cita)] == [
        (1, 2, None, recepcion.usuario.id), (2, 5, "El paciente viaja", recepcion.usuario.id)]
    assert db.session.scalar(select(Auditoria).where(Auditoria.accion == "cita_estado_cambiado",
                                                     Auditoria.entidad_id == cita.id,
                                                     Auditoria.paciente_id == cita.paciente_id).limit(1))


def test_illegal_transitions_are_refused(api_as, agenda, paciente_factory, cita_factory):
    recepcion = api_as("Recepcionista")
    casos = [(Estado.NUEVA, Estado.COMPLETADA), (Estado.NUEVA, Estado.EN_CONSULTA), (Estado.NUEVA, Estado.NUEVA),
             (Estado.CONFIRMADA, Estado.NUEVA), (Estado.EN_ESPERA, Estado.CONFIRMADA),
             (Estado.EN_CONSULTA, Estado.CANCELADA), (Estado.COMPLETADA, Estado.CANCELADA),
             (Estado.CANCELADA, Estado.CONFIRMADA), (Estado.NO_ASISTIO, Estado.CONFIRMADA)]
    for i, (desde, hacia) in enumerate(casos):
        cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha,
                            time(9 + i // 2, 30 * (i % 2)), estado_id=desde)
        r = _estado(recepcion, cita, hacia, motivo="porque sí")
        assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA", (desde, hacia)
        assert db.session.get(Cita, cita.id).estado_id == desde


def test_the_full_day_flow_on_the_day_of_the_appointment(api_as, sucursal_factory, medico_factory, paciente_factory,
                                                         cita_factory):
    sucursal = sucursal_factory(zona_horaria="Pacific/Kiritimati")
    cita = cita_factory(paciente_factory(), medico_factory(), sucursal, hoy_en(sucursal), time(23, 30), time(23, 59))
    recepcion = api_as("Recepcionista")
    for estado_id in (Estado.CONFIRMADA, Estado.EN_ESPERA, Estado.EN_CONSULTA, Estado.COMPLETADA):
        r = _estado(recepcion, cita, estado_id)
        assert r.status_code == 200 and r.json["estado_id"] == estado_id
    assert [h.estado_id for h in _historial(cita)] == [2, 3, 6, 4]


def test_en_espera_is_only_allowed_on_the_appointment_day(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    r = _estado(api_as("Recepcionista"), cita, Estado.EN_ESPERA)
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"


def test_no_show_is_only_allowed_once_the_start_time_has_passed(api_as, agenda, sucursal_factory, medico_factory,
                                                                paciente_factory, cita_factory):
    futura = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    recepcion = api_as("Recepcionista")
    r = _estado(recepcion, futura, Estado.NO_ASISTIO)
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"
    sucursal = sucursal_factory(zona_horaria="Pacific/Pago_Pago")
    pasada = cita_factory(paciente_factory(), medico_factory(), sucursal, hoy_en(sucursal) - timedelta(days=1))
    r = _estado(recepcion, pasada, Estado.NO_ASISTIO)
    assert r.status_code == 200 and r.json["estado_id"] == Estado.NO_ASISTIO


def test_an_administrator_undoes_the_last_transition_with_a_reason(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    recepcion, admin = api_as("Recepcionista"), api_as("Administrador")
    _estado(recepcion, cita, Estado.CONFIRMADA)
    _estado(recepcion, cita, Estado.CANCELADA, motivo="Error de la recepción")
    assert _estado(recepcion, cita, Estado.CONFIRMADA, revertir=True, motivo="x").status_code == 403
    assert _estado(admin, cita, Estado.CONFIRMADA, revertir=True).status_code == 422
    equivocado = _estado(admin, cita, Estado.NUEVA, revertir=True, motivo="Cancelada por error")
    assert equivocado.status_code == 409 and equivocado.json["reason"] == "TRANSICION_INVALIDA"
    r = _estado(admin, cita, Estado.CONFIRMADA, revertir=True, motivo="Cancelada por error")
    assert r.status_code == 200 and r.json["estado_id"] == Estado.CONFIRMADA
    ultimo = _historial(cita)[-1]
    assert (ultimo.estado_anterior_id, ultimo.estado_id, ultimo.revierte, ultimo.usuario_id) == (
        Estado.CANCELADA, Estado.CONFIRMADA, True, admin.usuario.id)
    assert db.session.scalar(select(Auditoria.id).where(Auditoria.accion == "cita_estado_revertido",
                                                        Auditoria.entidad_id == cita.id))


def test_an_appointment_without_transitions_has_nothing_to_undo(as_admin, agenda, paciente_factory, cita_factory,
                                                                cambio_estado_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    r = _estado(as_admin, cita, Estado.NUEVA, revertir=True, motivo="nada")
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"


def test_undoing_a_cancellation_whose_slot_was_taken_is_refused(as_admin, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    _estado(as_admin, cita, Estado.CANCELADA, motivo="Llamó para cancelar")
    assert as_admin.post("/api/citas", json=agenda.cita_json(paciente_factory(), "09:00")).status_code == 201
    r = _estado(as_admin, cita, Estado.NUEVA, revertir=True, motivo="Canceló por error")
    assert r.status_code == 409 and r.json["reason"] == "MEDICO_OCUPADO"
    assert db.session.get(Cita, cita.id).estado_id == Estado.CANCELADA
    assert len(_historial(cita)) == 1


def test_the_state_history_lists_who_changed_what_when_and_why(api_as, agenda, paciente_factory):
    recepcion = api_as("Recepcionista")
    creada = recepcion.post("/api/citas", json=agenda.cita_json(paciente_factory())).json
    cita = db.session.get(Cita, creada["id"])
    _estado(recepcion, cita, Estado.CANCELADA, motivo="Sin transporte")
    r = api_as("Facturación").get(f"/api/citas/{cita.id}/estados")
    assert r.status_code == 200 and r.json["total"] == 2
    primero, segundo = r.json["items"]
    assert (primero["estado_anterior_id"], primero["estado_id"]) == (None, Estado.NUEVA)
    assert (segundo["estado_anterior_id"], segundo["estado_id"], segundo["motivo"], segundo["usuario_id"]) == (
        Estado.NUEVA, Estado.CANCELADA, "Sin transporte", recepcion.usuario.id)
    assert segundo["fecha"] and segundo["revierte"] is False


def test_facturacion_cannot_change_states(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha)
    assert _estado(api_as("Facturación"), cita, Estado.CONFIRMADA).status_code == 403
    assert _estado(api_as("Recepcionista"), cita, 8).status_code == 422
