"""Searching patients: accents, case, word order, partial words, document, email, phone; order and paging."""
import pytest
from sqlalchemy import text

from tests.consultas import sentencias_ejecutadas
from tests.conftest import como_dueno


@pytest.fixture
def pacientes(paciente_factory):
    return {
        "jose": paciente_factory(nombre="José", apellido="Núñez", email="jnunez@correo.mx", telefono="+525511112222",
                                 tipo_documento="INE", numero_documento="NUJ-800229"),
        "josefa": paciente_factory(nombre="Josefa", apellido="Núñez Arce"),
        "maria": paciente_factory(nombre="María", apellido="Gómez", telefono="5533334444"),
        "ana": paciente_factory(nombre="Ana", apellido="Nuño"),
    }


def ids(respuesta):
    assert respuesta.status_code == 200, respuesta.json
    return [p["id"] for p in respuesta.json["items"]]


@pytest.mark.parametrize("q", ["jose nunez", "NÚÑEZ JOSÉ", "Nunez Jose", "josé", "jOsE núñ"])
def test_names_are_found_regardless_of_accents_case_and_word_order(as_admin, pacientes, q):
    encontrados = ids(as_admin.get("/api/pacientes", query_string={"q": q}))
    assert encontrados[0] == pacientes["jose"].id
    assert pacientes["maria"].id not in encontrados


def test_a_partial_word_finds_every_patient_containing_it_best_match_first(as_admin, pacientes):
    encontrados = ids(as_admin.get("/api/pacientes", query_string={"q": "nun"}))
    assert set(encontrados) == {pacientes["jose"].id, pacientes["josefa"].id, pacientes["ana"].id}
    assert set(ids(as_admin.get("/api/pacientes", query_string={"q": "nune"}))) == {pacientes["jose"].id,
                                                                                    pacientes["josefa"].id}
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "gomez maria"})) == [pacientes["maria"].id]


def test_the_closest_name_comes_first_then_surname_and_name(as_admin, pacientes):
    encontrados = ids(as_admin.get("/api/pacientes", query_string={"q": "josefa nunez arce"}))
    assert encontrados == [pacientes["josefa"].id]
    ambos = ids(as_admin.get("/api/pacientes", query_string={"q": "jose nunez"}))
    assert ambos == [pacientes["jose"].id, pacientes["josefa"].id]


def test_an_exact_document_number_finds_its_patient_however_it_is_typed(as_admin, pacientes):
    for q in ("NUJ-800229", "nuj800229", "NUJ 800 229"):
        assert ids(as_admin.get("/api/pacientes", query_string={"q": q})) == [pacientes["jose"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "NUJ-80022"})) == []


def test_an_email_or_a_phone_finds_its_patient(as_admin, pacientes):
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "JNunez@correo.mx"})) == [pacientes["jose"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "55 3333 4444"})) == [pacientes["maria"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "+52 55 1111 2222"})) == [pacientes["jose"].id]


def test_like_wildcards_in_the_query_are_taken_literally(as_admin, pacientes):
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "%"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "_"})) == []


def test_without_a_query_patients_are_ordered_by_surname_then_name(as_admin, pacientes):
    encontrados = ids(as_admin.get("/api/pacientes"))
    assert encontrados == [pacientes[k].id for k in ("maria", "ana", "jose", "josefa")]


def test_the_active_filter_hides_deactivated_patients(as_admin, pacientes):
    as_admin.delete(f"/api/pacientes/{pacientes['ana'].id}")
    assert pacientes["ana"].id not in ids(as_admin.get("/api/pacientes", query_string={"activo": "true"}))
    assert ids(as_admin.get("/api/pacientes", query_string={"activo": "false"})) == [pacientes["ana"].id]


def test_pages_come_in_the_envelope(as_admin, paciente_factory):
    for i in range(5):
        paciente_factory(nombre=f"Pedro{i}", apellido="Páez")
    respuesta = as_admin.get("/api/pacientes", query_string={"q": "paez", "per_page": 2, "page": 3})
    assert respuesta.json["total"] == 5 and respuesta.json["pages"] == 3
    assert len(respuesta.json["items"]) == 1 and respuesta.json["page"] == 3


@pytest.mark.parametrize("q", [None, "paez"])
def test_past_the_last_page_the_total_still_counts_the_matches(as_admin, paciente_factory, q):
    for i in range(5):
        paciente_factory(nombre=f"Pedro{i}", apellido="Páez")
    respuesta = as_admin.get("/api/pacientes", query_string={"per_page": 2, "page": 9, **({"q": q} if q else {})})
    assert respuesta.json["items"] == [] and respuesta.json["total"] == 5 and respuesta.json["pages"] == 3


def test_a_long_list_counts_up_to_the_cap_and_then_gives_a_lower_bound(as_admin, paciente_factory, monkeypatch):
    from app.services import pacientes_service

    monkeypatch.setattr(pacientes_service, "TOPE_CONTEO", 4)
    for i in range(7):
        paciente_factory(nombre=f"Rita{i}", apellido="Ortiz")
    primera = as_admin.get("/api/pacientes", query_string={"per_page": 2}).json
    assert [p["nombre"] for p in primera["items"]] == ["Rita0", "Rita1"] and primera["total"] == 5
    # A page beyond the cap is still read, and its total counts as far as that page and one more.
    tercera = as_admin.get("/api/pacientes", query_string={"per_page": 2, "page": 3}).json
    assert [p["nombre"] for p in tercera["items"]] == ["Rita4", "Rita5"] and tercera["total"] == 7


def test_a_common_name_looks_ahead_instead_of_counting_every_match(as_admin, paciente_factory, monkeypatch):
    from app.services import pacientes_service

    monkeypatch.setattr(pacientes_service, "ESTIMACION_COMUN", 0)  # every name counts as common
    monkeypatch.setattr(pacientes_service, "MIRADA", 2)
    for i in range(7):
        paciente_factory(nombre=f"Luis{i}", apellido="Ruiz")
    primera = as_admin.get("/api/pacientes", query_string={"q": "ruiz", "per_page": 2}).json
    # Two rows shown, two more looked ahead, one beyond: at least 5 (a lower bound, the next page exists).
    assert len(primera["items"]) == 2 and primera["total"] == 5 and primera["pages"] == 3
    ultima = as_admin.get("/api/pacientes", query_string={"q": "ruiz", "per_page": 2, "page": 4}).json
    # The matches end within the look-ahead: the total is exact.
    assert len(ultima["items"]) == 1 and ultima["total"] == 7


def test_per_page_above_100_is_refused(as_admin):
    assert as_admin.get("/api/pacientes", query_string={"per_page": 101}).status_code == 422


def test_a_search_is_audited_without_the_search_text(as_admin, pacientes, db_session):
    as_admin.get("/api/pacientes", query_string={"q": "NUJ-800229"})
    fila = db_session.execute(text(
        "SELECT accion, detalle FROM security.auditoria WHERE accion = 'pacientes_listados' ORDER BY id DESC LIMIT 1"
    )).one()
    assert fila.detalle == {"ids": [pacientes["jose"].id], "busqueda": True}
    assert "800229" not in str(fila)


def _plan(db_session, sql):
    return "\n".join(db_session.scalars(text(f"EXPLAIN {sql}")))


def test_a_specific_name_is_found_through_the_trigram_index_and_a_common_one_by_the_ordered_btree(db_session):
    db_session.execute(text(
        "INSERT INTO medical.pacientes (nombre, apellido, fecha_nacimiento) "
        "SELECT 'María', 'Apellido' || i, DATE '1980-01-01' FROM generate_series(1, 5000) AS i"))
    # What autovacuum does in a live database: merge the GIN pending list, refresh statistics.
    with como_dueno(db_session):  # autovacuum works as the owner
        db_session.execute(text("SELECT gin_clean_pending_list('medical.ix_pacientes_busqueda_trgm')"))
        db_session.execute(text("ANALYZE medical.pacientes"))
    especifico = _plan(db_session, "SELECT id FROM medical.pacientes WHERE busqueda LIKE '%apellido123%'")
    assert "ix_pacientes_busqueda_trgm" in especifico
    comun = _plan(db_session, "SELECT id FROM medical.pacientes WHERE busqueda LIKE '%maria%' "
                              "ORDER BY apellido, nombre, id LIMIT 20")
    assert "ix_pacientes_apellido_nombre_id" in comun


def test_a_common_name_is_listed_alphabetically_and_a_specific_one_best_match_first(
        as_admin, paciente_factory, monkeypatch):
    from app.services import pacientes_service

    for apellido in ("Zapata", "Nuñez", "Abad"):
        paciente_factory(nombre="Nuño", apellido=apellido)
    paciente_factory(nombre="Ana", apellido="Nuñezca")
    especifica = as_admin.get("/api/pacientes", query_string={"q": "nuño nuñez"}).json
    assert [p["apellido"] for p in especifica["items"]][0] == "Nuñez"
    monkeypatch.setattr(pacientes_service, "ESTIMACION_COMUN", 0)
    comun = as_admin.get("/api/pacientes", query_string={"q": "nuño"}).json
    assert [p["apellido"] for p in comun["items"]] == ["Abad", "Nuñez", "Zapata"]


def test_listing_patients_takes_a_fixed_number_of_queries(as_admin, paciente_factory):
    for i in range(15):
        paciente_factory(nombre=f"Eva{i}", apellido="Soto")
    with sentencias_ejecutadas() as consultas:
        assert len(ids(as_admin.get("/api/pacientes", query_string={"q": "soto"}))) == 15
    # user lookup, the planner's estimate, the page with its count, the audit row
    assert len(consultas) <= 4


@pytest.mark.parametrize("comun", [False, True])
@pytest.mark.parametrize("rol", ["Administrador", "Facturación"])
def test_every_listed_patient_equals_the_patient_detail_and_the_schema(api_as, paciente_factory, monkeypatch, rol,
                                                                       comun):
    # The lists and the detail are built from rows (pacientes_service._paciente_json): the shape PacienteSchema
    # (PacienteDemograficoSchema for Facturación) dumps from the patient's ORM object.
    from app.extensions import db
    from app.models import Paciente
    from app.schemas.paciente import PacienteDemograficoSchema, PacienteSchema
    from app.services import pacientes_service

    esquema = PacienteSchema() if rol == "Administrador" else PacienteDemograficoSchema()

    monkeypatch.setattr(pacientes_service, "ESTIMACION_COMUN", -1 if comun else 10**9)
    paciente_factory(nombre="Iñaki", apellido="Ñúñez", alergias="Penicilina", direccion="Av. Sol 1",
                     contacto_emergencia_nombre="Ane", contacto_emergencia_telefono="+525500000000",
                     numero_documento="IN-700101")
    ines = paciente_factory(nombre="Inés", apellido="Ñúñez", email=None, telefono=None, tipo_documento=None,
                            numero_documento=None)
    # absorbed into Inés (fusion_pacientes): inactive, pointing to her, with a channel and no reminders
    paciente_factory(nombre="Ines", apellido="Nunez", activo=False, fusionado_con_id=ines.id, canal_preferido="sms",
                     acepta_recordatorios=False, telefono="+525511112222")
    api = api_as(rol)
    for consulta, cuantos in (({"q": "nunez"}, 3), ({}, 3), ({"q": "IN-700101"}, 1), ({"q": "nunez", "activo": False}, 1)):
        lista = api.get("/api/pacientes", query_string=consulta)
        assert lista.status_code == 200 and len(lista.json["items"]) == cuantos
        for listado in lista.json["items"]:
            assert listado == api.get(f"/api/pacientes/{listado['id']}").json
            assert listado == esquema.dump(db.session.get(Paciente, listado["id"]))
    iñaki = api.get("/api/pacientes", query_string={"q": "inaki"}).json["items"]
    assert [p.get("alergias") for p in iñaki] == ["Penicilina" if rol == "Administrador" else None]
    assert ("alergias" in iñaki[0]) == (rol == "Administrador")


# --- mixed search: name words with a birth year or a phone's last digits (issue 24) ---------------------------

@pytest.fixture
def garcias(paciente_factory):
    from datetime import date

    return {
        "g85": paciente_factory(nombre="Lucía", apellido="García", fecha_nacimiento=date(1985, 3, 2),
                                telefono="+573001115678"),
        "g85b": paciente_factory(nombre="Pedro", apellido="García López", fecha_nacimiento=date(1985, 12, 31)),
        "g90": paciente_factory(nombre="Lucía", apellido="García", fecha_nacimiento=date(1990, 1, 1),
                                telefono="5500001985"),
        "p": paciente_factory(nombre="Juan", apellido="Pérez", fecha_nacimiento=date(1985, 6, 6),
                              telefono="+525512345678"),
        "p2": paciente_factory(nombre="Juana", apellido="Pérez", fecha_nacimiento=date(1970, 6, 6),
                               telefono="+525512340000"),
    }


def test_a_name_with_a_birth_year_finds_the_patients_of_that_name_born_that_year(as_admin, garcias):
    assert set(ids(as_admin.get("/api/pacientes", query_string={"q": "garcia 1985"}))) == {
        garcias["g85"].id, garcias["g85b"].id}
    # accents, case and order as in a name search; the year may come first
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "1985 LUCÍA García"})) == [garcias["g85"].id]
    # a year-like number is a year, not a phone ending (g90's phone ends in 1985)
    assert garcias["g90"].id not in ids(as_admin.get("/api/pacientes", query_string={"q": "garcia 1985"}))
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 1990"})) == []


def test_a_name_with_the_last_digits_of_a_phone_finds_that_patient_only(as_admin, garcias):
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 5678"})) == [garcias["p"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "pérez 345678"})) == [garcias["p"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 0000"})) == [garcias["p2"].id]
    # the digits must end the phone and the name must match: no false positives
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 1234"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "garcia 5678"})) == [garcias["g85"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "lopez 5678"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "garcia 99995678"})) == []


def test_a_query_of_digits_only_keeps_the_exact_lookups(as_admin, garcias, pacientes):
    # four digits alone are neither a name nor a whole phone: nothing (not every patient born in 1985)
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "1985"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "5678"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "+52 55 1234 5678"})) == [garcias["p"].id]
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "NUJ 800 229"})) == [pacientes["jose"].id]
    # a name with a short number or two numbers is no mixed search either
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 567"})) == []
    assert ids(as_admin.get("/api/pacientes", query_string={"q": "perez 1985 5678"})) == []


def test_the_mixed_search_is_parsed_as_documented():
    from app.services.pacientes_service import busqueda_mixta

    assert busqueda_mixta("garcia 1985", 2026) == (["garcia"], ("anio", 1985))
    assert busqueda_mixta("garcia 1900", 2026) == (["garcia"], ("anio", 1900))
    assert busqueda_mixta("garcia 2027", 2026) == (["garcia"], ("telefono", "2027"))
    assert busqueda_mixta("garcia 1899", 2026) == (["garcia"], ("telefono", "1899"))
    assert busqueda_mixta("perez 5678", 2026) == (["perez"], ("telefono", "5678"))
    assert busqueda_mixta("ana maria 0123456", 2026) == (["ana", "maria"], ("telefono", "0123456"))
    for q in ("1985", "perez 56", "perez a@b.c 5678", "perez 12 5678", "NUJ-800229"):
        assert busqueda_mixta(q, 2026) is None, q


def test_the_mixed_search_uses_the_indexes_of_birth_date_and_of_the_phones_last_digits(db_session):
    db_session.execute(text(
        "INSERT INTO medical.pacientes (nombre, apellido, fecha_nacimiento, telefono) "
        "SELECT 'María', 'Apellido' || i, DATE '1940-01-01' + (i % 20000), '+5255' || lpad(i::text, 8, '0') "
        "FROM generate_series(1, 20000) AS i"))
    with como_dueno(db_session):
        db_session.execute(text("ANALYZE medical.pacientes"))
    telefono = _plan(db_session, "SELECT id FROM medical.pacientes WHERE busqueda LIKE '%maria%' "
                                 "AND right(telefono, 4) = '5678' AND telefono LIKE '%5678'")
    assert "ix_pacientes_telefono_final" in telefono
    anio = _plan(db_session, "SELECT id FROM medical.pacientes WHERE busqueda LIKE '%maria%' "
                             "AND fecha_nacimiento >= '1985-01-01' AND fecha_nacimiento < '1986-01-01'")
    assert "ix_pacientes_nacimiento_busqueda" in anio


def test_a_document_typed_with_a_space_is_still_found_exactly(as_admin, paciente_factory):
    """A mixed query ("words and a number") that is, whole, a patient's document keeps the exact lookup."""
    paciente = paciente_factory(tipo_documento="DNI", numero_documento="12345678Z")
    paciente_factory(nombre="Zoe", apellido="Zapata")
    r = as_admin.get("/api/pacientes", query_string={"q": "12345678 Z"})
    assert [p["id"] for p in r.json["items"]] == [paciente.id]


def test_unicode_digits_are_not_a_year_nor_a_phone(as_admin, paciente_factory):
    paciente_factory(nombre="Ana", apellido="García")
    r = as_admin.get("/api/pacientes", query_string={"q": "garcia ²²²²"})
    assert r.status_code == 200 and r.json["items"] == []
