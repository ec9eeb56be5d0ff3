"""Optional TOTP second factor (RFC 6238) with one-time recovery codes.

- Enrolment: ``inscribir`` draws a secret (kept inactive until confirmed), ``activar`` checks a first code,
  activates the factor and returns ten recovery codes, shown once and stored as HMAC-SHA256 under a key
  derived from DATA_ENCRYPTION_KEY. ``desactivar`` needs the password and a code.
- Login: a user with an active factor must send ``codigo`` (a TOTP code or a recovery code); without it the
  login answers 401 MFA_REQUERIDO. A code is accepted within ±1 step (30 s) and never twice (the last step
  used is stored and the factor row is locked while it is checked); a recovery code is spent atomically.
- The clinic setting ``mfa_admin`` requires the factor of every Administrador: one without it gets, after a
  right password, only an enrolment token (``mfa: "inscripcion"`` claim, MFA_ENROLMENT_TOKEN_EXPIRES, no
  refresh token) that ``role_required`` accepts only on the routes declared for it (/api/auth/me,
  /api/auth/logout, /api/auth/mfa/*); every other route answers 403 MFA_INSCRIPCION_REQUERIDA.

The secret is encrypted by the application with AES-256-GCM (key: HKDF-SHA256 of DATA_ENCRYPTION_KEY, its own
``info`` label; the user's id is the associated data, so a ciphertext cannot be moved to another user).
"""
import hashlib
import hmac
import os
import secrets
import time
from datetime import UTC, datetime

import pyotp
import segno
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from flask import current_app
from flask_jwt_extended import create_access_token, decode_token
from sqlalchemy import delete, func, select, update

from app.extensions import db
from app.models import CodigoRecuperacion, FactorTotp
from app.services import auditoria_service, configuracion_service, limite_login
from app.utils.auth import ADMIN, verify_password
from app.utils.errors import Conflicto, Invalido, NoAutenticado

CLAIM = "mfa"
INSCRIPCION = "inscripcion"
NUM_CODIGOS = 10
# Recovery codes: 10 characters of an alphabet without 0/O, 1/I/L (50 bits), shown as XXXXX-XXXXX.
_ALFABETO = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
_PASO = 30

MFA_REQUERIDO = "Introduzca el código de verificación de su aplicación de autenticación"
CODIGO_INCORRECTO = "El código de verificación no es válido"


# --- keys -----------------------------------------------------------------------------------------------

def _subclave(etiqueta: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=b"clinica-erp/" + etiqueta).derive(
        current_app.config["DATA_ENCRYPTION_KEY"].encode()
    )


def _cifrar(usuario_id, secreto: str) -> bytes:
    nonce = os.urandom(12)
    return nonce + AESGCM(_subclave(b"totp/v1")).encrypt(nonce, secreto.encode(), f"totp:{usuario_id}".encode())


def _descifrar(usuario_id, datos: bytes) -> str:
    datos = bytes(datos)
    return AESGCM(_subclave(b"totp/v1")).decrypt(datos[:12], datos[12:], f"totp:{usuario_id}".encode()).decode()


def _normalizar_codigo(codigo: str) -> str:
    return "".join(c for c in (codigo or "").upper() if c.isalnum())


def _hash_recuperacion(codigo: str) -> str:
    return hmac.new(_subclave(b"recuperacion/v1"), _normalizar_codigo(codigo).encode(), hashlib.sha256).hexdigest()


# --- state ----------------------------------------------------------------------------------------------

def _factor(usuario, bloquear=False):
    consulta = select(FactorTotp).where(FactorTotp.usuario_id == usuario.id)
    if bloquear:
        consulta = consulta.with_for_update()
    return db.session.scalar(consulta)


def tiene_factor(usuario) -> bool:
    return bool(db.session.scalar(
        select(FactorTotp.activo).where(FactorTotp.usuario_id == usuario.id, FactorTotp.activo.is_(True))
    ))


def obligatorio(usuario) -> bool:
    """Whether the clinic requires this user's second factor (mfa_admin and Administrador)."""
    return usuario.rol.nombre == ADMIN and bool(configuracion_service.obtener().mfa_admin)


def estado(usuario):
    restantes = db.session.scalar(
        select(func.count()).where(CodigoRecuperacion.usuario_id == usuario.id, CodigoRecuperacion.fecha_uso.is_(None))
    )
    return {"activo": tiene_factor(usuario), "obligatorio": obligatorio(usuario), "codigos_restantes": restantes}


# --- codes ----------------------------------------------------------------------------------------------

def _paso_valido(secreto, codigo, ultimo_paso):
    """The time step (±1) whose code is ``codigo`` and that is later than ``ultimo_paso``, else None."""
    if not (len(codigo) == 6 and codigo.isdigit()):
        return None
    totp = pyotp.TOTP(secreto, interval=_PASO)
    actual = int(time.time()) // _PASO
    for paso in (actual - 1, actual, actual + 1):
        if hmac.compare_digest(totp.at(paso * _PASO), codigo) and (ultimo_paso is None or paso > ultimo_paso):
            return paso
    return None


def _verificar_codigo(usuario, factor, codigo) -> bool:
    """A TOTP code (the step is then spent) or an unused recovery code (spent). Caller holds the factor's lock."""
    codigo = (codigo or "").strip()
    paso = _paso_valido(_descifrar(usuario.id, factor.secreto_cifrado), codigo, factor.ultimo_paso)
    if paso is not None:
        factor.ultimo_paso = paso
        db.session.flush()
        return True
    usado = db.session.execute(
        update(CodigoRecuperacion)
        .where(CodigoRecuperacion.usuario_id == usuario.id, CodigoRecuperacion.codigo_hash == _hash_recuperacion(codigo),
               CodigoRecuperacion.fecha_uso.is_(None))
        .values(fecha_uso=func.now())
        .returning(CodigoRecuperacion.id)
    ).scalar()
    if usado is not None:
        auditoria_service.registrar("mfa_codigo_recuperacion_usado", usuario=usuario, entidad="usuario",
                                    entidad_id=usuario.id)
        return True
    return False


def verificar_en_login(usuario, codigo):
    """After a right password: True when the user has no factor or ``codigo`` is right; raise MFA_REQUERIDO
    when the code is missing; False when it is wrong (the caller counts a failure)."""
    factor = _factor(usuario, bloquear=True)
    if factor is None or not factor.activo:
        return True
    if not codigo:
        raise NoAutenticado(MFA_REQUERIDO, "MFA_REQUERIDO")
    return _verificar_codigo(usuario, factor, codigo)


_CLAIMS_DE_JWT = {"exp", "iat", "nbf", "jti", "sub", "type", "fresh", "csrf"}


def limitar_a_inscripcion(usuario, tokens):
    """Turn a login's tokens into one access token valid only for enrolment (see the module's docstring).

    The refresh token is dropped (a refresh would mint an unrestricted token); the access token keeps the
    session claims of the one it replaces (so logout and idle timeouts work on it) plus ``mfa``."""
    propios = {k: v for k, v in decode_token(tokens["access_token"]).items() if k not in _CLAIMS_DE_JWT}
    propios[CLAIM] = INSCRIPCION
    access = create_access_token(identity=usuario, additional_claims=propios,
                                 expires_delta=current_app.config["MFA_ENROLMENT_TOKEN_EXPIRES"])
    return {"access_token": access, "mfa_inscripcion_requerida": True}


# --- enrolment ------------------------------------------------------------------------------------------

def inscribir(usuario):
    """Draw a new secret for the user (replacing an unconfirmed one): {secreto, uri, qr_svg}."""
    factor = _factor(usuario, bloquear=True)
    if factor is not None and factor.activo:
        raise Conflicto("MFA_YA_ACTIVO", "La verificación en dos pasos ya está activa; desactívela antes de "
                                         "inscribir otro dispositivo")
    secreto = pyotp.random_base32(32)
    if factor is None:
        factor = FactorTotp(usuario_id=usuario.id, secreto_cifrado=_cifrar(usuario.id, secreto), activo=False)
        db.session.add(factor)
    else:
        factor.secreto_cifrado = _cifrar(usuario.id, secreto)
        factor.ultimo_paso = None
    db.session.flush()
    uri = pyotp.TOTP(secreto, interval=_PASO).provisioning_uri(name=usuario.email,
                                                              issuer_name=current_app.config["MFA_ISSUER"])
    qr_svg = segno.make(uri, error="m").svg_inline(scale=4, dark="#000", light="#fff")
    auditoria_service.registrar("mfa_inscripcion_iniciada", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    return {"secreto": secreto, "uri": uri, "qr_svg": qr_svg}


def _nuevos_codigos(usuario):
    db.session.execute(delete(CodigoRecuperacion).where(CodigoRecuperacion.usuario_id == usuario.id))
    codigos = []
    for _ in range(NUM_CODIGOS):
        crudo = "".join(secrets.choice(_ALFABETO) for _ in range(10))
        codigos.append(f"{crudo[:5]}-{crudo[5:]}")
    db.session.add_all(CodigoRecuperacion(usuario_id=usuario.id, codigo_hash=_hash_recuperacion(c)) for c in codigos)
    db.session.flush()
    return codigos


def activar(usuario, codigo):
    """Confirm the enrolment with a first code: the factor becomes active; the recovery codes are returned once."""
    factor = _factor(usuario, bloquear=True)
    if factor is None:
        raise Conflicto("MFA_SIN_INSCRIPCION", "Primero inicie la inscripción para obtener el código QR")
    if factor.activo:
        raise Conflicto("MFA_YA_ACTIVO", "La verificación en dos pasos ya está activa")
    paso = _paso_valido(_descifrar(usuario.id, factor.secreto_cifrado), (codigo or "").strip(), None)
    if paso is None:
        raise Invalido({"codigo": [CODIGO_INCORRECTO]})
    factor.activo = True
    factor.ultimo_paso = paso
    factor.fecha_activacion = datetime.now(UTC)
    codigos = _nuevos_codigos(usuario)
    auditoria_service.registrar("mfa_activado", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    return {"codigos_recuperacion": codigos}


def desactivar(usuario, password, codigo):
    """Remove the factor: needs the password and a code; refused while the clinic requires it of this user.

    The password check is a login attempt for throttling (a stolen session must not become a password oracle),
    so it is counted (and committed) before the hash, like a login."""
    if not tiene_factor(usuario):
        raise Conflicto("MFA_NO_ACTIVO", "La verificación en dos pasos no está activa")
    if obligatorio(usuario):
        raise Conflicto("MFA_OBLIGATORIO", "La clínica exige la verificación en dos pasos a los administradores")
    intento = limite_login.reservar(usuario.email)
    with limite_login.turno_de_hash(intento):
        valida = verify_password(usuario.password_hash, password)
    factor = _factor(usuario, bloquear=True)
    if factor is None or not factor.activo:  # removed by a parallel request
        limite_login.descartar(intento)
        raise Conflicto("MFA_NO_ACTIVO", "La verificación en dos pasos no está activa")
    errores = {}
    if not valida:
        errores["password"] = ["La contraseña no es correcta"]
    elif not _verificar_codigo(usuario, factor, codigo):
        errores["codigo"] = [CODIGO_INCORRECTO]
    limite_login.anotar(intento, not errores)
    if errores:
        auditoria_service.registrar("mfa_desactivacion_fallida", usuario=usuario, entidad="usuario",
                                    entidad_id=usuario.id, resultado="denegado", detalle={"campos": sorted(errores)})
        raise Invalido(errores)
    db.session.execute(delete(CodigoRecuperacion).where(CodigoRecuperacion.usuario_id == usuario.id))
    db.session.delete(factor)
    db.session.flush()
    auditoria_service.registrar("mfa_desactivado", usuario=usuario, entidad="usuario", entidad_id=usuario.id)


def desactivar_por_administracion(usuario, *, actor=None):
    """Remove a user's factor without a code (``flask mfa restablecer EMAIL``: a lost phone and lost codes)."""
    db.session.execute(delete(CodigoRecuperacion).where(CodigoRecuperacion.usuario_id == usuario.id))
    eliminado = db.session.execute(delete(FactorTotp).where(FactorTotp.usuario_id == usuario.id)).rowcount
    auditoria_service.registrar("mfa_restablecido", usuario=actor, entidad="usuario", entidad_id=usuario.id,
                                detalle={"habia_factor": bool(eliminado)})
    return bool(eliminado)


def register_cli(app):
    import click

    from app.models import Usuario

    @app.cli.group("mfa")
    def mfa():
        """Verificación en dos pasos."""

    @mfa.command("restablecer")
    @click.argument("email")
    def restablecer(email):
        """Remove the TOTP factor and recovery codes of EMAIL (who lost both); audited."""
        usuario = db.session.scalar(select(Usuario).where(Usuario.email == email.strip().lower()))
        if usuario is None:
            raise click.ClickException(f"No existe el usuario {email}")
        habia = desactivar_por_administracion(usuario)
        db.session.commit()
        click.echo(f"Verificación en dos pasos de {usuario.email} eliminada; la activará de nuevo al iniciar sesión."
                   if habia else f"{usuario.email} no tenía verificación en dos pasos.")
