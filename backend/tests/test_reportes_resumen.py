"""GET /api/reportes/resumen and /citas-por-medico on the known clinic of test_reportes_datos."""
from datetime import date

import pytest

from app.extensions import db
from app.models import Estado
from tests import test_reportes_datos
from tests.test_reportes_datos import ENERO, citas_en, esperado_resumen, programados, ratio, reservados
from tests.consultas import sentencias_ejecutadas
from tests.conftest import como_dueno

clinica = test_reportes_datos.clinica  # the known clinic (a fixture)

RESUMEN = "/api/reportes/resumen"
POR_MEDICO = "/api/reportes/citas-por-medico"


def url(base, desde=ENERO[0], hasta=ENERO[1], **filtros):
    query = "&".join([f"desde={desde}", f"hasta={hasta}"] + [f"{k}={v}" for k, v in filtros.items()])
    return f"{base}?{query}"


def comparar(respuesta, esperado):
    assert respuesta.status_code == 200, respuesta.json
    cuerpo = respuesta.json
    assert {e["estado_id"]: e["total"] for e in cuerpo["citas_por_estado"]} == esperado["por_estado"]
    for campo in ("ocupacion", "tasa_inasistencia", "ingresos", "facturas_emitidas", "facturas_anuladas",
                  "pacientes_nuevos"):
        assert cuerpo[campo] == esperado[campo], campo


def test_the_summary_of_january_matches_the_numbers_computed_by_hand(as_admin, clinica):
    r = as_admin.get(url(RESUMEN))
    comparar(r, esperado_resumen(clinica, *ENERO))
    # The same figures written out, so an error shared by the helpers cannot hide.
    assert r.json["citas_por_estado"][6] == {"estado_id": 7, "estado": "No Asistió", "total": 2}
    assert r.json["citas_total"] == 8
    assert r.json["minutos_reservados"] == 195 and r.json["minutos_programados"] == 3480
    assert r.json["ocupacion"] == 0.056
    assert r.json["tasa_inasistencia"] == 0.4
    assert r.json["ingresos"] == "733.00"  # 116 + 250.50 + 116 (no branch) + 250.50; the cancelled one excluded
    assert r.json["facturas_emitidas"] == 5 and r.json["facturas_anuladas"] == 1
    assert r.json["pacientes_nuevos"] == 2


def test_an_invoice_issued_at_half_past_eleven_at_night_counts_on_its_local_day(as_admin, clinica):
    # 2024-01-31 23:30 in Mexico City is already 1 February in UTC: it belongs to January.
    ultimo_dia = as_admin.get(url(RESUMEN, "2024-01-31", "2024-01-31", sucursal_id=clinica.a.id))
    febrero = as_admin.get(url(RESUMEN, "2024-02-01", "2024-02-29", sucursal_id=clinica.a.id))
    assert ultimo_dia.json["ingresos"] == "116.00" and ultimo_dia.json["facturas_emitidas"] == 1
    assert febrero.json["ingresos"] == "0.00"
    # 2024-02-01 00:30 in Madrid is still 31 January in UTC: it belongs to February.
    madrid = as_admin.get(url(RESUMEN, "2024-02-01", "2024-02-01", sucursal_id=clinica.b.id))
    assert madrid.json["ingresos"] == "116.00"


def test_an_invoice_without_branch_is_dated_in_the_clinic_default_zone(as_admin, app, monkeypatch, clinica,
                                                                        paciente_factory, servicio_factory,
                                                                        factura_factory):
    from datetime import UTC, datetime

    f = factura_factory(paciente_factory(), servicio_factory(), serie=None)
    with como_dueno():  # back-dated by the owner (the application role may not)
        f.fecha_emision = datetime(2024, 3, 31, 20, tzinfo=UTC)  # 14:00 in Mexico City, 05:00 of 1 April in Tokyo
        db.session.flush()
    marzo, abril = url(RESUMEN, "2024-03-01", "2024-03-31"), url(RESUMEN, "2024-04-01", "2024-04-30")
    assert as_admin.get(marzo).json["facturas_emitidas"] == 1
    monkeypatch.setitem(app.config, "DEFAULT_TIME_ZONE", "Asia/Tokyo")
    assert as_admin.get(marzo).json["facturas_emitidas"] == 0
    assert as_admin.get(abril).json["facturas_emitidas"] == 1


@pytest.mark.parametrize("filtro", ["a", "b"])
def test_the_summary_of_one_branch_counts_only_that_branch(as_admin, clinica, filtro):
    sucursal = getattr(clinica, filtro)
    comparar(as_admin.get(url(RESUMEN, sucursal_id=sucursal.id)), esperado_resumen(clinica, *ENERO, sucursal))


def test_the_summary_of_one_doctor_counts_their_appointments_schedule_and_invoices(as_admin, clinica):
    r = as_admin.get(url(RESUMEN, medico_id=clinica.m2.id))
    comparar(r, esperado_resumen(clinica, *ENERO, medico=clinica.m2))
    assert r.json["ingresos"] == "250.50"  # the invoice of their appointment of 16 January
    assert r.json["tasa_inasistencia"] == round(1 / 3, 4)


def test_a_whole_leap_year_is_a_valid_period(as_admin, clinica):
    comparar(as_admin.get(url(RESUMEN, "2023-06-01", "2024-05-31")),
             esperado_resumen(clinica, date(2023, 6, 1), date(2024, 5, 31)))


# Periods that make the summary read a month minus the days left out (Jan 3-31, Jan 1-30, Dec 20-Jan 20), days
# only (Jan 10-20), a single day, and partial months at both ends.
PERIODOS = [("2024-01-03", "2024-01-31"), ("2024-01-01", "2024-01-30"), ("2023-12-20", "2024-01-20"),
            ("2024-01-10", "2024-01-20"), ("2024-01-16", "2024-01-16"), ("2023-12-31", "2024-02-01")]


@pytest.mark.parametrize("desde,hasta", PERIODOS)
@pytest.mark.parametrize("filtro", [None, "a", "m2"])
def test_the_summary_of_any_period_matches_the_numbers_computed_by_hand(as_admin, clinica, desde, hasta, filtro):
    desde, hasta = date.fromisoformat(desde), date.fromisoformat(hasta)
    sucursal = clinica.a if filtro == "a" else None
    medico = clinica.m2 if filtro == "m2" else None
    filtros = {"sucursal_id": sucursal.id} if sucursal else {"medico_id": medico.id} if medico else {}
    r = as_admin.get(url(RESUMEN, desde, hasta, **filtros))
    comparar(r, esperado_resumen(clinica, desde, hasta, sucursal, medico))
    assert r.json["minutos_reservados"] == reservados(citas_en(clinica, desde, hasta, sucursal, medico))
    assert r.json["minutos_programados"] == programados(clinica, desde, hasta, sucursal, medico)


@pytest.mark.parametrize("desde,hasta", PERIODOS)
def test_the_report_per_doctor_of_any_period_counts_the_appointments_of_the_period(as_admin, clinica, desde, hasta):
    desde, hasta = date.fromisoformat(desde), date.fromisoformat(hasta)
    r = as_admin.get(url(POR_MEDICO, desde, hasta))
    assert r.status_code == 200
    filas = {i["medico_id"]: i for i in r.json["items"]}
    for medico in (clinica.m1, clinica.m2, clinica.m3):
        citas = citas_en(clinica, desde, hasta, medico=medico)
        assert filas[medico.id]["total"] == len(citas)
        assert filas[medico.id]["minutos_reservados"] == reservados(citas)
        assert filas[medico.id]["minutos_programados"] == programados(clinica, desde, hasta, medico=medico)


def test_rates_are_zero_when_nothing_is_scheduled_or_attended(as_admin, clinica):
    r = as_admin.get(url(RESUMEN, "2022-01-01", "2022-01-01", medico_id=clinica.m3.id))
    assert r.json["ocupacion"] == 0 and r.json["tasa_inasistencia"] == 0
    assert r.json["ingresos"] == "0.00"


def test_without_dates_the_summary_covers_the_current_month_of_the_clinic(as_admin, app):
    import calendar
    from datetime import datetime
    from zoneinfo import ZoneInfo

    hoy = datetime.now(ZoneInfo(app.config["DEFAULT_TIME_ZONE"])).date()
    r = as_admin.get(RESUMEN)
    assert r.status_code == 200
    assert r.json["desde"] == hoy.replace(day=1).isoformat()
    assert r.json["hasta"] == hoy.replace(day=calendar.monthrange(hoy.year, hoy.month)[1]).isoformat()


def test_only_one_end_of_the_period_extends_to_its_whole_month(as_admin):
    assert as_admin.get(f"{RESUMEN}?desde=2024-02-10").json["hasta"] == "2024-02-29"
    assert as_admin.get(f"{RESUMEN}?hasta=2024-02-10").json["desde"] == "2024-02-01"


@pytest.mark.parametrize("query, campo", [
    ("desde=2024-02-01&hasta=2024-01-31", "hasta"),
    ("desde=2024-01-01&hasta=2025-01-01", "hasta"),  # 367 days
    ("desde=2024-13-01", "desde"),
    ("formato=xml", "formato"),
    ("sucursal_id=abc", "sucursal_id"),
    ("pagina=2", "pagina"),
])
def test_a_bad_period_or_filter_is_refused_with_422(as_admin, query, campo):
    r = as_admin.get(f"{RESUMEN}?{query}")
    assert r.status_code == 422
    assert campo in r.json["errors"]


def test_an_unknown_branch_or_doctor_answers_404(as_admin):
    assert as_admin.get(url(RESUMEN, sucursal_id=999999)).status_code == 404
    assert as_admin.get(url(RESUMEN, medico_id=999999)).status_code == 404


# ---------------------------------------------------------------- per doctor


def test_the_report_per_doctor_matches_the_numbers_computed_by_hand(as_admin, clinica):
    r = as_admin.get(url(POR_MEDICO))
    assert r.status_code == 200
    filas = {i["medico_id"]: i for i in r.json["items"]}
    assert set(filas) == {clinica.m1.id, clinica.m2.id, clinica.m3.id}
    for medico in (clinica.m1, clinica.m2, clinica.m3):
        citas = citas_en(clinica, *ENERO, medico=medico)
        completadas = sum(1 for c in citas if c.estado_id == Estado.COMPLETADA)
        inasistencias = sum(1 for c in citas if c.estado_id == Estado.NO_ASISTIO)
        assert filas[medico.id] == {
            "medico_id": medico.id, "nombre": medico.nombre, "apellido": medico.apellido,
            "total": len(citas), "completadas": completadas, "inasistencias": inasistencias,
            "canceladas": sum(1 for c in citas if c.estado_id == Estado.CANCELADA),
            "minutos_reservados": reservados(citas), "minutos_programados": programados(clinica, *ENERO, medico=medico),
            "ocupacion": ratio(reservados(citas), programados(clinica, *ENERO, medico=medico)),
            "tasa_inasistencia": ratio(inasistencias, completadas + inasistencias),
        }
    assert filas[clinica.m1.id]["ocupacion"] == round(135 / 1800, 4)
    assert [i["apellido"] for i in r.json["items"]] == ["=Cero", "Bravo", "Núñez"]


def test_the_report_per_doctor_of_one_branch_leaves_the_other_doctors_out(as_admin, clinica):
    r = as_admin.get(url(POR_MEDICO, sucursal_id=clinica.b.id))
    assert [i["medico_id"] for i in r.json["items"]] == [clinica.m2.id]


# ---------------------------------------------------------------- a few queries whatever the data


def _contar_sentencias(cliente, ruta):
    with sentencias_ejecutadas() as sentencias:
        assert cliente.get(ruta).status_code == 200
    return sentencias


@pytest.mark.parametrize("ruta", [RESUMEN, POR_MEDICO, "/api/reportes/ingresos"])
def test_each_report_runs_the_same_few_queries_whatever_the_amount_of_data(as_admin, clinica, cita_factory,
                                                                             paciente_factory, ruta):
    antes = _contar_sentencias(as_admin, url(ruta, "2023-06-01", "2024-05-31"))
    for dia in range(1, 29):
        cita_factory(paciente_factory(), clinica.m3, clinica.a, fecha=date(2024, 2, dia), estado_id=Estado.COMPLETADA)
    despues = _contar_sentencias(as_admin, url(ruta, "2023-06-01", "2024-05-31"))
    assert len(antes) == len(despues) <= 5  # the user lookup of the token plus the report's queries
