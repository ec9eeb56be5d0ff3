"""Application factory: extensions, blueprints, error handlers, the static UI."""
import contextvars
import logging

from flask import Flask, request
from flask.sessions import SessionInterface
from marshmallow import Schema
from marshmallow.utils import missing
from webargs.flaskparser import FlaskParser, abort

# First of the app's modules: it gives marshmallow its Spanish messages, which a field copies when it is created,
# so it must run before any schema is defined, whoever imports the app's modules first (a test, a command).
from app.utils import validation  # noqa: F401
from app.extensions import api, db, jwt, ma, migrate
from app.schemas.common import instancia_compartida
from app.utils.errors import error_response, register_error_handlers
from app.utils.proveedor_json import ProveedorJSON
from config import config


def create_app(config_name="default", **overrides):
    cfg = config[config_name]
    cfg.load_secrets()
    app = Flask(__name__, static_folder=None)
    app.config.from_object(cfg)
    app.config["SQLALCHEMY_DATABASE_URI"] = cfg.database_url()
    app.config.update(overrides)
    cfg.init_app(app)
    if app.config.get("PROXY_FIX_HOPS"):
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["PROXY_FIX_HOPS"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    app.url_map.strict_slashes = False
    app.json = ProveedorJSON(app)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")

    _reject_unknown_query_arguments()
    db.init_app(app)
    from app.utils import conexiones

    conexiones.init_app(app)  # retry once on a dropped connection; PgBouncer; the read replica
    migrate.init_app(app, db, directory=str(cfg_migrations_dir()))
    ma.init_app(app)
    jwt.init_app(app)
    api.init_app(app)
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer", "bearerFormat": "JWT"})

    from app import models  # noqa: F401  (register every table)
    from app.routes import register_blueprints
    from app.utils.tokens import register_token_callbacks

    register_token_callbacks(jwt)
    register_blueprints(api)
    register_error_handlers(app)
    _require_json_bodies(app)
    _security_headers(app)
    from app.utils import pesadas

    pesadas.init_app(app)
    # Stateless API (JWT): no Flask session, so no cookie to sign or check on every request.
    app.session_interface = _SinSesion()

    from app.static_ui import register_static_ui

    register_static_ui(app)

    from app.cli import register_commands

    register_commands(app)
    return app


def _reject_unknown_query_arguments():
    """A typo in a filter (?sucursal=3) must not silently return everything: unknown query args → 422."""
    from flask_smorest import Blueprint
    from marshmallow import RAISE

    Blueprint.ARGUMENTS_PARSER.DEFAULT_UNKNOWN_BY_LOCATION["query"] = RAISE


# True while a JSON body is being loaded (query strings carry booleans as text; JSON has true/false).
_CUERPO_JSON = contextvars.ContextVar("cuerpo_json", default=False)


class _ParserCuerpoObligatorio(FlaskParser):
    """The spec declares every JSON body required: a request without one is a 400, not an empty edit
    (webargs would read a missing body as {}). In a JSON body a boolean must be true or false.

    An argument schema given as a class is instantiated once, not on every request as webargs does (issue 23,
    docs/performance.md); flask-smorest shares its response schemas the same way."""

    def _get_schema(self, argmap, req):
        if isinstance(argmap, type) and issubclass(argmap, Schema):
            return instancia_compartida(argmap)
        return super()._get_schema(argmap, req)

    def load_json(self, req, schema):
        data = super().load_json(req, schema)
        if data is missing:
            abort(400, messages={"json": ["Falta el cuerpo JSON de la solicitud (Content-Type: application/json)."]})
        return data

    def _process_location_data(self, location_data, schema, req, location, unknown, validators):
        marca = _CUERPO_JSON.set(location == "json")
        try:
            return super()._process_location_data(location_data, schema, req, location, unknown, validators)
        finally:
            _CUERPO_JSON.reset(marca)


def _install_body_parser():
    """Before any route module is imported (they bind the parser when decorated)."""
    from flask_smorest import Blueprint
    from marshmallow import fields

    Blueprint.ARGUMENTS_PARSER = _ParserCuerpoObligatorio()
    original = fields.Boolean._deserialize

    def booleano(self, value, attr, data, **kwargs):
        # marshmallow would take 0, 1, "yes", "on"... as booleans: in JSON only true and false are.
        if _CUERPO_JSON.get() and not isinstance(value, bool):
            raise self.make_error("invalid", input=value)
        return original(self, value, attr, data, **kwargs)

    fields.Boolean._deserialize = booleano


_install_body_parser()


def cfg_migrations_dir():
    from config import BACKEND_DIR

    return BACKEND_DIR / "migrations"


# The routes that take a multipart upload instead of a JSON body.
RUTAS_MULTIPART = ("/api/importaciones",)


def _require_json_bodies(app):
    """A body that is not JSON is a 400 (webargs would otherwise report it as missing fields)."""

    @app.before_request
    def check_content_type():
        writes = request.method in ("POST", "PUT", "PATCH")
        if writes and request.path.startswith("/api/") and request.content_length and not request.is_json:
            if request.mimetype == "multipart/form-data" and request.path.startswith(RUTAS_MULTIPART):
                return None  # file uploads (app/routes/importaciones.py)
            return error_response(400)
        return None


# The UI loads only its own assets; MUI (emotion) injects <style> elements, hence 'unsafe-inline' for styles.
CSP_APP = ("default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
           "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
           "frame-ancestors 'none'")
# flask-smorest's Swagger UI page starts the bundle with an inline script.
CSP_DOCS = CSP_APP.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")


class _SinSesion(SessionInterface):
    """Flask's cookie session is never used here; its default signs and checks a cookie on every request."""

    def open_session(self, app, request):
        return None

    def save_session(self, app, session, response):
        return None


# Every answer's security headers; a view may set its own value of one of them first (the booking pages' CSP).
_CABECERAS = (("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "no-referrer"),
              ("Cross-Origin-Opener-Policy", "same-origin"))


def _security_headers(app):
    @app.after_request
    def add_headers(response):
        headers = response.headers
        presentes = {clave.lower() for clave, _ in headers.items()}  # one pass instead of one per header
        ruta = request.path
        nuevas = [(clave, valor) for clave, valor in _CABECERAS if clave.lower() not in presentes]
        if "content-security-policy" in presentes:
            csp = headers["Content-Security-Policy"]
        else:
            csp = CSP_DOCS if ruta.startswith("/api/docs") else CSP_APP
            nuevas.append(("Content-Security-Policy", csp))
        if "frame-ancestors 'none'" in csp and "x-frame-options" not in presentes:
            nuevas.append(("X-Frame-Options", "DENY"))  # a page that may be framed (booking pages) gets no DENY
        if request.is_secure and "strict-transport-security" not in presentes:
            nuevas.append(("Strict-Transport-Security", "max-age=31536000; includeSubDomains"))
        if ruta.startswith("/api/") and "cache-control" not in presentes:
            nuevas.append(("Cache-Control", "no-store"))
        headers.extend(nuevas)
        return response
