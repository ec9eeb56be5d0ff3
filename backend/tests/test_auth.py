"""Login, refresh, logout, me, and token invalidation."""
import time
from datetime import timedelta

import jwt as pyjwt
from flask_jwt_extended import JWTManager, create_access_token, create_refresh_token
from sqlalchemy import func, select

from app.models import Auditoria, IntentoLogin, Sesion
from app.schemas.usuario import UsuarioSchema
from tests.consultas import sentencias_ejecutadas
from tests.sesion import bearer, login, token_de


def test_an_api_client_logs_in_and_receives_both_tokens_and_their_account(client, usuario_factory):
    usuario = usuario_factory(rol="Recepcionista")
    r = login(client, usuario.email)
    assert r.status_code == 200
    assert set(r.json) == {"access_token", "refresh_token", "usuario"}
    assert "Set-Cookie" not in r.headers
    assert r.json["usuario"] == {"id": usuario.id, "nombre": usuario.nombre, "apellido": usuario.apellido,
                                 "email": usuario.email, "rol": "Recepcionista", "sucursal_id": None, "activo": True}


def test_login_accepts_the_email_in_any_case(client, usuario_factory):
    usuario = usuario_factory()
    assert login(client, usuario.email.upper()).status_code == 200


def test_unknown_email_and_wrong_password_get_the_same_401(client, usuario_factory, db_session):
    usuario = usuario_factory()
    desconocido = login(client, "nadie@prueba.local")
    incorrecta = login(client, usuario.email, "otra-contraseña-x")
    assert desconocido.status_code == incorrecta.status_code == 401
    assert desconocido.json["message"] == incorrecta.json["message"]
    assert "password_hash" not in str(incorrecta.json)
    fallos = db_session.scalar(select(func.count()).select_from(IntentoLogin).where(IntentoLogin.exito.is_(False)))
    assert fallos == 2
    assert db_session.scalar(select(func.count()).select_from(Auditoria).where(Auditoria.accion == "login_fallido")) == 2


def test_a_deactivated_user_cannot_log_in(client, usuario_factory):
    usuario = usuario_factory(activo=False)
    assert login(client, usuario.email).status_code == 401


def test_the_eleventh_attempt_after_ten_failures_is_throttled_even_with_the_right_password(client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(10):
        assert login(client, usuario.email, "equivocada-123").status_code == 401
    r = login(client, usuario.email)
    assert r.status_code == 429
    assert r.json["reason"] == "DEMASIADOS_INTENTOS"


def test_failures_of_another_email_do_not_throttle_this_one(client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(10):
        login(client, "otro@prueba.local", "equivocada-123")
    assert login(client, usuario.email).status_code == 200


def test_me_answers_the_current_user(api_as):
    api = api_as("Facturación")
    r = api.get("/api/auth/me")
    assert r.status_code == 200 and r.json["id"] == api.usuario.id and r.json["rol"] == "Facturación"


def test_me_answers_the_user_as_the_users_schema_dumps_it(api_as, sucursal_factory):
    api = api_as("Recepcionista", sucursal=sucursal_factory())
    r = api.get("/api/auth/me")
    assert r.status_code == 200 and r.json == UsuarioSchema().dump(api.usuario)


def test_the_token_check_and_the_user_load_are_one_statement(api_as):
    api = api_as("Médico")
    api.get("/api/auth/me")  # the session's activity is recorded on the first request, not on the next ones
    with sentencias_ejecutadas() as sentencias:
        assert api.get("/api/auth/me").status_code == 200
    assert [s for s in sentencias if s.upper().startswith("SELECT")] == [sentencias[0]] and len(sentencias) == 1


def test_a_token_is_verified_once_and_then_remembered(client, usuario_factory, monkeypatch):
    verificaciones = []
    original = JWTManager._decode_jwt_from_config
    monkeypatch.setattr(JWTManager, "_decode_jwt_from_config",
                        lambda self, *a, **k: verificaciones.append(a[0]) or original(self, *a, **k))
    token = token_de(usuario_factory())
    for _ in range(3):
        assert client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    assert verificaciones == [token]


def test_a_remembered_token_still_expires(app, client, usuario_factory, monkeypatch):
    monkeypatch.setitem(app.config, "JWT_ACCESS_TOKEN_EXPIRES", timedelta(seconds=2))
    token = token_de(usuario_factory())
    assert client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    exp = pyjwt.decode(token, options={"verify_signature": False})["exp"]
    time.sleep(max(0.0, exp - time.time()) + 0.1)
    r = client.get("/api/auth/me", headers=bearer(token))
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_EXPIRADO"


def test_a_remembered_token_is_refused_once_the_secret_changes(app, client, usuario_factory, monkeypatch):
    token = token_de(usuario_factory())
    assert client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    monkeypatch.setitem(app.config, "JWT_SECRET_KEY", "otra-clave-de-firma" * 3)
    r = client.get("/api/auth/me", headers=bearer(token))
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_INVALIDO"


def test_refresh_gives_a_working_access_token_and_a_new_refresh_token(client, usuario_factory):
    usuario = usuario_factory()
    tokens = login(client, usuario.email).json
    r = client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"]))
    assert r.status_code == 200
    assert set(r.json) == {"access_token", "refresh_token"} and r.json["refresh_token"] != tokens["refresh_token"]
    assert client.get("/api/auth/me", headers=bearer(r.json["access_token"])).status_code == 200


def test_a_refresh_token_is_not_accepted_as_an_access_token(client, usuario_factory):
    usuario = usuario_factory()
    tokens = login(client, usuario.email).json
    assert client.get("/api/auth/me", headers=bearer(tokens["refresh_token"])).status_code == 401


def test_an_access_token_cannot_refresh(client, usuario_factory):
    usuario = usuario_factory()
    tokens = login(client, usuario.email).json
    assert client.post("/api/auth/refresh", headers=bearer(tokens["access_token"])).status_code == 401


def test_logout_revokes_the_access_token_and_its_refresh_token(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login(client, usuario.email).json
    assert client.post("/api/auth/logout", headers=bearer(tokens["access_token"])).status_code == 204
    assert client.get("/api/auth/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401
    sesion = db_session.scalar(select(Sesion).where(Sesion.usuario_id == usuario.id))
    assert sesion.revocada_en is not None and sesion.motivo_revocacion == "logout"


def test_deactivating_a_user_kills_their_tokens_at_once(client, as_admin, usuario_factory):
    usuario = usuario_factory(rol="Médico")
    tokens = login(client, usuario.email).json
    assert as_admin.patch(f"/api/usuarios/{usuario.id}", json={"activo": False}).status_code == 200
    assert client.get("/api/auth/me", headers=bearer(tokens["access_token"])).status_code == 401
    assert client.post("/api/auth/refresh", headers=bearer(tokens["refresh_token"])).status_code == 401


def test_changing_role_or_password_kills_the_tokens(client, as_admin, usuario_factory):
    for cambio in ({"rol": "Facturación"}, {"password": "una-nueva-contraseña"}):
        usuario = usuario_factory(rol="Recepcionista")
        token = login(client, usuario.email).json["access_token"]
        assert as_admin.patch(f"/api/usuarios/{usuario.id}", json=cambio).status_code == 200
        assert client.get("/api/auth/me", headers=bearer(token)).status_code == 401


def test_a_changed_password_works_for_the_next_login(client, as_admin, usuario_factory):
    usuario = usuario_factory()
    as_admin.patch(f"/api/usuarios/{usuario.id}", json={"password": "una-nueva-contraseña"})
    assert login(client, usuario.email).status_code == 401
    assert login(client, usuario.email, "una-nueva-contraseña").status_code == 200


def test_malformed_forged_and_expired_tokens_are_401(app, client, usuario_factory):
    usuario = usuario_factory()
    valido = create_access_token(identity=usuario)
    header, payload, firma = valido.split(".")
    sin_firma = pyjwt.encode(pyjwt.decode(valido, options={"verify_signature": False}), key=None, algorithm="none")
    otra_clave = pyjwt.encode(pyjwt.decode(valido, options={"verify_signature": False}), "otra-clave" * 4,
                              algorithm="HS256")
    expirado = create_access_token(identity=usuario, expires_delta=timedelta(seconds=-5))
    for token in ("basura", f"{header}.{payload}.", sin_firma, otra_clave, expirado, f"{header}.{payload}x.{firma}"):
        r = client.get("/api/auth/me", headers=bearer(token))
        assert r.status_code == 401, token
        assert r.json["code"] == 401 and r.json["message"]


def test_a_request_without_a_token_is_401(anonimo):
    r = anonimo.get("/api/auth/me")
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_AUSENTE"


def test_a_refresh_token_of_a_deleted_identity_is_rejected(client, app):
    class Fantasma:
        id = 999999
        version_token = 0

        class rol:
            nombre = "Administrador"

    token = create_refresh_token(identity=Fantasma)
    assert client.post("/api/auth/refresh", headers=bearer(token)).status_code == 401


def _b64(datos):
    import base64
    import json

    return base64.urlsafe_b64encode(json.dumps(datos).encode()).rstrip(b"=").decode()


def test_a_token_whose_claims_were_edited_keeps_no_valid_signature(client, usuario_factory):
    victima = usuario_factory(rol="Recepcionista")
    admin = usuario_factory(rol="Administrador")
    valido = token_de(victima)
    header, _, firma = valido.split(".")
    claims = pyjwt.decode(valido, options={"verify_signature": False})
    for cambio in ({"rol": "Administrador"}, {"sub": str(admin.id)}, {"ver": claims["ver"] + 1},
                   {"exp": claims["exp"] + 86400}, {"type": "refresh"}):
        r = client.get("/api/usuarios", headers=bearer(f"{header}.{_b64({**claims, **cambio})}.{firma}"))
        assert r.status_code == 401 and r.json["reason"] == "TOKEN_INVALIDO", cambio


def test_only_hs256_is_accepted_even_with_the_right_key(app, client, usuario_factory):
    usuario = usuario_factory(rol="Administrador")
    claims = pyjwt.decode(token_de(usuario), options={"verify_signature": False})
    otro_algoritmo = pyjwt.encode(claims, app.config["JWT_SECRET_KEY"], algorithm="HS512")
    assert client.get("/api/auth/me", headers=bearer(otro_algoritmo)).status_code == 401


def test_the_role_in_the_token_grants_nothing_the_database_does_not(app, client, usuario_factory):
    """Even a correctly signed token claiming Administrador acts with the user's real role."""
    usuario = usuario_factory(rol="Recepcionista")
    claims = pyjwt.decode(token_de(usuario), options={"verify_signature": False})
    firmado = pyjwt.encode({**claims, "rol": "Administrador"}, app.config["JWT_SECRET_KEY"], algorithm="HS256")
    assert client.get("/api/usuarios", headers=bearer(firmado)).status_code == 403


def test_a_token_is_read_only_from_the_authorization_header(client, usuario_factory):
    token = token_de(usuario_factory())
    assert client.get("/api/auth/me", headers=bearer(token)).status_code == 200
    assert client.get(f"/api/auth/me?jwt={token}").status_code in (401, 422)
    client.set_cookie("access_token_cookie", token)
    assert client.get("/api/auth/me").status_code == 401
    assert client.get("/api/auth/me", headers={"Authorization": token}).status_code == 401
