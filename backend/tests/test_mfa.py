"""The optional TOTP second factor: enrolment, login with a code or a recovery code, removal, and the clinic
setting that requires it of every Administrador."""
import time

import pyotp
import pytest
from cryptography.exceptions import InvalidTag
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Auditoria, CodigoRecuperacion, FactorTotp, IntentoLogin
from tests.factories import PASSWORD
from tests.sesion import bearer, login


def codigo_de(secreto, desfase=0):
    return pyotp.TOTP(secreto).at(int(time.time()) + desfase)


def inscrito(api):
    """Enrol and activate the API client's user; (secret, recovery codes)."""
    secreto = api.post("/api/auth/mfa/inscribir").json["secreto"]
    r = api.post("/api/auth/mfa/activar", json={"codigo": codigo_de(secreto)})
    assert r.status_code == 200
    # the enrolment's code is spent: tests log in with the next step's code
    return secreto, r.json["codigos_recuperacion"]


def auditado(accion, usuario):
    return db.session.scalar(select(func.count()).where(Auditoria.accion == accion, Auditoria.entidad_id == usuario.id))


# --- enrolment ------------------------------------------------------------------------------------------

def test_enrolment_gives_a_secret_its_otpauth_uri_and_a_qr_code(api_as):
    api = api_as("Médico")
    r = api.post("/api/auth/mfa/inscribir")
    assert r.status_code == 200
    assert r.json["uri"].startswith("otpauth://totp/") and f"secret={r.json['secreto']}" in r.json["uri"]
    assert r.json["qr_svg"].startswith("<svg")
    assert api.get("/api/auth/mfa").json == {"activo": False, "obligatorio": False, "codigos_restantes": 0}


def test_the_secret_is_stored_encrypted(api_as):
    api = api_as("Médico")
    secreto = api.post("/api/auth/mfa/inscribir").json["secreto"]
    guardado = bytes(db.session.scalar(select(FactorTotp.secreto_cifrado).where(FactorTotp.usuario_id == api.usuario.id)))
    assert secreto.encode() not in guardado and len(guardado) > len(secreto)


def test_a_wrong_first_code_does_not_activate(api_as):
    api = api_as("Médico")
    secreto = api.post("/api/auth/mfa/inscribir").json["secreto"]
    r = api.post("/api/auth/mfa/activar", json={"codigo": codigo_de(secreto, 300)})
    assert r.status_code == 422 and "codigo" in r.json["errors"]
    assert api.get("/api/auth/mfa").json["activo"] is False


def test_activation_shows_ten_recovery_codes_once_and_stores_only_their_hashes(api_as):
    api = api_as("Recepcionista")
    _, codigos = inscrito(api)
    assert len(codigos) == len(set(codigos)) == 10
    hashes = set(db.session.scalars(select(CodigoRecuperacion.codigo_hash)
                                    .where(CodigoRecuperacion.usuario_id == api.usuario.id)))
    assert len(hashes) == 10 and not hashes & set(codigos)
    assert api.get("/api/auth/mfa").json == {"activo": True, "obligatorio": False, "codigos_restantes": 10}
    assert auditado("mfa_activado", api.usuario) == 1
    # no second enrolment over an active factor
    assert api.post("/api/auth/mfa/inscribir").status_code == 409


# --- login ----------------------------------------------------------------------------------------------

def test_login_without_the_code_asks_for_it_and_counts_nothing(client, api_as):
    api = api_as("Médico")
    inscrito(api)
    r = login(client, api.usuario.email)
    assert r.status_code == 401 and r.json["reason"] == "MFA_REQUERIDO"
    assert "access_token" not in r.json
    assert db.session.scalar(select(func.count()).where(IntentoLogin.email == api.usuario.email)) == 0


def test_the_wrong_password_with_a_right_code_is_still_wrong_credentials(client, api_as):
    api = api_as("Médico")
    secreto, _ = inscrito(api)
    r = login(client, api.usuario.email, "equivocada-123", codigo=codigo_de(secreto, 30))
    assert r.status_code == 401 and r.json["reason"] == "CREDENCIALES_INVALIDAS"


def test_login_with_the_code_succeeds_and_the_same_code_is_not_accepted_twice(client, api_as):
    api = api_as("Médico")
    secreto, _ = inscrito(api)
    codigo = codigo_de(secreto, 30)
    r = login(client, api.usuario.email, codigo=codigo)
    assert r.status_code == 200 and r.json["access_token"]
    repetido = login(client, api.usuario.email, codigo=codigo)
    assert repetido.status_code == 401 and repetido.json["reason"] == "MFA_INVALIDO"


def test_wrong_codes_count_as_failed_logins(client, api_as):
    api = api_as("Médico")
    secreto, _ = inscrito(api)
    malo = f"{(int(codigo_de(secreto, 30)) + 1) % 1000000:06d}"
    for _ in range(10):
        assert login(client, api.usuario.email, codigo=malo).json["reason"] == "MFA_INVALIDO"
    assert login(client, api.usuario.email, codigo=codigo_de(secreto, 30)).status_code == 429


def test_a_recovery_code_logs_in_once(client, api_as):
    api = api_as("Médico")
    _, codigos = inscrito(api)
    assert login(client, api.usuario.email, codigo=codigos[3].lower().replace("-", "")).status_code == 200
    assert login(client, api.usuario.email, codigo=codigos[3]).status_code == 401
    assert api.get("/api/auth/mfa").json["codigos_restantes"] == 9
    assert auditado("mfa_codigo_recuperacion_usado", api.usuario) == 1


# --- removal --------------------------------------------------------------------------------------------

def test_removal_needs_the_password_and_a_code(client, api_as):
    api = api_as("Facturación")
    secreto, _ = inscrito(api)
    sin_password = api.post("/api/auth/mfa/desactivar", json={"password": "equivocada-123",
                                                              "codigo": codigo_de(secreto, 30)})
    assert sin_password.status_code == 422 and "password" in sin_password.json["errors"]
    sin_codigo = api.post("/api/auth/mfa/desactivar", json={"password": PASSWORD, "codigo": "000000"})
    assert sin_codigo.status_code == 422 and "codigo" in sin_codigo.json["errors"]
    assert api.post("/api/auth/mfa/desactivar", json={"password": PASSWORD,
                                                      "codigo": codigo_de(secreto, 30)}).status_code == 204
    assert api.get("/api/auth/mfa").json == {"activo": False, "obligatorio": False, "codigos_restantes": 0}
    assert login(client, api.usuario.email).status_code == 200
    assert auditado("mfa_desactivado", api.usuario) == 1
    assert auditado("mfa_desactivacion_fallida", api.usuario) == 2


# --- required for administrators ------------------------------------------------------------------------

def test_an_administrator_cannot_require_totp_without_having_it(as_admin):
    r = as_admin.patch("/api/configuracion", json={"mfa_admin": True})
    assert r.status_code == 409 and r.json["reason"] == "MFA_NO_ACTIVO"
    inscrito(as_admin)
    r = as_admin.patch("/api/configuracion", json={"mfa_admin": True})
    assert r.status_code == 200 and r.json["mfa_admin"] is True


def test_with_mfa_admin_an_administrator_without_totp_gets_only_an_enrolment_token(client, as_admin, usuario_factory):
    inscrito(as_admin)
    as_admin.patch("/api/configuracion", json={"mfa_admin": True})
    otro = usuario_factory(rol="Administrador")
    r = login(client, otro.email)
    assert r.status_code == 200 and r.json["mfa_inscripcion_requerida"] is True
    assert "refresh_token" not in r.json
    cabecera = bearer(r.json["access_token"])
    bloqueado = client.get("/api/pacientes", headers=cabecera)
    assert bloqueado.status_code == 403 and bloqueado.json["reason"] == "MFA_INSCRIPCION_REQUERIDA"
    assert client.get("/api/auth/me", headers=cabecera).status_code == 200
    assert client.get("/api/auth/mfa", headers=cabecera).json["obligatorio"] is True
    secreto = client.post("/api/auth/mfa/inscribir", headers=cabecera).json["secreto"]
    assert client.post("/api/auth/mfa/activar", headers=cabecera,
                       json={"codigo": codigo_de(secreto)}).status_code == 200
    # the next login, with a code, is a full one
    completo = login(client, otro.email, codigo=codigo_de(secreto, 30))
    assert completo.status_code == 200 and completo.json.get("mfa_inscripcion_requerida") is None
    assert client.get("/api/pacientes", headers=bearer(completo.json["access_token"])).status_code == 200


def test_with_mfa_admin_other_roles_log_in_as_before(client, as_admin, usuario_factory):
    inscrito(as_admin)
    as_admin.patch("/api/configuracion", json={"mfa_admin": True})
    r = login(client, usuario_factory(rol="Recepcionista").email)
    assert r.status_code == 200 and "mfa_inscripcion_requerida" not in r.json and r.json["refresh_token"]


def test_with_mfa_admin_an_administrator_cannot_remove_their_factor(as_admin):
    secreto, _ = inscrito(as_admin)
    as_admin.patch("/api/configuracion", json={"mfa_admin": True})
    r = as_admin.post("/api/auth/mfa/desactivar", json={"password": PASSWORD, "codigo": codigo_de(secreto, 30)})
    assert r.status_code == 409 and r.json["reason"] == "MFA_OBLIGATORIO"


def test_a_secret_moved_to_another_user_does_not_decrypt(client, api_as):
    uno, otro = api_as("Médico"), api_as("Médico")
    secreto_uno, _ = inscrito(uno)
    inscrito(otro)
    robado = db.session.scalar(select(FactorTotp.secreto_cifrado).where(FactorTotp.usuario_id == uno.usuario.id))
    db.session.execute(update(FactorTotp).where(FactorTotp.usuario_id == otro.usuario.id)
                       .values(secreto_cifrado=robado))
    with pytest.raises(InvalidTag):
        login(client, otro.usuario.email, codigo=codigo_de(secreto_uno, 30))


def test_the_cli_resets_a_lost_factor(app, client, api_as):
    api = api_as("Médico")
    inscrito(api)
    resultado = app.test_cli_runner().invoke(args=["mfa", "restablecer", api.usuario.email.upper()])
    assert resultado.exit_code == 0 and "eliminada" in resultado.output
    assert login(client, api.usuario.email).status_code == 200
    assert db.session.scalar(select(func.count()).where(CodigoRecuperacion.usuario_id == api.usuario.id)) == 0
    assert auditado("mfa_restablecido", api.usuario) == 1
    assert app.test_cli_runner().invoke(args=["mfa", "restablecer", "nadie@prueba.local"]).exit_code != 0
