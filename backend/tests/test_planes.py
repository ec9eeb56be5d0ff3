"""Treatment plans: the server's arithmetic, the state machine, frozen once presented, doing the work (and the
chart it leaves), invoicing done items exactly once, the treatments report, and who sees which plan."""
from datetime import date, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Auditoria, ItemPlan, PlanTratamiento
from tests.conftest import ApiClient
from tests.facturacion_util import FACTURAS, rectificar
from tests.odontologia_util import (PLANES, aceptado, carta, crear_plan, item, mover, planes_url, registrar,
                                    realizar)


def ejemplo(d):
    """The items of API.md's arithmetic example."""
    return [item(d["resina"], pieza=36, superficies=["O"]),
            item(d["endodoncia"], pieza=11, cantidad=2, descuento_porcentaje="10", fase=2)]


# --- arithmetic ------------------------------------------------------------------------------------------

def test_the_server_computes_the_plan_like_the_api_example(dental):
    plan = crear_plan(dental, *ejemplo(dental))
    assert plan["estado"] == "borrador" and plan["medico_id"] == dental["medico"].id
    assert (plan["subtotal"], plan["descuento"], plan["impuesto"], plan["total"]) == (
        "191.00", "9.10", "29.10", "211.00")
    resina, endo = plan["items"]
    assert (resina["precio_unitario"], resina["subtotal"], resina["descuento"], resina["impuesto"],
            resina["total"]) == ("100.00", "100.00", "0.00", "16.00", "116.00")
    assert (endo["precio_unitario"], endo["subtotal"], endo["descuento"], endo["impuesto"], endo["total"],
            endo["fase"], endo["pieza"], endo["estado"]) == ("45.50", "91.00", "9.10", "13.10", "95.00", 2, 11,
                                                             "pendiente")


def test_the_discount_and_the_tax_round_half_up_per_item(dental, servicio_factory):
    servicio = servicio_factory(precio=Decimal("10.05"), impuesto_porcentaje=Decimal("16.00"))
    plan = crear_plan(dental, item(servicio, descuento_porcentaje="5"))
    # 10.05 × 5 % = 0.5025 → 0.50; (10.05 − 0.50) × 16 % = 1.528 → 1.53
    assert (plan["descuento"], plan["impuesto"], plan["total"]) == ("0.50", "1.53", "11.08")


@pytest.mark.parametrize("campo", ["subtotal", "total", "precio_unitario", "estado", "medico_id", "id"])
def test_amounts_state_and_author_never_come_from_the_body(dental, campo):
    cuerpo = {"titulo": "Plan", "sucursal_id": dental["sucursal"].id, "items": [item(dental["limpieza"])]}
    destino = cuerpo if campo in ("estado", "medico_id", "id", "subtotal", "total") else cuerpo["items"][0]
    destino[campo] = "1" if campo != "estado" else "aceptado"
    r = dental["api"].post(planes_url(dental["paciente"]), json=cuerpo)
    assert r.status_code == 422


@pytest.mark.parametrize("mal, campo", [
    ({"pieza": 19}, "pieza"), ({"pieza": 11, "superficies": ["O"]}, "superficies"),
    ({"superficies": ["O"]}, "superficies"), ({"servicio_id": 999999}, "servicio_id"),
])
def test_an_item_on_a_tooth_that_does_not_exist_is_refused(dental, mal, campo):
    r = dental["api"].post(planes_url(dental["paciente"]), json={
        "titulo": "Plan", "sucursal_id": dental["sucursal"].id, "items": [{**item(dental["resina"]), **mal}]})
    assert r.status_code == 422 and campo in r.json["errors"]["items"]["0"], r.json


def test_each_item_keeps_its_own_tooth_and_surfaces(dental):
    plan = crear_plan(dental, item(dental["resina"], pieza=36, superficies=["O", "M"]),
                      item(dental["resina"], pieza=46, superficies=["D"]), item(dental["endodoncia"], pieza=11),
                      item(dental["limpieza"]))
    assert [(i["pieza"], i["superficies"]) for i in plan["items"]] == [(36, ["M", "O"]), (46, ["D"]), (11, []),
                                                                        (None, [])]


def test_an_inactive_service_cannot_be_planned(dental):
    dental["limpieza"].activo = False
    r = dental["api"].post(planes_url(dental["paciente"]), json={
        "titulo": "Plan", "sucursal_id": dental["sucursal"].id, "items": [item(dental["limpieza"])]})
    assert r.status_code == 422


# --- states ------------------------------------------------------------------------------------------------

def test_a_plan_goes_through_its_states_with_a_time_for_each(dental):
    plan = aceptado(dental, item(dental["limpieza"]))
    assert plan["estado"] == "aceptado" and plan["aceptado_por"] == "Ana Pérez"
    assert plan["presentado_en"] and plan["aceptado_en"]
    assert mover(dental["api"], plan["id"], "en_curso").json["estado"] == "en_curso"
    realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    terminado = mover(dental["api"], plan["id"], "terminado").json
    assert terminado["estado"] == "terminado" and terminado["terminado_en"]
    acciones = db.session.scalars(select(Auditoria.accion).where(Auditoria.entidad == "plan_tratamiento")
                                  .order_by(Auditoria.id)).all()
    assert acciones == ["plan_creado", "plan_presentado", "plan_aceptado", "plan_en_curso", "plan_item_realizado",
                        "plan_terminado"]


@pytest.mark.parametrize("camino, destino", [
    ([], "aceptado"), ([], "en_curso"), ([], "terminado"), ([], "rechazado"),
    (["presentado"], "en_curso"), (["presentado"], "borrador"),
    (["presentado", "rechazado"], "aceptado"), (["presentado", "rechazado"], "cancelado"),
    (["cancelado"], "presentado"), (["presentado", "aceptado", "en_curso", "terminado"], "cancelado"),
])
def test_illegal_transitions_are_refused(dental, camino, destino):
    plan = crear_plan(dental, item(dental["limpieza"]))
    extra = {"aceptado": {"aceptado_por": "Ana"}, "cancelado": {"motivo": "No vuelve"}}
    for estado in camino:
        if estado == "terminado":  # a plan finishes once its work is done
            realizar(dental["api"], plan["id"], plan["items"][0]["id"])
        assert mover(dental["api"], plan["id"], estado, **extra.get(estado, {})).status_code == 200
    db.session.commit()
    r = mover(dental["api"], plan["id"], destino, **extra.get(destino, {}))
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"


def test_accepting_needs_who_accepts_and_cancelling_a_reason(dental):
    plan = crear_plan(dental, item(dental["limpieza"]))
    mover(dental["api"], plan["id"], "presentado")
    assert "aceptado_por" in mover(dental["api"], plan["id"], "aceptado").json["errors"]
    assert "motivo" in mover(dental["api"], plan["id"], "cancelado").json["errors"]
    cancelado = mover(dental["api"], plan["id"], "cancelado", motivo="Se muda de ciudad").json
    assert cancelado["estado"] == "cancelado" and cancelado["motivo"] == "Se muda de ciudad"


def test_reception_presents_and_records_the_answer_but_does_not_write_plans(dental, api_as):
    plan = crear_plan(dental, item(dental["limpieza"]))
    recepcion = api_as("Recepcionista")
    assert mover(recepcion, plan["id"], "presentado").status_code == 200
    assert mover(recepcion, plan["id"], "aceptado", aceptado_por="Ana").status_code == 200
    assert recepcion.patch(f"{PLANES}/{plan['id']}", json={"titulo": "Otro"}).status_code == 403
    assert recepcion.post(planes_url(dental["paciente"]), json={"titulo": "x", "items": []}).status_code == 403


# --- frozen ----------------------------------------------------------------------------------------------

def test_a_draft_is_edited_and_its_items_replaced(dental):
    plan = crear_plan(dental, *ejemplo(dental))
    r = dental["api"].patch(f"{PLANES}/{plan['id']}", json={"titulo": "Fase única",
                                                             "items": [item(dental["limpieza"], cantidad=3)]})
    assert r.status_code == 200, r.json
    assert r.json["titulo"] == "Fase única" and len(r.json["items"]) == 1 and r.json["total"] == "90.00"


def test_a_presented_plan_is_frozen(dental):
    plan = crear_plan(dental, *ejemplo(dental))
    mover(dental["api"], plan["id"], "presentado")
    db.session.commit()
    r = dental["api"].patch(f"{PLANES}/{plan['id']}", json={"items": [item(dental["limpieza"])]})
    assert r.status_code == 409 and r.json["reason"] == "PLAN_NO_MODIFICABLE"
    assert dental["api"].get(f"{PLANES}/{plan['id']}").json["total"] == "211.00"


@pytest.mark.parametrize("sentencia", [
    "UPDATE medical.planes_tratamiento SET total = 1, subtotal = 1, descuento = 0, impuesto = 0 WHERE id = :plan",
    "UPDATE medical.planes_items SET precio_unitario = 1, subtotal = cantidad WHERE plan_id = :plan",
    "DELETE FROM medical.planes_items WHERE plan_id = :plan",
    "INSERT INTO medical.planes_items (plan_id, servicio_id, precio_unitario, impuesto_porcentaje, subtotal, "
    "descuento, impuesto) SELECT :plan, servicio_id, 0, 0, 0, 0, 0 FROM medical.planes_items WHERE plan_id = :plan",
])
def test_the_database_refuses_to_change_an_accepted_plans_prices(dental, sentencia):
    """An accepted plan's prices never change, whoever writes: a trigger, not only the service."""
    plan = aceptado(dental, *ejemplo(dental))
    with pytest.raises(IntegrityError) as fallo, db.session.begin_nested():
        db.session.execute(text(sentencia), {"plan": plan["id"]})
    assert fallo.value.orig.diag.constraint_name == "plan_no_modificable"


def test_a_changed_service_price_never_reaches_an_existing_plan(dental, as_admin):
    plan = crear_plan(dental, item(dental["resina"]))
    r = as_admin.patch(f"/api/facturacion/servicios/{dental['resina'].id}", json={"precio": "150.00"})
    assert r.status_code == 200
    assert dental["api"].get(f"{PLANES}/{plan['id']}").json["total"] == "116.00"


# --- doing the work --------------------------------------------------------------------------------------

def test_doing_an_item_charts_the_services_resulting_condition(dental):
    plan = aceptado(dental, *ejemplo(dental))
    resina, endo = plan["items"]
    r = realizar(dental["api"], plan["id"], resina["id"], cita_id=dental["cita"].id)
    assert r.status_code == 200, r.json
    assert r.json["estado"] == "en_curso"
    hecho = r.json["items"][0]
    assert hecho["estado"] == "realizado" and hecho["realizado_en"] and hecho["cita_id"] == dental["cita"].id
    assert realizar(dental["api"], plan["id"], endo["id"]).status_code == 200
    piezas = carta(dental["api"], dental["paciente"])["piezas"]
    assert piezas["36"]["superficies"] == {"O": "obturacion_resina"}
    assert piezas["11"]["condiciones"] == ["endodoncia"]


def test_an_item_is_done_once_and_only_on_an_accepted_plan(dental):
    borrador = crear_plan(dental, item(dental["limpieza"]))
    db.session.commit()
    r = realizar(dental["api"], borrador["id"], borrador["items"][0]["id"])
    assert r.status_code == 409 and r.json["reason"] == "PLAN_NO_EN_CURSO"
    plan = aceptado(dental, item(dental["limpieza"]))
    assert realizar(dental["api"], plan["id"], plan["items"][0]["id"]).status_code == 200
    db.session.commit()
    r = realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    assert r.status_code == 409 and r.json["reason"] == "ITEM_YA_REALIZADO"
    assert realizar(dental["api"], plan["id"], 999999).status_code == 404


def test_a_service_without_a_resulting_condition_leaves_the_chart_alone(dental):
    plan = aceptado(dental, item(dental["limpieza"], pieza=21))
    realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    assert carta(dental["api"], dental["paciente"])["piezas"] == {}


# --- invoicing ------------------------------------------------------------------------------------------

def _hecho(d, *items):
    plan = aceptado(d, *items)
    for i in plan["items"]:
        assert realizar(d["api"], plan["id"], i["id"]).status_code == 200
    return d["api"].get(f"{PLANES}/{plan['id']}").json


def test_an_invoice_bills_done_items_at_the_plans_prices_with_their_discount(dental, api_as, as_admin):
    plan = _hecho(dental, *ejemplo(dental))
    as_admin.patch(f"/api/facturacion/servicios/{dental['endodoncia'].id}", json={"precio": "80.00"})
    facturacion = api_as("Facturación")
    r = facturacion.post(FACTURAS, json={"paciente_id": dental["paciente"].id,
                                         "plan_items": [i["id"] for i in plan["items"]]})
    assert r.status_code == 201, r.json
    factura = r.json
    assert (factura["subtotal"], factura["impuesto"], factura["total"]) == ("181.90", "29.10", "211.00")
    endo = factura["detalles"][1]
    assert (endo["precio_unitario"], endo["cantidad"], endo["descuento"], endo["subtotal"], endo["impuesto"],
            endo["plan_item_id"]) == ("45.50", 2, "9.10", "81.90", "13.10", plan["items"][1]["id"])
    assert "pieza 11" in endo["descripcion"]
    assert {i["factura_id"] for i in dental["api"].get(f"{PLANES}/{plan['id']}").json["items"]} == {factura["id"]}


def test_an_item_is_invoiced_at_most_once_and_cancelling_frees_it(dental, api_as):
    plan = _hecho(dental, item(dental["limpieza"]))
    facturacion = api_as("Facturación")
    cuerpo = {"paciente_id": dental["paciente"].id, "plan_items": [plan["items"][0]["id"]]}
    primera = facturacion.post(FACTURAS, json=cuerpo).json
    db.session.commit()
    r = facturacion.post(FACTURAS, json=cuerpo)
    assert r.status_code == 409 and r.json["reason"] == "ITEM_YA_FACTURADO"
    assert facturacion.post(f"{FACTURAS}/{primera['id']}/anular", json={"motivo": "Paciente equivocado"}
                            ).status_code == 200
    assert facturacion.post(FACTURAS, json=cuerpo).status_code == 201


def test_only_done_items_of_that_patient_are_invoiced(dental, api_as, paciente_factory):
    plan = aceptado(dental, item(dental["limpieza"]))
    facturacion = api_as("Facturación")
    db.session.commit()
    r = facturacion.post(FACTURAS, json={"paciente_id": dental["paciente"].id, "plan_items": [plan["items"][0]["id"]]})
    assert r.status_code == 409 and r.json["reason"] == "ITEM_NO_REALIZADO"
    r = facturacion.post(FACTURAS, json={"paciente_id": paciente_factory().id, "plan_items": [plan["items"][0]["id"]]})
    assert r.status_code == 422 and "plan_items" in r.json["errors"]
    assert facturacion.post(FACTURAS, json={"paciente_id": dental["paciente"].id}).status_code == 422


def test_a_credit_note_of_part_of_a_discounted_line_gives_back_its_share(dental, api_as):
    plan = _hecho(dental, item(dental["endodoncia"], cantidad=3, descuento_porcentaje="10"))
    facturacion = api_as("Facturación")
    factura = facturacion.post(FACTURAS, json={"paciente_id": dental["paciente"].id,
                                               "plan_items": [plan["items"][0]["id"]]}).json
    # 45.50 × 3 = 136.50, 10 % off 13.65 → 122.85 + 16 % 19.66 = 142.51
    assert factura["total"] == "142.51"
    linea = factura["detalles"][0]["id"]
    uno = rectificar(facturacion, factura["id"], [(linea, 1)])
    assert uno.status_code == 201, uno.json
    nota = uno.json["detalles"][0]
    assert (nota["cantidad"], nota["descuento"], nota["subtotal"]) == (-1, "-4.55", "-40.95")
    resto = rectificar(facturacion, factura["id"])
    assert resto.status_code == 201
    devuelto = Decimal(uno.json["total"]) + Decimal(resto.json["total"])
    assert devuelto == Decimal("-142.51")


# --- who sees which plan -------------------------------------------------------------------------------

def test_every_role_reads_plans_and_a_branch_bound_one_only_its_branchs(dental, api_as, sucursal_factory):
    plan = crear_plan(dental, item(dental["limpieza"]))
    for rol in ("Administrador", "Recepcionista", "Facturación"):
        assert api_as(rol).get(f"{PLANES}/{plan['id']}").status_code == 200
    de_otra = api_as("Recepcionista", sucursal=sucursal_factory())
    db.session.commit()
    assert de_otra.get(f"{PLANES}/{plan['id']}").status_code == 404
    assert de_otra.get(planes_url(dental["paciente"])).json["total"] == 0
    de_esta = api_as("Facturación", sucursal=dental["sucursal"])
    assert de_esta.get(planes_url(dental["paciente"])).json["total"] == 1


def test_a_doctor_without_a_treatment_relationship_does_not_see_plans(dental, client, usuario_factory,
                                                                      medico_factory):
    plan = crear_plan(dental, item(dental["limpieza"]))
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    otro = ApiClient(client, usuario)
    db.session.commit()
    assert otro.get(f"{PLANES}/{plan['id']}").status_code == 404
    assert otro.get(planes_url(dental["paciente"])).status_code == 404
    r = otro.post(planes_url(dental["paciente"]), json={"titulo": "x", "sucursal_id": dental["sucursal"].id,
                                                        "items": [item(dental["limpieza"])]})
    assert r.status_code == 404


def test_the_list_is_newest_first_and_filters_by_state(dental):
    primero = crear_plan(dental, item(dental["limpieza"]))
    segundo = crear_plan(dental, item(dental["resina"], pieza=16, superficies=["O"]))
    mover(dental["api"], segundo["id"], "presentado")
    lista = dental["api"].get(planes_url(dental["paciente"])).json
    assert [p["id"] for p in lista["items"]] == [segundo["id"], primero["id"]]
    assert lista["items"][0]["items"][0]["superficies"] == ["O"] and lista["items"][0]["sucursal"]["id"]
    presentados = dental["api"].get(planes_url(dental["paciente"]), query_string={"estado": "presentado"}).json
    assert [p["id"] for p in presentados["items"]] == [segundo["id"]]


# --- the report ---------------------------------------------------------------------------------------

def test_the_treatments_report_counts_budgets_and_the_pipeline(dental, as_admin):
    uno = aceptado(dental, *ejemplo(dental))                     # 211.00 accepted, 116.00 of it done below
    dos = crear_plan(dental, item(dental["limpieza"]))           # 30.00 presented and rejected
    mover(dental["api"], dos["id"], "presentado")
    mover(dental["api"], dos["id"], "rechazado", motivo="Muy caro")
    crear_plan(dental, item(dental["limpieza"]))                 # a draft: not presented, not counted
    realizar(dental["api"], uno["id"], uno["items"][0]["id"])
    hoy = date.today()
    periodo = {"desde": (hoy - timedelta(days=3)).isoformat(), "hasta": (hoy + timedelta(days=3)).isoformat()}
    r = as_admin.get("/api/reportes/tratamientos", query_string=periodo)
    assert r.status_code == 200, r.json
    assert r.json["presentados"] == {"cantidad": 2, "importe": "241.00"}
    assert r.json["aceptados"] == {"cantidad": 1, "importe": "211.00"}
    assert r.json["rechazados"] == {"cantidad": 1, "importe": "30.00"}
    assert r.json["tasa_aceptacion"] == 0.5 and r.json["pendiente_de_realizar"] == "95.00"
    csv = as_admin.get("/api/reportes/tratamientos", query_string={**periodo, "formato": "csv"})
    assert csv.status_code == 200 and "aceptados importe,211.00" in csv.get_data(as_text=True)
    antes = {"desde": "2020-01-01", "hasta": "2020-01-31"}
    vacio = as_admin.get("/api/reportes/tratamientos", query_string=antes).json
    assert vacio["presentados"]["cantidad"] == 0 and vacio["tasa_aceptacion"] is None


def test_plan_rows_keep_the_server_totals(dental):
    plan = crear_plan(dental, *ejemplo(dental))
    fila = db.session.get(PlanTratamiento, plan["id"])
    assert fila.total == sum((i.total for i in fila.items), Decimal("0.00")) == Decimal("211.00")
    assert db.session.scalar(select(ItemPlan.superficies).where(ItemPlan.pieza == 36)) == "O"


def test_the_patients_export_carries_the_chart_records_and_the_plans(dental, as_admin):
    """Data portability (GET /api/pacientes/{id}/exportar): everything stored about the patient."""
    registrar(dental["api"], dental["paciente"], (36, "O", "caries"))
    plan = crear_plan(dental, *ejemplo(dental))
    datos = as_admin.get(f"/api/pacientes/{dental['paciente'].id}/exportar").json
    assert datos["odontograma"][0]["hallazgos"] == [{"pieza": 36, "superficies": ["O"], "condicion": "caries",
                                                     "nota": None}]
    assert datos["planes"][0]["id"] == plan["id"] and len(datos["planes"][0]["items"]) == 2


# --- review: limits and one-way progress --------------------------------------------------------------

def test_a_plan_over_the_maximum_amount_is_refused_even_when_discounted_to_zero(dental, servicio_factory):
    caro = servicio_factory(precio=Decimal("99999999.00"), impuesto_porcentaje=Decimal("0.00"))
    r = dental["api"].post(planes_url(dental["paciente"]), json={
        "titulo": "Plan", "sucursal_id": dental["sucursal"].id,
        "items": [item(caro, cantidad=5, descuento_porcentaje="100")]})
    assert r.status_code == 422 and "items" in r.json["errors"]


def test_a_plan_is_finished_only_when_its_work_is_done(dental):
    plan = aceptado(dental, item(dental["limpieza"]), item(dental["resina"], pieza=16, superficies=["O"]))
    realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    db.session.commit()
    r = mover(dental["api"], plan["id"], "terminado")
    assert r.status_code == 409 and r.json["reason"] == "PLAN_CON_PENDIENTES"
    realizar(dental["api"], plan["id"], plan["items"][1]["id"])
    assert mover(dental["api"], plan["id"], "terminado").json["estado"] == "terminado"


def test_an_extraction_of_a_tooth_already_charted_absent_is_still_done(dental, servicio_factory):
    extraccion = servicio_factory(nombre="Extracción", precio=Decimal("90.00"), condicion_resultante="ausente")
    plan = aceptado(dental, item(extraccion, pieza=48))
    registrar(dental["api"], dental["paciente"], (48, "", "ausente"))
    r = realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    assert r.status_code == 200, r.json
    assert carta(dental["api"], dental["paciente"])["piezas"]["48"]["condiciones"] == ["ausente"]


@pytest.mark.parametrize("sentencia", [
    "UPDATE medical.planes_tratamiento SET estado = 'borrador' WHERE id = :plan",
    "UPDATE medical.planes_tratamiento SET aceptado_por = 'Otra persona' WHERE id = :plan",
    "UPDATE medical.planes_items SET estado = 'pendiente', realizado_en = NULL WHERE plan_id = :plan",
    "UPDATE medical.planes_items SET realizado_en = now() - interval '1 day' WHERE plan_id = :plan",
])
def test_the_database_keeps_acceptance_and_done_work_as_they_were(dental, sentencia):
    plan = aceptado(dental, item(dental["limpieza"]))
    realizar(dental["api"], plan["id"], plan["items"][0]["id"])
    with pytest.raises(IntegrityError) as fallo, db.session.begin_nested():
        db.session.execute(text(sentencia), {"plan": plan["id"]})
    assert fallo.value.orig.diag.constraint_name == "plan_no_modificable"
