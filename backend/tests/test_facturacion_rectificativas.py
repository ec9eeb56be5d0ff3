"""Credit notes (facturas rectificativas): amounts, the corrected invoice's rectified amount and balance, their own
gapless series, the fingerprint chain, the refusals, the scope, the audit and net revenue in the reports.

Concurrent credit notes: test_rectificativas_caja_concurrencia.py."""
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import ConfiguracionClinica, DetalleFactura, Factura, SerieFactura
from app.services import huellas_service
from tests.conftest import como_dueno
from tests.facturacion_util import (FACTURAS, auditorias, devolver, emitir, pagar, rectificar, ver)


@pytest.fixture
def e(api_as, sucursal_factory, paciente_factory, servicio_factory):
    """A branch, a patient, a billing clerk and two services: a consultation of 100.00 at 16 % and a supply of
    0.05 at 10 % (whose tax is half a cent a unit)."""
    return SimpleNamespace(
        api=api_as("Facturación"), sucursal=sucursal_factory(), paciente=paciente_factory(),
        consulta=servicio_factory(nombre="Consulta", precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00")),
        material=servicio_factory(nombre="Gasas", precio=Decimal("0.05"), impuesto_porcentaje=Decimal("10.00")),
    )


def _factura(e, consultas=2, materiales=3, sucursal="la del escenario"):
    """Consulta × 2 (200.00 + 32.00) and Gasas × 3 (0.15 + 0.02): 232.17."""
    lineas = [(s, n) for s, n in ((e.consulta, consultas), (e.material, materiales)) if n]
    return emitir(e.api, e.paciente, lineas, e.sucursal if sucursal == "la del escenario" else sucursal)


def _detalle(factura, n):
    return factura["detalles"][n]["id"]


# --- amounts -------------------------------------------------------------------------------------

def test_a_full_credit_note_mirrors_the_invoice_with_negative_amounts_and_cites_it(e):
    factura = _factura(e)
    assert factura["total"] == "232.17" and factura["tipo"] == "ordinaria" and factura["rectificado"] == "0.00"

    r = rectificar(e.api, factura["id"], motivo="Paciente con seguro: se factura a la aseguradora")

    assert r.status_code == 201, r.json
    nota = r.json
    serie = f"R{e.sucursal.id:03d}"
    assert (nota["tipo"], nota["serie"], nota["numero"], nota["numero_factura"]) == (
        "rectificativa", serie, 1, f"{serie}-000001")
    assert (nota["subtotal"], nota["impuesto"], nota["total"]) == ("-200.15", "-32.02", "-232.17")
    assert nota["factura_rectificada_id"] == factura["id"]
    assert nota["factura_rectificada_numero"] == factura["numero_factura"]
    assert nota["motivo_rectificacion"] == "Paciente con seguro: se factura a la aseguradora"
    assert (nota["estado"], nota["rectificado"], nota["saldo"], nota["pagos"]) == ("pagada", "0.00", "0.00", [])
    assert (nota["paciente_id"], nota["sucursal_id"]) == (factura["paciente_id"], factura["sucursal_id"])
    assert [(d["descripcion"], d["cantidad"], d["precio_unitario"], d["subtotal"], d["impuesto"],
             d["detalle_rectificado_id"]) for d in nota["detalles"]] == [
        ("Consulta", -2, "100.00", "-200.00", "-32.00", _detalle(factura, 0)),
        ("Gasas", -3, "0.05", "-0.15", "-0.02", _detalle(factura, 1)),
    ]

    original = ver(e.api, factura["id"])
    assert (original["rectificado"], original["saldo"], original["estado"]) == ("232.17", "0.00", "pagada")
    assert [(n["id"], n["numero_factura"], n["total"]) for n in original["rectificativas"]] == [
        (nota["id"], nota["numero_factura"], "-232.17")]
    assert [d["cantidad_rectificable"] for d in original["detalles"]] == [0, 0]
    assert all(d["detalle_rectificado_id"] is None for d in original["detalles"])
    # The credit note's own view cites the invoice, lists no credit notes of its own and nothing to rectify.
    vista = ver(e.api, nota["id"])
    assert vista["factura_rectificada_numero"] == factura["numero_factura"] and vista["rectificativas"] == []


def test_a_partial_credit_note_uses_the_invoice_arithmetic_on_the_quantity_taken_back(e):
    factura = _factura(e)

    r = rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1), (_detalle(factura, 1), 1)])

    assert r.status_code == 201, r.json
    # 1 × 100.00 at 16 %: 100.00 + 16.00; 1 × 0.05 at 10 %: 0.05 + 0.005 → 0.01 (half-up).
    assert [(d["cantidad"], d["subtotal"], d["impuesto"]) for d in r.json["detalles"]] == [
        (-1, "-100.00", "-16.00"), (-1, "-0.05", "-0.01")]
    assert (r.json["subtotal"], r.json["impuesto"], r.json["total"]) == ("-100.05", "-16.01", "-116.06")
    original = ver(e.api, factura["id"])
    assert (original["rectificado"], original["saldo"], original["estado"]) == ("116.06", "116.11", "pendiente")
    assert [d["cantidad_rectificable"] for d in original["detalles"]] == [1, 2]
    assert [(d["subtotal_rectificable"], d["impuesto_rectificable"]) for d in original["detalles"]] == [
        ("100.00", "16.00"), ("0.10", "0.01")]


def test_the_credit_notes_of_a_line_add_up_to_exactly_the_line_the_last_one_taking_what_is_left(e):
    # 3 × 0.05 at 10 %: 0.15 + 0.015 → 0.02. One unit alone: 0.05 + 0.005 → 0.01.
    factura = _factura(e, consultas=0, materiales=3)
    assert (factura["subtotal"], factura["impuesto"]) == ("0.15", "0.02")

    notas = [rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)]) for _ in range(3)]

    assert [r.status_code for r in notas] == [201] * 3
    assert [(r.json["detalles"][0]["subtotal"], r.json["detalles"][0]["impuesto"]) for r in notas] == [
        ("-0.05", "-0.01"), ("-0.05", "-0.01"), ("-0.05", "0.00")]
    assert [r.json["total"] for r in notas] == ["-0.06", "-0.06", "-0.05"]
    original = ver(e.api, factura["id"])
    assert original["rectificado"] == original["total"] == "0.17" and original["saldo"] == "0.00"
    assert rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)]).json["reason"] == "RECTIFICACION_EXCEDE"


def test_single_unit_credit_notes_never_take_more_tax_than_the_line_has(e):
    # 4 × 0.05 at 10 %: 0.20 + 0.02 (0.020). Each unit alone rounds its half cent up to 0.01: three such notes
    # would take 0.03 of a line whose tax is 0.02, and the fourth (the last unit: what is left) would get a tax
    # of 0.02 − 0.03 = +0.01, a positive tax on a credit note's line. The notes of a line add up to exactly the
    # line, and each of them can be issued.
    factura = _factura(e, consultas=0, materiales=4)
    assert (factura["subtotal"], factura["impuesto"], factura["total"]) == ("0.20", "0.02", "0.22")
    linea = _detalle(factura, 0)

    notas = [rectificar(e.api, factura["id"], [(linea, 1)]) for _ in range(4)]

    assert [r.status_code for r in notas] == [201] * 4, [r.json for r in notas]
    impuestos = [Decimal(r.json["detalles"][0]["impuesto"]) for r in notas]
    assert all(i <= 0 for i in impuestos), impuestos
    assert sum(impuestos) == Decimal("-0.02") and sum(Decimal(r.json["subtotal"]) for r in notas) == Decimal("-0.20")
    assert ver(e.api, factura["id"])["rectificado"] == "0.22"


def test_a_full_rectification_after_partial_ones_takes_only_what_is_left(e):
    factura = _factura(e)
    assert rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1), (_detalle(factura, 1), 2)]).status_code == 201

    r = rectificar(e.api, factura["id"])

    assert r.status_code == 201, r.json
    # What is left: 1 consultation (100.00 + 16.00) and 1 unit of gauze, whose tax is what the line has left:
    # 0.02 − 0.01 (the earlier note's 2 units: 0.10 + 0.01).
    assert [(d["cantidad"], d["subtotal"], d["impuesto"]) for d in r.json["detalles"]] == [
        (-1, "-100.00", "-16.00"), (-1, "-0.05", "-0.01")]
    assert r.json["total"] == "-116.06"
    original = ver(e.api, factura["id"])
    assert original["rectificado"] == original["total"] == "232.17"
    assert [d["cantidad_rectificable"] for d in original["detalles"]] == [0, 0]
    lineas = db.session.execute(select(DetalleFactura.detalle_rectificado_id, db.func.sum(DetalleFactura.subtotal),
                                       db.func.sum(DetalleFactura.impuesto))
                                .where(DetalleFactura.detalle_rectificado_id.is_not(None))
                                .group_by(DetalleFactura.detalle_rectificado_id)).all()
    assert sorted(lineas) == sorted([(_detalle(factura, 0), Decimal("-200.00"), Decimal("-32.00")),
                                     (_detalle(factura, 1), Decimal("-0.15"), Decimal("-0.02"))])
    # Nothing is left: neither a full nor a partial credit note passes.
    for otra in (rectificar(e.api, factura["id"]), rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)])):
        assert otra.status_code == 409 and otra.json["reason"] == "RECTIFICACION_EXCEDE"


def test_rectifying_more_units_than_are_left_is_refused_and_takes_nothing(e):
    factura = _factura(e)
    rectificar(e.api, factura["id"], [(_detalle(factura, 1), 2)])

    r = rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1), (_detalle(factura, 1), 2)])

    assert r.status_code == 409 and r.json["reason"] == "RECTIFICACION_EXCEDE"
    assert "Gasas" in r.json["message"]
    original = ver(e.api, factura["id"])
    assert original["rectificado"] == "0.11" and len(original["rectificativas"]) == 1
    assert db.session.scalar(select(SerieFactura.ultimo_numero).where(SerieFactura.tipo == "rectificativa")) == 1


# --- balance and state ---------------------------------------------------------------------------

def test_rectifying_what_was_still_unpaid_settles_the_invoice(e):
    factura = _factura(e)  # 232.17
    assert pagar(e.api, factura["id"], "116.17").json["estado"] == "pendiente"

    rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)])  # 116.00

    original = ver(e.api, factura["id"])
    assert (original["pagado"], original["rectificado"], original["saldo"], original["estado"]) == (
        "116.17", "116.00", "0.00", "pagada")
    r = pagar(e.api, factura["id"], "0.01")
    assert r.status_code == 409 and r.json["reason"] == "PAGO_EXCEDE_SALDO"


def test_rectifying_a_paid_invoice_leaves_a_negative_balance_until_the_money_goes_back(e):
    factura = _factura(e, materiales=0)  # 232.00
    pagar(e.api, factura["id"], "232.00", "tarjeta")

    rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)])

    original = ver(e.api, factura["id"])
    assert (original["saldo"], original["estado"]) == ("-116.00", "pagada")  # the clinic owes the patient 116.00
    r = devolver(e.api, factura["id"], "116.00", "tarjeta")
    assert r.status_code == 201 and (r.json["saldo"], r.json["estado"]) == ("0.00", "pagada")


def test_a_partial_credit_note_of_an_unpaid_invoice_keeps_it_pending_with_the_rest_to_pay(e):
    factura = _factura(e, materiales=0)
    rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)])
    original = ver(e.api, factura["id"])
    assert (original["saldo"], original["estado"]) == ("116.00", "pendiente")
    assert pagar(e.api, factura["id"], "116.00").json["estado"] == "pagada"


# --- refusals ------------------------------------------------------------------------------------

def test_a_cancelled_invoice_cannot_be_rectified(e):
    factura = _factura(e)
    e.api.post(f"{FACTURAS}/{factura['id']}/anular", json={"motivo": "Emitida por error"})
    r = rectificar(e.api, factura["id"])
    assert r.status_code == 409 and r.json["reason"] == "FACTURA_ANULADA"


def test_a_credit_note_cannot_be_paid_refunded_rectified_or_cancelled(e):
    factura = _factura(e)
    nota = rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)]).json

    respuestas = [
        pagar(e.api, nota["id"], "1.00"), devolver(e.api, nota["id"], "1.00"), rectificar(e.api, nota["id"]),
        rectificar(e.api, nota["id"], [(_detalle(nota, 0), 1)]),
        e.api.post(f"{FACTURAS}/{nota['id']}/anular", json={"motivo": "No procede"}),
    ]

    assert [(r.status_code, r.json["reason"]) for r in respuestas] == [(409, "FACTURA_RECTIFICATIVA")] * 5
    vista = ver(e.api, nota["id"])
    assert (vista["estado"], vista["pagos"], vista["total"]) == ("pagada", [], "-116.00")


def test_an_invoice_with_credit_notes_cannot_be_cancelled(e):
    factura = _factura(e)
    rectificar(e.api, factura["id"], [(_detalle(factura, 1), 1)])
    r = e.api.post(f"{FACTURAS}/{factura['id']}/anular", json={"motivo": "Emitida por error"})
    assert r.status_code == 409 and r.json["reason"] == "FACTURA_RECTIFICADA"
    assert ver(e.api, factura["id"])["estado"] == "pendiente"


@pytest.fixture
def cortesia(e, servicio_factory):
    """An invoice of a consultation and a free courtesy check-up (0.00), and a credit note of the free line only:
    a credit note of 0.00, so the invoice's ``rectificado`` stays 0.00."""
    gratis = servicio_factory(nombre="Revisión de cortesía", precio=Decimal("0.00"))
    factura = emitir(e.api, e.paciente, [(e.consulta, 1), (gratis, 1)], e.sucursal)
    nota = rectificar(e.api, factura["id"], [(_detalle(factura, 1), 1)])
    assert nota.status_code == 201 and nota.json["total"] == "0.00"
    return factura, nota.json


def test_a_free_line_taken_back_by_a_credit_note_is_no_longer_rectifiable(e, cortesia):
    factura, nota = cortesia
    vista = ver(e.api, factura["id"])
    assert [n["id"] for n in vista["rectificativas"]] == [nota["id"]]
    assert [d["cantidad_rectificable"] for d in vista["detalles"]] == [1, 0]
    assert rectificar(e.api, factura["id"], [(_detalle(factura, 1), 1)]).json["reason"] == "RECTIFICACION_EXCEDE"


def test_an_invoice_whose_only_credit_note_is_of_zero_cannot_be_cancelled_either(e, cortesia):
    factura, _ = cortesia
    r = e.api.post(f"{FACTURAS}/{factura['id']}/anular", json={"motivo": "Emitida por error"})
    assert r.status_code == 409 and r.json["reason"] == "FACTURA_RECTIFICADA"


def test_a_line_of_another_invoice_or_a_repeated_line_is_refused_with_422(e):
    factura, otra = _factura(e), _factura(e)
    db.session.commit()

    ajena = rectificar(e.api, factura["id"], [(_detalle(otra, 0), 1)])
    repetida = rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1), (_detalle(factura, 0), 1)])

    assert ajena.status_code == 422 and "0" in ajena.json["errors"]["lineas"]
    assert repetida.status_code == 422 and "1" in repetida.json["errors"]["lineas"]
    assert ver(e.api, factura["id"])["rectificado"] == ver(e.api, otra["id"])["rectificado"] == "0.00"


@pytest.mark.parametrize("cuerpo, campo", [
    ({}, "motivo"),
    ({"motivo": "   "}, "motivo"),
    ({"motivo": "x", "lineas": []}, "lineas"),
    ({"motivo": "x", "lineas": [{"detalle_id": 1, "cantidad": 0}]}, "lineas"),
    ({"motivo": "x", "lineas": [{"detalle_id": 1, "cantidad": -1}]}, "lineas"),
    ({"motivo": "x", "lineas": [{"detalle_id": 1}]}, "lineas"),
    ({"motivo": "x", "lineas": [{"detalle_id": 1, "cantidad": "1"}]}, "lineas"),
    ({"motivo": "x", "total": "-10.00"}, "total"),
])
def test_an_invalid_rectification_request_is_422(e, cuerpo, campo):
    factura = _factura(e)
    db.session.commit()
    r = e.api.post(f"{FACTURAS}/{factura['id']}/rectificar", json=cuerpo)
    assert r.status_code == 422 and campo in r.json["errors"], r.json


def test_the_database_refuses_more_rectified_than_the_total_even_from_the_owner(e):
    factura = _factura(e)
    with (como_dueno(), pytest.raises(IntegrityError, match="ck_facturas_rectificado_hasta_total"),
          db.session.begin_nested()):
        db.session.execute(text("UPDATE billing.facturas SET rectificado = total + 0.01 WHERE id = :id"),
                           {"id": factura["id"]})


# --- numbering -----------------------------------------------------------------------------------

def test_credit_notes_have_their_own_gapless_series_per_branch_beside_the_invoices(e, sucursal_factory):
    otra = sucursal_factory()
    a1, a2, b1 = _factura(e), _factura(e), _factura(e, sucursal=otra)

    numeros = [rectificar(e.api, f["id"], [(_detalle(f, 1), 1)]).json["numero_factura"] for f in (a1, b1, a2, a1)]

    ra, rb = f"R{e.sucursal.id:03d}", f"R{otra.id:03d}"
    assert numeros == [f"{ra}-000001", f"{rb}-000001", f"{ra}-000002", f"{ra}-000003"]
    # The invoices' own series goes on where it was.
    assert _factura(e)["numero_factura"] == f"S{e.sucursal.id:03d}-000003"
    series = {s.serie: (s.tipo, s.sucursal_id, s.ultimo_numero) for s in db.session.scalars(select(SerieFactura))}
    assert series[ra] == ("rectificativa", e.sucursal.id, 3) and series[rb] == ("rectificativa", otra.id, 1)
    assert series[f"S{e.sucursal.id:03d}"] == ("ordinaria", e.sucursal.id, 3)


def test_in_single_series_mode_and_without_branch_credit_notes_use_the_R_series(e):
    config = db.session.get(ConfiguracionClinica, 1)
    config.modo_series = "unica"
    db.session.flush()
    con_sucursal, sin_sucursal = _factura(e), _factura(e, sucursal=None)

    numeros = [rectificar(e.api, f["id"], [(_detalle(f, 0), 1)]).json["numero_factura"]
               for f in (con_sucursal, sin_sucursal)]

    assert (con_sucursal["numero_factura"], sin_sucursal["numero_factura"]) == ("F-000001", "F-000002")
    assert numeros == ["R-000001", "R-000002"]


def test_an_invoice_of_an_appointment_can_be_rectified_and_the_credit_note_keeps_the_appointment(
        e, medico_factory, cita_factory):
    cita = cita_factory(e.paciente, medico_factory(), e.sucursal)
    factura = e.api.post(FACTURAS, json={"paciente_id": e.paciente.id, "cita_id": cita.id,
                                         "detalles": [{"servicio_id": e.consulta.id, "cantidad": 1}]}).json

    r = rectificar(e.api, factura["id"])

    assert r.status_code == 201, r.json
    assert r.json["cita_id"] == cita.id


def test_an_appointment_whose_invoice_was_wholly_rectified_can_be_invoiced_again_but_not_twice(
        e, medico_factory, cita_factory):
    cita = cita_factory(e.paciente, medico_factory(), e.sucursal)
    cuerpo = {"paciente_id": e.paciente.id, "cita_id": cita.id,
              "detalles": [{"servicio_id": e.consulta.id, "cantidad": 2}]}
    factura = e.api.post(FACTURAS, json=cuerpo).json
    assert rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)]).status_code == 201
    assert e.api.post(FACTURAS, json=cuerpo).json["reason"] == "CITA_YA_FACTURADA"  # half of it still stands

    assert rectificar(e.api, factura["id"]).status_code == 201
    segunda = e.api.post(FACTURAS, json=cuerpo)

    assert segunda.status_code == 201, segunda.json
    assert segunda.json["cita_id"] == cita.id
    assert e.api.post(FACTURAS, json=cuerpo).json["reason"] == "CITA_YA_FACTURADA"


# --- the fingerprint chain -----------------------------------------------------------------------

def _verificar(app):
    return app.test_cli_runner().invoke(args=["facturas", "verificar"])


@pytest.fixture
def con_notas(e):
    """Two invoices and three credit notes of them (one series of invoices, one of credit notes)."""
    f1, f2 = _factura(e), _factura(e)
    notas = [rectificar(e.api, f["id"], lineas).json
             for f, lineas in ((f1, [(_detalle(f1, 0), 1)]), (f2, None), (f1, [(_detalle(f1, 1), 3)]))]
    return f1, f2, notas


def test_credit_notes_are_chained_in_their_series_and_the_verifier_accepts_them(app, con_notas):
    _, _, notas = con_notas
    assert notas[0]["huella_anterior"] is None
    assert [n["huella_anterior"] for n in notas[1:]] == [n["huella"] for n in notas[:-1]]
    nota = db.session.get(Factura, notas[1]["id"])
    assert huellas_service.calcular_huella(nota, nota.detalles, notas[0]["huella"]) == nota.huella

    resultado = _verificar(app)

    assert resultado.exit_code == 0, resultado.output
    assert "íntegra: 5 facturas en 2 series" in resultado.output


@pytest.mark.parametrize("cambio", [
    "UPDATE billing.facturas SET motivo_rectificacion = 'Otro motivo' WHERE id = :nota",
    "UPDATE billing.facturas SET factura_rectificada_id = :otra WHERE id = :nota",
    "UPDATE billing.detalle_factura SET detalle_rectificado_id = (SELECT min(id) FROM billing.detalle_factura "
    "WHERE factura_id = :otra) WHERE factura_id = :nota",
], ids=["motivo", "factura_rectificada", "linea_rectificada"])
def test_a_tampered_credit_note_breaks_the_chain(app, con_notas, cambio):
    _, f2, notas = con_notas
    with como_dueno():  # only the owner (or a superuser) could do this behind the application's back
        db.session.execute(text(cambio), {"nota": notas[0]["id"], "otra": f2["id"]})
    db.session.expire_all()

    resultado = _verificar(app)

    assert resultado.exit_code == 1
    assert f"eslabón roto en factura {notas[0]['numero_factura']}" in resultado.output
    assert "alterada" in resultado.output
    assert not huellas_service.verificar().integra


def test_the_rectified_amount_and_payments_are_outside_the_fingerprint(app, e, con_notas):
    f1, _, _ = con_notas
    pagar(e.api, f1["id"], "10.00")
    devolver(e.api, f1["id"], "5.00")
    assert _verificar(app).exit_code == 0


# --- scope and audit -----------------------------------------------------------------------------

def test_a_billing_clerk_bound_to_a_branch_cannot_rectify_another_branchs_invoice(e, api_as, sucursal_factory):
    otra = sucursal_factory()
    factura = _factura(e, sucursal=otra)
    ligado = api_as("Facturación", sucursal=e.sucursal)
    db.session.commit()

    r = rectificar(ligado, factura["id"])

    assert r.status_code == 404 and factura["numero_factura"] not in r.get_data(as_text=True)
    assert ver(e.api, factura["id"])["rectificado"] == "0.00"
    propia = _factura(e)
    assert rectificar(ligado, propia["id"]).status_code == 201


def test_a_credit_note_is_audited_with_the_invoice_it_corrects(e):
    factura = _factura(e)
    nota = rectificar(e.api, factura["id"], [(_detalle(factura, 0), 1)], motivo="Descuento no aplicado").json

    [fila] = auditorias("factura_rectificada")

    assert (fila.entidad, fila.entidad_id, fila.paciente_id, fila.usuario_id) == (
        "factura", nota["id"], e.paciente.id, e.api.usuario.id)
    assert fila.detalle == {"numero_factura": nota["numero_factura"], "rectifica": factura["numero_factura"],
                            "total": "-116.00", "motivo": "Descuento no aplicado"}


# --- reports -------------------------------------------------------------------------------------

def test_revenue_is_net_of_credit_notes_and_payments_net_of_refunds(e, as_admin):
    f1, f2 = _factura(e, materiales=0), _factura(e, materiales=0)  # 232.00 each
    pagar(e.api, f1["id"], "232.00")
    pagar(e.api, f2["id"], "100.00", "tarjeta")
    rectificar(e.api, f1["id"], [(_detalle(f1, 0), 1)])  # −116.00
    devolver(e.api, f1["id"], "116.00")
    # The branch's calendar (Mexico City) is at most a day behind UTC: a window of three days holds today.
    hoy = date.today()
    periodo = {"desde": (hoy - timedelta(days=1)).isoformat(), "hasta": (hoy + timedelta(days=1)).isoformat(),
               "sucursal_id": e.sucursal.id}

    ingresos = as_admin.get("/api/reportes/ingresos", query_string=periodo)
    resumen = as_admin.get("/api/reportes/resumen", query_string=periodo)

    assert ingresos.status_code == 200, ingresos.json
    assert (ingresos.json["total_ingresos"], ingresos.json["total_pagos"]) == ("348.00", "216.00")
    assert resumen.status_code == 200 and resumen.json["ingresos"] == "348.00"
