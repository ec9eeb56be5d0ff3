"""Login with database-backed throttling, token issue, refresh and revocation."""
from datetime import datetime, UTC

from flask import current_app
from flask_jwt_extended import create_access_token, create_refresh_token, decode_token, get_jwt
from sqlalchemy import func, select

from app.extensions import db
from app.models import IntentoLogin, TokenRevocado, Usuario
from app.services import auditoria_service
from app.utils.auth import verify_password
from app.utils.errors import ErrorNegocio, NoAutenticado

CREDENCIALES_INVALIDAS = "Correo o contraseña incorrectos"


def _fallos_recientes(email):
    """Failures for this email inside the window, counted after its last success."""
    desde = datetime.now(UTC) - current_app.config["LOGIN_WINDOW"]
    ultimo_exito = (
        select(func.max(IntentoLogin.fecha))
        .where(IntentoLogin.email == email, IntentoLogin.exito.is_(True), IntentoLogin.fecha >= desde)
        .scalar_subquery()
    )
    return db.session.scalar(
        select(func.count()).where(
            IntentoLogin.email == email,
            IntentoLogin.exito.is_(False),
            IntentoLogin.fecha >= func.greatest(desde, func.coalesce(ultimo_exito, desde)),
        )
    )


def login(email, password):
    """Return (usuario, tokens) or raise. The caller commits the attempt even on failure."""
    email = email.strip().lower()
    if _fallos_recientes(email) >= current_app.config["LOGIN_MAX_FAILURES"]:
        auditoria_service.registrar("login_bloqueado", entidad="usuario", resultado="denegado", detalle={"email": email})
        raise ErrorNegocio(
            "DEMASIADOS_INTENTOS",
            "Demasiados intentos fallidos para este correo; espere 15 minutos e inténtelo de nuevo",
            status=429,
        )
    usuario = db.session.scalar(select(Usuario).where(Usuario.email == email))
    valido = verify_password(usuario.password_hash if usuario else None, password)
    exito = bool(usuario and valido and usuario.activo)
    db.session.add(IntentoLogin(email=email, ip=auditoria_service.client_ip(), exito=exito))
    if not exito:
        auditoria_service.registrar(
            "login_fallido", usuario_id=usuario.id if usuario else None, entidad="usuario",
            entidad_id=usuario.id if usuario else None, resultado="denegado", detalle={"email": email},
        )
        raise NoAutenticado(CREDENCIALES_INVALIDAS, "CREDENCIALES_INVALIDAS")
    auditoria_service.registrar("login", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    return usuario, emitir_tokens(usuario)


def emitir_tokens(usuario):
    refresh = create_refresh_token(identity=usuario)
    refresh_jti = decode_token(refresh)["jti"]
    access = create_access_token(identity=usuario, additional_claims={"rjti": refresh_jti})
    return {"access_token": access, "refresh_token": refresh}


def refrescar(usuario):
    """New access token from the refresh token of the current request."""
    return create_access_token(identity=usuario, additional_claims={"rjti": get_jwt()["jti"]})


def logout(usuario):
    """Revoke the presented access token and the refresh token it was issued with."""
    token = get_jwt()
    expira_access = datetime.fromtimestamp(token["exp"], UTC)
    revocar = [(token["jti"], expira_access)]
    if token.get("rjti"):
        expira_refresh = datetime.now(UTC) + current_app.config["JWT_REFRESH_TOKEN_EXPIRES"]
        revocar.append((token["rjti"], expira_refresh))
    for jti, expira in revocar:
        if db.session.get(TokenRevocado, jti) is None:
            db.session.add(TokenRevocado(jti=jti, usuario_id=usuario.id, expira=expira))
    auditoria_service.registrar("logout", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
