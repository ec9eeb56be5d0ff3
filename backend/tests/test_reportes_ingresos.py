"""GET /api/reportes/ingresos, the CSV format of every report, and who may read the reports."""
import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from tests import test_reportes_datos
from tests.test_reportes_datos import ENERO, dias, fecha_local

clinica = test_reportes_datos.clinica  # the known clinic (a fixture)

INGRESOS = "/api/reportes/ingresos"


def esperado_por_dia(c, desde, hasta, sucursal=None):
    """{day: (revenue, invoices, payments)} recomputed from the objects."""
    resultado = {d: [Decimal(0), 0, Decimal(0)] for d in dias(desde, hasta)}
    for f in c.facturas:
        dia = fecha_local(c, f.fecha_emision, f)
        if dia in resultado and f.estado != "anulada" and (sucursal is None or f.sucursal_id == sucursal.id):
            resultado[dia][0] += f.total
            resultado[dia][1] += 1
    for p in c.pagos:
        f = next(f for f in c.facturas if f.id == p.factura_id)
        dia = fecha_local(c, p.fecha, f)
        if dia in resultado and (sucursal is None or f.sucursal_id == sucursal.id):
            resultado[dia][2] += p.monto
    return {d: (f"{i:.2f}", n, f"{p:.2f}") for d, (i, n, p) in resultado.items()}


def test_daily_revenue_has_every_day_of_the_period_with_zeros_and_matches_the_invoices(as_admin, clinica):
    r = as_admin.get(f"{INGRESOS}?desde=2024-01-01&hasta=2024-01-31&agrupar=dia")
    assert r.status_code == 200
    items = r.json["items"]
    assert [i["periodo"] for i in items] == [d.isoformat() for d in dias(*ENERO)]
    esperado = esperado_por_dia(clinica, *ENERO)
    assert {date.fromisoformat(i["periodo"]): (i["ingresos"], i["facturas"], i["pagos"]) for i in items} == esperado
    por_dia = {i["periodo"]: i for i in items}
    assert por_dia["2024-01-31"]["ingresos"] == "116.00"  # 23:30 in Mexico City, already February in UTC
    assert por_dia["2024-01-31"]["pagos"] == "100.00"
    assert por_dia["2024-01-15"]["ingresos"] == "0.00"  # the cancelled invoice
    assert por_dia["2024-01-15"]["pagos"] == "16.00"  # but the money received that day is there
    assert por_dia["2024-01-02"] == {"periodo": "2024-01-02", "inicio": "2024-01-02", "fin": "2024-01-02",
                                     "ingresos": "0.00", "facturas": 0, "pagos": "0.00"}
    assert r.json["total_ingresos"] == "733.00" and r.json["total_facturas"] == 4
    assert r.json["total_pagos"] == "366.50"


def test_monthly_revenue_covers_partial_months_and_dates_each_invoice_in_its_branch_zone(as_admin, clinica):
    r = as_admin.get(f"{INGRESOS}?desde=2023-12-15&hasta=2024-02-10&agrupar=mes")
    assert r.status_code == 200
    esperado = esperado_por_dia(clinica, date(2023, 12, 15), date(2024, 2, 10))
    mensual = {}
    for dia, (importe, n, pagado) in esperado.items():
        actual = mensual.setdefault(dia.strftime("%Y-%m"), [Decimal(0), 0, Decimal(0)])
        actual[0] += Decimal(importe)
        actual[1] += n
        actual[2] += Decimal(pagado)
    assert [(i["periodo"], i["inicio"], i["fin"]) for i in r.json["items"]] == [
        ("2023-12", "2023-12-15", "2023-12-31"), ("2024-01", "2024-01-01", "2024-01-31"),
        ("2024-02", "2024-02-01", "2024-02-10"),
    ]
    assert {i["periodo"]: (i["ingresos"], i["facturas"], i["pagos"]) for i in r.json["items"]} == {
        k: (f"{v[0]:.2f}", v[1], f"{v[2]:.2f}") for k, v in mensual.items()
    }
    assert r.json["items"][0]["ingresos"] == "116.00"  # 31 Dec 23:59 in Mexico City
    assert r.json["items"][2]["ingresos"] == "116.00"  # 1 Feb 00:30 in Madrid


def test_revenue_of_one_branch_leaves_the_others_out(as_admin, clinica):
    r = as_admin.get(f"{INGRESOS}?desde=2024-01-01&hasta=2024-01-31&sucursal_id={clinica.b.id}")
    esperado = esperado_por_dia(clinica, *ENERO, sucursal=clinica.b)
    assert {date.fromisoformat(i["periodo"]): (i["ingresos"], i["facturas"], i["pagos"])
            for i in r.json["items"]} == esperado
    assert r.json["total_ingresos"] == "250.50"


def test_grouping_by_week_is_refused(as_admin):
    r = as_admin.get(f"{INGRESOS}?agrupar=semana")
    assert r.status_code == 422 and "agrupar" in r.json["errors"]


# ---------------------------------------------------------------- CSV


def leer_csv(respuesta):
    assert respuesta.status_code == 200
    assert respuesta.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert respuesta.headers["Content-Disposition"].startswith("attachment; filename=")
    assert respuesta.headers["Content-Disposition"].endswith('.csv"')
    assert respuesta.data.startswith(b"\xef\xbb\xbf")
    return list(csv.reader(io.StringIO(respuesta.data.decode("utf-8-sig"))))


def test_daily_revenue_as_csv_has_a_header_and_one_row_per_day(as_admin, clinica):
    filas = leer_csv(as_admin.get(f"{INGRESOS}?desde=2024-01-01&hasta=2024-01-31&formato=csv"))
    assert filas[0] == ["periodo", "inicio", "fin", "ingresos", "facturas", "pagos"]
    assert len(filas) == 32
    assert filas[31] == ["2024-01-31", "2024-01-31", "2024-01-31", "116.00", "1", "100.00"]


def test_the_summary_as_csv_keeps_accents_and_the_json_figures(as_admin, clinica):
    json = as_admin.get("/api/reportes/resumen?desde=2024-01-01&hasta=2024-01-31").json
    filas = leer_csv(as_admin.get("/api/reportes/resumen?desde=2024-01-01&hasta=2024-01-31&formato=csv"))
    assert filas[0] == ["indicador", "valor"]
    valores = dict(filas[1:])
    assert valores["citas No Asistió"] == "2"
    assert valores["ingresos"] == json["ingresos"] == "733.00"
    assert valores["ocupacion"] == "0.0560" and valores["tasa_inasistencia"] == "0.4000"
    assert valores["desde"] == "2024-01-01" and valores["facturas_emitidas"] == "5"


def test_the_report_per_doctor_as_csv_neutralises_names_that_look_like_formulas(as_admin, clinica):
    r = as_admin.get("/api/reportes/citas-por-medico?desde=2024-01-01&hasta=2024-01-31&formato=csv")
    assert 'filename="citas_por_medico_2024-01-01_2024-01-31.csv"' in r.headers["Content-Disposition"]
    filas = leer_csv(r)
    assert filas[0][:4] == ["medico_id", "nombre", "apellido", "total"]
    por_id = {int(f[0]): f for f in filas[1:]}
    assert por_id[clinica.m1.id][1:3] == ["José", "Núñez"]
    assert por_id[clinica.m3.id][2] == "'=Cero"


# ---------------------------------------------------------------- who may read


RUTAS = ["/api/reportes/resumen", "/api/reportes/citas-por-medico", INGRESOS]


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista"])
@pytest.mark.parametrize("ruta", RUTAS)
def test_doctors_and_receptionists_may_not_read_reports(api_as, rol, ruta):
    r = api_as(rol).get(ruta)
    assert r.status_code == 403
    assert api_as(rol).get(ruta + "?formato=csv").status_code == 403


def test_billing_staff_read_revenue_but_not_the_other_reports(api_as):
    facturacion = api_as("Facturación")
    assert facturacion.get(INGRESOS).status_code == 200
    assert facturacion.get("/api/reportes/resumen").status_code == 403
    assert facturacion.get("/api/reportes/citas-por-medico").status_code == 403


@pytest.mark.parametrize("ruta", RUTAS)
def test_reports_need_a_login(anonimo, ruta):
    assert anonimo.get(ruta).status_code == 401


def test_an_administrator_with_a_branch_still_sees_every_branch_as_in_the_agenda(api_as, as_admin, clinica):
    # One rule (app/services/alcance.py): a branch limits Recepcionista and Facturación, never the Administrador.
    admin_a = api_as("Administrador", sucursal=clinica.a)
    todas = as_admin.get("/api/reportes/resumen?desde=2024-01-01&hasta=2024-01-31").json
    assert admin_a.get("/api/reportes/resumen?desde=2024-01-01&hasta=2024-01-31").json == todas
    otra = admin_a.get(f"/api/reportes/resumen?desde=2024-01-01&hasta=2024-01-31&sucursal_id={clinica.b.id}")
    assert otra.status_code == 200 and otra.json["sucursal_id"] == clinica.b.id


def test_billing_staff_bound_to_a_branch_see_only_its_revenue(api_as, clinica):
    facturacion_b = api_as("Facturación", sucursal=clinica.b)
    r = facturacion_b.get(f"{INGRESOS}?desde=2024-01-01&hasta=2024-01-31&agrupar=mes")
    assert r.json["sucursal_id"] == clinica.b.id
    assert r.json["items"][0]["ingresos"] == "250.50"
    assert facturacion_b.get(f"{INGRESOS}?sucursal_id={clinica.a.id}").status_code == 404
    assert facturacion_b.get(f"{INGRESOS}?sucursal_id={clinica.b.id}").status_code == 200
