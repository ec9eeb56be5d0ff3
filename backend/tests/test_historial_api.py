"""Clinical history: only a Médico writes, as themselves; never changed; addenda; scoped reads; emergencies."""
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AdendaHistorial, Auditoria, HistorialMedico
from tests.conftest import ApiClient
from tests.consultas import contar_consultas


@pytest.fixture
def consulta(client, usuario_factory, medico_factory, paciente_factory, sucursal_factory, cita_factory):
    """A doctor (with their login) who has an appointment with a patient."""
    usuario = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=usuario)
    paciente = paciente_factory()
    cita = cita_factory(paciente, medico, sucursal_factory())
    return {"api": ApiClient(client, usuario), "usuario": usuario, "medico": medico, "paciente": paciente, "cita": cita}


@pytest.fixture
def otro_medico(client, usuario_factory, medico_factory):
    usuario = usuario_factory(rol="Médico")
    medico_factory(usuario=usuario)
    return ApiClient(client, usuario)


def entrada_json(consulta, **kw):
    datos = {"paciente_id": consulta["paciente"].id, "cita_id": consulta["cita"].id, "diagnostico": "Faringitis",
             "tratamiento": "Reposo", "observaciones": "Sin fiebre"}
    datos.update(kw)
    return datos


def test_a_treating_doctor_writes_an_entry_as_themselves(consulta, db_session):
    respuesta = consulta["api"].post("/api/historial", json=entrada_json(consulta))
    assert respuesta.status_code == 201, respuesta.json
    assert respuesta.json["medico_id"] == consulta["medico"].id
    assert respuesta.json["creado_por"] == consulta["usuario"].id
    assert respuesta.json["fecha"] and respuesta.json["adendas"] == []
    entrada = db_session.get(HistorialMedico, respuesta.json["id"])
    assert entrada.diagnostico == "Faringitis" and entrada.medico_id == consulta["medico"].id


@pytest.mark.parametrize("campo, valor", [("medico_id", 1), ("creado_por", 1), ("fecha", "2020-01-01T00:00:00Z"),
                                          ("id", 5)])
def test_author_doctor_and_time_never_come_from_the_body(consulta, campo, valor):
    respuesta = consulta["api"].post("/api/historial", json=entrada_json(consulta, **{campo: valor}))
    assert respuesta.status_code == 422 and campo in respuesta.json["errors"]


def test_an_entry_needs_a_diagnosis_and_an_existing_patient(consulta):
    assert consulta["api"].post("/api/historial", json=entrada_json(consulta, diagnostico=" ")).status_code == 422
    respuesta = consulta["api"].post("/api/historial", json=entrada_json(consulta, paciente_id=999999, cita_id=None))
    assert respuesta.status_code == 422 and "paciente_id" in respuesta.json["errors"]


def test_the_appointment_must_be_of_that_patient_with_that_doctor(consulta, paciente_factory, cita_factory,
                                                                 medico_factory, sucursal_factory):
    ajena = cita_factory(consulta["paciente"], medico_factory(), sucursal_factory(), hora_inicio=time(12))
    respuesta = consulta["api"].post("/api/historial", json=entrada_json(consulta, cita_id=ajena.id))
    assert respuesta.status_code == 422 and "cita_id" in respuesta.json["errors"]


def test_a_doctor_without_a_treatment_relationship_cannot_write(consulta, otro_medico):
    db.session.commit()
    respuesta = otro_medico.post("/api/historial", json=entrada_json(consulta, cita_id=None))
    assert respuesta.status_code == 404
    assert db.session.scalar(select(HistorialMedico).where(HistorialMedico.paciente_id == consulta["paciente"].id)) is None


def test_a_medico_user_without_a_doctor_record_cannot_write(api_as, consulta):
    respuesta = api_as("Médico").post("/api/historial", json=entrada_json(consulta, cita_id=None))
    assert respuesta.status_code == 403


@pytest.mark.parametrize("metodo", ["put", "patch", "delete"])
def test_an_entry_never_changes(consulta, historial_factory, as_admin, metodo, db_session):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    for cliente in (consulta["api"], as_admin):
        kwargs = {} if metodo == "delete" else {"json": {"diagnostico": "Otro"}}
        respuesta = getattr(cliente, metodo)(f"/api/historial/{entrada.id}", **kwargs)
        assert respuesta.status_code == 405 and respuesta.json["code"] == 405
        assert respuesta.headers["Allow"] == "GET"
    db_session.expire_all()
    assert db_session.get(HistorialMedico, entrada.id).diagnostico == "Diagnóstico de prueba"


def test_an_addendum_records_author_time_and_reason(consulta, historial_factory, db_session):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    respuesta = consulta["api"].post(f"/api/historial/{entrada.id}/adendas",
                                     json={"texto": "Dosis corregida: 500 mg", "motivo": "Error de dosis"})
    assert respuesta.status_code == 201
    assert respuesta.json["medico_id"] == consulta["medico"].id and respuesta.json["creado_por"] == consulta["usuario"].id
    assert respuesta.json["fecha"] and respuesta.json["historial_id"] == entrada.id
    assert db_session.get(AdendaHistorial, respuesta.json["id"]).texto == "Dosis corregida: 500 mg"
    detalle = consulta["api"].get(f"/api/historial/{entrada.id}").json
    assert [a["motivo"] for a in detalle["adendas"]] == ["Error de dosis"]


def test_an_addendum_needs_text_and_reason(consulta, historial_factory):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    respuesta = consulta["api"].post(f"/api/historial/{entrada.id}/adendas", json={"texto": "x"})
    assert respuesta.status_code == 422 and "motivo" in respuesta.json["errors"]
    assert consulta["api"].post("/api/historial/999999/adendas", json={"texto": "x", "motivo": "y"}).status_code == 404


def test_the_history_is_listed_newest_first_with_addenda(consulta, historial_factory, adenda_factory):
    vieja = historial_factory(consulta["paciente"], consulta["medico"], fecha=datetime.now(UTC) - timedelta(days=1))
    nueva = historial_factory(consulta["paciente"], consulta["medico"])
    adenda_factory(vieja)
    respuesta = consulta["api"].get("/api/historial", query_string={"paciente_id": consulta["paciente"].id})
    assert respuesta.status_code == 200
    assert [e["id"] for e in respuesta.json["items"]] == [nueva.id, vieja.id]
    assert len(respuesta.json["items"][1]["adendas"]) == 1 and respuesta.json["total"] == 2


def test_the_history_list_needs_a_patient(consulta, as_admin):
    assert as_admin.get("/api/historial").status_code == 422
    assert as_admin.get("/api/historial", query_string={"paciente_id": 999999}).status_code == 404


def test_a_doctor_who_wrote_an_entry_keeps_reading_the_history(client, usuario_factory, medico_factory,
                                                              paciente_factory, historial_factory):
    usuario = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=usuario)
    paciente = paciente_factory()
    historial_factory(paciente, medico)
    respuesta = ApiClient(client, usuario).get("/api/historial", query_string={"paciente_id": paciente.id})
    assert respuesta.status_code == 200 and respuesta.json["total"] == 1


def test_a_doctor_without_relationship_gets_404_and_the_refusal_is_audited(consulta, otro_medico, historial_factory):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    db.session.commit()
    assert otro_medico.get(f"/api/historial/{entrada.id}").status_code == 404
    assert otro_medico.get("/api/historial", query_string={"paciente_id": consulta["paciente"].id}).status_code == 404
    filas = db.session.scalars(select(Auditoria).where(Auditoria.usuario_id == otro_medico.usuario.id)).all()
    assert [(f.accion, f.resultado, f.paciente_id) for f in filas] == [
        ("historial_consultado", "denegado", consulta["paciente"].id)] * 2


def test_an_emergency_header_grants_the_read_and_is_audited_as_such(consulta, otro_medico, historial_factory):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    cabecera = {"X-Acceso-Emergencia": "Paciente inconsciente en urgencias"}
    respuesta = otro_medico.get(f"/api/historial/{entrada.id}", headers=cabecera)
    assert respuesta.status_code == 200 and respuesta.json["diagnostico"] == "Diagnóstico de prueba"
    lista = otro_medico.get("/api/historial", query_string={"paciente_id": consulta["paciente"].id}, headers=cabecera)
    assert lista.status_code == 200 and lista.json["total"] == 1
    emergencias = db.session.scalars(select(Auditoria).where(Auditoria.accion == "acceso_emergencia")).all()
    assert len(emergencias) == 2
    assert all(f.usuario_id == otro_medico.usuario.id and f.paciente_id == consulta["paciente"].id
               and f.detalle["motivo"] == "Paciente inconsciente en urgencias" for f in emergencias)


def test_a_blank_emergency_reason_is_refused(consulta, otro_medico, historial_factory):
    entrada = historial_factory(consulta["paciente"], consulta["medico"])
    respuesta = otro_medico.get(f"/api/historial/{entrada.id}", headers={"X-Acceso-Emergencia": "  "})
    assert respuesta.status_code == 422 and "X-Acceso-Emergencia" in respuesta.json["errors"]


def test_every_history_read_and_write_is_audited(consulta, db_session):
    creada = consulta["api"].post("/api/historial", json=entrada_json(consulta)).json
    consulta["api"].get(f"/api/historial/{creada['id']}")
    consulta["api"].post(f"/api/historial/{creada['id']}/adendas", json={"texto": "t", "motivo": "m"})
    filas = db_session.scalars(select(Auditoria).where(Auditoria.usuario_id == consulta["usuario"].id)
                               .order_by(Auditoria.id)).all()
    assert [f.accion for f in filas] == ["historial_creado", "historial_consultado", "historial_adenda"]
    assert {f.paciente_id for f in filas} == {consulta["paciente"].id}


def test_the_history_list_takes_a_fixed_number_of_queries(consulta, historial_factory, adenda_factory):
    def contar(n):
        for _ in range(n):
            adenda_factory(historial_factory(consulta["paciente"], consulta["medico"]))
        return contar_consultas(lambda: consulta["api"].get("/api/historial",
                                                            query_string={"paciente_id": consulta["paciente"].id}))

    assert contar(1) == contar(6)


# --- role matrix ----------------------------------------------------------------------------------

ROLES = ("Administrador", "Médico", "Recepcionista", "Facturación")
RUTAS = [
    ("get", "/api/historial?paciente_id={paciente}", None, {"Administrador": 200, "Médico": 200}),
    ("post", "/api/historial", "entrada", {"Médico": 201, "Administrador": 403}),
    ("get", "/api/historial/{entrada}", None, {"Administrador": 200, "Médico": 200}),
    ("put", "/api/historial/{entrada}", "cambio", {"Administrador": 405, "Médico": 405}),
    ("patch", "/api/historial/{entrada}", "cambio", {"Administrador": 405, "Médico": 405}),
    ("delete", "/api/historial/{entrada}", None, {"Administrador": 405, "Médico": 405}),
    ("post", "/api/historial/{entrada}/adendas", "adenda", {"Médico": 201, "Administrador": 403}),
]


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("ruta", RUTAS, ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix_of_the_history_routes(client, usuario_factory, medico_factory, paciente_factory, cita_factory,
                                           sucursal_factory, historial_factory, rol, ruta):
    metodo, plantilla, cuerpo, permitidos = ruta
    usuario = usuario_factory(rol=rol)
    paciente = paciente_factory()
    medico = medico_factory(usuario=usuario) if rol == "Médico" else medico_factory()
    cita = cita_factory(paciente, medico, sucursal_factory())
    entrada = historial_factory(paciente, medico, cita=cita)
    cuerpos = {"entrada": {"paciente_id": paciente.id, "cita_id": cita.id, "diagnostico": "D"},
               "cambio": {"diagnostico": "X"}, "adenda": {"texto": "t", "motivo": "m"}}
    kwargs = {"json": cuerpos[cuerpo]} if cuerpo else {}
    respuesta = getattr(ApiClient(client, usuario), metodo)(plantilla.format(paciente=paciente.id, entrada=entrada.id),
                                                            **kwargs)
    assert respuesta.status_code == permitidos.get(rol, 403), respuesta.json


@pytest.mark.parametrize("ruta", RUTAS, ids=lambda r: f"{r[0]} {r[1]}")
def test_every_history_route_needs_a_token(anonimo, ruta):
    metodo, plantilla, cuerpo, _ = ruta
    kwargs = {"json": {}} if cuerpo else {}
    assert getattr(anonimo, metodo)(plantilla.format(paciente=1, entrada=1), **kwargs).status_code == 401


def test_an_emergency_lets_an_unrelated_doctor_write_and_is_audited(consulta, otro_medico):
    respuesta = otro_medico.post("/api/historial", json=entrada_json(consulta, cita_id=None),
                                 headers={"X-Acceso-Emergencia": "Urgencia vital"})
    assert respuesta.status_code == 201
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "acceso_emergencia"))
    assert fila.usuario_id == otro_medico.usuario.id and fila.detalle == {"motivo": "Urgencia vital",
                                                                         "accion": "historial_creado"}


def test_the_history_routes_are_in_the_openapi_spec(client):
    rutas = client.get("/api/openapi.json").json["paths"]
    assert {"/api/historial", "/api/historial/{historial_id}", "/api/historial/{historial_id}/adendas",
            "/api/pacientes/{paciente_id}/exportar", "/api/auditoria"} <= set(rutas)
