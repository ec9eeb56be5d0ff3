"""The budget of a treatment plan in PDF (presupuesto.pdf): what the patient reads and signs."""
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from app.extensions import db
from app.models import ConfiguracionClinica, PlanTratamiento
from app.services import presupuesto_pdf
from app.utils import dinero
from tests.conftest import ApiClient
from tests import odontologia_util
from tests.odontologia_util import PLANES, crear_plan, item, mover, realizar
from tests.pdf_util import texto_pdf

dental = odontologia_util.dental  # the fixture: a dentist treating a patient, and dental services

# 05:00 UTC is still the evening before in Mexico City (UTC−6): the branch's calendar dates the budget.
AHORA = datetime(2031, 3, 4, 5, 0, tzinfo=UTC)


@pytest.fixture
def plan(dental):
    """A draft of three items in two phases at the clinic «Clínica Dental Sonrisa», for Iñaki Núñez."""
    config = db.session.get(ConfiguracionClinica, 1)
    config.nombre, config.direccion, config.telefono = "Clínica Dental Sonrisa", "Av. Insurgentes 1500", "5550001111"
    dental["sucursal"].nombre, dental["sucursal"].telefono = "Sucursal Peñón", "5550002222"
    paciente = dental["paciente"]
    paciente.nombre, paciente.apellido = "Iñaki", "Núñez"
    dental["medico"].nombre, dental["medico"].apellido = "Begoña", "Ibáñez"
    db.session.flush()
    return crear_plan(
        dental,
        item(dental["resina"], pieza=36, superficies=["O", "M"], descuento_porcentaje="10",
             nota="Sensibilidad al frío"),
        item(dental["endodoncia"], pieza=46),
        item(dental["limpieza"], cantidad=2, fase=2),
        titulo="Rehabilitación del sector inferior", vigencia_dias=30)


def _pdf(plan_id, ahora=AHORA):
    db.session.expire_all()
    return presupuesto_pdf.generar(db.session.get(PlanTratamiento, plan_id), ahora)


def _importe(valor):
    return dinero.formatear(Decimal(valor), "MXN")


def test_the_budget_lists_each_item_under_its_phase_with_tooth_surfaces_and_amounts(dental, plan):
    texto = texto_pdf(_pdf(plan["id"]))

    filas = [
        # tooth, surfaces, service, quantity, unit price, discount, tax, total
        "36" + "M, O" + "Obturación de resina" + "1" + "$100.00" + "-$10.00" + "$14.40" + "$104.40",
        "46" + "Endodoncia" + "1" + "$45.50" + "-" + "$7.28" + "$52.78",
        "Total fase 1$157.18",
        "Limpieza" + "2" + "$30.00" + "-" + "$0.00" + "$60.00",  # no tooth: empty cells print nothing
        "Total fase 2$60.00",
    ]
    for fila in filas:
        assert fila in texto, fila
    posiciones = [texto.index(x) for x in ("Fase 1", filas[0], filas[1], filas[2], "Fase 2", filas[3], filas[4])]
    assert posiciones == sorted(posiciones)
    assert "Sensibilidad al frío" in texto  # the item's note, under it
    for etiqueta, campo in (("Subtotal", "subtotal"), ("Descuento", "descuento"), ("Impuestos", "impuesto"),
                            ("Total", "total")):
        valor = Decimal(plan[campo]) * (-1 if campo == "descuento" else 1)
        assert etiqueta + _importe(valor) in texto, etiqueta
    assert (plan["subtotal"], plan["descuento"], plan["impuesto"], plan["total"]) == ("205.50", "10.00", "21.68",
                                                                                      "217.18")


def test_the_budget_names_clinic_branch_patient_doctor_and_plan_in_spanish_with_accents(dental, plan):
    texto = texto_pdf(_pdf(plan["id"]))

    for esperado in ("Clínica Dental Sonrisa", "Av. Insurgentes 1500", "5550001111", "Sucursal: Sucursal Peñón",
                     "Tel. sucursal: 5550002222", "PRESUPUESTO", f"Plan No. {plan['id']}", "Iñaki Núñez",
                     f"INE: {dental['paciente'].numero_documento}", "Profesional: Begoña Ibáñez",
                     "Plan de tratamiento: Rehabilitación del sector inferior", "Obturación de resina",
                     "Superficies: M mesial, D distal, O oclusal, I incisal, V vestibular, L lingual, P palatina."):
        assert esperado in texto, esperado
    assert "?" not in texto  # nothing fell out of the PDF's encoding


def test_the_budget_is_dated_and_valid_until_the_branch_local_day_plus_its_validity(plan):
    texto = texto_pdf(_pdf(plan["id"]))

    # 2031-03-04 05:00 UTC is 2031-03-03 23:00 in Mexico City; 30 days later it is 2 April there.
    assert "Fecha: 03/03/2031" in texto
    assert "Válido hasta: 02/04/2031" in texto


def test_a_draft_is_marked_borrador_and_a_presented_budget_is_not(dental, plan):
    borrador = texto_pdf(_pdf(plan["id"]))
    assert "Estado: Borrador" in borrador and "BORRADOR: presupuesto aún no presentado" in borrador
    assert borrador.count("BORRADOR") >= 2  # the note and the mark across the page

    assert mover(dental["api"], plan["id"], "presentado").status_code == 200
    presentado = texto_pdf(_pdf(plan["id"]))

    assert "BORRADOR" not in presentado and "Estado: Presentado" in presentado


def test_the_signature_lines_name_who_accepted_once_accepted(dental, plan):
    pendiente = texto_pdf(_pdf(plan["id"]))
    for esperado in ("Firma del paciente", "Firma del profesional", "Nombre: Iñaki Núñez", "Begoña Ibáñez",
                     "acepto este presupuesto"):
        assert esperado in pendiente, esperado

    assert mover(dental["api"], plan["id"], "presentado").status_code == 200
    aceptado = mover(dental["api"], plan["id"], "aceptado", aceptado_por="Ana Núñez Peña (madre)")
    assert aceptado.status_code == 200, aceptado.json
    texto = texto_pdf(_pdf(plan["id"]))

    assert "Firma del pacienteFirma del profesional" in texto
    assert "Aceptado por: Ana Núñez Peña [madre]" in texto  # texto_pdf reads "(" ")" as "[" "]"
    assert "Estado: Aceptado" in texto and "BORRADOR" not in texto


def test_a_done_item_says_when_it_was_done(dental, plan):
    assert mover(dental["api"], plan["id"], "presentado").status_code == 200
    assert mover(dental["api"], plan["id"], "aceptado", aceptado_por="Iñaki Núñez").status_code == 200
    assert realizar(dental["api"], plan["id"], plan["items"][0]["id"]).status_code == 200

    texto = texto_pdf(_pdf(plan["id"]))

    assert "Estado: En curso" in texto and "Sensibilidad al frío · Realizado el " in texto


def test_a_cancelled_plan_prints_why(dental, plan):
    assert mover(dental["api"], plan["id"], "cancelado", motivo="El paciente se mudó de ciudad").status_code == 200

    texto = texto_pdf(_pdf(plan["id"]))

    assert "Estado: Cancelado" in texto and "Motivo: El paciente se mudó de ciudad" in texto


def test_amounts_follow_the_clinic_currency(plan):
    db.session.get(ConfiguracionClinica, 1).moneda = "EUR"
    db.session.flush()

    texto = texto_pdf(_pdf(plan["id"]))

    assert "Total217,18\u00a0€" in texto and "Descuento-10,00\u00a0€" in texto


@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación"])
def test_reception_and_billing_download_the_budget_as_pdf(api_as, dental, plan, rol):
    api = api_as(rol, sucursal=dental["sucursal"])

    r = api.get(f"{PLANES}/{plan['id']}/presupuesto.pdf")

    assert r.status_code == 200 and r.mimetype == "application/pdf"
    assert r.data.startswith(b"%PDF") and r.data.rstrip().endswith(b"%%EOF")
    assert f'filename="presupuesto-{plan["id"]}.pdf"' in r.headers["Content-Disposition"]
    assert "Rehabilitación del sector inferior" in texto_pdf(r.data)


def test_the_treating_dentist_downloads_the_budget(dental, plan):
    r = dental["api"].get(f"{PLANES}/{plan['id']}/presupuesto.pdf")

    assert r.status_code == 200 and r.mimetype == "application/pdf"


def test_a_budget_out_of_scope_is_not_found(api_as, dental, plan, sucursal_factory, medico_factory, usuario_factory):
    otra = sucursal_factory()
    ajeno = usuario_factory(rol="Médico")
    medico_factory(usuario=ajeno)
    db.session.commit()
    url = f"{PLANES}/{plan['id']}/presupuesto.pdf"

    # reception and billing of another branch; a dentist who does not treat the patient
    for api in (api_as("Recepcionista", sucursal=otra), api_as("Facturación", sucursal=otra),
                ApiClient(dental["api"].client, ajeno)):
        r = api.get(url)
        assert r.status_code == 404, (api.usuario.rol.nombre, r.status_code)
        assert r.mimetype == "application/json"
    assert dental["api"].get(f"{PLANES}/999999/presupuesto.pdf").status_code == 404


def test_a_long_plan_runs_over_pages_repeating_the_table_header(dental):
    piezas = [c * 10 + p for c in (1, 2, 3, 4) for p in range(1, 9)]  # the 32 permanent teeth
    plan = crear_plan(dental, *[item(dental["endodoncia"], pieza=p, fase=1 + i // 12) for i, p in enumerate(piezas)])

    texto = texto_pdf(_pdf(plan["id"]))

    assert "Página 1/2" in texto and "Página 2/2" in texto
    assert texto.count("PiezaSuperficiesServicio") == 2  # the header again at the top of the second page
    assert all(f"{p}Endodoncia" in texto for p in piezas)
    assert "Total fase 3" in texto and texto.count("Firma del paciente") == 1
    assert "Total" + _importe(plan["total"]) in texto
