"""User accounts managed by the Administrador."""
import threading

import pytest
from sqlalchemy import select, text

from app.models import Auditoria, Usuario
from app.utils.auth import verify_password
from tests.carreras import espera_un_bloqueo
from tests.sesion import bearer, token_de


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


def test_nobody_sets_their_own_password_through_the_user_administration(as_admin, client, db_session):
    yo = as_admin.usuario
    antes = yo.password_hash
    r = as_admin.patch(f"/api/usuarios/{yo.id}", json={"password": "una-nueva-contraseña"})
    assert r.status_code == 409 and r.json["reason"] == "OPERACION_SOBRE_SI_MISMO"
    db_session.refresh(yo)
    assert yo.password_hash == antes
    assert as_admin.get("/api/auth/me").status_code == 200  # and the session was not killed either


def test_the_last_active_administrador_can_be_neither_deactivated_nor_demoted(usuario_factory, db_session):
    """Through the API the actor is always an active Administrador who cannot act on themself, so the
    last one can only be reached by a race (below); the service refuses it whoever asks."""
    from app.services import usuarios_service
    from app.utils.errors import Conflicto

    unico = usuario_factory(rol="Administrador")
    usuario_factory(rol="Administrador", activo=False)  # an inactive one does not count
    quien = usuario_factory(rol="Recepcionista")
    for cambio in ({"activo": False}, {"rol": "Médico"}):
        with pytest.raises(Conflicto) as error:
            usuarios_service.editar(quien, unico.id, **cambio)
        assert error.value.reason == "ULTIMO_ADMINISTRADOR"
    db_session.refresh(unico)
    assert unico.activo and unico.rol.nombre == "Administrador"
    usuarios_service.editar(quien, unico.id, nombre="Sigue")  # other changes are fine


def test_one_of_two_administradores_may_deactivate_the_other(api_as, usuario_factory, db_session):
    a = api_as("Administrador")
    b = usuario_factory(rol="Administrador")
    assert a.patch(f"/api/usuarios/{b.id}", json={"activo": False}).status_code == 200
    assert a.patch(f"/api/usuarios/{b.id}", json={"activo": True, "rol": "Administrador"}).status_code == 200
    assert a.patch(f"/api/usuarios/{b.id}", json={"rol": "Facturación"}).status_code == 200


@pytest.mark.committed
def test_two_administradores_deactivating_each_other_at_once_leave_one_active(app, usuario_factory, db_session):
    """A deactivates B while B deactivates A. A's change is played by hand on its own connection and
    held uncommitted; B's request must wait for it and then see that A is the last one."""
    from app.extensions import db

    a = usuario_factory(rol="Administrador")
    b = usuario_factory(rol="Administrador")
    token_b = token_de(b)
    db.session.commit()
    ids = (a.id, b.id)

    respuesta = {}

    def b_desactiva_a():
        r = app.test_client().patch(f"/api/usuarios/{ids[0]}", json={"activo": False},
                                    headers=bearer(token_b))
        respuesta.update(status=r.status_code, json=r.get_json())

    with db.engine.connect() as conn:
        conn.execute(text("SELECT id FROM security.usuarios WHERE id IN (:a, :b) ORDER BY id FOR UPDATE"),
                     {"a": ids[0], "b": ids[1]})
        conn.execute(text("UPDATE security.usuarios SET activo = false, version_token = version_token + 1 "
                          "WHERE id = :b"), {"b": ids[1]})
        hilo = threading.Thread(target=b_desactiva_a)
        hilo.start()
        assert espera_un_bloqueo(db.engine, hilo), "la petición de B no esperó el cambio de A"
        conn.commit()
    hilo.join(timeout=30)

    assert respuesta["status"] == 409 and respuesta["json"]["reason"] == "ULTIMO_ADMINISTRADOR", respuesta
    db.session.expire_all()
    activos = db.session.scalars(select(Usuario.id).where(Usuario.id.in_(ids), Usuario.activo.is_(True))).all()
    assert activos == [ids[0]]
