"""The report rollups (migration 0007) always equal an aggregation of the raw tables done from scratch.

The expected figures are recomputed here in Python from the rows themselves (local dates with
zoneinfo, doctors through the appointments), independently of the triggers' SQL.
"""
from collections import defaultdict
from datetime import UTC, date, datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from app.extensions import db
from app.models import CambioEstadoCita, Cita, Estado, Factura, Paciente, Pago, Sucursal
from tests.conftest import como_dueno

CDMX, MADRID, KATMANDU = "America/Mexico_City", "Europe/Madrid", "Asia/Kathmandu"


# ---------------------------------------------------------------- the expected rollups, from the raw rows


def _minutos(cita):
    return Decimal((datetime.combine(date.min, cita.hora_fin)
                    - datetime.combine(date.min, cita.hora_inicio)).total_seconds()) / 60


def confirmacion_de(historial):
    """An appointment's confirmation replayed from its state history (rows with estado_id, revierte and
    por_paciente, in id order): each reversal undoes the last change, or redoes the change the reversal before it
    undid; the confirmation stands when a change to Confirmada is still applied, and the patient made it when the
    last such change was theirs (0 none, 1 the staff, 2 the patient)."""
    aplicados, deshecho = [], None
    for e in historial:
        if not e.revierte:
            aplicados.append(e)
            deshecho = None
        elif deshecho is None:
            deshecho = aplicados.pop()
        else:
            aplicados.append(deshecho)
            deshecho = None
    confirmaciones = [e for e in aplicados if e.estado_id == Estado.CONFIRMADA]
    return 0 if not confirmaciones else 2 if confirmaciones[-1].por_paciente else 1


def esperado_confirmacion(session):
    """Cita.confirmacion of every appointment replayed from the state history (confirmacion_de)."""
    historiales = defaultdict(list)
    for e in session.query(CambioEstadoCita).order_by(CambioEstadoCita.id):
        historiales[e.cita_id].append(e)
    return {c.id: confirmacion_de(historiales[c.id]) for c in session.query(Cita).all()}


def esperado_citas(session):
    confirmacion = esperado_confirmacion(session)
    filas = defaultdict(lambda: [0] * 7 + [Decimal(0), 0, 0, 0])
    for c in session.query(Cita).all():
        fila = filas[(c.fecha, c.sucursal_id, c.medico_id)]
        fila[c.estado_id - 1] += 1
        if c.estado_id not in Estado.LIBERAN:
            fila[7] += _minutos(c)
        if confirmacion[c.id] and c.estado_id in (Estado.COMPLETADA, Estado.NO_ASISTIO):
            fila[8 if c.estado_id == Estado.COMPLETADA else 9] += 1
            fila[10] += confirmacion[c.id] == 2
    return {k: tuple(v) for k, v in filas.items()}


def esperado_facturas(session):
    zonas = dict(session.query(Sucursal.id, Sucursal.zona_horaria).all())
    medicos = dict(session.query(Cita.id, Cita.medico_id).all())
    filas = defaultdict(lambda: [0, 0, Decimal("0.00"), Decimal("0.00")])
    facturas = {f.id: f for f in session.query(Factura).all()}
    for f in facturas.values():
        if f.sucursal_id is None:
            continue  # read from billing.facturas by the reports, not rolled up
        dia = f.fecha_emision.astimezone(ZoneInfo(zonas[f.sucursal_id])).date()
        fila = filas[(dia, f.sucursal_id, medicos.get(f.cita_id, 0))]
        fila[0] += 1
        if f.estado == "anulada":
            fila[1] += 1
        else:
            fila[2] += f.total
    for p in session.query(Pago).all():
        f = facturas[p.factura_id]
        if f.sucursal_id is None:
            continue
        dia = p.fecha.astimezone(ZoneInfo(zonas[f.sucursal_id])).date()
        filas[(dia, f.sucursal_id, medicos.get(f.cita_id, 0))][3] += p.monto
    return {k: tuple(v) for k, v in filas.items()}


def esperado_pacientes(session):
    filas = defaultdict(int)
    for (registro,) in session.query(Paciente.fecha_registro).all():
        if registro is not None:
            utc = registro.astimezone(UTC)
            filas[utc.replace(minute=utc.minute - utc.minute % 15, second=0, microsecond=0)] += 1
    return dict(filas)


def _sin_ceros(filas):
    return {k: v for k, v in filas.items() if (any(v) if isinstance(v, tuple) else v)}


def por_mes(filas):
    """Day rows folded into month rows (key: first day of the month)."""
    meses = {}
    for (dia, *resto), valores in filas.items():
        clave = (dia.replace(day=1), *resto)
        meses[clave] = tuple(a + b for a, b in zip(meses.get(clave, (0,) * len(valores)), valores, strict=True))
    return meses


def por_sucursal(filas):
    """Month rows (mes, sucursal, médico) folded into (mes, sucursal) rows."""
    sucursales = {}
    for (mes, sucursal, _medico), valores in filas.items():
        clave = (mes, sucursal)
        sucursales[clave] = tuple(a + b for a, b in zip(sucursales.get(clave, (0,) * len(valores)), valores,
                                                        strict=True))
    return sucursales


_CITAS = ("citas_1, citas_2, citas_3, citas_4, citas_5, citas_6, citas_7, minutos_reservados, "
          "confirmadas_completadas, confirmadas_no_asistio, confirmadas_por_paciente")
_FACTURAS = "emitidas, anuladas, ingresos, pagos"


def rollups(session):
    """(appointments per day, per month, invoices per day, per month, patients per quarter), all-zero rows left out."""
    def leer(sql):
        return _sin_ceros({tuple(f[:3]): tuple(f[3:]) for f in session.execute(text(sql)).all()})

    pacientes = session.execute(text("SELECT cuarto, pacientes FROM medical.pacientes_por_cuarto")).all()
    return (leer(f"SELECT fecha, sucursal_id, medico_id, {_CITAS} FROM medical.citas_por_dia"),
            leer(f"SELECT mes, sucursal_id, medico_id, {_CITAS} FROM medical.citas_por_mes"),
            leer(f"SELECT fecha, sucursal_id, medico_id, {_FACTURAS} FROM billing.facturas_por_dia"),
            leer(f"SELECT mes, sucursal_id, medico_id, {_FACTURAS} FROM billing.facturas_por_mes"),
            _sin_ceros({f[0].astimezone(UTC): f[1] for f in pacientes}))


def assert_rollups_al_dia(session=None):
    session = session or db.session
    session.flush()
    session.expire_all()
    assert dict(session.query(Cita.id, Cita.confirmacion).all()) == esperado_confirmacion(session)
    citas, citas_mes, facturas, facturas_mes, pacientes = rollups(session)
    esperadas = _sin_ceros(esperado_citas(session))
    assert citas == esperadas
    assert citas_mes == _sin_ceros(por_mes(esperadas))
    esperadas = _sin_ceros(esperado_facturas(session))
    assert facturas == esperadas
    assert facturas_mes == _sin_ceros(por_mes(esperadas))
    assert pacientes == _sin_ceros(esperado_pacientes(session))
    # The branch rows (migration 0009) are the month rows added up over the doctors.
    for esquema, tabla, columnas, mes in (("medical", "citas", _CITAS, citas_mes),
                                          ("billing", "facturas", _FACTURAS, facturas_mes)):
        filas = session.execute(text(f"SELECT mes, sucursal_id, {columnas} FROM {esquema}.{tabla}_por_mes_sucursal"))
        assert _sin_ceros({tuple(f[:2]): tuple(f[2:]) for f in filas}) == _sin_ceros(por_sucursal(mes))


# ---------------------------------------------------------------- a small clinic


@pytest.fixture
def red(sucursal_factory, medico_factory, paciente_factory, servicio_factory, serie_factory):
    class Red:
        pass

    r = Red()
    r.a = sucursal_factory(nombre="Centro", zona_horaria=CDMX)
    r.b = sucursal_factory(nombre="Madrid", zona_horaria=MADRID)
    r.m1, r.m2 = medico_factory(), medico_factory()
    r.pacientes = [paciente_factory() for _ in range(4)]
    r.servicio = servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00"))
    r.series = {r.a.id: serie_factory(sucursal=r.a), r.b.id: serie_factory(sucursal=r.b), None: serie_factory()}
    return r


def _factura(red, factura_factory, sucursal, emitida, cita=None):
    f = factura_factory(red.pacientes[0], red.servicio, sucursal=sucursal, cita=cita,
                        serie=red.series[sucursal.id if sucursal else None])
    with como_dueno():  # back-dating an invoice is no application write: the owner does it for the test
        f.fecha_emision = emitida
        db.session.flush()
    return f


def _pago(pago_factory, factura, monto, cuando):
    p = pago_factory(factura, monto)
    with como_dueno():  # likewise for back-dating a payment
        p.fecha = cuando
        db.session.flush()
    return p


def local(zona, *args):
    return datetime(*args, tzinfo=ZoneInfo(zona))


# ---------------------------------------------------------------- appointments


def test_booking_changing_state_and_deleting_appointments_keeps_the_daily_rollup_equal_to_the_appointments(
        red, cita_factory):
    p = red.pacientes
    c1 = cita_factory(p[0], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(9))
    c2 = cita_factory(p[1], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(9, 30), hora_fin=time(10, 15))
    c3 = cita_factory(p[2], red.m2, red.b, fecha=date(2024, 1, 8), hora_inicio=time(9), estado_id=Estado.COMPLETADA)
    cita_factory(p[3], red.m1, red.a, fecha=date(2024, 1, 9), hora_inicio=time(9), hora_fin=time(9, 20, 30))
    assert_rollups_al_dia()

    for estado in (Estado.CONFIRMADA, Estado.EN_ESPERA, Estado.CANCELADA):
        c1.estado_id = estado
        assert_rollups_al_dia()
    c2.estado_id = Estado.NO_ASISTIO
    c3.estado_id = Estado.EN_CONSULTA
    assert_rollups_al_dia()

    db.session.delete(c2)
    assert_rollups_al_dia()
    fila = db.session.execute(text(
        "SELECT citas_1, citas_5, citas_7, minutos_reservados FROM medical.citas_por_dia"
        " WHERE fecha = '2024-01-08' AND medico_id = :m"), {"m": red.m1.id}).one()
    assert fila == (0, 1, 0, 0)  # c1 cancelled, c2 deleted: nothing holds a slot that day


def test_rescheduling_moves_the_appointment_and_its_invoice_and_payments_between_days_doctors_and_branches(
        red, cita_factory, factura_factory, pago_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(9))
    otra = cita_factory(red.pacientes[1], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(10))
    f = _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 8, 23, 30), cita=cita)
    _pago(pago_factory, f, "50.00", local(CDMX, 2024, 1, 9, 0, 10))
    assert_rollups_al_dia()

    cita.fecha = date(2024, 1, 10)  # another day
    assert_rollups_al_dia()
    cita.medico_id = red.m2.id  # another doctor: the invoice and its payment follow the appointment
    assert_rollups_al_dia()
    cita.sucursal_id, cita.hora_inicio, cita.hora_fin = red.b.id, time(11), time(12)  # another branch and length
    assert_rollups_al_dia()
    # Two appointments swap doctors in one statement.
    db.session.execute(text("UPDATE medical.citas SET medico_id = CASE WHEN medico_id = :a THEN :b ELSE :a END"
                            " WHERE id IN (:x, :y)"), {"a": red.m1.id, "b": red.m2.id, "x": cita.id, "y": otra.id})
    assert_rollups_al_dia()
    medico_de_la_factura = db.session.execute(text(
        "SELECT medico_id FROM billing.facturas_por_dia WHERE emitidas = 1")).scalar_one()
    assert medico_de_la_factura == red.m1.id


def test_the_revenue_of_an_appointment_moved_to_another_doctor_counts_for_the_new_doctor_in_the_reports(
        red, as_admin, cita_factory, factura_factory, pago_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8))
    f = _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 8, 12), cita=cita)
    _pago(pago_factory, f, "30.00", local(CDMX, 2024, 1, 8, 12, 5))
    cita.medico_id = red.m2.id
    db.session.flush()

    def informe(ruta, medico):
        r = as_admin.get(f"/api/reportes/{ruta}?desde=2024-01-01&hasta=2024-01-31&medico_id={medico.id}")
        assert r.status_code == 200, r.json
        return r.json

    assert informe("resumen", red.m1)["ingresos"] == "0.00"
    assert informe("resumen", red.m2)["ingresos"] == "116.00"
    assert informe("ingresos", red.m1)["total_pagos"] == "0.00"
    assert informe("ingresos", red.m2)["total_pagos"] == "30.00"


def test_a_period_of_partial_and_whole_months_counts_each_day_once(red, as_admin, cita_factory, factura_factory,
                                                                   pago_factory):
    dias = [date(2024, 1, 14), date(2024, 1, 15), date(2024, 2, 1), date(2024, 2, 29), date(2024, 3, 10),
            date(2024, 3, 11)]  # the period is 15 Jan – 10 Mar: the first and last are outside
    for i, dia in enumerate(dias):
        cita = cita_factory(red.pacientes[i % 4], red.m1, red.a, fecha=dia, hora_inicio=time(9 + i),
                            estado_id=Estado.COMPLETADA)
        f = _factura(red, factura_factory, red.a, local(CDMX, dia.year, dia.month, dia.day, 18), cita=cita)
        _pago(pago_factory, f, "10.00", local(CDMX, dia.year, dia.month, dia.day, 19))
    periodo = "desde=2024-01-15&hasta=2024-03-10"
    resumen = as_admin.get(f"/api/reportes/resumen?{periodo}").json
    assert (resumen["citas_total"], resumen["minutos_reservados"]) == (4, 120)
    assert (resumen["facturas_emitidas"], resumen["ingresos"]) == (4, "464.00")
    assert as_admin.get(f"/api/reportes/citas-por-medico?{periodo}").json["items"][0]["completadas"] == 4
    for agrupar in ("dia", "mes"):
        ingresos = as_admin.get(f"/api/reportes/ingresos?{periodo}&agrupar={agrupar}").json
        assert (ingresos["total_facturas"], ingresos["total_pagos"]) == (4, "40.00")


def test_a_bulk_update_of_many_appointments_is_applied_as_one_consistent_delta(red, cita_factory):
    for i in range(12):
        cita_factory(red.pacientes[i % 4], (red.m1, red.m2)[i % 2], (red.a, red.b)[i % 2],
                     fecha=date(2024, 2, 1 + i // 4), hora_inicio=time(8 + i % 4), estado_id=Estado.NUEVA)
    db.session.execute(text("UPDATE medical.citas SET estado_id = 4 WHERE fecha = '2024-02-01'"))
    db.session.execute(text("UPDATE medical.citas SET fecha = fecha + 7, estado_id = 5 WHERE fecha = '2024-02-02'"))
    db.session.execute(text("DELETE FROM medical.citas WHERE fecha = '2024-02-03' AND hora_inicio < '10:00'"))
    assert_rollups_al_dia()


def test_edits_that_change_no_figure_do_not_touch_the_rollup_rows(red, cita_factory, factura_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8))
    f = _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 8, 12), cita=cita)
    antes = db.session.execute(text(
        "SELECT (SELECT string_agg(xmin::text, ',' ORDER BY fecha, medico_id) FROM medical.citas_por_dia),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY mes, medico_id) FROM medical.citas_por_mes),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY fecha, medico_id) FROM billing.facturas_por_dia),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY mes, medico_id) FROM billing.facturas_por_mes)"
    )).one()
    db.session.execute(text("SAVEPOINT antes_de_editar"))  # a new subtransaction: a write would show in xmin
    cita.motivo, cita.notas = "Dolor de cabeza", "Nota clínica"
    f.estado = "pagada"  # paying changes neither revenue nor the counts
    db.session.flush()
    assert db.session.execute(text(
        "SELECT (SELECT string_agg(xmin::text, ',' ORDER BY fecha, medico_id) FROM medical.citas_por_dia),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY mes, medico_id) FROM medical.citas_por_mes),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY fecha, medico_id) FROM billing.facturas_por_dia),"
        " (SELECT string_agg(xmin::text, ',' ORDER BY mes, medico_id) FROM billing.facturas_por_mes)"
    )).one() == antes
    assert_rollups_al_dia()


# ---------------------------------------------------------------- invoices and payments


def test_issuing_cancelling_paying_and_redating_invoices_keeps_the_billing_rollup_equal_to_the_invoices(
        red, cita_factory, factura_factory, pago_factory):
    # Redating invoices, changing and deleting payments: writes only the owner may make (the application role
    # cannot), done here to show the triggers keep the rollups right whatever writes the tables.
    db.session.execute(text("RESET ROLE"))
    cita = cita_factory(red.pacientes[0], red.m2, red.b, fecha=date(2024, 1, 31), hora_inicio=time(9))
    f1 = _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 31, 23, 30))  # 1 Feb in UTC
    f2 = _factura(red, factura_factory, red.b, local(MADRID, 2024, 2, 1, 0, 30), cita=cita)  # 31 Jan in UTC
    f3 = _factura(red, factura_factory, None, datetime(2024, 1, 10, 3, tzinfo=UTC))  # no branch: not rolled up
    _pago(pago_factory, f1, "16.00", local(CDMX, 2024, 2, 1, 0, 5))
    p2 = _pago(pago_factory, f2, "116.00", local(MADRID, 2024, 2, 1, 0, 45))
    _pago(pago_factory, f3, "10.00", datetime(2024, 1, 10, 4, tzinfo=UTC))
    assert_rollups_al_dia()

    f2.estado, f2.fecha_anulacion = "anulada", local(MADRID, 2024, 2, 2, 9)  # the payment stays received
    assert_rollups_al_dia()
    f1.fecha_emision = local(CDMX, 2024, 2, 1, 0, 30)  # redated across local midnight
    assert_rollups_al_dia()
    p2.monto, p2.fecha = Decimal("16.00"), local(MADRID, 2024, 1, 31, 23, 0)
    assert_rollups_al_dia()
    db.session.delete(p2)
    assert_rollups_al_dia()
    fila = db.session.execute(text(
        "SELECT emitidas, anuladas, ingresos, pagos FROM billing.facturas_por_dia"
        " WHERE fecha = '2024-02-01' AND sucursal_id = :b AND medico_id = :m"), {"b": red.b.id, "m": red.m2.id}).one()
    assert fila == (1, 1, Decimal("0.00"), Decimal("0.00"))


def test_invoices_issued_through_the_api_are_rolled_up_with_the_doctor_of_their_appointment(
        red, api_as, cita_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8))
    cliente = api_as("Facturación")
    r = cliente.post("/api/facturacion/facturas", json={
        "paciente_id": red.pacientes[0].id, "cita_id": cita.id,
        "detalles": [{"servicio_id": red.servicio.id, "cantidad": 2}]})
    assert r.status_code == 201, r.json
    factura = f"/api/facturacion/facturas/{r.json['id']}"
    pago = cliente.post(f"{factura}/pagos", json={"monto": "100.00", "metodo": "tarjeta"})
    assert pago.status_code == 201, pago.json
    assert cliente.post(f"{factura}/anular", json={"motivo": "Error de captura"}).status_code == 200
    assert_rollups_al_dia()
    medico, emitidas, anuladas, pagos = db.session.execute(text(
        "SELECT medico_id, emitidas, anuladas, pagos FROM billing.facturas_por_dia")).one()
    assert (medico, emitidas, anuladas, pagos) == (red.m1.id, 1, 1, Decimal("100.00"))


def test_a_branch_that_changes_time_zone_has_its_invoices_and_payments_redated(
        red, factura_factory, pago_factory):
    f = _factura(red, factura_factory, red.a, datetime(2024, 1, 10, 3, tzinfo=UTC))  # 9 Jan in Mexico City
    _pago(pago_factory, f, "20.00", datetime(2024, 1, 10, 23, 30, tzinfo=UTC))  # 10 Jan there, 11 Jan in Madrid
    _factura(red, factura_factory, red.b, datetime(2024, 1, 10, 3, tzinfo=UTC))
    assert_rollups_al_dia()
    red.a.zona_horaria = MADRID
    db.session.flush()
    assert_rollups_al_dia()
    dias = db.session.execute(text(
        "SELECT fecha, emitidas, pagos FROM billing.facturas_por_dia WHERE sucursal_id = :a AND"
        " (emitidas, pagos) <> (0, 0) ORDER BY fecha"), {"a": red.a.id}).all()
    assert dias == [(date(2024, 1, 10), 1, Decimal("0.00")), (date(2024, 1, 11), 0, Decimal("20.00"))]
    red.a.nombre = "Centro histórico"  # other edits of a branch rebuild nothing
    db.session.flush()
    assert_rollups_al_dia()


# ---------------------------------------------------------------- patients


def test_new_patients_are_counted_per_quarter_hour_and_follow_edits_and_deletes(paciente_factory):
    registros = [datetime(2024, 1, 1, 5, 44, 59, tzinfo=UTC), datetime(2024, 1, 1, 5, 45, tzinfo=UTC),
                 datetime(2024, 1, 1, 5, 59, tzinfo=UTC), local(KATMANDU, 2024, 1, 2, 0, 0)]
    pacientes = [paciente_factory(fecha_registro=r) for r in registros]
    assert_rollups_al_dia()
    pacientes[0].fecha_registro = datetime(2024, 3, 1, 12, tzinfo=UTC)
    pacientes[1].telefono = "5550001111"
    assert_rollups_al_dia()
    db.session.delete(pacientes[2])
    assert_rollups_al_dia()


def test_new_patients_follow_the_local_days_of_a_zone_with_a_quarter_hour_offset(
        as_admin, app, monkeypatch, paciente_factory):
    # Kathmandu is UTC+5:45: its midnight of 2 January is 18:15 UTC of 1 January.
    for r in (datetime(2024, 1, 1, 18, 14, 59, tzinfo=UTC), datetime(2024, 1, 1, 18, 15, tzinfo=UTC),
              datetime(2024, 1, 2, 18, 14, tzinfo=UTC), datetime(2024, 1, 2, 18, 15, tzinfo=UTC)):
        paciente_factory(fecha_registro=r)
    monkeypatch.setitem(app.config, "DEFAULT_TIME_ZONE", KATMANDU)
    r = as_admin.get("/api/reportes/resumen?desde=2024-01-02&hasta=2024-01-02")
    assert r.status_code == 200
    assert r.json["pacientes_nuevos"] == 2


# ---------------------------------------------------------------- rebuild and truncate


def test_the_migrations_back_fill_rebuilds_exactly_what_the_triggers_kept(
        red, cita_factory, factura_factory, pago_factory, paciente_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8), estado_id=Estado.COMPLETADA)
    f = _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 8, 23, 59), cita=cita)
    _pago(pago_factory, f, "116.00", local(CDMX, 2024, 1, 9, 0, 1))
    _factura(red, factura_factory, red.b, local(MADRID, 2024, 1, 9, 0, 1))
    paciente_factory(fecha_registro=datetime(2024, 1, 8, 6, 7, tzinfo=UTC))
    db.session.flush()
    mantenidos = rollups(db.session)
    db.session.execute(text("SELECT medical.resumenes_reconstruir()"))
    assert rollups(db.session) == mantenidos
    assert_rollups_al_dia()


def test_truncating_the_raw_tables_empties_their_rollups(red, cita_factory, factura_factory, paciente_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8))
    _factura(red, factura_factory, red.a, local(CDMX, 2024, 1, 8, 12), cita=cita)
    paciente_factory()
    db.session.flush()
    assert all(rollups(db.session))
    with como_dueno():  # the application role may not truncate
        db.session.execute(text("TRUNCATE medical.pacientes, medical.citas CASCADE"))
    assert rollups(db.session) == ({}, {}, {}, {}, {})


# ---------------------------------------------------------------- confirmations (migration 0018)


def cambio(cita, estado_id, *, por_paciente=False, revierte=False):
    """A state change as the application writes it: the appointment's state, then its history row."""
    anterior = cita.estado_id
    cita.estado_id = estado_id
    db.session.flush()
    db.session.add(CambioEstadoCita(cita_id=cita.id, estado_anterior_id=anterior, estado_id=estado_id,
                                    por_paciente=por_paciente, revierte=revierte))
    db.session.flush()


def _confirmadas(session, medico):
    return session.execute(text(
        "SELECT confirmadas_completadas, confirmadas_no_asistio, confirmadas_por_paciente FROM medical.citas_por_mes"
        " WHERE medico_id = :m"), {"m": medico.id}).one()


def test_confirmations_reversals_and_outcomes_keep_the_confirmed_counters_equal_to_the_history(red, cita_factory):
    def nueva(i, medico=red.m1):
        return cita_factory(red.pacientes[i % 4], medico, red.a, fecha=date(2024, 1, 8 + i), hora_inicio=time(9))

    atendida_paciente, perdida_personal, deshecha, rehecha, perdida_revertida, sin_confirmar = (
        nueva(i) for i in range(6))
    cambio(atendida_paciente, Estado.CONFIRMADA, por_paciente=True)
    for estado in (Estado.EN_ESPERA, Estado.EN_CONSULTA, Estado.COMPLETADA):
        cambio(atendida_paciente, estado)
    cambio(perdida_personal, Estado.CONFIRMADA)
    cambio(perdida_personal, Estado.NO_ASISTIO)
    cambio(deshecha, Estado.CONFIRMADA, por_paciente=True)
    cambio(deshecha, Estado.NUEVA, revierte=True)  # the confirmation undone: it does not count
    cambio(deshecha, Estado.NO_ASISTIO)
    cambio(rehecha, Estado.CONFIRMADA, por_paciente=True)
    cambio(rehecha, Estado.NUEVA, revierte=True)
    cambio(rehecha, Estado.CONFIRMADA, revierte=True)  # redone by an administrator: still the patient's
    cambio(rehecha, Estado.NO_ASISTIO)
    cambio(perdida_revertida, Estado.CONFIRMADA, por_paciente=True)
    cambio(perdida_revertida, Estado.NO_ASISTIO)
    cambio(perdida_revertida, Estado.CONFIRMADA, revierte=True)  # the no-show undone; the confirmation stands
    assert_rollups_al_dia()
    assert _confirmadas(db.session, red.m1) == (1, 2, 2)
    cambio(perdida_revertida, Estado.NO_ASISTIO, revierte=True)  # and redone
    cambio(sin_confirmar, Estado.NO_ASISTIO)
    assert_rollups_al_dia()
    assert _confirmadas(db.session, red.m1) == (1, 3, 3)
    assert [c.confirmacion for c in (atendida_paciente, perdida_personal, deshecha, rehecha, perdida_revertida,
                                     sin_confirmar)] == [2, 1, 0, 2, 2, 0]

    # Moving a confirmed outcome to another doctor and day moves its counters; deleting it removes them.
    db.session.execute(text("UPDATE medical.citas SET medico_id = :m, fecha = '2024-02-01' WHERE id = :c"),
                       {"m": red.m2.id, "c": perdida_personal.id})
    assert_rollups_al_dia()
    assert _confirmadas(db.session, red.m2) == (0, 1, 0)
    with como_dueno():  # the history is append-only for the application
        db.session.execute(text("DELETE FROM medical.citas_estados WHERE cita_id = :c"), {"c": atendida_paciente.id})
        db.session.execute(text("DELETE FROM medical.citas WHERE id = :c"), {"c": atendida_paciente.id})
    assert_rollups_al_dia()


def test_history_rows_written_in_one_statement_or_after_the_outcome_decide_by_their_order(red, cita_factory):
    # An import: appointments already closed, their history loaded afterwards in one statement, two rows of the
    # same appointment in it (the later one wins).
    citas = [cita_factory(red.pacientes[i], red.m1, red.b, fecha=date(2024, 3, 4), hora_inicio=time(9 + i),
                          estado_id=estado) for i, estado in enumerate((Estado.COMPLETADA, Estado.NO_ASISTIO,
                                                                        Estado.NO_ASISTIO))]
    db.session.execute(text(
        "INSERT INTO medical.citas_estados (cita_id, estado_anterior_id, estado_id, por_paciente, revierte) VALUES"
        " (:a, 1, 2, true, false), (:b, 1, 2, false, false), (:c, 1, 2, true, false), (:c, 2, 1, false, true)"),
        {"a": citas[0].id, "b": citas[1].id, "c": citas[2].id})
    assert_rollups_al_dia()
    assert _confirmadas(db.session, red.m1) == (1, 1, 1)


def test_confirming_an_appointment_still_open_writes_no_rollup_row(red, cita_factory):
    cita = cita_factory(red.pacientes[0], red.m1, red.a, fecha=date(2024, 1, 8), estado_id=Estado.CONFIRMADA)
    estados = ("SELECT (SELECT string_agg(xmin::text, ',' ORDER BY fecha, medico_id) FROM medical.citas_por_dia),"
               " (SELECT string_agg(xmin::text, ',' ORDER BY mes, medico_id) FROM medical.citas_por_mes),"
               " (SELECT string_agg(xmin::text, ',' ORDER BY mes) FROM medical.citas_por_mes_sucursal)")
    antes = db.session.execute(text(estados)).one()
    db.session.execute(text("SAVEPOINT antes_de_confirmar"))  # a new subtransaction: a write would show in xmin
    for anterior, estado, revierte in ((1, 2, False), (2, 1, True), (1, 2, True)):  # confirmed, undone, redone
        db.session.add(CambioEstadoCita(cita_id=cita.id, estado_anterior_id=anterior, estado_id=estado,
                                        revierte=revierte))
        db.session.flush()
        assert db.session.scalar(text("SELECT confirmacion FROM medical.citas WHERE id = :c"),
                                 {"c": cita.id}) == (0 if estado == 1 else 1)
    assert db.session.execute(text(estados)).one() == antes
    assert_rollups_al_dia()


def test_the_back_fill_and_the_rebuild_count_the_confirmations_the_triggers_kept(red, cita_factory):
    for i, (estado, paciente) in enumerate(((Estado.COMPLETADA, True), (Estado.NO_ASISTIO, False),
                                            (Estado.NO_ASISTIO, True))):
        cita = cita_factory(red.pacientes[i], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(9 + i))
        cambio(cita, Estado.CONFIRMADA, por_paciente=paciente)
        cambio(cita, estado)
    cambio(cita, Estado.CONFIRMADA, revierte=True)
    sin_confirmar = cita_factory(red.pacientes[3], red.m1, red.a, fecha=date(2024, 1, 8), hora_inicio=time(13),
                                 estado_id=Estado.NO_ASISTIO)
    mantenidos = rollups(db.session)
    db.session.execute(text("SELECT medical.resumenes_reconstruir()"))
    assert rollups(db.session) == mantenidos
    for falso in (0, 2):  # as before the migration (no value yet), or values written behind the trigger's back
        with como_dueno():
            db.session.execute(text("UPDATE medical.citas SET confirmacion = :v"), {"v": falso})
            db.session.execute(text("SELECT medical.citas_confirmacion_reconstruir()"))
        assert rollups(db.session) == mantenidos
        assert_rollups_al_dia()
    with como_dueno():  # the full rebuild sets them too
        db.session.execute(text("UPDATE medical.citas SET confirmacion = 1 WHERE id = :c"), {"c": sin_confirmar.id})
        db.session.execute(text("SELECT medical.resumenes_reconstruir()"))
    assert rollups(db.session) == mantenidos
    assert_rollups_al_dia()
