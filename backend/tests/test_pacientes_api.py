"""Patients: create, read, edit, deactivate, validation, duplicates and the role matrix."""
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.models import Auditoria, Paciente
from app.utils.crypto import blind_index


def paciente_json(**kw):
    datos = {
        "nombre": "José", "apellido": "Núñez", "fecha_nacimiento": "1980-02-29", "genero": "Masculino",
        "tipo_documento": "INE", "numero_documento": "NUJO800229", "telefono": "+52 55 1234 5678",
        "email": "Jose.Nunez@Ejemplo.mx", "direccion": "Av. Reforma 1", "alergias": "Penicilina",
        "contacto_emergencia_nombre": "María Núñez", "contacto_emergencia_telefono": "55-8765-4321",
    }
    datos.update(kw)
    return datos


def test_a_receptionist_registers_a_patient_and_the_database_holds_it(api_as, db_session):
    respuesta = api_as("Recepcionista").post("/api/pacientes", json=paciente_json())
    assert respuesta.status_code == 201, respuesta.json
    cuerpo = respuesta.json
    assert cuerpo["nombre"] == "José" and cuerpo["alergias"] == "Penicilina" and cuerpo["activo"] is True
    assert cuerpo["email"] == "jose.nunez@ejemplo.mx"
    assert cuerpo["telefono"] == "+525512345678"
    assert cuerpo["fecha_registro"]
    paciente = db_session.get(Paciente, cuerpo["id"])
    assert paciente.numero_documento == "NUJO800229"
    assert paciente.numero_documento_hash == blind_index("NUJO800229")


def test_the_server_refuses_fields_a_client_may_not_set(as_admin):
    for campo, valor in (("id", 99), ("fecha_registro", "2020-01-01T00:00:00Z"), ("numero_documento_hash", "x"),
                         ("activo", False)):
        respuesta = as_admin.post("/api/pacientes", json=paciente_json(**{campo: valor}))
        assert respuesta.status_code == 422, campo
        assert campo in respuesta.json["errors"]


@pytest.mark.parametrize("campo, valor", [
    ("nombre", ""), ("nombre", "x" * 101), ("apellido", None), ("apellido", "   "),
    ("fecha_nacimiento", "1899-12-31"), ("fecha_nacimiento", "31/12/1980"),
    ("genero", "x" * 21), ("tipo_documento", "x" * 21), ("numero_documento", "1" * 21),
    ("numero_documento", "ABC;DROP"), ("telefono", "12345"), ("telefono", "abc-defg-hij"),
    ("telefono", "1" * 16), ("email", "no-es-correo"), ("email", "a" * 95 + "@x.com"),
    ("direccion", "x" * 2001), ("alergias", "x" * 2001), ("contacto_emergencia_nombre", "x" * 201),
    ("contacto_emergencia_telefono", "telefono"), ("nombre", 12),
])
def test_each_field_is_validated_with_a_spanish_message(as_admin, campo, valor):
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(**{campo: valor}))
    assert respuesta.status_code == 422
    assert campo in respuesta.json["errors"]
    assert respuesta.json["message"] == "Los datos enviados no son válidos"


def test_a_birth_date_in_the_future_is_refused(as_admin):
    manana = (date.today() + timedelta(days=1)).isoformat()
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(fecha_nacimiento=manana))
    assert respuesta.status_code == 422
    assert respuesta.json["errors"]["fecha_nacimiento"] == ["La fecha de nacimiento no puede ser futura."]


def test_the_required_fields_are_name_surname_and_birth_date(as_admin, db_session):
    respuesta = as_admin.post("/api/pacientes", json={})
    assert respuesta.status_code == 422
    assert set(respuesta.json["errors"]) == {"nombre", "apellido", "fecha_nacimiento"}
    minimo = as_admin.post("/api/pacientes", json={"nombre": "Ana", "apellido": "Gil", "fecha_nacimiento": "1990-01-01"})
    assert minimo.status_code == 201
    assert minimo.json["email"] is None and minimo.json["numero_documento"] is None


def test_a_document_number_needs_its_type(as_admin):
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(tipo_documento=None))
    assert respuesta.status_code == 422 and "tipo_documento" in respuesta.json["errors"]


def test_the_same_document_is_a_duplicate_even_written_differently(as_admin, paciente_factory, db_session):
    existente = paciente_factory(tipo_documento="INE", numero_documento="NUJO800229")
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(numero_documento="nujo-800 229", email=None))
    assert respuesta.status_code == 409
    assert respuesta.json["reason"] == "PACIENTE_DUPLICADO"
    assert respuesta.json["existente_id"] == existente.id
    assert db_session.scalar(select(Paciente).where(Paciente.nombre == "José")) is None


def test_the_same_number_with_another_document_type_is_a_different_patient(as_admin, paciente_factory):
    paciente_factory(tipo_documento="INE", numero_documento="NUJO800229")
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(tipo_documento="Pasaporte"))
    assert respuesta.status_code == 201


def test_the_same_email_in_other_case_is_a_duplicate_with_the_existing_id(as_admin, paciente_factory):
    existente = paciente_factory(email="jose.nunez@ejemplo.mx")
    respuesta = as_admin.post("/api/pacientes", json=paciente_json(email="JOSE.NUNEZ@ejemplo.MX"))
    assert respuesta.status_code == 409
    assert respuesta.json["reason"] == "PACIENTE_DUPLICADO" and respuesta.json["existente_id"] == existente.id


def test_editing_a_patient_into_another_patients_email_is_a_duplicate(as_admin, paciente_factory, db_session):
    otro = paciente_factory(email="otro@ejemplo.mx")
    paciente = paciente_factory(email="mio@ejemplo.mx")
    respuesta = as_admin.patch(f"/api/pacientes/{paciente.id}", json={"email": "otro@ejemplo.mx"})
    assert respuesta.status_code == 409 and respuesta.json["existente_id"] == otro.id
    db_session.expire_all()
    assert db_session.get(Paciente, paciente.id).email == "mio@ejemplo.mx"


def test_patching_changes_only_the_fields_sent(api_as, paciente_factory, db_session):
    paciente = paciente_factory(nombre="Ana", alergias="Látex", telefono="5511112222")
    respuesta = api_as("Médico").patch(f"/api/pacientes/{paciente.id}", json={"alergias": "Látex, polen",
                                                                              "numero_documento": "NUEVO123"})
    assert respuesta.status_code == 200
    assert respuesta.json["alergias"] == "Látex, polen" and respuesta.json["nombre"] == "Ana"
    db_session.expire_all()
    guardado = db_session.get(Paciente, paciente.id)
    assert guardado.numero_documento == "NUEVO123" and guardado.numero_documento_hash == blind_index("NUEVO123")
    assert guardado.telefono == "5511112222"


def test_removing_the_document_number_but_keeping_its_type_is_refused(as_admin, paciente_factory):
    paciente = paciente_factory()
    respuesta = as_admin.patch(f"/api/pacientes/{paciente.id}", json={"numero_documento": None})
    assert respuesta.status_code == 422 and "numero_documento" in respuesta.json["errors"]


def test_only_an_administrator_reactivates_a_patient(api_as, paciente_factory, db_session):
    paciente = paciente_factory(activo=False)
    assert api_as("Recepcionista").patch(f"/api/pacientes/{paciente.id}", json={"activo": True}).status_code == 403
    assert api_as("Administrador").patch(f"/api/pacientes/{paciente.id}", json={"activo": True}).status_code == 200
    db_session.expire_all()
    assert db_session.get(Paciente, paciente.id).activo is True


def test_delete_deactivates_and_never_erases(as_admin, paciente_factory, db_session):
    paciente = paciente_factory()
    respuesta = as_admin.delete(f"/api/pacientes/{paciente.id}")
    assert respuesta.status_code == 204
    db_session.expire_all()
    assert db_session.get(Paciente, paciente.id).activo is False
    assert as_admin.get(f"/api/pacientes/{paciente.id}").json["activo"] is False


def test_an_unknown_patient_is_404_in_json(as_admin):
    for metodo in ("get", "patch", "delete"):
        kwargs = {"json": {"nombre": "X"}} if metodo == "patch" else {}
        respuesta = getattr(as_admin, metodo)("/api/pacientes/999999", **kwargs)
        assert respuesta.status_code == 404 and respuesta.json["code"] == 404


def test_billing_staff_never_see_allergies(api_as, paciente_factory):
    paciente = paciente_factory(alergias="Penicilina")
    facturacion = api_as("Facturación")
    detalle = facturacion.get(f"/api/pacientes/{paciente.id}")
    assert detalle.status_code == 200 and "alergias" not in detalle.json
    lista = facturacion.get("/api/pacientes")
    assert lista.json["items"] and all("alergias" not in p for p in lista.json["items"])
    assert api_as("Recepcionista").get(f"/api/pacientes/{paciente.id}").json["alergias"] == "Penicilina"


def test_collection_paths_work_with_a_trailing_slash_and_no_redirect(as_admin):
    respuesta = as_admin.post("/api/pacientes/", json=paciente_json())
    assert respuesta.status_code == 201


def test_reads_and_writes_of_a_patient_are_audited(api_as, db_session):
    recepcion = api_as("Recepcionista")
    creado = recepcion.post("/api/pacientes", json=paciente_json()).json
    recepcion.get(f"/api/pacientes/{creado['id']}")
    recepcion.patch(f"/api/pacientes/{creado['id']}", json={"direccion": "Otra"})
    filas = db_session.scalars(select(Auditoria).where(Auditoria.paciente_id == creado["id"]).order_by(Auditoria.id)).all()
    assert [f.accion for f in filas] == ["paciente_creado", "paciente_consultado", "paciente_modificado"]
    assert all(f.usuario_id == recepcion.usuario.id and f.ip == "127.0.0.1" and f.resultado == "ok" for f in filas)
    assert filas[2].detalle == {"campos": ["direccion"]}


# --- role matrix ----------------------------------------------------------------------------------

ROLES = ("Administrador", "Médico", "Recepcionista", "Facturación")
MATRIZ = {
    # (method, path template, body): roles allowed
    ("get", "/api/pacientes", None): ROLES,
    ("post", "/api/pacientes", "nuevo"): ("Administrador", "Médico", "Recepcionista"),
    ("get", "/api/pacientes/{id}", None): ROLES,
    ("patch", "/api/pacientes/{id}", "cambio"): ("Administrador", "Médico", "Recepcionista"),
    ("delete", "/api/pacientes/{id}", None): ("Administrador",),
    ("get", "/api/pacientes/{id}/citas", None): ROLES,
    ("get", "/api/pacientes/{id}/facturas", None): ("Administrador", "Facturación"),
    ("get", "/api/pacientes/{id}/historial", None): ("Administrador", "Médico"),
    ("get", "/api/pacientes/{id}/exportar", None): ("Administrador",),
}


@pytest.mark.parametrize("rol", ROLES)
@pytest.mark.parametrize("ruta", list(MATRIZ), ids=lambda r: f"{r[0]} {r[1]}")
def test_role_matrix_of_the_patient_routes(api_as, medico_factory, paciente_factory, cita_factory,
                                           sucursal_factory, rol, ruta):
    metodo, plantilla, cuerpo = ruta
    cliente = api_as(rol)
    paciente = paciente_factory()
    if rol == "Médico":  # a treating doctor, so the history answers 200 when allowed
        cita_factory(paciente, medico_factory(usuario=cliente.usuario), sucursal_factory())
    cuerpo = {"nuevo": paciente_json(email=None, numero_documento=None, tipo_documento=None),
              "cambio": {"direccion": "Calle 2"}}.get(cuerpo)
    kwargs = {"json": cuerpo} if cuerpo is not None else {}
    respuesta = getattr(cliente, metodo)(plantilla.format(id=paciente.id), **kwargs)
    esperado = {"post": 201, "delete": 204}.get(metodo, 200) if rol in MATRIZ[ruta] else 403
    assert respuesta.status_code == esperado, respuesta.json


@pytest.mark.parametrize("ruta", list(MATRIZ), ids=lambda r: f"{r[0]} {r[1]}")
def test_every_patient_route_needs_a_token(anonimo, ruta):
    metodo, plantilla, cuerpo = ruta
    kwargs = {"json": {}} if cuerpo is not None else {}
    assert getattr(anonimo, metodo)(plantilla.format(id=1), **kwargs).status_code == 401


def test_loading_a_patient_already_in_the_request_gives_that_object_with_its_pending_changes(db_session,
                                                                                             paciente_factory):
    """``cargar`` reads by a statement built once instead of ``session.get``: as with get, a patient the request
    already holds comes back as the same object, its changes kept (the read flushes them first), and an unknown id
    is a 404."""
    from app.services import pacientes_service
    from app.utils.errors import NoEncontrado

    paciente = paciente_factory()
    paciente.direccion = "Calle Cambiada 7"
    cargado = pacientes_service.cargar(paciente.id)
    assert cargado is paciente and cargado.direccion == "Calle Cambiada 7"
    db_session.expunge(paciente)
    otro = pacientes_service.cargar(paciente.id)
    assert otro is not paciente and otro.direccion == "Calle Cambiada 7"  # the first read flushed the change
    with pytest.raises(NoEncontrado):
        pacientes_service.cargar(paciente.id + 10**6)
