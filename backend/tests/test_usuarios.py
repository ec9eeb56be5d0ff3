"""User accounts managed by the Administrador."""
from sqlalchemy import select

from app.models import Auditoria, Usuario
from app.utils.auth import verify_password


def nuevo(**kw):
    datos = {"nombre": "Ana", "apellido": "Núñez", "email": "ana.nunez@clinica.local", "password": "contraseña-larga",
             "rol": "Recepcionista", "sucursal_id": None}
    datos.update(kw)
    return datos


def test_the_administrador_creates_a_user_whose_password_is_hashed_with_argon2id(as_admin, db_session, sucursal_factory):
    sucursal = sucursal_factory()
    r = as_admin.post("/api/usuarios", json=nuevo(sucursal_id=sucursal.id))
    assert r.status_code == 201
    assert r.json["rol"] == "Recepcionista" and r.json["sucursal_id"] == sucursal.id
    assert "password" not in r.json and "password_hash" not in r.json
    usuario = db_session.get(Usuario, r.json["id"])
    assert usuario.password_hash.startswith("$argon2id$")
    assert verify_password(usuario.password_hash, "contraseña-larga")


def test_emails_are_stored_lower_case_and_unique_regardless_of_case(as_admin):
    assert as_admin.post("/api/usuarios", json=nuevo(email="Ana.Nunez@Clinica.Local")).status_code == 201
    r = as_admin.post("/api/usuarios", json=nuevo(email="ANA.NUNEZ@clinica.local"))
    assert r.status_code == 409 and r.json["reason"] == "EMAIL_DUPLICADO"


def test_a_password_shorter_than_ten_characters_is_refused(as_admin):
    r = as_admin.post("/api/usuarios", json=nuevo(password="123456789"))
    assert r.status_code == 422 and "password" in r.json["errors"]


def test_a_client_cannot_set_server_owned_fields(as_admin):
    for campo, valor in (("id", 5), ("password_hash", "x"), ("rol_id", 1), ("version_token", 9), ("activo", False)):
        r = as_admin.post("/api/usuarios", json=nuevo(**{campo: valor}))
        assert r.status_code == 422 and campo in r.json["errors"], campo


def test_an_unknown_branch_is_a_validation_error(as_admin):
    r = as_admin.post("/api/usuarios", json=nuevo(sucursal_id=999999))
    assert r.status_code == 422 and "sucursal_id" in r.json["errors"]


def test_the_list_filters_by_role_and_text(as_admin, usuario_factory):
    usuario_factory(rol="Facturación", apellido="Zubiría")
    usuario_factory(rol="Médico", apellido="Zubiría")
    r = as_admin.get("/api/usuarios?rol=Facturación&q=zubir")
    assert r.status_code == 200
    assert [u["rol"] for u in r.json["items"]] == ["Facturación"]


def test_the_administrador_cannot_demote_or_deactivate_themselves(as_admin):
    yo = as_admin.usuario.id
    assert as_admin.patch(f"/api/usuarios/{yo}", json={"rol": "Médico"}).json["reason"] == "OPERACION_SOBRE_SI_MISMO"
    assert as_admin.patch(f"/api/usuarios/{yo}", json={"activo": False}).status_code == 409
    assert as_admin.patch(f"/api/usuarios/{yo}", json={"nombre": "Nuevo"}).status_code == 200


def test_role_changes_are_audited_with_before_and_after(as_admin, usuario_factory, db_session):
    usuario = usuario_factory(rol="Recepcionista")
    assert as_admin.patch(f"/api/usuarios/{usuario.id}", json={"rol": "Facturación"}).json["rol"] == "Facturación"
    fila = db_session.scalar(select(Auditoria).where(Auditoria.accion == "rol_cambiado"))
    assert fila.entidad_id == usuario.id and fila.usuario_id == as_admin.usuario.id
    assert fila.detalle["rol"] == {"antes": "Recepcionista", "despues": "Facturación"}


def test_reading_an_unknown_user_is_404(as_admin):
    assert as_admin.get("/api/usuarios/999999").status_code == 404
