"""GET /api/reportes/resumen → confirmaciones: confirmed vs unconfirmed among the appointments that ended
Completada or No Asistió, on a clinic whose appointments and state histories are built by hand (definitions:
docs/reportes.md "Confirmaciones")."""
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest

from app.extensions import db
from app.models import CambioEstadoCita, Estado
from app.services import reportes_service
from app.services.alcance import Alcance
from app.utils.errors import NoEncontrado

RESUMEN = "/api/reportes/resumen"
CONFIRMADA, NUEVA = Estado.CONFIRMADA, Estado.NUEVA
PACIENTE, PERSONAL = "paciente", "personal"


@dataclass
class Clinica:
    a: object
    b: object
    m1: object
    m2: object


@pytest.fixture
def clinica(sucursal_factory, medico_factory, paciente_factory, cita_factory):
    a = sucursal_factory(nombre="Centro", zona_horaria="America/Mexico_City")
    b = sucursal_factory(nombre="Norte", zona_horaria="America/Monterrey")
    m1, m2 = medico_factory(), medico_factory()
    horas = iter(range(7, 20))

    def cita(medico, sucursal, fecha, *pasos):
        """An appointment and its history: each step a state, (CONFIRMADA, who), or ("deshacer",) — the reversal
        of the last change."""
        c = cita_factory(paciente_factory(), medico, sucursal, fecha=fecha, hora_inicio=time(next(horas)))
        db.session.add(CambioEstadoCita(cita_id=c.id, estado_anterior_id=None, estado_id=NUEVA))
        anteriores = []
        for paso in pasos:
            revierte, por_paciente = paso == ("deshacer",), paso == (CONFIRMADA, PACIENTE)
            estado = anteriores.pop() if revierte else paso[0] if isinstance(paso, tuple) else paso
            if not revierte:
                anteriores.append(c.estado_id)
            db.session.add(CambioEstadoCita(cita_id=c.id, estado_anterior_id=c.estado_id, estado_id=estado,
                                            por_paciente=por_paciente, revierte=revierte,
                                            usuario_id=None if por_paciente else c.creado_por))
            c.estado_id = estado
            db.session.flush()
        return c

    enero = date(2024, 1, 1)
    atendida = (Estado.EN_ESPERA, Estado.EN_CONSULTA, Estado.COMPLETADA)
    # Branch A, doctor 1: 7 appointments closed in January, 3 of them confirmed (1 by the patient), 1 confirmed
    # by the patient and undone; two more confirmed that did not end (open, cancelled); one in February.
    cita(m1, a, enero, (CONFIRMADA, PACIENTE), *atendida)
    cita(m1, a, date(2024, 1, 2), (CONFIRMADA, PERSONAL), *atendida)
    cita(m1, a, date(2024, 1, 3), (CONFIRMADA, PERSONAL), Estado.NO_ASISTIO)
    cita(m1, a, date(2024, 1, 4), *atendida)
    cita(m1, a, date(2024, 1, 5), Estado.NO_ASISTIO)
    cita(m1, a, date(2024, 1, 9), Estado.NO_ASISTIO)
    cita(m1, a, date(2024, 1, 10), (CONFIRMADA, PACIENTE), ("deshacer",), Estado.NO_ASISTIO)
    cita(m1, a, date(2024, 1, 30), (CONFIRMADA, PACIENTE))
    cita(m1, a, date(2024, 1, 31), (CONFIRMADA, PERSONAL), Estado.CANCELADA)
    cita(m1, a, date(2024, 2, 5), (CONFIRMADA, PACIENTE), *atendida)
    # Branch B, doctor 2: one confirmed by the patient that was missed, one unconfirmed that was attended.
    cita(m2, b, date(2024, 1, 15), (CONFIRMADA, PACIENTE), Estado.NO_ASISTIO)
    cita(m2, b, date(2024, 1, 16), *atendida)
    return Clinica(a, b, m1, m2)


def confirmaciones(cliente, desde="2024-01-01", hasta="2024-01-31", **filtros):
    query = "&".join([f"desde={desde}", f"hasta={hasta}"] + [f"{k}={v}" for k, v in filtros.items()])
    r = cliente.get(f"{RESUMEN}?{query}")
    assert r.status_code == 200, r.json
    return r.json["confirmaciones"]


def test_the_rates_of_january_are_the_ones_counted_by_hand(as_admin, clinica):
    r = as_admin.get(f"{RESUMEN}?desde=2024-01-01&hasta=2024-01-31").json
    # 9 appointments ended in January: 4 confirmed (2 by the patient), 2 of them missed; 5 not, 3 of them missed
    # (one whose confirmation was undone).
    assert r["confirmaciones"] == {
        "confirmadas": 4, "sin_confirmar": 5, "confirmadas_por_paciente": 2,
        "inasistencias_confirmadas": 2, "inasistencias_sin_confirmar": 3,
        "tasa_confirmacion": 0.4444, "tasa_inasistencia_confirmadas": 0.5, "tasa_inasistencia_sin_confirmar": 0.6,
    }
    # The same population as tasa_inasistencia: the two groups add up to it.
    assert r["tasa_inasistencia"] == 0.5556


def test_a_period_of_a_partial_and_a_whole_month_counts_each_appointment_once(as_admin, clinica):
    # 2 January – 29 February: January read as the month minus its first day, then the whole of February.
    assert confirmaciones(as_admin, "2024-01-02", "2024-02-29") == {
        "confirmadas": 4, "sin_confirmar": 5, "confirmadas_por_paciente": 2,
        "inasistencias_confirmadas": 2, "inasistencias_sin_confirmar": 3,
        "tasa_confirmacion": 0.4444, "tasa_inasistencia_confirmadas": 0.5, "tasa_inasistencia_sin_confirmar": 0.6,
    }


def test_the_branch_and_doctor_filters_apply_to_the_confirmations(as_admin, clinica):
    assert confirmaciones(as_admin, sucursal_id=clinica.a.id) == {
        "confirmadas": 3, "sin_confirmar": 4, "confirmadas_por_paciente": 1,
        "inasistencias_confirmadas": 1, "inasistencias_sin_confirmar": 3,
        "tasa_confirmacion": 0.4286, "tasa_inasistencia_confirmadas": 0.3333, "tasa_inasistencia_sin_confirmar": 0.75,
    }
    assert confirmaciones(as_admin, medico_id=clinica.m2.id) == {
        "confirmadas": 1, "sin_confirmar": 1, "confirmadas_por_paciente": 1,
        "inasistencias_confirmadas": 1, "inasistencias_sin_confirmar": 0,
        "tasa_confirmacion": 0.5, "tasa_inasistencia_confirmadas": 1.0, "tasa_inasistencia_sin_confirmar": 0.0,
    }


@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación"])
def test_a_user_bound_to_a_branch_gets_the_confirmations_of_that_branch_only(clinica, usuario_factory, rol):
    alcance = Alcance.de(usuario_factory(rol=rol, sucursal=clinica.b), datetime(2024, 2, 1))
    datos = reportes_service.resumen(alcance, desde=date(2024, 1, 1), hasta=date(2024, 1, 31))
    assert datos["sucursal_id"] == clinica.b.id
    assert (datos["confirmaciones"]["confirmadas"], datos["confirmaciones"]["sin_confirmar"]) == (1, 1)
    with pytest.raises(NoEncontrado):
        reportes_service.resumen(alcance, desde=date(2024, 1, 1), hasta=date(2024, 1, 31), sucursal_id=clinica.a.id)


@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación", "Médico"])
def test_the_summary_with_its_confirmations_stays_refused_to_other_roles(api_as, clinica, rol):
    cliente = api_as(rol, sucursal=clinica.b)
    db.session.commit()
    assert cliente.get(f"{RESUMEN}?desde=2024-01-01&hasta=2024-01-31").status_code == 403


def test_a_period_without_closed_appointments_gives_zero_counts_and_zero_rates(as_admin, clinica):
    vacio = {"confirmadas": 0, "sin_confirmar": 0, "confirmadas_por_paciente": 0, "inasistencias_confirmadas": 0,
             "inasistencias_sin_confirmar": 0, "tasa_confirmacion": 0.0, "tasa_inasistencia_confirmadas": 0.0,
             "tasa_inasistencia_sin_confirmar": 0.0}
    assert confirmaciones(as_admin, "2023-03-01", "2023-03-31") == vacio
    # Open and cancelled appointments (confirmed or not) are no outcome yet: 30 and 31 January alone count nothing.
    assert confirmaciones(as_admin, "2024-01-30", "2024-01-31") == vacio


def test_a_confirmation_and_a_no_show_made_through_the_api_enter_the_report(as_admin, clinica, cita_factory,
                                                                           paciente_factory):
    cita = cita_factory(paciente_factory(), clinica.m2, clinica.b, fecha=date(2024, 1, 22), hora_inicio=time(9))
    for estado in (CONFIRMADA, Estado.NO_ASISTIO):
        r = as_admin.post(f"/api/citas/{cita.id}/estado", json={"estado_id": estado})
        assert r.status_code == 200, r.json
    datos = confirmaciones(as_admin, sucursal_id=clinica.b.id)
    assert (datos["confirmadas"], datos["inasistencias_confirmadas"], datos["confirmadas_por_paciente"]) == (2, 2, 1)
    # An administrator reverts the no-show: the appointment is open again and leaves the figures.
    r = as_admin.post(f"/api/citas/{cita.id}/estado", json={"estado_id": CONFIRMADA, "revertir": True,
                                                            "motivo": "Llegó tarde"})
    assert r.status_code == 200, r.json
    assert confirmaciones(as_admin, sucursal_id=clinica.b.id)["confirmadas"] == 1


def test_the_summary_as_csv_lists_the_confirmation_figures_by_name(as_admin, clinica):
    import csv
    import io

    r = as_admin.get(f"{RESUMEN}?desde=2024-01-01&hasta=2024-01-31&formato=csv")
    valores = dict(list(csv.reader(io.StringIO(r.data.decode("utf-8-sig"))))[1:])
    assert valores["tasa_confirmacion"] == "0.4444"
    assert valores["tasa_inasistencia_sin_confirmar"] == "0.6000"
    assert (valores["confirmadas"], valores["confirmadas_por_paciente"]) == ("4", "2")
