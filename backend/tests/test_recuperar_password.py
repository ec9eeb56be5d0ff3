"""Password reset by e-mail (API.md "Password reset"): the same 202 for every address, a single-use link valid 30
minutes sent through the outbox and stored only as a hash, at most 5 requests per address and hour, the password
policy, every session of the user ended, and exactly one winner when a link is used twice at once."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import Auditoria, Mensaje, RestablecimientoPassword, Usuario
from app.services import recuperacion_service
from app.utils.errors import Conflicto
from tests.carreras import a_la_vez
from tests.conftest import como_dueno
from tests.factories import PASSWORD
from tests.sesion import bearer, login

NUEVA = "una-clave-nueva-segura"


def recuperar(client, email):
    return client.post("/api/auth/recuperar", json={"email": email})


def restablecer(client, token, password=NUEVA):
    return client.post("/api/auth/restablecer", json={"token": token, "password": password})


def mensajes_de(usuario):
    db.session.expire_all()
    return db.session.scalars(select(Mensaje).where(Mensaje.usuario_id == usuario.id).order_by(Mensaje.id)).all()


def enlace_recibido(usuario):
    """The link of the last reset e-mail of ``usuario``, as the worker would put it in the message."""
    return mensajes_de(usuario)[-1].secreto


def token_recibido(usuario):
    return enlace_recibido(usuario).split("#token=", 1)[1]


def solicitudes():
    return db.session.scalar(select(func.count()).select_from(RestablecimientoPassword))


def auditados(accion, **filtro):
    return db.session.scalars(select(Auditoria).where(Auditoria.accion == accion).filter_by(**filtro)).all()


# --- asking for a link ------------------------------------------------------------------------------------

def test_a_known_address_gets_202_and_one_reset_e_mail_in_the_outbox(app, client, usuario_factory):
    usuario = usuario_factory()
    r = recuperar(client, usuario.email)
    assert r.status_code == 202 and r.get_data() == b""
    [mensaje] = mensajes_de(usuario)
    assert (mensaje.tipo, mensaje.canal, mensaje.destino, mensaje.estado) == (
        "restablecer_password", "email", usuario.email, "pendiente")
    assert mensaje.paciente_id is None and mensaje.cita_id is None
    assert mensaje.secreto.startswith(app.config["PUBLIC_BASE_URL"] + "/restablecer#token=")
    fila = db.session.scalar(select(RestablecimientoPassword).where(RestablecimientoPassword.usuario_id == usuario.id))
    assert fila.expira - fila.creado_en == timedelta(minutes=30) and fila.usado_en is None
    assert fila.token_hash == recuperacion_service.hash_token(token_recibido(usuario))


def test_an_unknown_address_gets_the_same_answer_and_nothing_is_sent(client, usuario_factory):
    conocido = recuperar(client, usuario_factory().email)
    desconocido = recuperar(client, "nadie@prueba.local")
    assert (desconocido.status_code, desconocido.get_data()) == (conocido.status_code, conocido.get_data())
    assert dict(desconocido.headers).keys() == dict(conocido.headers).keys()
    assert db.session.scalar(select(func.count()).select_from(Mensaje).where(Mensaje.destino == "nadie@prueba.local")) == 0
    fila = db.session.scalar(select(RestablecimientoPassword)
                             .where(RestablecimientoPassword.email_hash == recuperacion_service.hash_email("nadie@prueba.local")))
    assert fila.usuario_id is None and fila.token_hash is None


def test_a_deactivated_user_is_sent_nothing(client, usuario_factory):
    usuario = usuario_factory(activo=False)
    assert recuperar(client, usuario.email).status_code == 202
    assert mensajes_de(usuario) == []


def test_the_address_is_matched_whatever_its_case_and_surrounding_spaces(client, usuario_factory):
    usuario = usuario_factory(email="ana.lopez@prueba.local")
    assert recuperar(client, "  Ana.Lopez@PRUEBA.local ").status_code == 202
    assert len(mensajes_de(usuario)) == 1


@pytest.mark.parametrize("cuerpo", [{}, {"email": ""}, {"email": "   "}, {"email": 7}, {"email": None},
                                    {"email": "a" * 250 + "@x.mx"}, {"email": "ana@prueba.local", "rol": "x"}])
def test_a_request_without_a_sane_email_string_is_422(client, cuerpo):
    r = client.post("/api/auth/recuperar", json=cuerpo)
    assert r.status_code == 422 and r.json["errors"]
    assert solicitudes() == 0


def test_the_link_is_stored_encrypted_and_the_token_nowhere_in_clear(client, usuario_factory, db_session):
    usuario = usuario_factory()
    recuperar(client, usuario.email)
    token = token_recibido(usuario)
    with como_dueno(db_session):
        crudo = bytes(db_session.scalar(text("SELECT secreto FROM medical.mensajes WHERE usuario_id = :u"),
                                        {"u": usuario.id}))
        filas = db_session.scalars(text("SELECT r::text FROM security.restablecimientos_password r")).all()
    assert token.encode() not in crudo and b"restablecer" not in crudo
    assert filas and all(token not in f and usuario.email not in f for f in filas)


def test_each_request_is_audited_naming_the_user_only_when_there_is_one(client, usuario_factory):
    usuario = usuario_factory()
    recuperar(client, usuario.email)
    recuperar(client, "nadie@prueba.local")
    filas = auditados("password_recuperacion_solicitada")
    assert sorted((f.usuario_id or 0) for f in filas) == [0, usuario.id]
    assert all("nadie" not in str(f.detalle) for f in filas)


# --- at most 5 an hour ------------------------------------------------------------------------------------

def test_the_sixth_request_of_an_hour_is_answered_202_and_creates_nothing(client, usuario_factory, caplog):
    usuario = usuario_factory()
    for _ in range(recuperacion_service.MAXIMO_POR_HORA):
        assert recuperar(client, usuario.email).status_code == 202
    assert len(mensajes_de(usuario)) == 5 and solicitudes() == 5
    caplog.set_level("INFO", logger=recuperacion_service.__name__)
    assert recuperar(client, usuario.email).status_code == 202
    assert len(mensajes_de(usuario)) == 5 and solicitudes() == 5
    assert caplog.records and all(usuario.email not in r.getMessage() for r in caplog.records)


def test_unknown_addresses_are_capped_too_and_other_addresses_are_not_affected(client, usuario_factory):
    for _ in range(7):
        assert recuperar(client, "nadie@prueba.local").status_code == 202
    assert solicitudes() == 5
    usuario = usuario_factory()
    assert recuperar(client, usuario.email).status_code == 202
    assert len(mensajes_de(usuario)) == 1


def test_the_cap_is_per_hour(usuario_factory):
    usuario = usuario_factory()
    ahora = datetime.now(UTC)
    for _ in range(5):
        assert recuperacion_service.solicitar(usuario.email, ahora=ahora) is not None
    assert recuperacion_service.solicitar(usuario.email, ahora=ahora + timedelta(minutes=59)) is None
    assert recuperacion_service.solicitar(usuario.email, ahora=ahora + timedelta(minutes=61)) is not None
    assert len(mensajes_de(usuario)) == 6


def test_each_client_address_is_limited_per_minute_on_both_endpoints(app, client, reloj_fijo):
    # reloj_fijo: every request in one window
    for i in range(app.config["RECUPERACION_LIMITE_POR_MINUTO"]):
        assert recuperar(client, f"persona{i}@prueba.local").status_code == 202
        assert restablecer(client, f"adivinado-{i}").status_code == 409
    for r in (recuperar(client, "otra@prueba.local"), restablecer(client, "adivinado-otra-vez")):
        assert r.status_code == 429 and r.json["reason"] == "LIMITE" and int(r.headers["Retry-After"]) > 0
    otra_direccion = client.post("/api/auth/recuperar", json={"email": "otra@prueba.local"},
                                 environ_base={"REMOTE_ADDR": "198.51.100.20"})
    assert otra_direccion.status_code == 202


# --- using the link ---------------------------------------------------------------------------------------

def test_the_link_sets_the_new_password_once_and_a_second_use_is_token_invalido(client, usuario_factory):
    usuario = usuario_factory()
    recuperar(client, usuario.email)
    token = token_recibido(usuario)

    primera = restablecer(client, token)
    segunda = restablecer(client, token, "otra-clave-distinta-1")

    assert primera.status_code == 204 and primera.get_data() == b""
    assert segunda.status_code == 409 and segunda.json["reason"] == "TOKEN_INVALIDO"
    assert segunda.json["message"] == "El enlace no es válido o ya expiró; solicite uno nuevo"
    assert login(client, usuario.email, PASSWORD).status_code == 401
    assert login(client, usuario.email, NUEVA).status_code == 200
    assert len(auditados("password_restablecido", usuario_id=usuario.id)) == 1


def test_an_unknown_token_is_token_invalido(client):
    for token in ("no-existe", "x" * 43):
        r = restablecer(client, token)
        assert r.status_code == 409 and r.json["reason"] == "TOKEN_INVALIDO"


def test_the_link_expires_thirty_minutes_after_the_request(client, usuario_factory):
    usuario = usuario_factory()
    ahora = datetime.now(UTC)
    recuperacion_service.solicitar(usuario.email, ahora=ahora)
    token = token_recibido(usuario)
    with pytest.raises(Conflicto) as exc:
        recuperacion_service.restablecer(token, NUEVA, ahora=ahora + timedelta(minutes=30, seconds=1))
    assert exc.value.reason == "TOKEN_INVALIDO"
    assert recuperacion_service.restablecer(token, NUEVA, ahora=ahora + timedelta(minutes=29)).id == usuario.id


def test_an_expired_link_is_refused_by_the_api(client, usuario_factory):
    usuario = usuario_factory()
    recuperacion_service.solicitar(usuario.email, ahora=datetime.now(UTC) - timedelta(minutes=31))
    r = restablecer(client, token_recibido(usuario))
    assert r.status_code == 409 and r.json["reason"] == "TOKEN_INVALIDO"
    assert login(client, usuario.email, PASSWORD).status_code == 200


@pytest.mark.parametrize("password", ["corta", "x" * 129, ""])
def test_the_new_password_follows_the_password_policy_and_a_refused_one_keeps_the_link(client, usuario_factory,
                                                                                      password):
    usuario = usuario_factory()
    recuperar(client, usuario.email)
    token = token_recibido(usuario)
    r = restablecer(client, token, password)
    assert r.status_code == 422 and "password" in r.json["errors"]
    assert restablecer(client, token).status_code == 204


def test_resetting_ends_every_session_and_token_of_the_user(client, usuario_factory):
    usuario = usuario_factory()
    sesion = login(client, usuario.email, PASSWORD).json
    recuperar(client, usuario.email)
    assert restablecer(client, token_recibido(usuario)).status_code == 204
    assert client.get("/api/auth/me", headers=bearer(sesion["access_token"])).status_code == 401
    refresco = client.post("/api/auth/refresh", headers=bearer(sesion["refresh_token"]))
    assert refresco.status_code == 401


def test_a_reset_spends_the_users_other_links_too(client, usuario_factory):
    usuario = usuario_factory()
    recuperar(client, usuario.email)
    primero = token_recibido(usuario)
    recuperar(client, usuario.email)
    segundo = token_recibido(usuario)
    assert restablecer(client, segundo).status_code == 204
    r = restablecer(client, primero, "otra-clave-distinta-1")
    assert r.status_code == 409 and r.json["reason"] == "TOKEN_INVALIDO"


def test_a_link_dies_when_the_password_is_changed_another_way_or_the_user_is_deactivated(client, usuario_factory,
                                                                                        as_admin):
    cambia, desactivado = usuario_factory(), usuario_factory()
    for usuario in (cambia, desactivado):
        recuperar(client, usuario.email)
    tokens = {u.id: token_recibido(u) for u in (cambia, desactivado)}
    sesion = login(client, cambia.email, PASSWORD).json
    assert client.post("/api/auth/password", json={"actual": PASSWORD, "nueva": "cambiada-a-mano-1"},
                       headers=bearer(sesion["access_token"])).status_code == 204
    assert as_admin.patch(f"/api/usuarios/{desactivado.id}", json={"activo": False}).status_code == 200
    for usuario in (cambia, desactivado):
        r = restablecer(client, tokens[usuario.id])
        assert r.status_code == 409 and r.json["reason"] == "TOKEN_INVALIDO"
    assert login(client, cambia.email, "cambiada-a-mano-1").status_code == 200


def test_a_reset_ends_the_accounts_run_of_failed_logins(app, client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(app.config["LOGIN_MAX_FAILURES"]):
        assert login(client, usuario.email, "no-es-esta-123").status_code == 401
    assert login(client, usuario.email, PASSWORD).status_code == 429
    recuperar(client, usuario.email)
    assert restablecer(client, token_recibido(usuario)).status_code == 204
    assert login(client, usuario.email, NUEVA).status_code == 200


def test_neither_endpoint_needs_a_token_nor_answers_a_user(client, usuario_factory):
    usuario = usuario_factory()
    r = recuperar(client, usuario.email)
    s = restablecer(client, token_recibido(usuario))
    assert (r.status_code, s.status_code) == (202, 204)
    assert usuario.email not in (r.get_data(as_text=True) + s.get_data(as_text=True))


# --- two uses at once -------------------------------------------------------------------------------------

@pytest.mark.committed
def test_two_simultaneous_uses_of_one_link_let_exactly_one_set_the_password(app, usuario_factory):
    usuario = usuario_factory()
    db.session.commit()
    assert recuperar(app.test_client(), usuario.email).status_code == 202
    token = token_recibido(usuario)
    claves = ["primera-clave-segura", "segunda-clave-segura"]

    def usar(clave):
        def enviar():
            r = restablecer(app.test_client(), token, clave)
            return r.status_code, (r.get_json() or {}).get("reason")
        return enviar

    respuestas = a_la_vez([usar(clave) for clave in claves])  # raises what a thread raised
    assert sorted(respuestas) == [(204, None), (409, "TOKEN_INVALIDO")]
    ganadora = claves[[status for status, _ in respuestas].index(204)]
    perdedora = next(c for c in claves if c != ganadora)
    cliente = app.test_client()
    assert login(cliente, usuario.email, ganadora).status_code == 200
    assert login(cliente, usuario.email, perdedora).status_code == 401
    db.session.expire_all()
    assert db.session.scalar(select(Usuario.version_token).where(Usuario.id == usuario.id)) == 1
    assert len(auditados("password_restablecido", usuario_id=usuario.id)) == 1
