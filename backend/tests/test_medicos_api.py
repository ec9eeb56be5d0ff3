from datetime import time

from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, HorarioMedico, Medico


def test_an_administrator_registers_a_doctor_linked_to_a_medico_account(as_admin, usuario_factory,
                                                                       especialidad_factory):
    cuenta = usuario_factory(rol="Médico")
    especialidad = especialidad_factory()
    r = as_admin.post("/api/medicos", json={"nombre": "Ana", "apellido": "Ruiz", "email": "Ana@Clinica.mx",
                                             "telefono": "5551234567", "especialidad_id": especialidad.id,
                                             "usuario_id": cuenta.id})
    assert r.status_code == 201, r.json
    assert r.json["usuario_id"] == cuenta.id and r.json["activo"] is True
    assert r.json["especialidad"] == {"id": especialidad.id, "nombre": especialidad.nombre}
    medico = db.session.get(Medico, r.json["id"])
    assert medico.email == "ana@clinica.mx" and medico.usuario_id == cuenta.id


def test_a_doctor_can_only_be_linked_to_an_account_with_the_medico_role(as_admin, usuario_factory):
    cuenta = usuario_factory(rol="Recepcionista")
    r = as_admin.post("/api/medicos", json={"nombre": "Ana", "apellido": "Ruiz", "especialidad_id": None,
                                             "usuario_id": cuenta.id})
    assert r.status_code == 422 and "usuario_id" in r.json["errors"]


def test_one_account_cannot_be_two_doctors(as_admin, usuario_factory, medico_factory):
    cuenta = usuario_factory(rol="Médico")
    medico_factory(usuario=cuenta)
    r = as_admin.post("/api/medicos", json={"nombre": "Otro", "apellido": "Más", "especialidad_id": None,
                                             "usuario_id": cuenta.id})
    assert r.status_code == 409 and r.json["reason"] == "USUARIO_YA_VINCULADO"


def test_unknown_fields_and_missing_names_are_refused(as_admin):
    r = as_admin.post("/api/medicos", json={"nombre": "A", "apellido": "B", "especialidad_id": None, "id": 9})
    assert r.status_code == 422 and "id" in r.json["errors"]
    r = as_admin.post("/api/medicos", json={"apellido": "B", "especialidad_id": None})
    assert r.status_code == 422 and "nombre" in r.json["errors"]


def test_only_an_administrator_writes_doctors(api_as, medico_factory):
    medico = medico_factory()
    recepcion = api_as("Recepcionista")
    assert recepcion.post("/api/medicos", json={"nombre": "A", "apellido": "B", "especialidad_id": None}).status_code == 403
    assert recepcion.patch(f"/api/medicos/{medico.id}", json={"activo": False}).status_code == 403
    assert recepcion.get(f"/api/medicos/{medico.id}").status_code == 200


def test_an_administrator_deactivates_a_doctor_and_it_is_audited(as_admin, medico_factory):
    medico = medico_factory()
    r = as_admin.patch(f"/api/medicos/{medico.id}", json={"activo": False, "telefono": "5550000000"})
    assert r.status_code == 200 and r.json["activo"] is False
    assert db.session.get(Medico, medico.id).activo is False
    assert db.session.scalar(select(Auditoria).where(Auditoria.accion == "medico_modificado",
                                                     Auditoria.entidad_id == medico.id)) is not None


def test_the_doctor_list_filters_by_specialty_branch_activity_and_text(api_as, medico_factory, especialidad_factory,
                                                                      sucursal_factory, horario_factory):
    cardio, pedia = especialidad_factory(), especialidad_factory()
    centro, norte = sucursal_factory(), sucursal_factory()
    jose = medico_factory(nombre="José", apellido="Núñez", especialidad=cardio)
    maria = medico_factory(nombre="María", apellido="López", especialidad=pedia)
    medico_factory(nombre="Inactivo", apellido="Pérez", especialidad=cardio, activo=False)
    horario_factory(jose, centro)
    horario_factory(maria, norte)
    cliente = api_as("Facturación")

    def ids(**params):
        r = cliente.get("/api/medicos", query_string={"per_page": 100, **params})
        assert r.status_code == 200, r.json
        return {m["id"] for m in r.json["items"]}

    assert ids(especialidad_id=cardio.id, activo="true") == {jose.id}
    assert ids(sucursal_id=norte.id) == {maria.id}
    assert ids(q="jose nunez") == {jose.id}
    assert ids(q="LÓPEZ") == {maria.id}


def test_a_schedule_block_is_created_and_listed(as_admin, medico_factory, sucursal_factory):
    medico, sucursal = medico_factory(), sucursal_factory()
    r = as_admin.post(f"/api/medicos/{medico.id}/horarios", json={
        "sucursal_id": sucursal.id, "dia_semana": 3, "hora_inicio": "08:00", "hora_fin": "12:30:00",
        "intervalo_citas": 20})
    assert r.status_code == 201, r.json
    assert r.json["hora_inicio"] == "08:00" and r.json["hora_fin"] == "12:30" and r.json["intervalo_citas"] == 20
    listado = as_admin.get(f"/api/medicos/{medico.id}/horarios").json
    assert [h["id"] for h in listado["items"]] == [r.json["id"]] and listado["total"] == 1


def test_overlapping_blocks_of_one_doctor_on_the_same_weekday_are_refused_even_across_branches(
        as_admin, medico_factory, sucursal_factory, horario_factory):
    medico, centro, norte = medico_factory(), sucursal_factory(), sucursal_factory()
    horario_factory(medico, centro, dia_semana=2, hora_inicio=time(9), hora_fin=time(13))
    url = f"/api/medicos/{medico.id}/horarios"
    r = as_admin.post(url, json={"sucursal_id": norte.id, "dia_semana": 2, "hora_inicio": "12:00",
                                 "hora_fin": "15:00", "intervalo_citas": 30})
    assert r.status_code == 409 and r.json["reason"] == "HORARIO_SOLAPADO"
    # Back to back on the same day, and the same hours on another day, are fine.
    assert as_admin.post(url, json={"sucursal_id": norte.id, "dia_semana": 2, "hora_inicio": "13:00",
                                    "hora_fin": "15:00", "intervalo_citas": 30}).status_code == 201
    assert as_admin.post(url, json={"sucursal_id": norte.id, "dia_semana": 4, "hora_inicio": "09:00",
                                    "hora_fin": "13:00", "intervalo_citas": 30}).status_code == 201
    assert db.session.scalar(select(db.func.count()).select_from(HorarioMedico)
                             .where(HorarioMedico.medico_id == medico.id)) == 3


def test_invalid_schedule_blocks_are_refused_with_422(as_admin, medico_factory, sucursal_factory):
    medico, sucursal = medico_factory(), sucursal_factory()
    url = f"/api/medicos/{medico.id}/horarios"
    base = {"sucursal_id": sucursal.id, "dia_semana": 1, "hora_inicio": "09:00", "hora_fin": "13:00",
            "intervalo_citas": 30}
    for cambio, campo in (({"dia_semana": 8}, "dia_semana"), ({"intervalo_citas": 4}, "intervalo_citas"),
                          ({"intervalo_citas": 241}, "intervalo_citas"), ({"hora_fin": "08:00"}, "hora_fin"),
                          ({"hora_inicio": "25:00"}, "hora_inicio"), ({"sucursal_id": 999999}, "sucursal_id")):
        r = as_admin.post(url, json={**base, **cambio})
        assert r.status_code == 422 and campo in r.json["errors"], (cambio, r.json)


def test_a_schedule_block_is_deleted_by_an_administrator(as_admin, api_as, medico_factory, sucursal_factory,
                                                         horario_factory):
    medico = medico_factory()
    horario = horario_factory(medico, sucursal_factory())
    assert api_as("Recepcionista").delete(f"/api/medicos/{medico.id}/horarios/{horario.id}").status_code == 403
    assert as_admin.delete(f"/api/medicos/{medico.id + 1000}/horarios/{horario.id}").status_code == 404
    assert as_admin.delete(f"/api/medicos/{medico.id}/horarios/{horario.id}").status_code == 204
    assert db.session.get(HorarioMedico, horario.id) is None


def test_an_unknown_doctor_is_404(as_admin):
    assert as_admin.get("/api/medicos/999999").status_code == 404
    assert as_admin.get("/api/medicos/999999/horarios").status_code == 404
    assert as_admin.get("/api/medicos/999999/disponibilidad?fecha=2030-01-07").status_code == 404


def test_a_doctors_detail_reads_its_specialty_in_the_doctors_own_statement(api_as, medico_factory,
                                                                          especialidad_factory):
    from tests.consultas import sentencias_ejecutadas

    especialidad = especialidad_factory()
    medico = medico_factory(especialidad=especialidad)
    api = api_as("Recepcionista")
    db.session.expunge_all()  # nothing of the doctor left in the identity map
    with sentencias_ejecutadas() as sentencias:
        r = api.get(f"/api/medicos/{medico.id}")
    assert r.status_code == 200 and r.json["especialidad"] == {"id": especialidad.id, "nombre": especialidad.nombre}
    de_la_ficha = [s for s in sentencias if "medical.medicos" in s or "especialidades" in s]
    assert len(de_la_ficha) == 1 and "JOIN" in de_la_ficha[0].upper(), de_la_ficha
