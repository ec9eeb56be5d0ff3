"""The cash register (/api/caja/sesiones): opening with a float, payments and refunds joining the open session,
manual cash in and out, the closing figures against hand-computed ones, closed sessions that never change (also
in the database), the exigir_caja rule, arqueo.pdf, the branch scope of the roles and the audit.

Races (one open session per branch, a payment racing the close): test_rectificativas_caja_concurrencia.py."""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError, ProgrammingError

from app.extensions import db
from app.models import ConfiguracionClinica, SesionCaja
from app.schemas.caja import SesionCajaSchema
from app.services import caja_service
from tests.conftest import como_dueno
from tests.consultas import contar_consultas, sentencias_compiladas
from tests.facturacion_util import (CAJA, abrir_caja, auditorias, cerrar_caja, devolver, emitir, movimiento, pagar,
                                    ver)


@pytest.fixture
def e(api_as, sucursal_factory, paciente_factory, servicio_factory):
    """A branch, a billing clerk (who takes payments and runs the register), a patient and a service of 116.00
    (100.00 + 16 %)."""
    return SimpleNamespace(
        api=api_as("Facturación"), sucursal=sucursal_factory(nombre="Sucursal Centro"), paciente=paciente_factory(),
        servicio=servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00")),
    )


def _factura(e, unidades=1, sucursal="la del escenario"):
    return emitir(e.api, e.paciente, [(e.servicio, unidades)], e.sucursal if sucursal == "la del escenario" else sucursal)


def _sesion(api, sesion_id):
    r = api.get(f"{CAJA}/{sesion_id}")
    assert r.status_code == 200, r.json
    return r.json


def _cifras(sesion):
    return {clave: sesion[clave] for clave in ("fondo_inicial", "por_metodo", "ingresos", "egresos", "esperado",
                                               "contado", "diferencia")}


# --- opening -------------------------------------------------------------------------------------

def test_opening_the_register_starts_a_session_with_its_float(e):
    r = e.api.post(CAJA, json={"sucursal_id": e.sucursal.id, "fondo_inicial": "500.00"})

    assert r.status_code == 201, r.json
    s = r.json
    assert (s["sucursal_id"], s["sucursal"], s["estado"]) == (
        e.sucursal.id, {"id": e.sucursal.id, "nombre": "Sucursal Centro"}, "abierta")
    assert s["abierta_por"]["id"] == e.api.usuario.id and s["abierta_en"]
    assert (s["cerrada_por"], s["cerrada_en"], s["notas"], s["conteo"]) == (None, None, None, None)
    assert _cifras(s) == {"fondo_inicial": "500.00",
                          "por_metodo": {"efectivo": "0.00", "tarjeta": "0.00", "transferencia": "0.00"},
                          "ingresos": "0.00", "egresos": "0.00", "esperado": "500.00", "contado": None,
                          "diferencia": None}
    assert _sesion(e.api, s["id"])["movimientos"] == []


def test_a_second_open_session_at_the_same_branch_is_refused_but_another_branch_opens(e, sucursal_factory):
    abrir_caja(e.api, e.sucursal, "100.00")
    otra = sucursal_factory()
    db.session.commit()

    r = e.api.post(CAJA, json={"sucursal_id": e.sucursal.id, "fondo_inicial": "50.00"})

    assert r.status_code == 409 and r.json["reason"] == "CAJA_YA_ABIERTA"
    assert abrir_caja(e.api, otra)["estado"] == "abierta"


def test_after_closing_the_branch_can_open_a_new_session(e):
    sesion = abrir_caja(e.api, e.sucursal, "100.00")
    cerrar_caja(e.api, sesion["id"], "100.00")
    nueva = abrir_caja(e.api, e.sucursal, "80.00")
    assert nueva["id"] != sesion["id"] and nueva["esperado"] == "80.00"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"fondo_inicial": "-1.00"}, "fondo_inicial"),
    ({"fondo_inicial": "1.001"}, "fondo_inicial"),
    ({}, "fondo_inicial"),
    ({"fondo_inicial": "10.00", "sucursal_id": "1"}, "sucursal_id"),
    ({"fondo_inicial": "10.00", "estado": "cerrada"}, "estado"),
])
def test_an_invalid_opening_is_422(e, cuerpo, campo):
    db.session.commit()
    r = e.api.post(CAJA, json={"sucursal_id": e.sucursal.id, **cuerpo})
    assert r.status_code == 422 and campo in r.json["errors"], r.json


def test_opening_at_a_branch_that_does_not_exist_is_inactive_or_without_a_branch_is_422(e, sucursal_factory):
    cerrada = sucursal_factory(activo=False)
    db.session.commit()
    inexistente = e.api.post(CAJA, json={"sucursal_id": 999_999, "fondo_inicial": "0.00"})
    inactiva = e.api.post(CAJA, json={"sucursal_id": cerrada.id, "fondo_inicial": "0.00"})
    sin_sucursal = e.api.post(CAJA, json={"fondo_inicial": "0.00"})  # an unbound user must say which
    for r in (inexistente, inactiva, sin_sucursal):
        assert r.status_code == 422 and "sucursal_id" in r.json["errors"], r.json


def test_a_count_writing_one_bill_two_ways_is_one_denomination(e):
    sesion = abrir_caja(e.api, e.sucursal, "1000.00")

    r = cerrar_caja(e.api, sesion["id"], "1000.50", conteo={"500": 1, "500.00": 1, "0.5": 1})

    assert r.status_code == 200, r.json
    assert r.json["conteo"] == {"500": 2, "0.50": 1}


# --- payments and refunds join the open session ----------------------------------------------------

def test_payments_and_refunds_at_a_branch_with_an_open_session_join_it(e, sucursal_factory):
    sesion = abrir_caja(e.api, e.sucursal)
    factura = _factura(e)
    sin_caja = _factura(e, sucursal=sucursal_factory())
    sin_sucursal = _factura(e, sucursal=None)

    pago, devolucion = pagar(e.api, factura["id"], "116.00"), devolver(e.api, factura["id"], "16.00")
    otros = [pagar(e.api, f["id"], "10.00") for f in (sin_caja, sin_sucursal)]

    assert (pago.json["sesion_caja_id"], devolucion.json["sesion_caja_id"]) == (sesion["id"], sesion["id"])
    assert [r.json["sesion_caja_id"] for r in otros] == [None, None]
    assert [p["sesion_caja_id"] for p in ver(e.api, factura["id"])["pagos"]] == [sesion["id"]] * 2
    assert _sesion(e.api, sesion["id"])["por_metodo"]["efectivo"] == "100.00"


def test_a_payment_after_the_close_joins_no_session_and_leaves_the_closed_figures_alone(e):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    factura = _factura(e)
    pagar(e.api, factura["id"], "16.00")
    cerrada = cerrar_caja(e.api, sesion["id"], "26.00").json

    despues = pagar(e.api, factura["id"], "100.00")

    assert despues.status_code == 201 and despues.json["sesion_caja_id"] is None
    ahora = _sesion(e.api, sesion["id"])
    assert _cifras(ahora) == _cifras(cerrada)
    assert [m["monto"] for m in ahora["movimientos"]] == ["16.00"]


# --- closing figures -------------------------------------------------------------------------------

@pytest.fixture
def dia(e):
    """A day at the register, every figure computed by hand:

    float 500.00
    F1 116.00: cash payment 116.00, cash refund 16.00              → cash +100.00
    F2 232.00: card 200.00, transfer 30.00, card refund 20.00      → card +180.00, transfer +30.00
    F3 116.00: cash payment 50.00                                  → cash +50.00
    cash in 100.00 (change from the bank), cash out 40.00 (stationery)
    expected cash = 500.00 + 150.00 + 100.00 − 40.00 = 710.00
    """
    sesion = abrir_caja(e.api, e.sucursal, "500.00")
    f1, f2, f3 = _factura(e), _factura(e, 2), _factura(e)
    pagar(e.api, f1["id"], "116.00")
    devolver(e.api, f1["id"], "16.00")
    pagar(e.api, f2["id"], "200.00", "tarjeta")
    pagar(e.api, f2["id"], "30.00", "transferencia")
    devolver(e.api, f2["id"], "20.00", "tarjeta")
    pagar(e.api, f3["id"], "50.00")
    assert movimiento(e.api, sesion["id"], "ingreso", "100.00", "Cambio del banco").status_code == 201
    assert movimiento(e.api, sesion["id"], "egreso", "40.00", "Papelería").status_code == 201
    return sesion, (f1, f2, f3)


POR_METODO = {"efectivo": "150.00", "tarjeta": "180.00", "transferencia": "30.00"}


def test_the_open_session_shows_the_running_figures_and_every_movement(e, dia):
    sesion, (f1, f2, f3) = dia

    vista = _sesion(e.api, sesion["id"])

    assert _cifras(vista) == {"fondo_inicial": "500.00", "por_metodo": POR_METODO, "ingresos": "100.00",
                              "egresos": "40.00", "esperado": "710.00", "contado": None, "diferencia": None}
    movimientos = sorted((m["tipo"], m["monto"], m["metodo"], m["concepto"], m["numero_factura"], m["factura_id"])
                         for m in vista["movimientos"])
    assert movimientos == sorted([
        ("pago", "116.00", "efectivo", None, f1["numero_factura"], f1["id"]),
        ("devolucion", "-16.00", "efectivo", None, f1["numero_factura"], f1["id"]),
        ("pago", "200.00", "tarjeta", None, f2["numero_factura"], f2["id"]),
        ("pago", "30.00", "transferencia", None, f2["numero_factura"], f2["id"]),
        ("devolucion", "-20.00", "tarjeta", None, f2["numero_factura"], f2["id"]),
        ("pago", "50.00", "efectivo", None, f3["numero_factura"], f3["id"]),
        ("ingreso", "100.00", "efectivo", "Cambio del banco", None, None),
        ("egreso", "-40.00", "efectivo", "Papelería", None, None),
    ])
    assert {m["usuario"]["id"] for m in vista["movimientos"]} == {e.api.usuario.id}
    assert all(m["fecha"] for m in vista["movimientos"])


def test_closing_with_less_cash_than_expected_gives_a_negative_difference(e, dia):
    sesion, _ = dia
    cajero = e.api.usuario

    r = cerrar_caja(e.api, sesion["id"], "705.50", notas="Faltan 4.50",
                    conteo={"500": 1, "100": 2, "5": 1, "0.50": 1})

    assert r.status_code == 200, r.json
    assert _cifras(r.json) == {"fondo_inicial": "500.00", "por_metodo": POR_METODO, "ingresos": "100.00",
                               "egresos": "40.00", "esperado": "710.00", "contado": "705.50", "diferencia": "-4.50"}
    assert (r.json["estado"], r.json["notas"], r.json["conteo"]) == (
        "cerrada", "Faltan 4.50", {"500": 1, "100": 2, "5": 1, "0.50": 1})
    assert r.json["cerrada_por"]["id"] == cajero.id and r.json["cerrada_en"]
    assert "movimientos" not in r.json
    vista = _sesion(e.api, sesion["id"])
    assert _cifras(vista) == _cifras(r.json) and len(vista["movimientos"]) == 8
    # Frozen in the row: expected and counted.
    fila = db.session.execute(text("SELECT esperado, efectivo_contado FROM billing.sesiones_caja "
                                   "WHERE id = :id"), {"id": sesion["id"]}).one()
    assert fila == (Decimal("710.00"), Decimal("705.50"))


def test_closing_with_more_cash_than_expected_gives_a_positive_difference(e):
    sesion = abrir_caja(e.api, e.sucursal, "100.00")
    pagar(e.api, _factura(e)["id"], "116.00")

    r = cerrar_caja(e.api, sesion["id"], "220.00")

    assert (r.json["esperado"], r.json["contado"], r.json["diferencia"]) == ("216.00", "220.00", "4.00")
    assert r.json["conteo"] is None and r.json["notas"] is None


def test_closing_with_exactly_the_expected_cash_gives_no_difference(e):
    sesion = abrir_caja(e.api, e.sucursal, "20.00")
    factura = _factura(e, 2)
    pagar(e.api, factura["id"], "116.00")
    pagar(e.api, factura["id"], "116.00", "tarjeta")
    devolver(e.api, factura["id"], "16.00")

    r = cerrar_caja(e.api, sesion["id"], "120.00")

    assert r.json["por_metodo"] == {"efectivo": "100.00", "tarjeta": "116.00", "transferencia": "0.00"}
    assert (r.json["esperado"], r.json["contado"], r.json["diferencia"]) == ("120.00", "120.00", "0.00")


def test_a_count_that_does_not_add_up_to_the_counted_cash_is_refused(e):
    sesion = abrir_caja(e.api, e.sucursal, "100.00")
    db.session.commit()

    r = cerrar_caja(e.api, sesion["id"], "100.00", conteo={"50": 1, "20": 2})

    assert r.status_code == 422 and "conteo" in r.json["errors"] and "90.00" in str(r.json["errors"]["conteo"])
    assert _sesion(e.api, sesion["id"])["estado"] == "abierta"
    cuadra = cerrar_caja(e.api, sesion["id"], "100.00", conteo={"50": 1, "20": 2, "10": 1, "0.50": 0})
    assert cuadra.status_code == 200 and cuadra.json["diferencia"] == "0.00"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"efectivo_contado": "-1.00"}, "efectivo_contado"),
    ({}, "efectivo_contado"),
    ({"efectivo_contado": "10.00", "conteo": {"diez": 1}}, "conteo"),
    ({"efectivo_contado": "10.00", "conteo": {"0": 3}}, "conteo"),
    ({"efectivo_contado": "10.00", "conteo": {"10": -1}}, "conteo"),
    ({"efectivo_contado": "10.00", "conteo": {"10": "1"}}, "conteo"),
    ({"efectivo_contado": "10.00", "esperado": "10.00"}, "esperado"),
])
def test_an_invalid_close_is_422(e, cuerpo, campo):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    r = e.api.post(f"{CAJA}/{sesion['id']}/cerrar", json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"], r.json
    assert _sesion(e.api, sesion["id"])["estado"] == "abierta"


# --- manual cash in and out ----------------------------------------------------------------------

def test_cash_in_and_out_are_movements_with_their_concept(e):
    sesion = abrir_caja(e.api, e.sucursal, "50.00")

    entrada = movimiento(e.api, sesion["id"], "ingreso", "25.00", "Cambio")
    salida = movimiento(e.api, sesion["id"], "egreso", "10.00", "Mensajería")

    assert entrada.status_code == 201 and salida.status_code == 201
    assert (entrada.json["tipo"], entrada.json["monto"], entrada.json["metodo"], entrada.json["concepto"]) == (
        "ingreso", "25.00", "efectivo", "Cambio")
    assert (salida.json["tipo"], salida.json["monto"], salida.json["concepto"]) == ("egreso", "-10.00", "Mensajería")
    assert (salida.json["factura_id"], salida.json["numero_factura"]) == (None, None)
    assert salida.json["usuario"]["id"] == e.api.usuario.id and salida.json["id"] and salida.json["fecha"]
    vista = _sesion(e.api, sesion["id"])
    assert (vista["ingresos"], vista["egresos"], vista["esperado"]) == ("25.00", "10.00", "65.00")


def test_taking_out_more_cash_than_the_drawer_should_hold_is_refused(e):
    sesion = abrir_caja(e.api, e.sucursal, "50.00")
    pagar(e.api, _factura(e)["id"], "30.00", "tarjeta")  # card money is not in the drawer

    excede = movimiento(e.api, sesion["id"], "egreso", "50.01")

    assert excede.status_code == 409 and excede.json["reason"] == "CAJA_SIN_EFECTIVO"
    assert excede.json["disponible"] == "50.00"
    assert movimiento(e.api, sesion["id"], "egreso", "50.00").status_code == 201
    assert movimiento(e.api, sesion["id"], "egreso", "0.01").json["reason"] == "CAJA_SIN_EFECTIVO"
    assert _sesion(e.api, sesion["id"])["esperado"] == "0.00"


@pytest.mark.parametrize("cuerpo, campo", [
    ({"tipo": "retiro", "monto": "1.00", "concepto": "x"}, "tipo"),
    ({"tipo": "ingreso", "monto": "0.00", "concepto": "x"}, "monto"),
    ({"tipo": "ingreso", "monto": "-1.00", "concepto": "x"}, "monto"),
    ({"tipo": "ingreso", "monto": "1.00", "concepto": "  "}, "concepto"),
    ({"tipo": "ingreso", "monto": "1.00"}, "concepto"),
    ({"tipo": "ingreso", "monto": "1.00", "concepto": "x" * 201}, "concepto"),
])
def test_an_invalid_movement_is_422(e, cuerpo, campo):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    r = e.api.post(f"{CAJA}/{sesion['id']}/movimientos", json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"], r.json
    assert _sesion(e.api, sesion["id"])["movimientos"] == []


# --- a closed session never changes ----------------------------------------------------------------

@pytest.fixture
def cerrada(e):
    sesion = abrir_caja(e.api, e.sucursal, "100.00")
    pagar(e.api, _factura(e)["id"], "16.00")
    return cerrar_caja(e.api, sesion["id"], "116.00").json


def test_a_closed_session_takes_no_movement_and_no_second_close(e, cerrada):
    respuestas = [movimiento(e.api, cerrada["id"], "ingreso", "1.00"),
                  movimiento(e.api, cerrada["id"], "egreso", "1.00"),
                  cerrar_caja(e.api, cerrada["id"], "0.00")]

    assert [(r.status_code, r.json["reason"]) for r in respuestas] == [(409, "CAJA_CERRADA")] * 3
    assert _cifras(_sesion(e.api, cerrada["id"])) == _cifras(cerrada)


@pytest.mark.parametrize("sql", [
    "UPDATE billing.sesiones_caja SET efectivo_contado = 0 WHERE id = :id",
    "UPDATE billing.sesiones_caja SET estado = 'abierta', cerrada_por = NULL, cerrada_en = NULL, esperado = NULL, "
    "efectivo_contado = NULL WHERE id = :id",
    "DELETE FROM billing.sesiones_caja WHERE id = :id",
    "INSERT INTO billing.movimientos_caja (sesion_id, tipo, monto, concepto, usuario_id) "
    "SELECT id, 'egreso', 5, 'a escondidas', abierta_por FROM billing.sesiones_caja WHERE id = :id",
    "INSERT INTO billing.pagos (factura_id, monto, metodo, sesion_caja_id) "
    "SELECT max(f.id), 1, 'efectivo', :id FROM billing.facturas f",
], ids=["cambiar_contado", "reabrir", "borrar", "movimiento", "pago"])
def test_the_database_refuses_to_change_a_closed_session_even_from_the_owner(e, cerrada, sql):
    with como_dueno(), pytest.raises(IntegrityError, match="caja_cerrada"), db.session.begin_nested():
        db.session.execute(text(sql), {"id": cerrada["id"]})
    assert _cifras(_sesion(e.api, cerrada["id"])) == _cifras(cerrada)


def test_the_application_role_may_not_edit_or_delete_a_manual_movement(e):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    mov = movimiento(e.api, sesion["id"], "ingreso", "5.00").json
    for sql in ("UPDATE billing.movimientos_caja SET monto = 1 WHERE id = :id",
                "DELETE FROM billing.movimientos_caja WHERE id = :id"):
        with pytest.raises(ProgrammingError, match="InsufficientPrivilege"), db.session.begin_nested():
            db.session.execute(text(sql), {"id": mov["id"]})


# --- exigir_caja ---------------------------------------------------------------------------------

def test_with_exigir_caja_cash_needs_an_open_session_but_cards_do_not(e, as_admin):
    r = as_admin.patch("/api/configuracion", json={"exigir_caja": True})
    assert r.status_code == 200 and r.json["exigir_caja"] is True
    assert e.api.get("/api/configuracion").json["exigir_caja"] is True
    factura = _factura(e)
    db.session.commit()

    efectivo = pagar(e.api, factura["id"], "50.00")
    tarjeta = pagar(e.api, factura["id"], "50.00", "tarjeta")
    devolucion = devolver(e.api, factura["id"], "10.00")

    assert efectivo.status_code == 409 and efectivo.json["reason"] == "CAJA_CERRADA"
    assert tarjeta.status_code == 201 and tarjeta.json["sesion_caja_id"] is None
    assert devolucion.status_code == 409 and devolucion.json["reason"] == "CAJA_CERRADA"
    assert devolver(e.api, factura["id"], "10.00", "transferencia").status_code == 201
    sesion = abrir_caja(e.api, e.sucursal)
    con_caja = pagar(e.api, factura["id"], "50.00")
    assert con_caja.status_code == 201 and con_caja.json["sesion_caja_id"] == sesion["id"]
    assert devolver(e.api, factura["id"], "10.00").json["sesion_caja_id"] == sesion["id"]


def test_without_exigir_caja_cash_is_taken_without_a_session(e):
    assert db.session.get(ConfiguracionClinica, 1).exigir_caja is False
    r = pagar(e.api, _factura(e)["id"], "10.00")
    assert r.status_code == 201 and r.json["sesion_caja_id"] is None


# --- list ----------------------------------------------------------------------------------------

def test_the_list_is_newest_first_with_filters_and_without_movements(e, sucursal_factory):
    otra = sucursal_factory()
    primera = abrir_caja(e.api, e.sucursal, "10.00")
    cerrar_caja(e.api, primera["id"], "10.00")
    segunda = abrir_caja(e.api, e.sucursal, "20.00")
    de_otra = abrir_caja(e.api, otra, "30.00")

    todas = e.api.get(CAJA).json
    abiertas = e.api.get(CAJA, query_string={"estado": "abierta", "sucursal_id": e.sucursal.id}).json
    cerradas = e.api.get(CAJA, query_string={"estado": "cerrada"}).json

    assert [s["id"] for s in todas["items"]] == [de_otra["id"], segunda["id"], primera["id"]]
    assert (todas["total"], todas["page"], todas["pages"]) == (3, 1, 1) and "per_page" in todas
    assert all("movimientos" not in s for s in todas["items"])
    assert [s["id"] for s in abiertas["items"]] == [segunda["id"]]
    assert [(s["id"], s["diferencia"]) for s in cerradas["items"]] == [(primera["id"], "0.00")]
    assert e.api.get(CAJA, query_string={"estado": "otra"}).status_code == 422


def test_pages_of_the_list_follow_each_other_with_the_whole_total_even_past_the_last(e, api_as, sucursal_factory):
    otra = sucursal_factory()
    propias = []
    for fondo in ("1.00", "2.00", "3.00"):
        sesion = abrir_caja(e.api, e.sucursal, fondo)
        cerrar_caja(e.api, sesion["id"], fondo)
        propias.append(sesion["id"])
    abrir_caja(e.api, otra, "4.00")
    ligado = api_as("Facturación", sucursal=e.sucursal)
    db.session.commit()

    paginas = [ligado.get(CAJA, query_string={"page": p, "per_page": 2}).json for p in (1, 2, 3)]
    cerradas = ligado.get(CAJA, query_string={"estado": "cerrada", "per_page": 1, "page": 3}).json
    abiertas = ligado.get(CAJA, query_string={"estado": "abierta"}).json

    assert [[s["id"] for s in p["items"]] for p in paginas] == [propias[:0:-1], propias[:1], []]
    assert [(p["total"], p["pages"]) for p in paginas] == [(3, 2)] * 3
    assert ([s["id"] for s in cerradas["items"]], cerradas["total"]) == ([propias[0]], 3)
    assert (abiertas["items"], abiertas["total"], abiertas["pages"]) == ([], 0, 0)


def test_the_list_and_the_detail_show_a_session_as_its_schema_dumps_it(e, dia, sucursal_factory):
    """caja_service.sesion_json builds from a row what SesionCajaSchema would dump of the session: an open session
    with every kind of figure, and a closed one with notes, a count and a difference."""
    abierta, _ = dia
    otra = sucursal_factory()
    cerrada = abrir_caja(e.api, otra, "100.00")
    r = cerrar_caja(e.api, cerrada["id"], "90.50", notas="Faltan 9.50", conteo={"50": 1, "20": 2, "0.50": 1})
    assert r.status_code == 200, r.json
    sesiones = db.session.scalars(select(SesionCaja).where(SesionCaja.id.in_([abierta["id"], cerrada["id"]]))).all()
    for sesion in sesiones:  # as abrir and cerrar give it to the schema
        sesion.totales = caja_service._totales(sesion.id)
    esperadas = {s.id: SesionCajaSchema().dump(s) for s in sesiones}
    assert esperadas[cerrada["id"]]["diferencia"] == "-9.50" and esperadas[cerrada["id"]]["conteo"]
    listadas = {s["id"]: s for s in e.api.get(CAJA).json["items"]}
    assert {i: listadas[i] for i in esperadas} == esperadas
    assert {k: v for k, v in _sesion(e.api, abierta["id"]).items() if k != "movimientos"} == esperadas[abierta["id"]]


def test_the_list_and_the_detail_do_not_query_per_session_branch_or_cashier(e, api_as, sucursal_factory):
    """Branches and the users who opened and closed come with the sessions, whoever they are."""
    otra, otro = sucursal_factory(), api_as("Recepcionista")
    cerrar_caja(otro, abrir_caja(otro, otra, "10.00")["id"], "10.00")
    una = abrir_caja(e.api, e.sucursal, "20.00")
    solo_esa = {"sucursal_id": e.sucursal.id}
    db.session.expire_all()
    con_una = contar_consultas(lambda: e.api.get(CAJA, query_string=solo_esa))

    for _ in range(3):
        cajero, sucursal = api_as("Recepcionista"), sucursal_factory()
        cerrar_caja(otro, abrir_caja(cajero, sucursal, "5.00")["id"], "5.00")
    db.session.expire_all()
    lista = {}
    con_cinco = contar_consultas(lambda: lista.update(e.api.get(CAJA).json))
    db.session.expire_all()
    detalle = contar_consultas(lambda: e.api.get(f"{CAJA}/{una['id']}"))

    assert lista["total"] == 5 and {s["abierta_por"]["id"] for s in lista["items"]} >= {otro.usuario.id}
    assert con_cinco == con_una <= 3  # user, page with references and figures, count
    assert detalle <= 3  # user, the session with its references and figures, the movements
    with sentencias_compiladas() as compiladas:  # every statement comes from SQLAlchemy's cache
        e.api.get(CAJA, query_string=solo_esa), e.api.get(f"{CAJA}/{una['id']}")
    assert compiladas == []


# --- scope and roles -----------------------------------------------------------------------------

@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación"])
def test_a_user_bound_to_a_branch_works_only_with_her_branchs_register(e, api_as, sucursal_factory, rol):
    otra = sucursal_factory()
    ajena = abrir_caja(e.api, otra, "30.00")
    ligado = api_as(rol, sucursal=e.sucursal)
    db.session.commit()

    respuestas = [ligado.get(f"{CAJA}/{ajena['id']}"), ligado.get(f"{CAJA}/{ajena['id']}/arqueo.pdf"),
                  movimiento(ligado, ajena["id"], "ingreso", "1.00"), cerrar_caja(ligado, ajena["id"], "30.00")]
    abrir_otra = ligado.post(CAJA, json={"sucursal_id": otra.id, "fondo_inicial": "0.00"})

    assert [r.status_code for r in respuestas] == [404] * 4
    assert abrir_otra.status_code == 403  # as booking at another branch
    propia = ligado.post(CAJA, json={"fondo_inicial": "15.00"})  # her branch by default
    assert propia.status_code == 201 and propia.json["sucursal_id"] == e.sucursal.id
    assert [s["id"] for s in ligado.get(CAJA).json["items"]] == [propia.json["id"]]
    assert ligado.get(CAJA, query_string={"sucursal_id": otra.id}).json["items"] == []
    assert _sesion(e.api, ajena["id"])["estado"] == "abierta" and _sesion(e.api, ajena["id"])["movimientos"] == []


def test_a_receptionist_runs_the_register_but_a_doctor_cannot(e, api_as):
    recepcion, medico = api_as("Recepcionista"), api_as("Médico")
    db.session.commit()

    sesion = abrir_caja(recepcion, e.sucursal, "40.00")

    assert movimiento(recepcion, sesion["id"], "egreso", "5.00").status_code == 201
    assert cerrar_caja(recepcion, sesion["id"], "35.00").json["diferencia"] == "0.00"
    assert recepcion.get(f"{CAJA}/{sesion['id']}/arqueo.pdf").status_code == 200
    for r in (medico.get(CAJA), medico.get(f"{CAJA}/{sesion['id']}"),
              medico.post(CAJA, json={"sucursal_id": e.sucursal.id, "fondo_inicial": "0.00"})):
        assert r.status_code == 403


# --- audit ---------------------------------------------------------------------------------------

def test_every_write_of_the_register_is_audited(e):
    sesion = abrir_caja(e.api, e.sucursal, "60.00")
    entrada = movimiento(e.api, sesion["id"], "ingreso", "5.00", "Cambio").json
    salida = movimiento(e.api, sesion["id"], "egreso", "15.00", "Café").json
    cerrar_caja(e.api, sesion["id"], "49.00")

    filas = {accion: auditorias(accion, sesion["id"])
             for accion in ("caja_abierta", "caja_ingreso", "caja_egreso", "caja_cerrada")}

    assert all(len(f) == 1 and f[0].entidad == "sesion_caja" and f[0].usuario_id == e.api.usuario.id
               for f in filas.values()), filas
    assert filas["caja_abierta"][0].detalle == {"sucursal_id": e.sucursal.id, "fondo_inicial": "60.00"}
    assert filas["caja_ingreso"][0].detalle == {"movimiento_id": entrada["id"], "monto": "5.00", "concepto": "Cambio"}
    assert filas["caja_egreso"][0].detalle == {"movimiento_id": salida["id"], "monto": "15.00", "concepto": "Café"}
    assert filas["caja_cerrada"][0].detalle == {"esperado": "50.00", "contado": "49.00", "diferencia": "-1.00"}
