"""The odontogram: FDI validation, append-only records, the chart they add up to (now and as of a date), the
dentition, and the clinical-history rules of who may read and write it."""
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text, update
from sqlalchemy.exc import ProgrammingError

from app.extensions import db
from app.models import Auditoria, HallazgoOdontograma, RegistroOdontograma
from app.services.odontologia import fdi
from tests.conftest import ApiClient, como_dueno
from tests.consultas import contar_consultas
from tests.odontologia_util import carta, odontograma_url, registrar


# --- FDI ---------------------------------------------------------------------------------------------

def test_there_are_32_permanent_and_20_primary_teeth():
    assert len(fdi.PERMANENTES) == 32 and len(fdi.TEMPORALES) == 20
    assert {19, 10, 49, 56, 86, 90, 9, 100}.isdisjoint(fdi.PIEZAS)


@pytest.mark.parametrize("pieza, superficies", [
    (11, "MDIVP"), (13, "MDIVP"), (14, "MDOVP"), (16, "MDOVP"), (36, "MDOVL"), (41, "MDIVL"), (55, "MDOVP"),
    (53, "MDIVP"), (75, "MDOVL"), (83, "MDIVL"),
])
def test_each_tooth_has_its_own_five_surfaces(pieza, superficies):
    assert fdi.superficies_de(pieza) == set(superficies)


@pytest.mark.parametrize("hallazgo, campo", [
    ({"pieza": 19, "condicion": "caries", "superficies": ["O"]}, "pieza"),
    ({"pieza": 56, "condicion": "corona"}, "pieza"),
    ({"pieza": 90, "condicion": "corona"}, "pieza"),
    ({"pieza": 11, "condicion": "caries", "superficies": ["O"]}, "superficies"),  # an incisor has no occlusal face
    ({"pieza": 36, "condicion": "caries", "superficies": ["I"]}, "superficies"),  # a molar has no incisal edge
    ({"pieza": 36, "condicion": "caries", "superficies": ["P"]}, "superficies"),  # a lower tooth has no palatal face
    ({"pieza": 16, "condicion": "caries", "superficies": ["L"]}, "superficies"),  # an upper one no lingual face
    ({"pieza": 36, "condicion": "caries", "superficies": ["O", "O"]}, "superficies"),
    ({"pieza": 36, "condicion": "caries", "superficies": ["X"]}, "superficies"),
    ({"pieza": 36, "condicion": "caries"}, "superficies"),  # a surface condition needs its surfaces
    ({"pieza": 36, "condicion": "corona", "superficies": ["O"]}, "superficies"),  # a whole-tooth one has none
    ({"pieza": 36, "condicion": "gingivitis_inventada"}, "condicion"),
])
def test_a_tooth_or_surface_that_does_not_exist_is_refused(dental, hallazgo, campo):
    r = registrar(dental["api"], dental["paciente"], hallazgo, esperado=422)
    errores = r.json["errors"]["hallazgos"]
    assert campo in errores["0"], errores
    assert db.session.scalar(select(RegistroOdontograma.id)) is None


# --- the chart -----------------------------------------------------------------------------------------

def test_findings_add_up_to_the_chart(dental):
    api, paciente = dental["api"], dental["paciente"]
    registrar(api, paciente, (36, "OM", "caries"), (16, "", "endodoncia"))
    registrar(api, paciente, (36, "O", "obturacion_resina"), (16, "", "corona"), (48, "", "ausente"))
    assert carta(api, paciente)["piezas"] == {
        "16": {"condiciones": ["endodoncia", "corona"], "superficies": {}},
        "36": {"condiciones": [], "superficies": {"M": "caries", "O": "obturacion_resina"}},
        "48": {"condiciones": ["ausente"], "superficies": {}},
    }


def test_sano_clears_the_surfaces_it_names_or_the_whole_tooth(dental):
    api, paciente = dental["api"], dental["paciente"]
    registrar(api, paciente, (36, "OMD", "caries"), (46, "", "fractura"), (46, "O", "sellante"))
    registrar(api, paciente, (36, "M", "sano"), (46, "", "sano"))
    assert carta(api, paciente)["piezas"] == {"36": {"condiciones": [], "superficies": {"D": "caries", "O": "caries"}}}


def test_an_absent_tooth_takes_only_an_implant_or_a_prosthesis(dental):
    api, paciente = dental["api"], dental["paciente"]
    registrar(api, paciente, (36, "O", "caries"), (36, "", "ausente"))
    db.session.commit()
    r = registrar(api, paciente, (36, "M", "caries"), esperado=409)
    assert r.json["reason"] == "PIEZA_AUSENTE" and "36" in r.json["message"]
    registrar(api, paciente, (36, "", "implante"), (36, "", "corona"))
    assert carta(api, paciente)["piezas"]["36"] == {"condiciones": ["implante", "corona"], "superficies": {}}


def test_a_record_is_checked_finding_by_finding(dental):
    """Marking a tooth absent and then charting something else on it in the same record is refused whole."""
    db.session.commit()
    r = registrar(dental["api"], dental["paciente"], (26, "", "ausente"), (26, "O", "caries"), esperado=409)
    assert r.json["reason"] == "PIEZA_AUSENTE"
    assert db.session.scalar(select(RegistroOdontograma.id)) is None


def test_the_chart_as_of_a_past_date_leaves_out_later_records(dental, app):
    api, paciente = dental["api"], dental["paciente"]
    antiguo = registrar(api, paciente, (36, "O", "caries")).json["id"]
    registrar(api, paciente, (36, "O", "obturacion_resina"), (11, "", "fractura"))
    hace_un_mes = datetime.now(UTC) - timedelta(days=30)
    with como_dueno():  # the application may not backdate a record: the owner sets the scene
        db.session.execute(update(RegistroOdontograma).where(RegistroOdontograma.id == antiguo)
                           .values(fecha=hace_un_mes))
    ayer = (datetime.now(UTC) - timedelta(days=2)).date()
    pasado = carta(api, paciente, fecha=ayer.isoformat())
    assert pasado["piezas"] == {"36": {"condiciones": [], "superficies": {"O": "caries"}}}
    assert datetime.fromisoformat(pasado["actualizado_en"]) == hace_un_mes
    antes_de_todo = carta(api, paciente, fecha=(hace_un_mes - timedelta(days=2)).date().isoformat())
    assert antes_de_todo["piezas"] == {} and antes_de_todo["actualizado_en"] is None
    # the days the chart changed are all of them whatever the date asked for (the date slider's stops)
    zona = ZoneInfo(app.config["DEFAULT_TIME_ZONE"])
    dias = [hace_un_mes.astimezone(zona).date().isoformat(), datetime.now(zona).date().isoformat()]
    assert antes_de_todo["fechas"] == pasado["fechas"] == carta(api, paciente)["fechas"] == dias
    assert carta(api, paciente)["piezas"]["36"]["superficies"] == {"O": "obturacion_resina"}


@pytest.mark.parametrize("hallazgos, nacimiento, denticion", [
    ([], date(1990, 5, 1), "permanente"),
    ([], date.today() - timedelta(days=365 * 4), "temporal"),
    ([], date.today() - timedelta(days=365 * 8), "mixta"),
    ([(55, "O", "caries")], date(1990, 5, 1), "temporal"),
    ([(55, "O", "caries"), (16, "O", "sellante")], date(1990, 5, 1), "mixta"),
    ([(16, "O", "sellante")], date.today() - timedelta(days=365 * 4), "permanente"),
])
def test_the_dentition_follows_the_teeth_charted_or_else_the_age(dental, hallazgos, nacimiento, denticion):
    dental["paciente"].fecha_nacimiento = nacimiento
    if hallazgos:
        registrar(dental["api"], dental["paciente"], *hallazgos)
    assert carta(dental["api"], dental["paciente"])["denticion"] == denticion


# --- append-only, authorship, audit -------------------------------------------------------------------

def test_a_record_is_written_by_the_doctor_as_themself_and_audited(dental):
    r = registrar(dental["api"], dental["paciente"], {"pieza": 36, "superficies": ["O"], "condicion": "caries",
                                                      "nota": "Cavidad profunda"},
                  cita_id=dental["cita"].id, observaciones="Revisión anual")
    cuerpo = r.json
    assert cuerpo["medico_id"] == dental["medico"].id and cuerpo["medico"]["apellido"] == dental["medico"].apellido
    assert cuerpo["hallazgos"] == [{"pieza": 36, "superficies": ["O"], "condicion": "caries",
                                    "nota": "Cavidad profunda"}]
    assert cuerpo["cita_id"] == dental["cita"].id and cuerpo["observaciones"] == "Revisión anual"
    auditoria = db.session.scalar(select(Auditoria).where(Auditoria.accion == "odontograma_registrado"))
    assert auditoria.entidad_id == cuerpo["id"] and auditoria.paciente_id == dental["paciente"].id


@pytest.mark.parametrize("campo", ["medico_id", "fecha", "creado_por", "paciente_id"])
def test_author_and_time_never_come_from_the_body(dental, campo):
    r = registrar(dental["api"], dental["paciente"], (36, "O", "caries"), esperado=422, **{campo: 1})
    assert campo in r.json["errors"]


@pytest.mark.parametrize("metodo", ["put", "patch", "delete"])
def test_a_record_never_changes(dental, metodo):
    rid = registrar(dental["api"], dental["paciente"], (36, "O", "caries")).json["id"]
    r = getattr(dental["api"], metodo)(odontograma_url(dental["paciente"], f"/registros/{rid}"),
                                       json={"hallazgos": []})
    assert r.status_code == 405
    assert dental["api"].get(odontograma_url(dental["paciente"], f"/registros/{rid}")).json["hallazgos"][0][
        "condicion"] == "caries"


@pytest.mark.parametrize("sentencia", ["UPDATE medical.odontograma_hallazgos SET condicion = 'sano'",
                                       "UPDATE medical.odontograma_registros SET fecha = now()",
                                       "DELETE FROM medical.odontograma_hallazgos",
                                       "DELETE FROM medical.odontograma_registros"])
def test_the_application_role_cannot_update_or_delete_chart_rows(dental, sentencia):
    """Append-only is the database's rule too: the application's role has no UPDATE or DELETE on them."""
    registrar(dental["api"], dental["paciente"], (36, "O", "caries"))
    with pytest.raises(ProgrammingError, match="permission denied"), db.session.begin_nested():
        db.session.execute(text(sentencia))


def test_the_history_lists_records_newest_first_and_reads_one(dental):
    api, paciente = dental["api"], dental["paciente"]
    primero = registrar(api, paciente, (36, "O", "caries")).json["id"]
    segundo = registrar(api, paciente, (36, "O", "obturacion_resina")).json["id"]
    lista = api.get(odontograma_url(paciente, "/registros")).json
    assert [r["id"] for r in lista["items"]] == [segundo, primero] and lista["total"] == 2
    assert api.get(odontograma_url(paciente, f"/registros/{primero}")).json["id"] == primero
    assert api.get(odontograma_url(paciente, "/registros/999999")).status_code == 404


# --- who -----------------------------------------------------------------------------------------------

def test_a_doctor_without_a_treatment_relationship_gets_404_unless_an_emergency(dental, client, usuario_factory,
                                                                              medico_factory):
    registrar(dental["api"], dental["paciente"], (36, "O", "caries"))
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    otro = ApiClient(client, usuario)
    db.session.commit()
    assert otro.get(odontograma_url(dental["paciente"])).status_code == 404
    assert registrar(otro, dental["paciente"], (11, "", "fractura"), esperado=404)
    r = otro.get(odontograma_url(dental["paciente"]), headers={"X-Acceso-Emergencia": "Urgencia: dolor agudo"})
    assert r.status_code == 200 and r.json["piezas"]["36"]["superficies"] == {"O": "caries"}
    assert db.session.scalar(select(Auditoria.id).where(Auditoria.accion == "acceso_emergencia",
                                                        Auditoria.entidad == "odontograma"))


def test_a_chart_record_makes_a_treatment_relationship(dental, client, usuario_factory, medico_factory):
    """A doctor who charted a patient (in an emergency) treats them: the chart, like an entry of the history."""
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    otro = ApiClient(client, usuario)
    r = otro.post(odontograma_url(dental["paciente"], "/registros"),
                  json={"hallazgos": [{"pieza": 11, "condicion": "fractura"}]},
                  headers={"X-Acceso-Emergencia": "Traumatismo"})
    assert r.status_code == 201
    assert otro.get(odontograma_url(dental["paciente"])).status_code == 200


def test_the_administrator_reads_and_reception_and_billing_cannot(dental, as_admin, api_as):
    registrar(dental["api"], dental["paciente"], (36, "O", "caries"))
    assert carta(as_admin, dental["paciente"])["piezas"]["36"]
    for rol in ("Recepcionista", "Facturación"):
        assert api_as(rol).get(odontograma_url(dental["paciente"])).status_code == 403
    assert as_admin.post(odontograma_url(dental["paciente"], "/registros"),
                         json={"hallazgos": [{"pieza": 11, "condicion": "fractura"}]}).status_code == 403


def test_an_unknown_patient_is_404(as_admin):
    assert as_admin.get("/api/pacientes/999999/odontograma").status_code == 404


def test_the_catalogue_lists_every_condition_with_its_scope_and_colour(api_as):
    r = api_as("Recepcionista").get("/api/odontologia/condiciones")
    assert r.status_code == 200
    por_codigo = {c["codigo"]: c for c in r.json}
    assert {"caries", "obturacion_resina", "obturacion_amalgama", "sellante", "fractura", "corona", "endodoncia",
            "implante", "ausente", "extraccion_indicada", "protesis_fija", "protesis_removible"} <= set(por_codigo)
    assert por_codigo["caries"]["ambito"] == "superficie" and por_codigo["corona"]["ambito"] == "pieza"
    assert all(c["color"].startswith("#") and len(c["color"]) == 7 for c in r.json)


def test_the_chart_read_is_a_fixed_number_of_queries(dental):
    def leer():
        carta(dental["api"], dental["paciente"])

    registrar(dental["api"], dental["paciente"], (11, "V", "caries"))
    pocas = contar_consultas(leer)
    for pieza in (21, 22, 23, 24, 25):
        registrar(dental["api"], dental["paciente"], (pieza, "V", "caries"))
    assert contar_consultas(leer) == pocas


def test_hallazgo_rows_keep_surfaces_in_a_fixed_order(dental):
    registrar(dental["api"], dental["paciente"], (36, "VOM", "caries"))
    assert db.session.scalar(select(HallazgoOdontograma.superficies)) == "MOV"


def test_a_prosthesis_keeps_the_tooth_absent_and_an_implant_replaces_the_absence(dental):
    api, paciente = dental["api"], dental["paciente"]
    registrar(api, paciente, (46, "", "ausente"), (46, "", "protesis_removible"), (36, "", "ausente"),
              (36, "", "implante"))
    piezas = carta(api, paciente)["piezas"]
    assert piezas["46"]["condiciones"] == ["ausente", "protesis_removible"]
    assert piezas["36"]["condiciones"] == ["implante"]
    db.session.commit()
    assert registrar(api, paciente, (46, "O", "caries"), esperado=409).json["reason"] == "PIEZA_AUSENTE"


def test_a_date_beyond_the_calendar_is_a_422_not_a_500(dental):
    r = dental["api"].get(odontograma_url(dental["paciente"]), query_string={"fecha": "9999-12-31"})
    assert r.status_code == 422 and "fecha" in r.json["errors"]
