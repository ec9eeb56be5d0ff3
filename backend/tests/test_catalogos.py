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


def test_a_list_counts_its_total_only_when_its_page_does_not_tell_it(api_as, especialidad_factory):
    """Lists read one row past the page: when it does not come, the total is what was read and no count runs
    (``paginate``, here through the specialty catalog)."""
    from tests.consultas import sentencias_ejecutadas

    api = api_as("Recepcionista")
    existentes = api.get("/api/especialidades?per_page=100").json["total"]
    for _ in range(3):
        especialidad_factory()
    total = existentes + 3

    def pagina(page, per_page):
        with sentencias_ejecutadas() as sentencias:
            r = api.get(f"/api/especialidades?page={page}&per_page={per_page}")
        assert r.status_code == 200
        conteos = [s for s in sentencias if s.upper().startswith("SELECT COUNT(")]
        return r.json, len(conteos)

    todo, conteos = pagina(1, 100)  # everything fits: the page tells the total
    assert (todo["total"], len(todo["items"]), todo["pages"], conteos) == (total, total, 1, 0)
    ultima, conteos = pagina(2, total - 1)  # the last page, not full: it tells the total too
    assert (ultima["total"], len(ultima["items"]), conteos) == (total, 1, 0)
    justa, conteos = pagina(1, total)  # a full page and nothing after it (the row past it did not come)
    assert (justa["total"], len(justa["items"]), conteos) == (total, total, 0)
    primera, conteos = pagina(1, 2)  # more follow: counted
    assert (primera["total"], len(primera["items"]), conteos) == (total, 2, 1)
    despues, conteos = pagina(total + 1, 1)  # past the end: counted, empty
    assert (despues["total"], despues["items"], conteos) == (total, [], 1)


def test_the_catalogs_list_each_branch_and_specialty_as_its_schema_dumps_it(api_as, sucursal_factory, db_session):
    """The branch and specialty lists are built from rows (catalogos_service): each item equals what SucursalSchema
    and EspecialidadSchema dump for the same object, with and without the optional fields."""
    from sqlalchemy import update

    from app.models import Especialidad, Sucursal
    from app.schemas.catalogos import EspecialidadSchema, SucursalSchema

    completa = sucursal_factory(nombre="Catálogo completa", telefono="915550000", email="c@clinica.local",
                                zona_horaria="Europe/Madrid")
    minima = sucursal_factory(nombre="Catálogo mínima", activo=False)
    db_session.execute(update(Sucursal).where(Sucursal.id == minima.id).values(fecha_creacion=None))
    especialidades = [Especialidad(nombre="Catálogo con descripción", descripcion="Texto"),
                      Especialidad(nombre="Catálogo sin descripción")]
    db_session.add_all(especialidades)
    db_session.flush()
    db_session.expire_all()
    api = api_as("Recepcionista")

    sucursales = {s["id"]: s for s in api.get("/api/sucursales?q=catálogo").json["items"]}
    assert sucursales == {s.id: SucursalSchema().dump(db_session.get(Sucursal, s.id)) for s in (completa, minima)}
    assert sucursales[minima.id]["fecha_creacion"] is None and sucursales[completa.id]["fecha_creacion"]
    listadas = {e["id"]: e for e in api.get("/api/especialidades?q=catálogo").json["items"]}
    assert listadas == {e.id: EspecialidadSchema().dump(db_session.get(Especialidad, e.id)) for e in especialidades}


def test_the_branch_list_pages_and_filters_with_its_total(api_as, sucursal_factory):
    """The branch list's statements are built once per combination of filters, every value bound: each combination
    gives its own rows and total, on a page inside the list and past its end."""
    api = api_as("Recepcionista")
    abiertas = [sucursal_factory(nombre=f"Paginada {i}") for i in range(3)]
    cerrada = sucursal_factory(nombre="Paginada cerrada", activo=False)

    def lista(consulta):
        r = api.get(f"/api/sucursales?{consulta}")
        assert r.status_code == 200, r.json
        return r.json["total"], [s["id"] for s in r.json["items"]], r.json["pages"]

    assert lista("q=paginada&per_page=2") == (4, [abiertas[0].id, abiertas[1].id], 2)
    assert lista("q=paginada&per_page=2&page=2") == (4, [abiertas[2].id, cerrada.id], 2)
    assert lista("q=paginada&activo=false") == (1, [cerrada.id], 1)
    assert lista("q=paginada&activo=true&per_page=2&page=2") == (3, [abiertas[2].id], 2)
    assert lista("q=paginada&activo=true&per_page=2&page=5") == (3, [], 2)
    assert lista("q=ninguna-asi") == (0, [], 0)
    total, ids, _ = lista("activo=false&per_page=100")
    assert cerrada.id in ids and not set(ids) & {s.id for s in abiertas} and total == len(ids)
