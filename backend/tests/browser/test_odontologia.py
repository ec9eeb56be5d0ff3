"""Dentistry in a real browser, issue 19's "Done when": a dentist charts a caries on tooth 36 occlusal, builds a
treatment plan, has it accepted and marks the filling of 36 done (the chart then shows the filling); billing invoices
what was done at the plan's price."""
import re
from decimal import Decimal

from playwright.sync_api import expect
from sqlalchemy import select

from app.extensions import db
from app.models import CondicionDental, DetalleFactura, Estado, Factura, ItemPlan, PlanTratamiento
from tests.browser.ayudas import elegir, hoy


def test_a_dentist_charts_a_caries_on_36_plans_its_filling_does_it_and_billing_invoices_it_at_the_plans_price(
        page, login, usuario_factory, medico_factory, especialidad_factory, sucursal_factory, paciente_factory,
        cita_factory, servicio_factory, db_session):
    sucursal = sucursal_factory(nombre="Clínica Dental Centro")
    usuario = usuario_factory(rol="Médico", nombre="Elena", apellido="Vargas", sucursal=sucursal)
    dentista = medico_factory(usuario=usuario, nombre="Elena", apellido="Vargas",
                              especialidad=especialidad_factory(nombre="Odontología"))
    recepcionista = usuario_factory(rol="Recepcionista", sucursal=sucursal)
    facturador = usuario_factory(rol="Facturación")
    paciente = paciente_factory(nombre="Rosa", apellido="Quintero")
    # The treatment relationship: today's appointment with the dentist, booked by reception.
    cita_factory(paciente, dentista, sucursal, fecha=hoy(), estado_id=Estado.CONFIRMADA, creado_por=recepcionista)
    servicio_factory(nombre="Obturación de resina", precio=Decimal("850.00"), impuesto_porcentaje=Decimal("16.00"),
                     condicion_resultante="obturacion_resina")
    servicio_factory(nombre="Profilaxis dental", precio=Decimal("600.00"), impuesto_porcentaje=Decimal("16.00"))
    db_session.commit()
    color = {c.codigo: c.color for c in db.session.scalars(select(CondicionDental))}

    # The chart: tooth 36's occlusal surface picked on it, then "Caries".
    login(usuario)
    page.goto(f"/pacientes/{paciente.id}")
    page.get_by_role("tab", name="Odontograma").click()
    oclusal = page.get_by_test_id("superficie-36-O")
    expect(oclusal).to_have_attribute("fill", "#fff")
    oclusal.click()
    expect(page.get_by_test_id("odontograma-seleccion")).to_have_text("36 — primer molar inferior izquierdo: sin hallazgos")
    page.get_by_role("button", name="Registrar hallazgo").click()
    dialogo = page.get_by_role("dialog")
    expect(dialogo.get_by_test_id("seleccion-36-O")).to_be_visible()
    elegir(dialogo, "Condición", "Caries")
    dialogo.get_by_role("button", name="Registrar", exact=True).click()
    expect(dialogo).to_be_hidden()
    expect(page.get_by_test_id("odontograma-aviso")).to_have_text("Hallazgo registrado en el odontograma.")
    expect(oclusal).to_have_attribute("fill", color["caries"])
    pieza_36 = page.locator('[data-testid="pieza"][data-pieza="36"]')
    expect(pieza_36).to_have_accessible_name(re.compile(r"^Pieza 36, primer molar inferior izquierdo: oclusal: Caries"))

    # The plan: the filling of 36 O and a cleaning with 12.5 % off (typed the Mexican way), totals as the server's.
    page.get_by_role("tab", name="Planes").click()
    expect(page.get_by_text("El paciente no tiene planes de tratamiento.")).to_be_visible()
    page.get_by_role("button", name="Nuevo plan").click()
    editor = page.get_by_role("dialog")
    editor.get_by_label("Título").fill("Rehabilitación 36")
    expect(editor.get_by_role("combobox", name="Sucursal")).to_have_text("Clínica Dental Centro")
    expect(editor.get_by_test_id("superficie-36-O")).to_have_attribute("fill", color["caries"])  # the chart as it is
    editor.get_by_test_id("superficie-36-O").click()
    expect(editor.get_by_test_id("plan-seleccion")).to_have_text("Pieza 36 — primer molar inferior izquierdo · oclusal")
    editor.get_by_label("Servicio").fill("resina")
    page.get_by_role("option", name=re.compile("^Obturación de resina")).click()
    editor.get_by_role("button", name="Agregar al plan").click()
    expect(editor.get_by_test_id("plan-seleccion")).to_contain_text("Sin pieza")
    editor.get_by_label("Servicio").fill("Profilaxis")
    page.get_by_role("option", name=re.compile("^Profilaxis dental")).click()
    editor.get_by_label("Descuento (%)").fill("12.5")
    editor.get_by_role("button", name="Agregar al plan").click()
    filas = editor.get_by_test_id("editor-item")
    expect(filas).to_have_count(2)
    expect(filas.nth(0)).to_contain_text("36 O")
    expect(filas.nth(1)).to_contain_text("General")
    # 850.00 + 16 % = 986.00; 600.00 − 75.00 = 525.00 + 16 % = 609.00
    expect(editor.get_by_test_id("editor-item-total")).to_have_text(["$986.00", "$609.00"])
    expect(editor.get_by_test_id("editor-descuento")).to_have_text("$75.00")
    expect(editor.get_by_test_id("editor-total")).to_have_text("$1,595.00")
    editor.get_by_role("button", name="Guardar plan").click()
    expect(editor).to_be_hidden()
    expect(page.get_by_test_id("plan-titulo")).to_have_text("Rehabilitación 36")
    expect(page.get_by_test_id("plan-total")).to_have_text("$1,595.00")

    # Presented, then accepted by the patient, who signs.
    page.get_by_test_id("plan-acciones").get_by_role("button", name="Presentar").click()
    page.get_by_role("dialog").get_by_role("button", name="Presentar").click()
    expect(page.get_by_text("El plan está ahora «Presentado».")).to_be_visible()
    page.get_by_test_id("plan-acciones").get_by_role("button", name="Aceptar").click()
    dialogo = page.get_by_role("dialog")
    dialogo.get_by_label("Aceptado por").fill("Rosa Quintero")
    dialogo.get_by_role("button", name="Aceptar").click()
    expect(page.get_by_text("El plan está ahora «Aceptado».")).to_be_visible()
    expect(page.get_by_test_id("plan-datos")).to_contain_text("Aceptado por Rosa Quintero")

    # The filling of 36 done: the plan is under way and the chart shows the filling where the caries was.
    page.get_by_role("button", name="Marcar realizado: Obturación de resina 36 O").click()
    page.get_by_role("dialog").get_by_role("button", name="Marcar realizado").click()
    expect(page.get_by_text("Tratamiento marcado como realizado.")).to_be_visible()
    items = page.get_by_test_id("plan-item")
    expect(items.filter(has_text="36 O").get_by_test_id("item-estado")).to_have_attribute("data-estado", "realizado")
    expect(items.filter(has_text="General").get_by_test_id("item-estado")).to_have_attribute("data-estado", "pendiente")
    page.get_by_role("tab", name="Odontograma").click()
    expect(oclusal).to_have_attribute("fill", color["obturacion_resina"])
    expect(pieza_36).to_have_accessible_name(re.compile(r"oclusal: Obturación de resina"))
    plan = db.session.scalars(select(PlanTratamiento).where(PlanTratamiento.paciente_id == paciente.id)).one()
    assert (plan.estado, plan.aceptado_por, plan.total) == ("en_curso", "Rosa Quintero", Decimal("1595.00"))

    # Billing: the plan's "Facturar lo realizado" takes the done item only, at the plan's price.
    page.get_by_role("button", name="Cerrar sesión").click()
    page.wait_for_url(re.compile(r"/login"))
    login(facturador)
    page.goto(f"/pacientes/{paciente.id}?tab=planes")
    page.get_by_role("button", name="Ver el plan Rehabilitación 36").click()
    page.get_by_role("button", name="Facturar lo realizado (1)").click()
    page.wait_for_url(re.compile(rf"/facturacion/nueva\?paciente={paciente.id}$"))
    a_facturar = page.get_by_test_id("factura-plan-item")
    expect(a_facturar).to_have_count(1)
    expect(a_facturar).to_contain_text("Obturación de resina")
    expect(a_facturar).to_contain_text("36 O")
    expect(page.get_by_role("combobox", name="Sucursal")).to_have_text("Clínica Dental Centro")
    expect(page.get_by_test_id("total-total")).to_have_text("$986.00")
    page.get_by_role("button", name="Emitir factura").click()
    page.wait_for_url(re.compile(r"/facturacion/\d+$"))
    factura_id = int(page.url.rsplit("/", 1)[1])
    linea = page.get_by_test_id("factura-detalle")
    expect(linea).to_have_count(1)
    expect(linea.get_by_role("cell").nth(0)).to_have_text("Obturación de resina — pieza 36 (O)")
    expect(linea.get_by_role("cell").nth(2)).to_have_text("$850.00")
    expect(page.get_by_test_id("factura-total")).to_have_text("$986.00")

    db.session.expire_all()
    factura = db.session.get(Factura, factura_id)
    assert (factura.paciente_id, factura.sucursal_id, factura.total) == (paciente.id, sucursal.id, Decimal("986.00"))
    detalle = db.session.scalars(select(DetalleFactura).where(DetalleFactura.factura_id == factura_id)).one()
    hecho = db.session.scalars(select(ItemPlan).where(ItemPlan.plan_id == plan.id, ItemPlan.pieza == 36)).one()
    assert (detalle.plan_item_id, detalle.precio_unitario) == (hecho.id, Decimal("850.00"))
    assert hecho.factura_id == factura_id
    assert page.console.errors == []
