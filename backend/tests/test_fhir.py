"""The FHIR R4 interface (docs/fhir.md): every answer is application/fhir+json and validates against the R4B models;
errors are OperationOutcome; reads follow the API's roles, scope and audit."""
from datetime import date, time

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, Estado, HallazgoOdontograma, RegistroOdontograma
from app.services.fhir import busqueda
from tests.conftest import ApiClient
from tests.consultas import contar_consultas
from tests.fhir_util import recursos, resultado_de, valido, validar_respuesta

FHIR = "/api/fhir"


def _ultima_auditoria(accion):
    return db.session.scalars(select(Auditoria).where(Auditoria.accion == accion).order_by(Auditoria.id.desc())).first()


# --- metadata ------------------------------------------------------------------------------------

def test_anyone_reads_the_capability_statement_of_the_resources_and_searches_offered(anonimo, reloj_fijo):
    r = anonimo.get(f"{FHIR}/metadata")
    assert r.status_code == 200
    declaracion = validar_respuesta(r)
    assert declaracion["resourceType"] == "CapabilityStatement" and declaracion["fhirVersion"] == "4.3.0"
    assert "application/fhir+json" in declaracion["format"]
    tipos = {rec["type"]: rec for rec in declaracion["rest"][0]["resource"]}
    assert set(tipos) == {"Patient", "Practitioner", "Appointment"}
    assert {p["name"] for p in tipos["Patient"]["searchParam"]} == {"name", "identifier", "birthdate"}
    assert {p["name"] for p in tipos["Appointment"]["searchParam"]} == {"patient", "practitioner", "date"}
    assert tipos["Patient"]["operation"][0]["name"] == "everything"


# --- Patient read --------------------------------------------------------------------------------

def test_a_patient_reads_as_a_valid_patient_resource_with_every_field_mapped(api_as, paciente_factory):
    paciente = paciente_factory(nombre="María José", apellido="García López", fecha_nacimiento=date(1980, 2, 29),
                                genero="Femenino", tipo_documento="INE", numero_documento="GALM800229",
                                telefono="+525512345678", email="maria@correo.mx", direccion="Av. Juárez 10, CDMX",
                                contacto_emergencia_nombre="Pedro García", contacto_emergencia_telefono="5598765432")
    r = api_as("Recepcionista").get(f"{FHIR}/Patient/{paciente.id}")
    assert r.status_code == 200
    recurso = validar_respuesta(r)
    assert recurso["id"] == str(paciente.id) and recurso["active"] is True
    assert recurso["identifier"] == [{"use": "official", "type": {"text": "INE"},
                                      "system": "urn:clinica-erp:doc:INE", "value": "GALM800229"}]
    assert recurso["name"][0]["family"] == "García López" and recurso["name"][0]["given"] == ["María", "José"]
    assert recurso["gender"] == "female" and recurso["birthDate"] == "1980-02-29"
    assert {"system": "phone", "value": "+525512345678"} in recurso["telecom"]
    assert {"system": "email", "value": "maria@correo.mx"} in recurso["telecom"]
    assert recurso["address"] == [{"text": "Av. Juárez 10, CDMX"}]
    contacto = recurso["contact"][0]
    assert contacto["name"]["text"] == "Pedro García" and contacto["telecom"][0]["value"] == "5598765432"
    assert contacto["relationship"][0]["coding"][0]["code"] == "C"


@pytest.mark.parametrize(("genero", "esperado"), [("Masculino", "male"), ("femenino", "female"), ("Otro", "other"),
                                                  ("No especificado", "unknown"), (None, "unknown")])
def test_the_projects_genders_map_to_administrative_gender(as_admin, paciente_factory, genero, esperado):
    paciente = paciente_factory(genero=genero)
    assert validar_respuesta(as_admin.get(f"{FHIR}/Patient/{paciente.id}"))["gender"] == esperado


def test_a_document_type_with_spaces_and_accents_is_a_percent_encoded_system(as_admin, paciente_factory):
    paciente = paciente_factory(tipo_documento="Carné de extranjería", numero_documento="CE-778899")
    recurso = validar_respuesta(as_admin.get(f"{FHIR}/Patient/{paciente.id}"))
    sistema = recurso["identifier"][0]["system"]
    assert sistema == "urn:clinica-erp:doc:Carn%C3%A9%20de%20extranjer%C3%ADa"
    encontrado = validar_respuesta(as_admin.get(f"{FHIR}/Patient", query_string={"identifier": f"{sistema}|CE-778899"}))
    assert [p["id"] for p in recursos(encontrado)] == [str(paciente.id)]


def test_a_merged_patient_links_to_the_record_that_replaced_it(as_admin, paciente_factory):
    conservado = paciente_factory()
    absorbido = paciente_factory(activo=False, fusionado_con_id=conservado.id)
    recurso = validar_respuesta(as_admin.get(f"{FHIR}/Patient/{absorbido.id}"))
    assert recurso["active"] is False
    assert recurso["link"] == [{"other": {"reference": f"Patient/{conservado.id}"}, "type": "replaced-by"}]


def test_reading_a_patient_is_audited_like_the_patients_read(api_as, paciente_factory):
    paciente = paciente_factory()
    api = api_as("Médico")
    api.get(f"{FHIR}/Patient/{paciente.id}")
    fila = _ultima_auditoria("paciente_consultado")
    assert (fila.usuario_id, fila.paciente_id, fila.entidad_id) == (api.usuario.id, paciente.id, paciente.id)


def test_billing_reads_a_patient_too(api_as, paciente_factory):
    paciente = paciente_factory(alergias="Penicilina")
    r = api_as("Facturación").get(f"{FHIR}/Patient/{paciente.id}")
    assert r.status_code == 200 and "Penicilina" not in r.get_data(as_text=True)


# --- errors --------------------------------------------------------------------------------------

def test_an_unknown_patient_is_a_404_operation_outcome(as_admin):
    resultado = resultado_de(as_admin.get(f"{FHIR}/Patient/999999"), 404)
    assert resultado["issue"][0]["code"] == "not-found"
    assert resultado["issue"][0]["diagnostics"] == "El paciente no existe"


def test_without_a_token_every_fhir_read_is_a_401_operation_outcome(anonimo, paciente_factory, db_session):
    paciente = paciente_factory()
    db_session.commit()
    for url in (f"{FHIR}/Patient/{paciente.id}", f"{FHIR}/Patient", f"{FHIR}/Practitioner/1",
                f"{FHIR}/Appointment", f"{FHIR}/Patient/{paciente.id}/$everything"):
        resultado = resultado_de(anonimo.get(url), 401)
        assert resultado["issue"][0]["code"] == "login", url


def test_an_unknown_fhir_path_and_an_unknown_parameter_are_operation_outcomes(as_admin):
    assert resultado_de(as_admin.get(f"{FHIR}/Observation"), 404)["issue"][0]["code"] == "not-found"
    resultado = resultado_de(as_admin.get(f"{FHIR}/Patient", query_string={"family": "García"}), 422)
    assert resultado["issue"][1]["expression"] == ["family"]


def test_a_malformed_search_value_is_a_422_naming_the_parameter(as_admin):
    for parametros, campo in (({"birthdate": "ayer"}, "birthdate"), ({"birthdate": "xx1980"}, "birthdate"),
                              ({"identifier": "http://otro.sistema|123"}, "identifier"),
                              ({"_count": "1000"}, "_count")):
        resultado = resultado_de(as_admin.get(f"{FHIR}/Patient", query_string=parametros), 422)
        assert resultado["issue"][1]["expression"] == [campo], parametros
    resultado = resultado_de(as_admin.get(f"{FHIR}/Appointment", query_string={"patient": "Practitioner/x"}), 422)
    assert resultado["issue"][1]["expression"] == ["patient"]


# --- Patient search ------------------------------------------------------------------------------

@pytest.fixture
def tres_pacientes(paciente_factory):
    return {
        "ana": paciente_factory(nombre="Ana Sofía", apellido="Núñez Peña", fecha_nacimiento=date(1990, 5, 1),
                                tipo_documento="INE", numero_documento="NUPA900501"),
        "jose": paciente_factory(nombre="José", apellido="Núñez Ávila", fecha_nacimiento=date(1975, 12, 31),
                                 tipo_documento="CURP", numero_documento="NUAJ751231"),
        "eva": paciente_factory(nombre="Eva", apellido="Ruiz Núñez", fecha_nacimiento=date(1990, 8, 15),
                                tipo_documento="INE", numero_documento="RUNE900815"),
    }


def _buscar(api, **parametros):
    r = api.get(f"{FHIR}/Patient", query_string=parametros)
    assert r.status_code == 200, r.get_data(as_text=True)
    paquete = validar_respuesta(r)
    assert paquete["type"] == "searchset"
    return paquete


def _ids(paquete):
    return {int(p["id"]) for p in recursos(paquete, "Patient")}


def test_a_name_search_matches_any_word_of_name_or_surname_without_accents_or_case(as_admin, tres_pacientes):
    t = tres_pacientes
    assert _ids(_buscar(as_admin, name="NUNEZ")) >= {t["ana"].id, t["jose"].id, t["eva"].id}
    assert _ids(_buscar(as_admin, name="sofia nuñez")) == {t["ana"].id}
    assert _ids(_buscar(as_admin, name="avila")) == {t["jose"].id}


def test_an_identifier_search_takes_system_and_value_or_the_value_alone(as_admin, tres_pacientes):
    t = tres_pacientes
    assert _ids(_buscar(as_admin, identifier="urn:clinica-erp:doc:INE|NUPA900501")) == {t["ana"].id}
    assert _ids(_buscar(as_admin, identifier="nupa-900501")) == {t["ana"].id}  # normalised like the blind index
    assert _ids(_buscar(as_admin, identifier="urn:clinica-erp:doc:CURP|NUPA900501")) == set()


def test_a_birthdate_search_takes_a_day_a_year_and_ge_le_prefixes(as_admin, tres_pacientes):
    t = tres_pacientes
    assert _ids(_buscar(as_admin, birthdate="1990-05-01")) == {t["ana"].id}
    assert _ids(_buscar(as_admin, birthdate="eq1975")) == {t["jose"].id}
    paquete = _buscar(as_admin, birthdate=["ge1990-01-01", "le1990-06-30"])
    assert _ids(paquete) == {t["ana"].id}
    assert _ids(_buscar(as_admin, birthdate="gt1990-05")) >= {t["eva"].id}


def test_search_parameters_combine_and_the_bundle_carries_the_total(as_admin, tres_pacientes):
    t = tres_pacientes
    paquete = _buscar(as_admin, name="núñez", birthdate="1990", identifier="RUNE900815")
    assert _ids(paquete) == {t["eva"].id} and paquete["total"] == 1
    assert paquete["entry"][0]["fullUrl"].endswith(f"/api/fhir/Patient/{t['eva'].id}")
    assert paquete["entry"][0]["search"]["mode"] == "match"


def test_a_search_pages_with_count_and_links(as_admin, tres_pacientes):
    primera = _buscar(as_admin, name="núñez", _count=2)
    assert primera["total"] == 3 and len(primera["entry"]) == 2
    enlaces = {e["relation"]: e["url"] for e in primera["link"]}
    assert "_offset=2" in enlaces["next"] and "previous" not in enlaces
    segunda = as_admin.get(enlaces["next"].split("localhost", 1)[1])
    segunda = validar_respuesta(segunda)
    assert len(segunda["entry"]) == 1 and "next" not in {e["relation"] for e in segunda["link"]}
    vistos = _ids(primera) | _ids(segunda)
    assert vistos == {p.id for p in tres_pacientes.values()}


def test_count_zero_answers_the_total_alone_and_above_the_cap_a_search_gives_no_total(as_admin, tres_pacientes,
                                                                                      monkeypatch):
    solo_total = _buscar(as_admin, name="núñez", _count=0)
    assert solo_total["total"] == 3 and "entry" not in solo_total
    monkeypatch.setattr(busqueda, "TOPE_TOTAL", 2)  # counting stops past the cap: the bundle says "more", not how many
    primera = _buscar(as_admin, name="núñez", _count=1)
    assert "total" not in primera and len(primera["entry"]) == 1
    assert "next" in {e["relation"] for e in primera["link"]}


def test_a_search_is_audited_with_the_ids_shown_and_never_the_values(api_as, tres_pacientes):
    api = api_as("Recepcionista")
    _buscar(api, identifier="NUPA900501")
    fila = _ultima_auditoria("pacientes_listados")
    assert fila.usuario_id == api.usuario.id and fila.detalle["ids"] == [tres_pacientes["ana"].id]
    assert "NUPA900501" not in str(fila.detalle)


# --- Practitioner --------------------------------------------------------------------------------

def test_a_doctor_reads_as_a_practitioner_with_the_specialty_as_qualification(api_as, medico_factory,
                                                                               especialidad_factory):
    medico = medico_factory(nombre="Laura", apellido="Méndez", telefono="5511112222",
                            especialidad=especialidad_factory(nombre="Ortodoncia"))
    recurso = validar_respuesta(api_as("Facturación").get(f"{FHIR}/Practitioner/{medico.id}"))
    assert recurso["name"][0]["family"] == "Méndez" and recurso["name"][0]["given"] == ["Laura"]
    assert recurso["qualification"][0]["code"]["text"] == "Ortodoncia"
    assert {"system": "phone", "value": "5511112222"} in recurso["telecom"]


def test_an_unknown_practitioner_is_a_404_operation_outcome(as_admin):
    resultado_de(as_admin.get(f"{FHIR}/Practitioner/999999"), 404)


# --- Appointment search --------------------------------------------------------------------------

@pytest.fixture
def agenda(sucursal_factory, medico_factory, paciente_factory, cita_factory, usuario_factory):
    """Two branches and two doctors (one with a login), and appointments of one patient in every state."""
    norte, sur = sucursal_factory(nombre="Norte"), sucursal_factory(nombre="Sur", zona_horaria="Europe/Madrid")
    usuario = usuario_factory(rol="Médico")
    propio, otro = medico_factory(usuario=usuario), medico_factory()
    paciente = paciente_factory(nombre="Citada", apellido="Muchas")
    citas = {estado: cita_factory(paciente, propio, norte, fecha=date(2031, 3, 3 + i), hora_inicio=time(9),
                                  estado_id=estado, motivo=f"Motivo {estado}")
             for i, estado in enumerate(Estado.NOMBRES)}
    ajena = cita_factory(paciente, otro, sur, fecha=date(2031, 7, 1), hora_inicio=time(10))
    return {"norte": norte, "sur": sur, "usuario": usuario, "propio": propio, "otro": otro, "paciente": paciente,
            "citas": citas, "ajena": ajena}


def _citas(api, **parametros):
    r = api.get(f"{FHIR}/Appointment", query_string=parametros)
    assert r.status_code == 200, r.get_data(as_text=True)
    return validar_respuesta(r)


def test_appointment_states_map_to_fhir_statuses_with_instants_in_the_branchs_zone(as_admin, agenda):
    paquete = _citas(as_admin, patient=f"Patient/{agenda['paciente'].id}", _count=100)
    por_id = {int(c["id"]): c for c in recursos(paquete)}
    estados = {estado: por_id[cita.id]["status"] for estado, cita in agenda["citas"].items()}
    assert estados == {Estado.NUEVA: "booked", Estado.CONFIRMADA: "booked", Estado.EN_ESPERA: "arrived",
                       Estado.EN_CONSULTA: "checked-in", Estado.COMPLETADA: "fulfilled",
                       Estado.CANCELADA: "cancelled", Estado.NO_ASISTIO: "noshow"}
    primera = por_id[agenda["citas"][Estado.NUEVA].id]
    assert primera["start"] == "2031-03-03T09:00:00-06:00" and primera["end"] == "2031-03-03T09:30:00-06:00"
    assert primera["description"] == "Motivo 1"
    actores = [p["actor"] for p in primera["participant"]]
    assert actores[0] == {"reference": f"Patient/{agenda['paciente'].id}", "display": "Citada Muchas"}
    assert actores[1]["reference"] == f"Practitioner/{agenda['propio'].id}"
    assert actores[2] == {"reference": f"Location/{agenda['norte'].id}", "display": "Norte"}
    assert por_id[agenda["ajena"].id]["start"] == "2031-07-01T10:00:00+02:00"  # Madrid, summer time


def test_an_appointment_search_filters_by_practitioner_and_date_prefixes(as_admin, agenda):
    def ids(**p):
        return {int(c["id"]) for c in recursos(_citas(as_admin, _count=100, **p))}

    citas = agenda["citas"]
    assert ids(practitioner=str(agenda["otro"].id)) == {agenda["ajena"].id}
    assert ids(patient=agenda["paciente"].id, date="2031-03-04") == {citas[Estado.CONFIRMADA].id}
    assert ids(patient=agenda["paciente"].id, date=["ge2031-03-08", "le2031-03-09"]) == {
        citas[Estado.EN_CONSULTA].id, citas[Estado.NO_ASISTIO].id}
    assert ids(patient=agenda["paciente"].id, date="gt2031-07-01T07:59:59+00:00") == {agenda["ajena"].id}
    assert ids(patient=agenda["paciente"].id, date="2031-07") == {agenda["ajena"].id}


def test_an_appointment_search_pages_like_the_patients_one(as_admin, agenda):
    paciente = f"Patient/{agenda['paciente'].id}"
    todas = recursos(_citas(as_admin, patient=paciente, _count=100))
    assert _citas(as_admin, patient=paciente, _count=0)["total"] == len(todas) > 2
    primera = _citas(as_admin, patient=paciente, _count=2)
    assert primera["total"] == len(todas) and "next" in {e["relation"] for e in primera["link"]}
    ultima = _citas(as_admin, patient=paciente, _count=2, _offset=len(todas) - 1)
    assert ultima["total"] == len(todas) and "next" not in {e["relation"] for e in ultima["link"]}


def test_a_doctor_finds_only_their_own_appointments(client, agenda):
    api = ApiClient(client, agenda["usuario"])
    paquete = _citas(api, patient=agenda["paciente"].id, _count=100)
    assert {int(c["id"]) for c in recursos(paquete)} == {c.id for c in agenda["citas"].values()}
    assert paquete["total"] == 7
    assert recursos(_citas(api, practitioner=agenda["otro"].id)) == []


def test_a_receptionist_bound_to_a_branch_finds_only_that_branchs_appointments(api_as, agenda):
    api = api_as("Recepcionista", sucursal=agenda["sur"])
    paquete = _citas(api, patient=agenda["paciente"].id)
    assert [int(c["id"]) for c in recursos(paquete)] == [agenda["ajena"].id] and paquete["total"] == 1
    assert "Motivo 1" not in str(paquete)


def test_an_appointment_search_is_audited_as_the_appointments_list(api_as, agenda):
    api = api_as("Recepcionista")
    _citas(api, practitioner=agenda["otro"].id)
    fila = _ultima_auditoria("citas_listadas")
    assert fila.usuario_id == api.usuario.id and fila.entidad_id is None
    assert fila.detalle == {"ids": [agenda["ajena"].id]}


# --- $everything ---------------------------------------------------------------------------------

@pytest.fixture
def expediente(agenda, historial_factory, servicio_factory, factura_factory):
    paciente, medico = agenda["paciente"], agenda["propio"]
    entrada = historial_factory(paciente, medico, agenda["citas"][Estado.COMPLETADA], diagnostico="Caries en 36",
                                tratamiento="Resina", observaciones="Sin dolor <ok>")
    registro = RegistroOdontograma(paciente_id=paciente.id, medico_id=medico.id, hallazgos=[
        HallazgoOdontograma(pieza=36, superficies="MO", condicion="caries"),
        HallazgoOdontograma(pieza=11, superficies="", condicion="corona", nota="Corona de zirconio")])
    db.session.add(registro)
    db.session.flush()
    factura = factura_factory(paciente, servicio_factory(nombre="Obturación"), sucursal=agenda["norte"])
    return {**agenda, "entrada": entrada, "registro": registro, "factura": factura}


def test_everything_of_a_patient_is_one_bundle_of_valid_resources(as_admin, expediente):
    paciente = expediente["paciente"]
    r = as_admin.get(f"{FHIR}/Patient/{paciente.id}/$everything")
    assert r.status_code == 200
    paquete = validar_respuesta(r)
    assert recursos(paquete, "Patient")[0]["id"] == str(paciente.id)
    assert len(recursos(paquete, "Appointment")) == 8
    encuentro, = recursos(paquete, "Encounter")
    assert encuentro["diagnosis"][0]["condition"]["display"] == "Caries en 36"
    assert encuentro["period"]["start"].startswith(expediente["entrada"].fecha.date().isoformat()[:4])
    assert encuentro["appointment"] == [{"reference": f"Appointment/{expediente['citas'][Estado.COMPLETADA].id}"}]
    assert "Sin dolor &lt;ok&gt;" in encuentro["text"]["div"]
    condiciones = {c["bodySite"][0]["coding"][0]["code"]: c for c in recursos(paquete, "Condition")}
    assert set(condiciones) == {"36", "11"}
    caries = condiciones["36"]
    assert caries["bodySite"][0]["coding"][0]["system"] == "http://terminology.hl7.org/CodeSystem/ex-tooth"
    assert [s["coding"][0]["code"] for s in caries["bodySite"][1:]] == ["M", "O"]
    assert caries["code"]["coding"][0] == {"system": "urn:clinica-erp:condicion-dental", "code": "caries",
                                           "display": "Caries"}
    assert condiciones["11"]["note"] == [{"text": "Corona de zirconio"}]
    factura, = recursos(paquete, "Invoice")
    assert factura["identifier"][0]["value"] == expediente["factura"].numero_factura
    assert factura["status"] == "issued" and factura["totalGross"] == {"value": 580.0, "currency": "MXN"}
    assert {p["id"] for p in recursos(paquete, "Practitioner")} == {str(expediente["propio"].id),
                                                                    str(expediente["otro"].id)}
    assert {p["name"] for p in recursos(paquete, "Location")} == {"Norte", "Sur"}


def test_everything_is_read_in_a_few_queries_whatever_the_number_of_appointments(as_admin, expediente,
                                                                                 cita_factory):
    url = f"{FHIR}/Patient/{expediente['paciente'].id}/$everything"
    antes = contar_consultas(lambda: as_admin.get(url))
    for dia in range(1, 20):
        cita_factory(expediente["paciente"], expediente["otro"], expediente["sur"], fecha=date(2032, 1, dia))
    assert contar_consultas(lambda: as_admin.get(url)) == antes <= 16


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_only_the_administrador_reads_everything_of_a_patient(api_as, expediente, rol, db_session):
    db_session.commit()
    r = api_as(rol).get(f"{FHIR}/Patient/{expediente['paciente'].id}/$everything")
    assert resultado_de(r, 403)["issue"][0]["code"] == "forbidden"
    assert "Caries" not in r.get_data(as_text=True)


def test_reading_everything_is_audited_as_a_read_of_the_whole_record(as_admin, expediente):
    as_admin.get(f"{FHIR}/Patient/{expediente['paciente'].id}/$everything")
    fila = _ultima_auditoria("paciente_exportado_fhir")
    assert (fila.usuario_id, fila.paciente_id) == (as_admin.usuario.id, expediente["paciente"].id)


def test_everything_of_an_unknown_patient_is_a_404(as_admin):
    resultado_de(as_admin.get(f"{FHIR}/Patient/999999/$everything"), 404)


def test_a_bundle_validates_as_a_whole_too(as_admin, expediente):
    paquete = validar_respuesta(as_admin.get(f"{FHIR}/Patient/{expediente['paciente'].id}/$everything"))
    modelo = valido(paquete)
    assert len(modelo.entry) == len(paquete["entry"])
