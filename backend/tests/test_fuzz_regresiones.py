"""What the fuzzer found, kept as plain tests (fast and independent of its seed)."""
import pytest


@pytest.mark.parametrize(("ruta", "cuerpo", "campo"), [
    ("/api/especialidades", {"nombre": "Neumología", "descripcion": ""}, "descripcion"),
    ("/api/especialidades", {"nombre": "Neurología", "descripcion": "   "}, "descripcion"),
    ("/api/facturacion/servicios", {"nombre": "Curación", "precio": "100.00", "descripcion": ""}, "descripcion"),
])
def test_a_blank_optional_text_is_stored_as_null_not_a_500(as_admin, ruta, cuerpo, campo):
    r = as_admin.post(ruta, json=cuerpo)
    assert r.status_code == 201, r.json
    assert r.json[campo] is None


def test_a_blank_patient_email_means_none(as_admin):
    r = as_admin.post("/api/pacientes", json={"nombre": "Ana", "apellido": "Ruiz", "fecha_nacimiento": "1990-01-01",
                                              "email": ""})
    assert r.status_code == 201 and r.json["email"] is None
    mal = as_admin.post("/api/pacientes", json={"nombre": "Ana", "apellido": "Ruiz", "fecha_nacimiento": "1990-01-01",
                                                "email": "no-es-correo"})
    assert mal.status_code == 422 and "email" in mal.json["errors"]


@pytest.mark.parametrize("metodo", ["post", "patch"])
def test_a_write_without_a_body_is_a_400_not_an_empty_edit(as_admin, sucursal_factory, metodo):
    sucursal = sucursal_factory(nombre="Intacta")
    ruta = "/api/sucursales" if metodo == "post" else f"/api/sucursales/{sucursal.id}"
    r = getattr(as_admin.client, metodo)(ruta, headers=as_admin._headers(None))
    assert r.status_code == 400 and r.json["errors"] == {"json": [
        "Falta el cuerpo JSON de la solicitud (Content-Type: application/json)."]}
    assert as_admin.patch(f"/api/sucursales/{sucursal.id}", json={}).status_code == 200  # {} is an empty edit


def test_operations_without_a_body_still_work_without_one(client, usuario_factory):
    from tests.sesion import bearer, login

    tokens = login(client, usuario_factory().email).json
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 200
    assert client.post("/api/auth/logout", headers=bearer(tokens["access_token"])).status_code == 204


def test_money_limits_are_in_the_spec_as_a_pattern_not_as_numbers(client):
    spec = client.get("/api/openapi.json").json["components"]["schemas"]
    precio = spec["ServicioCrear"]["properties"]["precio"]
    assert precio["type"] == "string" and "maximum" not in precio and "minimum" not in precio
    assert precio["pattern"].startswith("^[0-9]")


def test_money_out_of_range_is_refused_with_its_limits(as_admin):
    r = as_admin.post("/api/facturacion/servicios", json={"nombre": "X", "precio": "1.00", "impuesto_porcentaje": "100.01"})
    assert r.status_code == 422 and r.json["errors"]["impuesto_porcentaje"] == ["Debe estar entre 0 y 100."]
    r = as_admin.post("/api/facturacion/servicios", json={"nombre": "X", "precio": "-1.00"})
    assert r.status_code == 422 and "precio" in r.json["errors"]


@pytest.mark.parametrize("valor", [0, 1, "true", "si", None])
def test_a_boolean_in_a_json_body_must_be_true_or_false(as_admin, usuario_factory, valor, db_session):
    usuario = usuario_factory(rol="Médico")
    r = as_admin.patch(f"/api/usuarios/{usuario.id}", json={"activo": valor})
    assert r.status_code == 422 and "activo" in r.json["errors"]
    db_session.refresh(usuario)
    assert usuario.activo is True


def test_booleans_in_the_query_string_are_still_text(as_admin):
    assert as_admin.get("/api/pacientes?activo=false").status_code == 200
    assert as_admin.get("/api/facturacion/servicios?activo=true").status_code == 200


@pytest.mark.parametrize("consulta", ["desde=0001-01-01", "hasta=9999-12-31", "desde=9999-12-01&hasta=9999-12-31"])
def test_report_dates_at_the_ends_of_the_calendar_are_a_422_not_a_500(as_admin, consulta):
    for reporte in ("ingresos", "resumen", "citas-por-medico"):
        r = as_admin.get(f"/api/reportes/{reporte}?{consulta}")
        assert r.status_code == 422, (reporte, r.json)
