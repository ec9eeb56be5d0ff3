"""Login with database-backed throttling; sessions: token issue, rotation, revocation, password change."""
import uuid

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token
from sqlalchemy import delete, func, select, update

from app.extensions import db
from app.models import Sesion, Usuario
from app.services import auditoria_service, limite_login, mfa_service
from app.utils.auth import hash_password, verify_password
from app.utils.errors import Invalido, NoAutenticado

CREDENCIALES_INVALIDAS = "Correo o contraseña incorrectos"


def login(email, password, codigo=None):
    """Return (usuario, tokens) or raise. The caller commits the attempt even on failure.

    The attempt is counted (and committed) before the password is hashed (limite_login); a user with a TOTP
    factor must send ``codigo`` (mfa_service)."""
    email = email.strip().lower()
    intento = limite_login.reservar(email)
    # The user is read inside the turn: reservar committed, so no transaction (behind PgBouncer, no server
    # connection) is held while the login waits for the process's hashing semaphore.
    with limite_login.turno_de_hash(intento):
        usuario = db.session.scalar(select(Usuario).where(Usuario.email == email))
        valido = verify_password(usuario.password_hash if usuario else None, password)
    exito = bool(usuario and valido and usuario.activo)
    if exito:
        try:
            exito = mfa_service.verificar_en_login(usuario, codigo)
        except NoAutenticado:  # MFA_REQUERIDO: the right password alone is neither a failure nor a success
            limite_login.descartar(intento)
            raise
    limite_login.anotar(intento, exito)
    if not exito:
        auditoria_service.registrar(
            "login_fallido", usuario_id=usuario.id if usuario else None, entidad="usuario",
            entidad_id=usuario.id if usuario else None, resultado="denegado",
            detalle={"email": email, **({"motivo": "codigo_mfa"} if valido and usuario.activo else {})},
        )
        if usuario and valido and usuario.activo:
            raise NoAutenticado(mfa_service.CODIGO_INCORRECTO, "MFA_INVALIDO")
        raise NoAutenticado(CREDENCIALES_INVALIDAS, "CREDENCIALES_INVALIDAS")
    auditoria_service.registrar("login", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    if mfa_service.obligatorio(usuario) and not mfa_service.tiene_factor(usuario):
        return usuario, mfa_service.limitar_a_inscripcion(usuario, emitir_tokens(usuario))
    return usuario, emitir_tokens(usuario)


def emitir_tokens(usuario):
    """Open a session for ``usuario`` and return its first tokens and its id (``sesion_id``).

    Every token must carry its session's id (claim ``sid``; utils/tokens.py refuses any other): a
    token minted elsewhere for this session adds ``additional_claims={"sid": tokens["sesion_id"]}``.
    Sessions of this user past the absolute limit are deleted on the way (no token can use them)."""
    db.session.execute(
        delete(Sesion)
        .where(Sesion.usuario_id == usuario.id, Sesion.creada < func.now() - current_app.config["SESSION_MAX_AGE"])
        .execution_options(synchronize_session=False)
    )
    sesion = Sesion(id=uuid.uuid4(), usuario_id=usuario.id, refresh_jti=str(uuid.uuid4()))
    db.session.add(sesion)
    db.session.flush()
    return {**_tokens(usuario, sesion.id, sesion.refresh_jti), "sesion_id": str(sesion.id)}


def _tokens(usuario, sesion_id, refresh_jti):
    sid = {"sid": str(sesion_id)}
    return {
        "access_token": create_access_token(identity=usuario, additional_claims=sid),
        "refresh_token": create_refresh_token(identity=usuario, additional_claims={**sid, "jti": refresh_jti}),
    }


def _rotar(sesion_id, refresh_jti_actual=None):
    """Replace the session's usable refresh token; None when ``refresh_jti_actual`` is given and is
    not it (any more). Atomic: of two requests presenting the same refresh token, exactly one rotates."""
    nuevo = str(uuid.uuid4())
    stmt = update(Sesion).where(Sesion.id == sesion_id, Sesion.revocada_en.is_(None))
    if refresh_jti_actual is not None:
        stmt = stmt.where(Sesion.refresh_jti == refresh_jti_actual)
    fila = db.session.execute(
        stmt.values(refresh_jti=nuevo, ultima_actividad=func.now())
        .returning(Sesion.id)
        .execution_options(synchronize_session=False)
    ).first()
    return nuevo if fila else None


def refrescar(usuario, sesion_id, refresh_jti):
    """New access and refresh tokens for session ``sesion_id``; the presented refresh token (``refresh_jti``) is
    spent.

    A refresh token that was already spent means it was copied (or the answer that replaced it was
    lost): the whole session is revoked and the caller gets a 401. The caller commits either way."""
    nuevo = _rotar(sesion_id, refresh_jti)
    if nuevo is None:
        revocar_sesiones(usuario, "reutilizacion", solo=sesion_id)
        auditoria_service.registrar("refresh_reutilizado", usuario=usuario, entidad="usuario", entidad_id=usuario.id,
                                    resultado="denegado", detalle={"sesion": str(sesion_id)})
        raise NoAutenticado("La sesión fue invalidada porque su token de refresco ya se había usado; "
                            "inicie sesión de nuevo", "TOKEN_REUTILIZADO")
    return _tokens(usuario, sesion_id, nuevo)


def revocar_sesiones(usuario, motivo, *, solo=None, excepto=None):
    """End sessions of ``usuario``: just ``solo``, or all but ``excepto``, or all of them."""
    stmt = update(Sesion).where(Sesion.usuario_id == usuario.id, Sesion.revocada_en.is_(None))
    if solo is not None:
        stmt = stmt.where(Sesion.id == solo)
    if excepto is not None:
        stmt = stmt.where(Sesion.id != excepto)
    db.session.execute(stmt.values(revocada_en=func.now(), motivo_revocacion=motivo)
                       .execution_options(synchronize_session=False))


def poner_password(usuario, nueva, motivo, *, excepto=None):
    """Set ``usuario``'s password, as a change or a reset does: hashed within the deployment's cap on concurrent
    argon2 hashes (limite_login, like a login), every token of the user dead (version bumped) and every session
    but ``excepto`` revoked with ``motivo``."""
    with limite_login.turno_de_hash():
        usuario.password_hash = hash_password(nueva)
    usuario.invalidar_tokens()
    revocar_sesiones(usuario, motivo, excepto=excepto)


def logout(usuario, sesion_id):
    """End session ``sesion_id`` (the presented token's): its refresh token and every access token issued
    from it stop working."""
    revocar_sesiones(usuario, "logout", solo=sesion_id)
    auditoria_service.registrar("logout", usuario=usuario, entidad="usuario", entidad_id=usuario.id)


def cambiar_password(usuario, actual, nueva, *, sesion_id, conservar_sesion):
    """Change one's own password, knowing the current one. Every other session ends (the token
    version is bumped, so even a login racing with this change is left with dead tokens). With
    ``conservar_sesion`` the current session goes on with the fresh tokens returned (the web UI gets
    its new refresh cookie); otherwise it ends too and None is returned."""
    # The check of ``actual`` is a login attempt for throttling: a stolen session must not become a password
    # oracle, nor a way around the cap on hashing (counted and committed before the hash, like a login).
    intento = limite_login.reservar(usuario.email)
    with limite_login.turno_de_hash(intento):
        valida = verify_password(usuario.password_hash, actual)
    limite_login.anotar(intento, valida)
    if not valida:
        auditoria_service.registrar("password_cambio_fallido", usuario=usuario, entidad="usuario",
                                    entidad_id=usuario.id, resultado="denegado")
        raise Invalido({"actual": ["La contraseña actual no es correcta."]})
    if nueva == actual:
        raise Invalido({"nueva": ["La nueva contraseña debe ser distinta de la actual."]})
    poner_password(usuario, nueva, "password", excepto=sesion_id if conservar_sesion else None)
    auditoria_service.registrar("password_cambiada", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    db.session.flush()
    if not conservar_sesion:
        return None
    nuevo = _rotar(sesion_id)
    return _tokens(usuario, sesion_id, nuevo) if nuevo else None
