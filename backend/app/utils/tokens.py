"""JWT callbacks: every token problem is a 401 in the error contract, and each request checks,
in one query, that the user is active, that the token's version is current (role, password and
activation changes bump it) and that the token's session (claim ``sid``) is alive: not revoked,
used within the idle timeout, younger than the absolute limit. The session's last activity is
written only when it is older than SESSION_TOUCH_INTERVAL (one short write per minute and session,
none on the other requests)."""
import uuid

from flask import current_app
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import Sesion, Usuario
from app.utils.errors import error_response

MENSAJES = {
    "missing": "Falta el token de acceso (cabecera Authorization: Bearer ...)",
    "invalid": "El token no es válido",
    "expired": "La sesión ha expirado; inicie sesión de nuevo",
    "revoked": "La sesión fue cerrada o invalidada; inicie sesión de nuevo",
    "fresh": "Se requiere un inicio de sesión reciente",
}


def register_token_callbacks(jwt):
    @jwt.unauthorized_loader
    def _missing(reason):
        return error_response(401, MENSAJES["missing"], "TOKEN_AUSENTE")

    @jwt.invalid_token_loader
    def _invalid(reason):
        return error_response(401, MENSAJES["invalid"], "TOKEN_INVALIDO")

    @jwt.expired_token_loader
    def _expired(header, payload):
        return error_response(401, MENSAJES["expired"], "TOKEN_EXPIRADO")

    @jwt.revoked_token_loader
    def _revoked(header, payload):
        return error_response(401, MENSAJES["revoked"], "TOKEN_REVOCADO")

    @jwt.user_lookup_error_loader
    def _lookup_error(header, payload):
        return error_response(401, MENSAJES["revoked"], "TOKEN_REVOCADO")

    @jwt.needs_fresh_token_loader
    def _fresh(header, payload):
        return error_response(401, MENSAJES["fresh"], "TOKEN_NO_RECIENTE")

    @jwt.user_identity_loader
    def _identity(usuario):
        return str(usuario.id)

    @jwt.additional_claims_loader
    def _claims(usuario):
        return {"ver": usuario.version_token, "rol": usuario.rol.nombre}

    @jwt.user_lookup_loader
    def _lookup(header, payload):
        try:
            usuario_id = int(payload["sub"])
            sesion_id = uuid.UUID(payload["sid"])
        except (KeyError, TypeError, ValueError, AttributeError):
            return None  # a token without a session is not one this server issued
        cfg = current_app.config
        ahora = func.now()
        row = db.session.execute(
            select(Usuario, (Sesion.ultima_actividad < ahora - cfg["SESSION_TOUCH_INTERVAL"]).label("tocar"))
            .join(Sesion, Sesion.usuario_id == Usuario.id)
            .where(
                Usuario.id == usuario_id,
                Sesion.id == sesion_id,
                Sesion.revocada_en.is_(None),
                Sesion.ultima_actividad >= ahora - cfg["SESSION_IDLE_TIMEOUT"],
                Sesion.creada >= ahora - cfg["SESSION_MAX_AGE"],
            )
        ).first()
        if row is None:
            return None
        usuario = row.Usuario
        if not usuario.activo or usuario.version_token != payload.get("ver"):
            return None
        if row.tocar:
            _tocar(sesion_id, cfg["SESSION_TOUCH_INTERVAL"])
        return usuario


def _tocar(sesion_id, intervalo):
    """Record the session's activity and commit it at once (a read-only request never commits;
    nothing else is pending this early in the request). The user just loaded stays loaded."""
    db.session.execute(
        update(Sesion)
        .where(Sesion.id == sesion_id, Sesion.ultima_actividad < func.now() - intervalo)
        .values(ultima_actividad=func.now())
        .execution_options(synchronize_session=False)
    )
    sesion = db.session()
    previo, sesion.expire_on_commit = sesion.expire_on_commit, False
    try:
        sesion.commit()
    finally:
        sesion.expire_on_commit = previo
