"""The one place that turns every error into the JSON shape of API.md.

Business refusals raise ``ErrorNegocio`` (or a subclass); HTTP errors, validation errors and
database integrity errors are translated here. Nowhere else builds an error body.
"""
import contextlib
import logging
import math

import psycopg2.errors as pg_errors
from flask import current_app, has_request_context, jsonify, request
from sqlalchemy.exc import DBAPIError, IntegrityError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES

log = logging.getLogger(__name__)

DEFAULT_MESSAGES = {
    400: "La solicitud no es válida: el cuerpo debe ser JSON bien formado (Content-Type: application/json)",
    401: "Se requiere iniciar sesión con un token válido",
    403: "No tiene permiso para realizar esta acción",
    404: "El recurso solicitado no existe",
    405: "Método no permitido para este recurso",
    409: "La operación entra en conflicto con el estado actual",
    413: "El cuerpo de la solicitud supera el tamaño máximo permitido",
    415: "Tipo de contenido no soportado: use application/json",
    422: "Los datos enviados no son válidos",
    429: "Demasiadas solicitudes; inténtelo más tarde",
    500: "Error interno del servidor",
    503: "Servicio no disponible temporalmente; inténtelo de nuevo en unos segundos",
}


class ErrorNegocio(Exception):
    """A refusal with an HTTP status, a stable ``reason`` and a Spanish message."""

    status = 409

    def __init__(self, reason, message, status=None, errors=None, **extra):
        super().__init__(message)
        self.reason = reason
        self.message = message
        if status is not None:
            self.status = status
        self.errors = errors
        self.extra = extra


class Conflicto(ErrorNegocio):
    status = 409


class NoEncontrado(ErrorNegocio):
    status = 404

    def __init__(self, message="El recurso solicitado no existe", reason="NO_ENCONTRADO"):
        super().__init__(reason, message)


class Prohibido(ErrorNegocio):
    status = 403

    def __init__(self, message=DEFAULT_MESSAGES[403], reason="PROHIBIDO"):
        super().__init__(reason, message)


class NoAutenticado(ErrorNegocio):
    status = 401

    def __init__(self, message=DEFAULT_MESSAGES[401], reason="NO_AUTENTICADO"):
        super().__init__(reason, message)


class Limite(ErrorNegocio):
    """429 with a Retry-After header (seconds): LIMITE, too many requests from one client (limite_publico), or
    DEMASIADOS_INTENTOS, too many failed logins (limite_login)."""

    status = 429

    def __init__(self, segundos, message="Demasiadas solicitudes; inténtelo de nuevo en unos minutos",
                 reason="LIMITE"):
        super().__init__(reason, message)
        self.headers = {"Retry-After": str(max(1, math.ceil(segundos)))}


class Invalido(ErrorNegocio):
    """422 for a business-level validation of one or more fields."""

    status = 422

    def __init__(self, errors, message=DEFAULT_MESSAGES[422], reason="DATOS_INVALIDOS"):
        super().__init__(reason, message, errors=errors)


# Unique constraints whose violation has a specific reason and message.
UNIQUE_VIOLATIONS = {}
# Exclusion constraints (overlaps) → (reason, message).
EXCLUSION_VIOLATIONS = {}
# Checks (and triggers raising check_violation with a constraint name) that are business conflicts → (reason, message).
CHECK_VIOLATIONS = {}


def register_constraint(name, reason, message, kind="unique"):
    """Declare the 409 a named constraint maps to (called by the area that owns it)."""
    {"exclusion": EXCLUSION_VIOLATIONS, "check": CHECK_VIOLATIONS, "unique": UNIQUE_VIOLATIONS}[kind][name] = (
        reason, message)


def error_response(status, message=None, reason=None, errors=None, **extra):
    if has_request_context() and request.path.startswith(FHIR_PREFIX):
        return _fhir_error(status, message, reason, errors)
    body = {
        "code": status,
        "status": HTTP_STATUS_CODES.get(status, "Error"),
        "message": message or DEFAULT_MESSAGES.get(status, "Error"),
    }
    if reason:
        body["reason"] = reason
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = jsonify(body)
    response.status_code = status
    return response


FHIR_PREFIX = "/api/fhir/"


def _fhir_error(status, message, reason, errors):
    """The FHIR interface answers errors as OperationOutcome resources (docs/fhir.md), same status and message."""
    import orjson
    from flask import Response

    from app.services.fhir.comun import FHIR_JSON
    from app.services.fhir.paquetes import resultado

    cuerpo = resultado(status, message or DEFAULT_MESSAGES.get(status, "Error"), reason=reason, errores=errors)
    return Response(orjson.dumps(cuerpo), status=status, mimetype=FHIR_JSON)


def _flatten_webargs_messages(messages):
    """webargs nests messages by location ({"json": {...}}); clients want fields at the top."""
    errors = {}
    for location, fields in (messages or {}).items():
        if isinstance(fields, dict):
            for field, msgs in fields.items():
                errors[field] = msgs if isinstance(msgs, (list, dict)) else [str(msgs)]
        else:
            errors[location] = fields if isinstance(fields, list) else [str(fields)]
    return errors


def _handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    if status == 422 or (status == 400 and "messages" in data):
        errors = _flatten_webargs_messages(data.get("messages"))
        if status == 400:
            return error_response(400, errors=errors)
        return error_response(422, errors=errors)
    message = data.get("message") if isinstance(data.get("message"), str) else None
    response = error_response(status, message)
    valid_methods = getattr(exc, "valid_methods", None)
    if status == 405 and valid_methods:
        response.headers["Allow"] = ", ".join(valid_methods)
    return response


def _handle_negocio(exc: ErrorNegocio):
    response = error_response(exc.status, exc.message, exc.reason, exc.errors, **exc.extra)
    # e.g. Retry-After of a 429 or 503 (limite_login)
    response.headers.extend(getattr(exc, "headers", None) or {})
    return response


def _constraint_name(exc):
    diag = getattr(getattr(exc, "orig", None), "diag", None)
    return getattr(diag, "constraint_name", None)


def translate_integrity_error(exc: IntegrityError):
    """Map a database integrity error to an ErrorNegocio (or None when unknown)."""
    orig = exc.orig
    name = _constraint_name(exc)
    if isinstance(orig, pg_errors.ExclusionViolation):
        reason, message = EXCLUSION_VIOLATIONS.get(name, ("SOLAPAMIENTO", "El registro se solapa con otro existente"))
        return Conflicto(reason, message)
    if isinstance(orig, pg_errors.UniqueViolation):
        reason, message = UNIQUE_VIOLATIONS.get(name, ("DUPLICADO", "Ya existe un registro con esos datos"))
        return Conflicto(reason, message)
    if isinstance(orig, pg_errors.ForeignKeyViolation):
        return ErrorNegocio("REFERENCIA_INVALIDA", "El registro hace referencia a datos que no existen", status=422)
    if isinstance(orig, pg_errors.CheckViolation) and name in CHECK_VIOLATIONS:
        return Conflicto(*CHECK_VIOLATIONS[name])
    if isinstance(orig, (pg_errors.CheckViolation, pg_errors.NotNullViolation)):
        return ErrorNegocio("DATOS_INVALIDOS", "Los datos no cumplen las reglas del sistema", status=422)
    return None


@contextlib.contextmanager
def restricciones():
    """Run writes in a savepoint and flush: a violated constraint becomes its 409 (or 422) while the
    rest of the transaction stays usable. Services wrap every write that a constraint may refuse."""
    from app.extensions import db

    try:
        with db.session.begin_nested():
            yield
            db.session.flush()
    except IntegrityError as exc:
        error = translate_integrity_error(exc)
        if error is None:
            raise
        raise error from None


def _handle_integrity(exc: IntegrityError):
    from app.extensions import db

    db.session.rollback()
    translated = translate_integrity_error(exc)
    if translated is None:
        raise exc
    return _handle_negocio(translated)


def _handle_db_unavailable(exc: DBAPIError):
    from app.extensions import db

    with contextlib.suppress(Exception):  # the connection may be gone; the pool discards it
        db.session.rollback()
    if isinstance(exc.orig, pg_errors.QueryCanceled):
        log.warning("consulta cancelada por statement_timeout")
    else:
        log.warning("base de datos no disponible: %s", type(exc.orig).__name__)
    return no_disponible(error_response(503))


def no_disponible(response):
    """A 503 of the database tells the client when to try again (a restart or a failover takes seconds)."""
    response.headers["Retry-After"] = str(current_app.config.get("DB_RETRY_AFTER_S", 2))
    return response


def _handle_dbapi(exc: DBAPIError):
    """Another database error: a lost connection is unavailability, 503 — SQLAlchemy saw a disconnect (e.g. a
    DatabaseError "SSL SYSCALL error" during a failover), or libpq's own bare DatabaseError with no SQLSTATE (the
    server went away mid-answer, e.g. "no message from the libpq" during a restart); anything else is a bug and goes
    on to the 500 handler."""
    if exc.connection_invalidated or (type(exc.orig) is pg_errors.DatabaseError
                                      and getattr(exc.orig, "pgcode", None) is None):
        return _handle_db_unavailable(exc)
    if current_app.testing:
        raise exc  # as every unexpected exception in tests (register_error_handlers)
    return _handle_unexpected(exc)  # a handler that raised would skip it: Flask's own HTML 500, not logged as ours


def _handle_unexpected(exc: Exception):
    log.exception("error no controlado")
    return error_response(500)


def register_error_handlers(app):
    app.register_error_handler(HTTPException, _handle_http_exception)
    app.register_error_handler(ErrorNegocio, _handle_negocio)
    app.register_error_handler(IntegrityError, _handle_integrity)
    app.register_error_handler(OperationalError, _handle_db_unavailable)
    app.register_error_handler(InterfaceError, _handle_db_unavailable)  # "connection already closed"
    app.register_error_handler(DBAPIError, _handle_dbapi)
    if not app.testing:
        # In tests unexpected exceptions propagate, so bugs are never hidden behind a 500.
        app.register_error_handler(Exception, _handle_unexpected)
