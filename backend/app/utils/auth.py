"""Authentication and authorisation: password hashing, token checks, role decorators."""
from functools import wraps

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import current_app
from flask_jwt_extended import current_user, get_jwt, verify_jwt_in_request

from app.utils.errors import Prohibido

ROLES = ("Administrador", "Médico", "Recepcionista", "Facturación")
ADMIN = "Administrador"
MEDICO = "Médico"
RECEPCIONISTA = "Recepcionista"
FACTURACION = "Facturación"


def _hasher():
    cfg = current_app.config
    return PasswordHasher(
        time_cost=cfg["ARGON2_TIME_COST"], memory_cost=cfg["ARGON2_MEMORY_COST"], parallelism=cfg["ARGON2_PARALLELISM"]
    )


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    """Constant work whether or not the user exists (a dummy hash is verified for unknown emails)."""
    hasher = _hasher()
    try:
        return hasher.verify(password_hash or _dummy_hash(), password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


_DUMMY = {}


def _dummy_hash():
    key = (current_app.config["ARGON2_TIME_COST"], current_app.config["ARGON2_MEMORY_COST"])
    if key not in _DUMMY:
        _DUMMY[key] = _hasher().hash("contraseña-inexistente")
    return _DUMMY[key]


def _document_auth(wrapper, roles):
    """Declare the bearer security and the 401/403 answers in the OpenAPI spec."""
    apidoc = wrapper.__dict__.setdefault("_apidoc", {})
    manual = apidoc.setdefault("manual_doc", {})
    manual["security"] = [{"bearerAuth": []}]
    responses = manual.setdefault("responses", {})
    error = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    responses.setdefault(401, {"description": "No autenticado", "content": error})
    if roles:
        responses.setdefault(403, {"description": "Rol sin permiso", "content": error})
    wrapper._roles = roles or ROLES


def role_required(*roles, refresh=False, durante_inscripcion_mfa=False):
    """Require a valid token of a user with one of ``roles`` (any role when none given).

    A token limited to enrolling a second factor (mfa_service) is accepted only where
    ``durante_inscripcion_mfa`` says so; elsewhere it gets 403 MFA_INSCRIPCION_REQUERIDA."""
    unknown = set(roles) - set(ROLES)
    if unknown:
        raise ValueError(f"roles desconocidos: {unknown}")

    def decorator(fn):
        @wraps(fn)
        def wrapper(*args, **kwargs):
            verify_jwt_in_request(refresh=refresh)
            if not durante_inscripcion_mfa and get_jwt().get("mfa") == "inscripcion":
                raise Prohibido("Active la verificación en dos pasos para continuar: la clínica la exige a los "
                                "administradores", "MFA_INSCRIPCION_REQUERIDA")
            if roles and current_user.rol.nombre not in roles:
                raise Prohibido()
            return fn(*args, **kwargs)

        _document_auth(wrapper, roles)
        return wrapper

    return decorator


def login_required(fn):
    """Any authenticated, active user."""
    return role_required()(fn)


def admin_required(fn):
    return role_required(ADMIN)(fn)


def alcance_actual():
    """The scope object of this request's user (app/services/alcance.py), built once per request at the HTTP
    boundary with the request's clock; routes pass it into the services."""
    from flask import g

    from app.services.alcance import Alcance

    if "alcance" not in g:
        g.alcance = Alcance.de(current_user)
    return g.alcance
