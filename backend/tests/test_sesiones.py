"""Sessions: refresh rotation with reuse detection, logout of the whole session, idle and absolute
limits enforced by the server, the browser's refresh cookie and its CSRF header, the lookup's cost,
and changing one's own password."""
from datetime import timedelta

import pytest
from flask_jwt_extended import create_access_token
from sqlalchemy import func, select, update

from app.models import Auditoria, Sesion
from tests.consultas import sentencias_ejecutadas
from tests.factories import PASSWORD
from tests.sesion import bearer, login

CSRF = {"X-Requested-With": "clinica-erp"}


def login_api(client, usuario, password=PASSWORD):
    r = login(client, usuario.email, password)
    assert r.status_code == 200, r.json
    return r.json


def login_web(client, usuario, password=PASSWORD):
    r = client.post("/api/auth/login", json={"email": usuario.email, "password": password})
    assert r.status_code == 200, r.json
    return r


def refrescar(client, refresh):
    return client.post("/api/auth/refresh", headers=bearer(refresh))


def me(client, access):
    return client.get("/api/auth/me", headers=bearer(access)).status_code


def sesion_de(db_session, usuario):
    db_session.expire_all()
    return db_session.scalar(select(Sesion).where(Sesion.usuario_id == usuario.id).order_by(Sesion.creada.desc()))


def fijar(db_session, usuario, **valores):
    """Move the user's sessions in time (``ultima_actividad``/``creada``: SQL expressions)."""
    db_session.execute(update(Sesion).where(Sesion.usuario_id == usuario.id).values(**valores))
    db_session.flush()


def cookie_de(respuesta):
    return next(h for h in respuesta.headers.getlist("Set-Cookie") if h.startswith("clinica_refresh="))


# --- rotation and reuse detection ----------------------------------------------------------------

def test_each_refresh_spends_the_refresh_token_it_was_given(client, usuario_factory):
    tokens = login_api(client, usuario_factory())
    primera = refrescar(client, tokens["refresh_token"])
    segunda = refrescar(client, primera.json["refresh_token"])
    assert primera.status_code == segunda.status_code == 200
    assert len({tokens["refresh_token"], primera.json["refresh_token"], segunda.json["refresh_token"]}) == 3


def test_a_spent_refresh_token_presented_again_ends_the_whole_session(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    rotados = refrescar(client, tokens["refresh_token"]).json

    robado = refrescar(client, tokens["refresh_token"])  # someone replays the spent one

    assert robado.status_code == 401 and robado.json["reason"] == "TOKEN_REUTILIZADO"
    # every token of that session is dead: the legitimate holder's new refresh and both access tokens
    assert refrescar(client, rotados["refresh_token"]).status_code == 401
    assert me(client, rotados["access_token"]) == 401
    assert me(client, tokens["access_token"]) == 401
    sesion = sesion_de(db_session, usuario)
    assert sesion.revocada_en is not None and sesion.motivo_revocacion == "reutilizacion"
    assert db_session.scalar(select(func.count()).select_from(Auditoria)
                             .where(Auditoria.accion == "refresh_reutilizado", Auditoria.usuario_id == usuario.id)) == 1


def test_reuse_in_one_session_leaves_the_users_other_sessions_alone(client, usuario_factory):
    usuario = usuario_factory()
    otra = login_api(client, usuario)
    tokens = login_api(client, usuario)
    refrescar(client, tokens["refresh_token"])
    assert refrescar(client, tokens["refresh_token"]).status_code == 401
    assert me(client, otra["access_token"]) == 200
    assert refrescar(client, otra["refresh_token"]).status_code == 200


# --- logout ----------------------------------------------------------------------------------------

def test_logout_kills_every_access_token_minted_in_the_session(client, usuario_factory):
    tokens = login_api(client, usuario_factory())
    renovados = refrescar(client, tokens["refresh_token"]).json
    otra_vez = refrescar(client, renovados["refresh_token"]).json
    assert me(client, tokens["access_token"]) == me(client, renovados["access_token"]) == 200

    assert client.post("/api/auth/logout", headers=bearer(renovados["access_token"])).status_code == 204

    for access in (tokens["access_token"], renovados["access_token"], otra_vez["access_token"]):
        assert me(client, access) == 401
    assert refrescar(client, otra_vez["refresh_token"]).status_code == 401


def test_logout_ends_only_its_own_session(client, usuario_factory):
    usuario = usuario_factory()
    oficina = login_api(client, usuario)
    casa = login_api(client, usuario)
    client.post("/api/auth/logout", headers=bearer(casa["access_token"]))
    assert me(client, oficina["access_token"]) == 200


def test_a_token_without_a_session_is_refused_even_when_correctly_signed(client, usuario_factory):
    usuario = usuario_factory()
    r = client.get("/api/auth/me", headers=bearer(create_access_token(identity=usuario)))
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_REVOCADO"
    falsa = create_access_token(identity=usuario, additional_claims={"sid": "no-es-un-uuid"})
    assert me(client, falsa) == 401


# --- idle timeout and absolute limit -----------------------------------------------------------------

def test_a_session_idle_for_fifteen_minutes_is_over_on_the_server(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    fijar(db_session, usuario, ultima_actividad=func.now() - timedelta(minutes=15, seconds=1))
    r = client.get("/api/auth/me", headers=bearer(tokens["access_token"]))
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_REVOCADO"
    assert refrescar(client, tokens["refresh_token"]).status_code == 401


def test_a_request_within_the_idle_time_keeps_the_session_and_records_the_activity(client, usuario_factory,
                                                                                     db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    fijar(db_session, usuario, ultima_actividad=func.now() - timedelta(minutes=14))
    assert me(client, tokens["access_token"]) == 200
    ahora = db_session.scalar(select(func.now()))
    assert sesion_de(db_session, usuario).ultima_actividad == ahora
    # 14 minutes later the session is still alive: the request above counted as activity
    assert me(client, tokens["access_token"]) == 200


def test_activity_is_written_at_most_once_a_minute(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    hace_30s = db_session.scalar(select(func.now() - timedelta(seconds=30)))
    fijar(db_session, usuario, ultima_actividad=hace_30s)
    assert me(client, tokens["access_token"]) == 200
    assert sesion_de(db_session, usuario).ultima_actividad == hace_30s  # recent enough: not rewritten
    fijar(db_session, usuario, ultima_actividad=hace_30s - timedelta(seconds=31))
    assert me(client, tokens["access_token"]) == 200
    assert sesion_de(db_session, usuario).ultima_actividad > hace_30s


def test_a_refresh_counts_as_activity(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    fijar(db_session, usuario, ultima_actividad=func.now() - timedelta(minutes=10))
    assert refrescar(client, tokens["refresh_token"]).status_code == 200
    assert sesion_de(db_session, usuario).ultima_actividad == db_session.scalar(select(func.now()))


def test_a_session_ends_twelve_hours_after_the_login_however_active(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    fijar(db_session, usuario, creada=func.now() - timedelta(hours=12, seconds=1))
    assert me(client, tokens["access_token"]) == 401
    assert refrescar(client, tokens["refresh_token"]).status_code == 401


def test_both_limits_come_from_the_configuration(app, client, usuario_factory, db_session, monkeypatch):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    fijar(db_session, usuario, ultima_actividad=func.now() - timedelta(minutes=20),
          creada=func.now() - timedelta(hours=13))
    assert me(client, tokens["access_token"]) == 401
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(minutes=30))
    monkeypatch.setitem(app.config, "SESSION_MAX_AGE", timedelta(hours=24))
    assert me(client, tokens["access_token"]) == 200
    monkeypatch.setitem(app.config, "SESSION_IDLE_TIMEOUT", timedelta(minutes=5))
    fijar(db_session, usuario, ultima_actividad=func.now() - timedelta(minutes=6))
    assert me(client, tokens["access_token"]) == 401


def test_logging_in_clears_the_users_sessions_past_the_absolute_limit(client, usuario_factory, db_session):
    usuario = usuario_factory()
    login_api(client, usuario)
    fijar(db_session, usuario, creada=func.now() - timedelta(hours=13))
    login_api(client, usuario)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Sesion).where(Sesion.usuario_id == usuario.id)) == 1


# --- the lookup's cost -----------------------------------------------------------------------------

@pytest.fixture
def sentencias():
    """The SQL statements executed while the fixture is alive (savepoints of the test's transaction aside)."""
    with sentencias_ejecutadas() as vistas:
        yield vistas


def test_an_authenticated_request_checks_user_and_session_in_one_select_and_writes_nothing(
        client, usuario_factory, sentencias):
    tokens = login_api(client, usuario_factory())
    sentencias.clear()
    assert me(client, tokens["access_token"]) == 200
    de_la_sesion = [s for s in sentencias if "security.sesiones" in s]
    assert len(de_la_sesion) == 1, sentencias
    assert de_la_sesion[0].startswith("SELECT") and "security.usuarios" in de_la_sesion[0]
    assert not [s for s in sentencias if s.startswith(("UPDATE", "INSERT", "DELETE"))], sentencias


# --- the browser: refresh token in an HttpOnly cookie --------------------------------------------------

def test_the_browser_gets_its_refresh_token_only_in_a_strict_httponly_cookie(client, usuario_factory):
    r = login_web(client, usuario_factory())
    assert set(r.json) == {"access_token", "usuario"}
    cookie = cookie_de(r)
    atributos = {a.strip().split("=")[0].lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "path", "samesite", "max-age"} <= atributos
    assert "Path=/api/auth" in cookie and "SameSite=Strict" in cookie
    assert "secure" not in atributos  # plain http (a developer's machine)


def test_over_tls_the_cookie_is_secure(app, usuario_factory):
    usuario = usuario_factory()
    cliente = app.test_client()
    r = cliente.post("/api/auth/login", json={"email": usuario.email, "password": PASSWORD},
                     base_url="https://clinica.local")
    assert "; Secure" in cookie_de(r)


def test_the_cookie_refreshes_only_with_the_x_requested_with_header(client, usuario_factory):
    login_web(client, usuario_factory())
    sin_cabecera = client.post("/api/auth/refresh")
    assert sin_cabecera.status_code == 401 and sin_cabecera.json["reason"] == "CABECERA_REQUERIDA"
    otra = client.post("/api/auth/refresh", headers={"X-Requested-With": "XMLHttpRequest"})
    assert otra.status_code == 401
    # the refused attempts spent nothing
    r = client.post("/api/auth/refresh", headers=CSRF)
    assert r.status_code == 200 and set(r.json) == {"access_token"}
    assert me(client, r.json["access_token"]) == 200


def test_a_cookie_refresh_rotates_the_cookie_and_the_old_value_is_spent(client, usuario_factory):
    login_web(client, usuario_factory())
    vieja = client.get_cookie("clinica_refresh", path="/api/auth").value
    r = client.post("/api/auth/refresh", headers=CSRF)
    nueva = client.get_cookie("clinica_refresh", path="/api/auth").value
    assert r.status_code == 200 and nueva != vieja
    # the old cookie value replayed (as a bearer token) ends the session, and the new cookie with it
    assert refrescar(client, vieja).json["reason"] == "TOKEN_REUTILIZADO"
    assert client.post("/api/auth/refresh", headers=CSRF).status_code == 401
    assert me(client, r.json["access_token"]) == 401


def test_without_cookie_or_header_the_refresh_is_401(client):
    r = client.post("/api/auth/refresh", headers=CSRF)
    assert r.status_code == 401 and r.json["reason"] == "TOKEN_AUSENTE"


def test_an_access_token_in_the_refresh_cookie_is_refused(client, usuario_factory):
    tokens = login_api(client, usuario_factory())
    client.set_cookie("clinica_refresh", tokens["access_token"], path="/api/auth")
    assert client.post("/api/auth/refresh", headers=CSRF).status_code == 401


def test_logout_deletes_the_browsers_cookie(client, usuario_factory):
    access = login_web(client, usuario_factory()).json["access_token"]
    r = client.post("/api/auth/logout", headers=bearer(access))
    assert r.status_code == 204
    assert "Max-Age=0" in cookie_de(r) or "expires=Thu, 01 Jan 1970" in cookie_de(r)
    assert client.get_cookie("clinica_refresh", path="/api/auth") is None


# --- changing one's own password -------------------------------------------------------------------

NUEVA = "otra-contraseña-segura"


def test_a_wrong_current_password_is_a_422_on_actual_and_changes_nothing(client, usuario_factory, db_session):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    r = client.post("/api/auth/password", json={"actual": "no-es-esta-123", "nueva": NUEVA},
                    headers=bearer(tokens["access_token"]))
    assert r.status_code == 422 and "actual" in r.json["errors"]
    assert me(client, tokens["access_token"]) == 200
    assert client.post("/api/auth/login", json={"email": usuario.email, "password": PASSWORD}).status_code == 200
    assert db_session.scalar(select(func.count()).select_from(Auditoria)
                             .where(Auditoria.accion == "password_cambio_fallido")) == 1


def test_guessing_the_current_password_is_throttled_like_a_login(app, client, usuario_factory):
    # A stolen session must not become a password oracle: wrong `actual`s count as failed logins.
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        r = client.post("/api/auth/password", json={"actual": "no-es-esta-123", "nueva": NUEVA},
                        headers=bearer(tokens["access_token"]))
        assert r.status_code == 422
    r = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": NUEVA},
                    headers=bearer(tokens["access_token"]))
    assert r.status_code == 429 and int(r.headers["Retry-After"]) > 0


def test_in_production_the_refresh_cookie_is_always_secure(app, client, usuario_factory, monkeypatch):
    # Behind a TLS proxy without PROXY_FIX_HOPS the request looks like plain HTTP.
    monkeypatch.setitem(app.config, "REFRESH_COOKIE_SECURE", True)
    assert "; Secure" in cookie_de(login_web(client, usuario_factory()))


def test_the_new_password_must_be_long_and_different(client, usuario_factory):
    tokens = login_api(client, usuario_factory())
    for nueva, campo in (("corta", "nueva"), (PASSWORD, "nueva")):
        r = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": nueva},
                        headers=bearer(tokens["access_token"]))
        assert r.status_code == 422 and campo in r.json["errors"], nueva


def test_changing_ones_password_ends_the_other_sessions_and_the_browser_goes_on(client, app, usuario_factory,
                                                                                 db_session):
    usuario = usuario_factory()
    otro_dispositivo = login_api(app.test_client(), usuario)
    navegador = login_web(client, usuario).json

    r = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": NUEVA},
                    headers=bearer(navegador["access_token"]))

    assert r.status_code == 204
    assert me(client, otro_dispositivo["access_token"]) == 401
    assert refrescar(client, otro_dispositivo["refresh_token"]).status_code == 401
    # the browser's session goes on: its access token is renewed with the new cookie of the answer
    assert cookie_de(r)
    renovado = client.post("/api/auth/refresh", headers=CSRF)
    assert renovado.status_code == 200 and me(client, renovado.json["access_token"]) == 200
    # and only the new password logs in
    assert client.post("/api/auth/login", json={"email": usuario.email, "password": PASSWORD}).status_code == 401
    assert client.post("/api/auth/login", json={"email": usuario.email, "password": NUEVA}).status_code == 200
    assert db_session.scalar(select(func.count()).select_from(Auditoria)
                             .where(Auditoria.accion == "password_cambiada", Auditoria.usuario_id == usuario.id)) == 1


def test_an_api_client_changing_its_password_logs_in_again(client, usuario_factory):
    usuario = usuario_factory()
    tokens = login_api(client, usuario)
    r = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": NUEVA},
                    headers=bearer(tokens["access_token"]))
    assert r.status_code == 204 and not r.headers.getlist("Set-Cookie")
    assert me(client, tokens["access_token"]) == 401
    assert refrescar(client, tokens["refresh_token"]).status_code == 401
    assert me(client, login_api(client, usuario, NUEVA)["access_token"]) == 200


def test_changing_the_password_needs_an_access_token(client, usuario_factory):
    tokens = login_api(client, usuario_factory())
    sin = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": NUEVA})
    con_refresh = client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": NUEVA},
                              headers=bearer(tokens["refresh_token"]))
    assert sin.status_code == con_refresh.status_code == 401
