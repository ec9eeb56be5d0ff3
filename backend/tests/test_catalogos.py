"""Branches and specialties."""


def test_a_branch_is_created_with_its_time_zone_and_edited(as_admin, db_session):
    r = as_admin.post("/api/sucursales", json={"nombre": "Sucursal Madrid", "direccion": "Gran Vía 1",
                                               "telefono": "915550000", "email": "madrid@clinica.local",
                                               "zona_horaria": "Europe/Madrid"})
    assert r.status_code == 201 and r.json["zona_horaria"] == "Europe/Madrid" and r.json["activo"] is True
    r2 = as_admin.patch(f"/api/sucursales/{r.json['id']}", json={"activo": False})
    assert r2.status_code == 200 and r2.json["activo"] is False


def test_a_branch_gets_the_default_time_zone(as_admin):
    r = as_admin.post("/api/sucursales", json={"nombre": "Sucursal", "direccion": "Calle"})
    assert r.json["zona_horaria"] == "America/Mexico_City"


def test_an_unknown_time_zone_or_a_long_phone_is_refused(as_admin):
    r = as_admin.post("/api/sucursales", json={"nombre": "S", "direccion": "D", "zona_horaria": "Marte/Olimpo",
                                               "telefono": "1" * 16})
    assert r.status_code == 422 and {"zona_horaria", "telefono"} <= set(r.json["errors"])


def test_a_blank_name_is_refused(as_admin):
    r = as_admin.post("/api/sucursales", json={"nombre": "   ", "direccion": "D"})
    assert r.status_code == 422 and "nombre" in r.json["errors"]


def test_specialty_names_are_unique(as_admin):
    assert as_admin.post("/api/especialidades", json={"nombre": "Dermatología"}).status_code == 201
    r = as_admin.post("/api/especialidades", json={"nombre": "Dermatología"})
    assert r.status_code == 409 and r.json["reason"] == "ESPECIALIDAD_DUPLICADA"


def test_the_appointment_states_are_listed_with_their_fixed_ids(api_as):
    r = api_as("Recepcionista").get("/api/estados-cita")
    assert [(e["id"], e["nombre"]) for e in r.json["items"]] == [
        (1, "Nueva"), (2, "Confirmada"), (3, "En Espera"), (4, "Completada"), (5, "Cancelada"), (6, "En Consulta"),
        (7, "No Asistió")]


def test_a_refused_duplicate_leaves_the_rest_of_the_request_sequence_working(as_admin):
    as_admin.post("/api/especialidades", json={"nombre": "Neumología"})
    assert as_admin.post("/api/especialidades", json={"nombre": "Neumología"}).status_code == 409
    assert as_admin.get("/api/especialidades?q=neumo").json["total"] == 1
