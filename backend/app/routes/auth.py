"""Login, refresh, logout, password change.

The web UI keeps its refresh token only in an HttpOnly cookie (SameSite=Strict, Path=/api/auth,
Secure over TLS) and its access token in memory; API clients (``"cliente": "api"`` at login) get
the refresh token in the body and present it as a bearer token. API.md, "Sessions"."""
import uuid
from datetime import UTC, datetime
from functools import wraps

from flask import after_this_request, current_app, request
from flask.views import MethodView
from flask_jwt_extended import current_user, get_jwt, verify_jwt_in_request
from flask_smorest import Blueprint

from app.extensions import db
from app.schemas.usuario import (LoginRespuestaSchema, LoginSchema, PasswordCambioSchema, RecuperarSchema,
                                 RefreshRespuestaSchema, RestablecerSchema, UsuarioSchema, usuario_json)
from app.services import auditoria_service, auth_service, recuperacion_service
from app.services.limite_publico import limitar
from app.utils.auth import _document_auth, login_required, role_required
from app.utils.errors import ErrorNegocio, NoAutenticado
from app.utils.pagination import ya_serializada

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Autenticación")

# The header the UI sends with the cookie: a cross-site form or <img> cannot set it, and a script
# of another origin cannot send it without a CORS preflight that this API never grants.
CABECERA_CSRF = ("X-Requested-With", "clinica-erp")


def _sesion_del_token():
    """The session named by the request's verified token (claim ``sid``)."""
    return uuid.UUID(get_jwt()["sid"])


def _cookie():
    return current_app.config["JWT_REFRESH_COOKIE_NAME"]


def _cookie_segura():
    """Secure over TLS, and always in production (behind a TLS proxy the request itself may look like HTTP)."""
    return request.is_secure or current_app.config["REFRESH_COOKIE_SECURE"]


def _poner_cookie(respuesta, refresh_token):
    respuesta.set_cookie(
        _cookie(), refresh_token, max_age=int(current_app.config["SESSION_MAX_AGE"].total_seconds()),
        path=current_app.config["JWT_REFRESH_COOKIE_PATH"], httponly=True, secure=_cookie_segura(),
        samesite="Strict",
    )


def _borrar_cookie(respuesta):
    respuesta.delete_cookie(_cookie(), path=current_app.config["JWT_REFRESH_COOKIE_PATH"], httponly=True,
                            secure=_cookie_segura(), samesite="Strict")


def _por_cookie():
    """Whether this request authenticates with the refresh cookie (no Authorization header)."""
    return "Authorization" not in request.headers and _cookie() in request.cookies


def _entregar(cuerpo, refresh_token, en_cookie):
    """The answer's body, with the refresh token where the client keeps it: the cookie, or the body."""
    if refresh_token is None:
        return cuerpo
    if not en_cookie:
        return {**cuerpo, "refresh_token": refresh_token}

    @after_this_request
    def cookie(respuesta):
        _poner_cookie(respuesta, refresh_token)
        return respuesta

    return cuerpo


def refresh_required(fn):
    """A valid refresh token, from ``Authorization: Bearer`` or from the cookie together with the
    X-Requested-With header (CSRF)."""

    @wraps(fn)
    def wrapper(*args, **kwargs):
        if _por_cookie():
            nombre, valor = CABECERA_CSRF
            if request.headers.get(nombre) != valor:
                raise NoAutenticado(f"La cookie de sesión solo se acepta con la cabecera {nombre}: {valor}",
                                    "CABECERA_REQUERIDA")
            verify_jwt_in_request(refresh=True, locations=["cookies"])
        else:
            verify_jwt_in_request(refresh=True, locations=["headers"])
        return fn(*args, **kwargs)

    _document_auth(wrapper, ())
    return wrapper


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, LoginRespuestaSchema)
    @blp.alt_response(401, schema=None, description="Credenciales incorrectas")
    @blp.alt_response(429, schema=None, description="Demasiados intentos fallidos (cabecera Retry-After)")
    @blp.alt_response(503, schema=None, description="Demasiados inicios de sesión a la vez (cabecera Retry-After)")
    def post(self, datos):
        """Iniciar sesión. El navegador recibe el token de refresco en una cookie HttpOnly; con
        `"cliente": "api"` viene en el cuerpo."""
        cliente = datos.pop("cliente", "web")
        try:
            usuario, tokens = auth_service.login(**datos)
        except ErrorNegocio:
            db.session.commit()  # the failed attempt and its audit row are kept
            raise
        db.session.commit()
        if "refresh_token" not in tokens:  # a token limited to enrolling TOTP (mfa_service): no session to renew
            return {**tokens, "usuario": usuario}
        return _entregar({"access_token": tokens["access_token"], "usuario": usuario}, tokens.get("refresh_token"),
                         en_cookie=cliente == "web")


@blp.route("/refresh")
class Refresh(MethodView):
    @refresh_required
    @blp.response(200, RefreshRespuestaSchema)
    def post(self):
        """Renovar la sesión: un token de acceso nuevo y un token de refresco nuevo (el presentado
        queda gastado; volver a presentarlo cierra la sesión entera)."""
        en_cookie = _por_cookie()
        try:
            tokens = auth_service.refrescar(current_user, _sesion_del_token(), get_jwt()["jti"])
        except ErrorNegocio:
            db.session.commit()  # the session revoked by reuse detection stays revoked
            raise
        db.session.commit()
        return _entregar({"access_token": tokens["access_token"]}, tokens["refresh_token"], en_cookie)


@blp.route("/logout")
class Logout(MethodView):
    @role_required(durante_inscripcion_mfa=True)
    @blp.response(204)
    def post(self):
        """Cerrar sesión: invalida todos los tokens de la sesión (acceso y refresco)."""
        auth_service.logout(current_user, _sesion_del_token())
        db.session.commit()
        respuesta = current_app.response_class(status=204)
        _borrar_cookie(respuesta)
        return respuesta


@blp.route("/me")
class Me(MethodView):
    @role_required(durante_inscripcion_mfa=True)
    @blp.response(200, UsuarioSchema)
    def get(self):
        """El usuario de la sesión."""
        return ya_serializada(usuario_json(current_user._get_current_object()))


@blp.route("/password")
class Password(MethodView):
    @login_required
    @blp.arguments(PasswordCambioSchema)
    @blp.response(204)
    def post(self, datos):
        """Cambiar la contraseña propia con la actual. Las demás sesiones terminan; la del
        navegador sigue (recibe una cookie de refresco nueva y renueva su token de acceso), la de un
        cliente API termina también."""
        conservar = _cookie() in request.cookies
        try:
            tokens = auth_service.cambiar_password(current_user, datos["actual"], datos["nueva"],
                                                   sesion_id=_sesion_del_token(), conservar_sesion=conservar)
        except ErrorNegocio:
            db.session.commit()  # the audit row of the refused attempt is kept
            raise
        db.session.commit()
        respuesta = current_app.response_class(status=204)
        if tokens:
            _poner_cookie(respuesta, tokens["refresh_token"])
        return respuesta


@blp.route("/recuperar")
class Recuperar(MethodView):
    @limitar("recuperar_password", "RECUPERACION_LIMITE_POR_MINUTO")
    @blp.arguments(RecuperarSchema)
    @blp.response(202)
    def post(self, datos):
        """Pedir un enlace para restablecer la contraseña. Responde 202 siempre, exista o no una cuenta con ese
        correo; si existe y está activa, le llega un enlace de un solo uso válido 30 minutos (como mucho 5
        solicitudes por correo y hora)."""
        recuperacion_service.solicitar(datos["email"], ahora=datetime.now(UTC), ip=auditoria_service.client_ip())
        db.session.commit()
        return current_app.response_class(status=202)


@blp.route("/restablecer")
class Restablecer(MethodView):
    @limitar("restablecer_password", "RECUPERACION_LIMITE_POR_MINUTO")
    @blp.arguments(RestablecerSchema)
    @blp.response(204)
    @blp.alt_response(409, schema=None, description="TOKEN_INVALIDO: enlace desconocido, usado o vencido")
    def post(self, datos):
        """Fijar una contraseña nueva con el token del enlace recibido por correo. Todas las sesiones del usuario
        terminan."""
        recuperacion_service.restablecer(datos["token"], datos["password"], ahora=datetime.now(UTC))
        db.session.commit()
        return current_app.response_class(status=204)
