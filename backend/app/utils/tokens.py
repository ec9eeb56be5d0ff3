"""JWT callbacks: every token problem is a 401 in the error contract, and each request checks,
in one query, that the user is active, that the token's version is current (role, password and
activation changes bump it) and that the token's session (claim ``sid``) is alive: not revoked,
used within the idle timeout, younger than the absolute limit. The session's last activity is
written only when it is older than SESSION_TOUCH_INTERVAL (one short write per minute and session,
none on the other requests)."""
import functools
import uuid
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Interval, bindparam, func, select, update

from app.extensions import db
from app.models import Rol, Sesion, Usuario
from app.utils.errors import NoAutenticado, error_response
from app.utils.sql import por_id

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
        fila = db.session.connection().execute(_consulta_usuario(), {
            "usuario_id": usuario_id, "sesion_id": sesion_id, "version": payload.get("ver"),
            "inactividad": cfg["SESSION_IDLE_TIMEOUT"], "vida": cfg["SESSION_MAX_AGE"],
            "tocar_cada": cfg["SESSION_TOUCH_INTERVAL"]}).mappings().first()
        if fila is None:
            return None
        if fila["tocar"]:
            _tocar(sesion_id, cfg["SESSION_TOUCH_INTERVAL"])
        return UsuarioDeSesion(fila)


@functools.cache
def _consulta_usuario():
    """One statement: the token's user, only while the user is active, the token's version is
    current (role, password and activation changes bump it) and its session is alive; and whether the session's
    activity is due to be recorded. Core columns, built once: building the statement per request, and an ORM
    instance from its row, cost more Python than the rest of an authenticated request (docs/performance.md,
    issue 23)."""
    usuarios, sesiones = Usuario.__table__, Sesion.__table__
    ahora = func.now()
    return (
        select(*usuarios.c, (sesiones.c.ultima_actividad < ahora - bindparam("tocar_cada", type_=Interval)).label("tocar"))
        .select_from(usuarios.join(sesiones, sesiones.c.usuario_id == usuarios.c.id))
        .where(
            usuarios.c.id == bindparam("usuario_id"),
            usuarios.c.activo.is_(True),
            usuarios.c.version_token == bindparam("version"),
            sesiones.c.id == bindparam("sesion_id"),
            sesiones.c.revocada_en.is_(None),
            sesiones.c.ultima_actividad >= ahora - bindparam("inactividad", type_=Interval),
            sesiones.c.creada >= ahora - bindparam("vida", type_=Interval),
        )
    )


class RolDeSesion(NamedTuple):
    id: int | None
    nombre: str | None


class UsuarioDeSesion:
    """The request's user (``current_user``) as the token's check read it: the user's columns and ``rol.nombre``,
    plain attributes of this object. What a row cannot answer — a relationship, a method, any change — is done on the
    ORM ``Usuario``, loaded on first need (``db.session.get``: by primary key, in the request's transaction); from
    then on every attribute is that instance's. Most requests only read the id, the role and the branch."""

    def __init__(self, fila):
        datos = self.__dict__
        datos.update({c: fila[c] for c in _COLUMNAS})
        datos["rol"] = _rol(fila["rol_id"]) if fila["rol_id"] is not None else None

    def instancia(self):
        """The ORM ``Usuario`` of this request's user."""
        datos = self.__dict__
        orm = datos.get("_orm")
        if orm is None:
            orm = por_id(Usuario, datos["id"])
            if orm is None:  # deleted since the token's check, within this request
                raise NoAutenticado(MENSAJES["revoked"], "TOKEN_REVOCADO")
            datos.clear()
            datos["_orm"] = orm
        return orm

    def __getattr__(self, nombre):  # only for what is not a plain attribute (above)
        if nombre.startswith("__"):
            raise AttributeError(nombre)
        return getattr(self.instancia(), nombre)

    def __setattr__(self, nombre, valor):
        setattr(self.instancia(), nombre, valor)

    def __repr__(self):
        return f"<UsuarioDeSesion {self.id}>"


_COLUMNAS = tuple(c.key for c in Usuario.__table__.c)


def _rol(rol_id):
    """The role of that id, from this app's copy of the roles table (reference data: the four roles of the migrations,
    never renamed; their names are the authorisation's). Joining the table in the token's statement made PostgreSQL
    plan a third relation on every request; an id it does not know reads the table again."""
    roles = current_app.extensions.get("roles_por_id")
    if roles is None or rol_id not in roles:
        roles = {fila.id: RolDeSesion(fila.id, fila.nombre) for fila in db.session.execute(select(Rol.id, Rol.nombre))}
        current_app.extensions["roles_por_id"] = roles
    return roles.get(rol_id)


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
