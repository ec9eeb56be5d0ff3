"""Issuing invoices: server-side arithmetic, snapshots, one invoice per appointment, immutability, scope, lists."""
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, DetalleFactura, Factura, SerieFactura
from tests.consultas import contar_consultas

URL = "/api/facturacion/facturas"


def lineas(*pares):
    return [{"servicio_id": s.id, "cantidad": c} for s, c in pares]


@pytest.fixture
def sucursal(sucursal_factory):
    return sucursal_factory()


@pytest.fixture
def paciente(paciente_factory):
    return paciente_factory()


@pytest.fixture
def facturador(api_as, sucursal):
    """A Facturación user not bound to any branch."""
    return api_as("Facturación")


def emitir(api, paciente, *pares, **extra):
    return api.post(URL, json={"paciente_id": paciente.id, "detalles": lineas(*pares), **extra})


# --- arithmetic ----------------------------------------------------------------------------------

def test_an_invoice_computes_line_amounts_taxes_and_totals_on_the_server(facturador, sucursal, paciente,
                                                                        servicio_factory):
    consulta = servicio_factory(nombre="Consulta general", precio=Decimal("500.00"), impuesto_porcentaje=Decimal("16"))
    curacion = servicio_factory(nombre="Curación", precio=Decimal("150.00"), impuesto_porcentaje=Decimal("0"))

    r = emitir(facturador, paciente, (consulta, 2), (curacion, 1), sucursal_id=sucursal.id)

    assert r.status_code == 201, r.json
    f = r.json
    assert (f["subtotal"], f["impuesto"], f["total"], f["saldo"], f["estado"]) == (
        "1150.00", "160.00", "1310.00", "1310.00", "pendiente")
    assert f["detalles"][0] == {"id": guardada_linea_id(f, 0), "servicio_id": consulta.id,
                                "descripcion": "Consulta general", "cantidad": 2, "precio_unitario": "500.00",
                                "subtotal": "1000.00", "impuesto_porcentaje": "16.00", "impuesto": "160.00",
                                "detalle_rectificado_id": None, "descuento": "0.00", "plan_item_id": None}
    assert (f["tipo"], f["rectificado"], f["factura_rectificada_id"]) == ("ordinaria", "0.00", None)
    assert f["numero_factura"] == f"S{sucursal.id:03d}-000001"
    assert f["pagos"] == [] and f["sucursal_id"] == sucursal.id and f["creado_por"] == facturador.usuario.id
    guardada = db.session.get(Factura, f["id"])
    assert guardada.total == Decimal("1310.00") and len(guardada.detalles) == 2


def guardada_linea_id(factura, i):
    return db.session.get(Factura, factura["id"]).detalles[i].id


def test_taxes_are_rounded_half_up_to_the_cent_per_line(facturador, paciente, servicio_factory):
    # 1.25 × 10 % = 0.125 → 0.13 (half-even would give 0.12); each line is rounded, then summed.
    servicio = servicio_factory(precio=Decimal("1.25"), impuesto_porcentaje=Decimal("10.00"))
    # 0.25 × 2 % = 0.005 → 0.01
    centavo = servicio_factory(precio=Decimal("0.25"), impuesto_porcentaje=Decimal("2.00"))

    r = emitir(facturador, paciente, (servicio, 1), (servicio, 1), (centavo, 1))

    assert r.status_code == 201, r.json
    assert [d["impuesto"] for d in r.json["detalles"]] == ["0.13", "0.13", "0.01"]
    assert (r.json["subtotal"], r.json["impuesto"], r.json["total"]) == ("2.75", "0.27", "3.02")


def test_a_fractional_tax_rate_is_applied_exactly(facturador, paciente, servicio_factory):
    servicio = servicio_factory(precio=Decimal("333.33"), impuesto_porcentaje=Decimal("10.50"))

    r = emitir(facturador, paciente, (servicio, 3))

    # 999.99 × 10.5 % = 104.99895 → 105.00
    assert (r.json["subtotal"], r.json["impuesto"], r.json["total"]) == ("999.99", "105.00", "1104.99")


def test_an_invoice_with_many_lines_sums_every_line(facturador, paciente, servicio_factory):
    servicios = [servicio_factory(precio=Decimal(f"{i}.{i % 100:02d}"), impuesto_porcentaje=Decimal("16"))
                 for i in range(1, 11)]
    pares = [(servicios[i % 10], i % 7 + 1) for i in range(200)]

    r = emitir(facturador, paciente, *pares)

    assert r.status_code == 201, r.json
    esperado_sub = sum(s.precio * c for s, c in pares)
    esperado_imp = sum((s.precio * c * 16 / Decimal(100)).quantize(Decimal("0.01"), rounding="ROUND_HALF_UP")
                       for s, c in pares)
    assert len(r.json["detalles"]) == 200
    assert Decimal(r.json["subtotal"]) == esperado_sub and Decimal(r.json["impuesto"]) == esperado_imp
    assert Decimal(r.json["total"]) == esperado_sub + esperado_imp
    assert db.session.scalar(select(db.func.count()).select_from(DetalleFactura)
                             .where(DetalleFactura.factura_id == r.json["id"])) == 200


def test_more_than_two_hundred_lines_or_none_are_refused(facturador, paciente, servicio_factory):
    servicio = servicio_factory()
    assert emitir(facturador, paciente, *[(servicio, 1)] * 201).status_code == 422
    vacia = emitir(facturador, paciente)
    assert vacia.status_code == 422 and "detalles" in vacia.json["errors"]


def test_large_quantities_are_computed_exactly(facturador, paciente, servicio_factory):
    servicio = servicio_factory(precio=Decimal("86206.89"), impuesto_porcentaje=Decimal("16.00"))

    r = emitir(facturador, paciente, (servicio, 999))

    # 86,206.89 × 999 = 86,120,683.11; 16 % = 13,779,309.2976 → 13,779,309.30
    assert r.status_code == 201, r.json
    assert (r.json["subtotal"], r.json["impuesto"], r.json["total"]) == (
        "86120683.11", "13779309.30", "99899992.41")


def test_amounts_beyond_what_an_invoice_can_hold_are_refused_in_spanish(facturador, paciente, servicio_factory):
    servicio = servicio_factory(precio=Decimal("99999999.99"), impuesto_porcentaje=Decimal("16.00"))

    r = emitir(facturador, paciente, (servicio, 999))

    assert r.status_code == 422
    assert "supera el máximo" in r.json["errors"]["detalles"][0]
    assert db.session.scalar(select(db.func.count()).select_from(Factura)) == 0
    assert db.session.scalar(select(db.func.count()).select_from(SerieFactura)) == 0


@pytest.mark.parametrize("cantidad", [0, 1000, -1, 1.5, "2"])
def test_quantities_outside_one_to_999_are_refused(facturador, paciente, servicio_factory, cantidad):
    servicio = servicio_factory()
    r = facturador.post(URL, json={"paciente_id": paciente.id,
                                   "detalles": [{"servicio_id": servicio.id, "cantidad": cantidad}]})
    assert r.status_code == 422 and "detalles" in r.json["errors"]


@pytest.mark.parametrize("campo", ["numero_factura", "total", "subtotal", "estado", "creado_por", "id"])
def test_clients_cannot_set_computed_fields(facturador, paciente, servicio_factory, campo):
    servicio = servicio_factory()
    r = facturador.post(URL, json={"paciente_id": paciente.id, "detalles": lineas((servicio, 1)), campo: "1"})
    assert r.status_code == 422 and campo in r.json["errors"]


def test_unknown_or_inactive_services_and_patients_are_refused(facturador, paciente, servicio_factory):
    inactivo = servicio_factory(activo=False)
    r = facturador.post(URL, json={"paciente_id": paciente.id,
                                   "detalles": [{"servicio_id": 999999, "cantidad": 1},
                                                {"servicio_id": inactivo.id, "cantidad": 1}]})
    assert r.status_code == 422
    assert r.json["errors"]["detalles"] == {"0": {"servicio_id": ["El servicio no existe."]},
                                            "1": {"servicio_id": ["El servicio está inactivo."]}}
    r = facturador.post(URL, json={"paciente_id": 999999, "detalles": lineas((servicio_factory(), 1))})
    assert r.status_code == 422 and "paciente_id" in r.json["errors"]


def test_a_free_invoice_is_paid_from_the_start(facturador, paciente, servicio_factory):
    gratis = servicio_factory(precio=Decimal("0.00"))
    r = emitir(facturador, paciente, (gratis, 1))
    assert r.status_code == 201 and r.json["estado"] == "pagada" and r.json["saldo"] == "0.00"


def test_issuing_writes_an_audit_row(facturador, paciente, servicio_factory):
    r = emitir(facturador, paciente, (servicio_factory(), 1))
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "factura_emitida"))
    assert (fila.entidad, fila.entidad_id, fila.paciente_id, fila.usuario_id) == (
        "factura", r.json["id"], paciente.id, facturador.usuario.id)


# --- appointments --------------------------------------------------------------------------------

@pytest.fixture
def cita(cita_factory, medico_factory, paciente, sucursal):
    return cita_factory(paciente, medico_factory(), sucursal)


def test_an_invoice_for_an_appointment_takes_the_appointments_branch(facturador, paciente, cita, servicio_factory):
    r = emitir(facturador, paciente, (servicio_factory(), 1), cita_id=cita.id)
    assert r.status_code == 201 and r.json["cita_id"] == cita.id and r.json["sucursal_id"] == cita.sucursal_id


def test_an_appointment_has_at_most_one_invoice_that_is_not_cancelled(facturador, paciente, cita, servicio_factory):
    servicio = servicio_factory()
    primera = emitir(facturador, paciente, (servicio, 1), cita_id=cita.id)
    segunda = emitir(facturador, paciente, (servicio, 1), cita_id=cita.id)
    assert segunda.status_code == 409 and segunda.json["reason"] == "CITA_YA_FACTURADA"

    facturador.post(f"{URL}/{primera.json['id']}/anular", json={"motivo": "Datos del paciente incorrectos"})
    tercera = emitir(facturador, paciente, (servicio, 1), cita_id=cita.id)
    assert tercera.status_code == 201
    assert tercera.json["numero"] == 2  # the refused attempt used no number


def test_the_database_refuses_a_second_active_invoice_for_an_appointment(paciente, cita, servicio_factory,
                                                                         factura_factory):
    from app.utils.errors import translate_integrity_error
    from sqlalchemy.exc import IntegrityError

    servicio = servicio_factory()
    factura_factory(paciente, servicio, cita=cita)
    with pytest.raises(IntegrityError) as error, db.session.begin_nested():
        factura_factory(paciente, servicio, cita=cita)
    assert translate_integrity_error(error.value).reason == "CITA_YA_FACTURADA"


def test_an_appointment_of_another_patient_is_refused(facturador, paciente_factory, cita, servicio_factory):
    r = emitir(facturador, paciente_factory(), (servicio_factory(), 1), cita_id=cita.id)
    assert r.status_code == 422 and "cita_id" in r.json["errors"]


# --- immutability --------------------------------------------------------------------------------

@pytest.mark.parametrize("metodo", ["delete", "put", "patch"])
def test_an_issued_invoice_can_never_be_edited_or_deleted(facturador, paciente, servicio_factory, metodo):
    r = emitir(facturador, paciente, (servicio_factory(), 1))
    respuesta = getattr(facturador, metodo)(f"{URL}/{r.json['id']}",
                                            **({} if metodo == "delete" else {"json": {"total": "1.00"}}))
    assert respuesta.status_code == 405
    assert respuesta.json["code"] == 405 and respuesta.json["message"]
    assert db.session.get(Factura, r.json["id"]).total == Decimal("580.00")


def test_a_catalog_price_change_does_not_alter_an_issued_invoice(facturador, paciente, servicio_factory):
    servicio = servicio_factory(nombre="Consulta", precio=Decimal("500.00"), impuesto_porcentaje=Decimal("16"))
    r = emitir(facturador, paciente, (servicio, 1))

    cambio = facturador.patch(f"/api/facturacion/servicios/{servicio.id}",
                              json={"precio": "800.00", "impuesto_porcentaje": "8", "nombre": "Consulta nueva"})

    assert cambio.status_code == 200 and cambio.json["precio"] == "800.00"
    despues = facturador.get(f"{URL}/{r.json['id']}").json
    assert despues["total"] == "580.00"
    assert despues["detalles"][0]["descripcion"] == "Consulta"
    assert despues["detalles"][0]["precio_unitario"] == "500.00"
    assert despues["detalles"][0]["impuesto_porcentaje"] == "16.00"


# --- roles and scope ------------------------------------------------------------------------------

@pytest.mark.parametrize("rol", ["Recepcionista", "Médico"])
def test_other_roles_cannot_see_or_issue_invoices(api_as, rol, paciente, servicio_factory):
    api = api_as(rol)
    assert api.get(URL).status_code == 403
    assert emitir(api, paciente, (servicio_factory(), 1)).status_code == 403


def test_invoices_need_a_login(anonimo):
    assert anonimo.get(URL).status_code == 401


def test_a_billing_clerk_of_a_branch_sees_only_that_branchs_invoices(api_as, as_admin, sucursal_factory, paciente,
                                                                      servicio_factory):
    norte, sur = sucursal_factory(), sucursal_factory()
    servicio = servicio_factory()
    de_norte = emitir(as_admin, paciente, (servicio, 1), sucursal_id=norte.id).json
    de_sur = emitir(as_admin, paciente, (servicio, 1), sucursal_id=sur.id).json
    clerk = api_as("Facturación", sucursal=norte)

    lista = clerk.get(URL).json
    assert [f["id"] for f in lista["items"]] == [de_norte["id"]] and lista["total"] == 1
    assert clerk.get(f"{URL}/{de_sur['id']}").status_code == 404
    assert clerk.get(f"{URL}/{de_sur['id']}/pdf").status_code == 404
    assert clerk.post(f"{URL}/{de_sur['id']}/pagos", json={"monto": "1.00", "metodo": "efectivo"}).status_code == 404
    assert clerk.post(f"{URL}/{de_sur['id']}/anular", json={"motivo": "x"}).status_code == 404
    assert clerk.get(URL, query_string={"sucursal_id": sur.id}).json["total"] == 0
    assert as_admin.get(URL).json["total"] == 2


def test_a_billing_clerk_of_a_branch_issues_in_that_branch_only(api_as, sucursal_factory, paciente,
                                                               servicio_factory):
    norte, sur = sucursal_factory(), sucursal_factory()
    clerk = api_as("Facturación", sucursal=norte)
    servicio = servicio_factory()

    propia = emitir(clerk, paciente, (servicio, 1))
    ajena = emitir(clerk, paciente, (servicio, 1), sucursal_id=sur.id)

    assert propia.status_code == 201 and propia.json["sucursal_id"] == norte.id
    assert ajena.status_code == 422 and "sucursal_id" in ajena.json["errors"]


def test_an_unknown_invoice_is_404(facturador):
    r = facturador.get(f"{URL}/987654")
    assert r.status_code == 404 and r.json["message"] == "La factura no existe"


# --- list ----------------------------------------------------------------------------------------

def test_the_list_filters_by_patient_state_branch_and_dates(facturador, sucursal_factory, paciente_factory,
                                                           servicio_factory):
    from datetime import date, timedelta

    norte, sur = sucursal_factory(), sucursal_factory()
    ana, luis = paciente_factory(), paciente_factory()
    servicio = servicio_factory()
    a = emitir(facturador, ana, (servicio, 1), sucursal_id=norte.id).json
    b = emitir(facturador, luis, (servicio, 1), sucursal_id=sur.id).json
    facturador.post(f"{URL}/{b['id']}/anular", json={"motivo": "Error"})

    def ids(**q):
        r = facturador.get(URL, query_string=q)
        assert r.status_code == 200, r.json
        return [f["id"] for f in r.json["items"]]

    hoy = date.today()
    assert ids() == [b["id"], a["id"]]
    assert ids(paciente_id=ana.id) == [a["id"]]
    assert ids(estado="anulada") == [b["id"]]
    assert ids(sucursal_id=norte.id) == [a["id"]]
    assert set(ids(fecha_desde=(hoy - timedelta(days=1)).isoformat(),
                   fecha_hasta=(hoy + timedelta(days=1)).isoformat())) == {a["id"], b["id"]}
    assert ids(fecha_desde=(hoy + timedelta(days=2)).isoformat()) == []
    assert ids(fecha_hasta=(hoy - timedelta(days=2)).isoformat()) == []
    assert facturador.get(URL, query_string={"estado": "borrada"}).status_code == 422
    assert facturador.get(URL, query_string={"per_page": 101}).status_code == 422


def test_the_list_costs_the_same_number_of_queries_for_one_or_many_invoices(facturador, paciente_factory,
                                                                            servicio_factory, pago_factory):
    servicio = servicio_factory()
    primera = emitir(facturador, paciente_factory(), (servicio, 2), (servicio, 1)).json
    pago_factory(db.session.get(Factura, primera["id"]), "10.00")
    con_una = contar_consultas(lambda: facturador.get(URL))

    for _ in range(6):
        f = emitir(facturador, paciente_factory(), (servicio, 1), (servicio, 3)).json
        pago_factory(db.session.get(Factura, f["id"]), "5.00")
    db.session.expire_all()
    respuesta = {}
    con_siete = contar_consultas(lambda: respuesta.update(facturador.get(URL).json))

    assert respuesta["total"] == 7 and all(len(f["detalles"]) == 2 and len(f["pagos"]) == 1
                                           for f in respuesta["items"])
    assert con_siete == con_una
    assert con_siete <= 6  # user, page, count, lines, payments, the read's audit row
