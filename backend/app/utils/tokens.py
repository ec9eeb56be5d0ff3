"""JWT callbacks: every token problem is a 401 in the error contract, and each request checks,
in one query, that the user is active, that the token's version is current (role, password and
activation changes bump it) and that the token was not revoked at logout."""
from sqlalchemy import exists, select

from app.extensions import db
from app.models import TokenRevocado, Usuario
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
        except (KeyError, TypeError, ValueError):
            return None
        revocado = exists().where(TokenRevocado.jti == payload.get("jti"))
        row = db.session.execute(
            select(Usuario, revocado.label("revocado")).where(Usuario.id == usuario_id)
        ).first()
        if row is None or row.revocado:
            return None
        usuario = row.Usuario
        if not usuario.activo or usuario.version_token != payload.get("ver"):
            return None
        return usuario
