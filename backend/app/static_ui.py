"""Serve the built React app (frontend/dist) for every path that is not /api/..., and the
Swagger UI assets from the swagger-ui-bundle package (no CDN)."""
import swagger_ui_bundle
from flask import current_app, send_from_directory

from app.utils.errors import error_response
from config import FRONTEND_DIST

NOT_BUILT = """<!doctype html><html lang="es"><meta charset="utf-8"><title>Clínica ERP</title>
<p>La interfaz web no está compilada. Ejecute <code>make run</code> desde la raíz del proyecto.</p></html>"""


def _es_reserva(path):
    """The online booking pages: /reservar and anything below it."""
    return path == "reservar" or path.startswith("reservar/")


def csp_reserva(ancestros):
    """The booking pages' CSP: the application's, but framed by ``ancestros`` (the clinic's website; with framing
    allowed, app._security_headers adds no X-Frame-Options DENY) and showing the clinic's logo from its https
    address (configuracion.logo_url)."""
    from app import CSP_APP

    return (CSP_APP.replace("frame-ancestors 'none'", f"frame-ancestors {ancestros}")
            .replace("img-src 'self' data: blob:", "img-src 'self' data: blob: https:"))


def register_static_ui(app):
    @app.route("/api/docs/static/<path:filename>")
    def swagger_assets(filename):
        return send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)

    @app.route("/", defaults={"path": ""})
    @app.route("/<path:path>")
    def ui(path):
        if path == "api" or path.startswith("api/"):
            return error_response(404)
        if path and (FRONTEND_DIST / path).is_file():
            response = send_from_directory(FRONTEND_DIST, path)
            if path.startswith("assets/"):
                response.cache_control.max_age = 31536000
                response.cache_control.immutable = True
            return response
        # /c/<token> (a patient's appointment page), /o/<token> (a freed slot offered to the waiting list) and /reservar
        # (online booking) are the public entry (frontend/publico.html), not the staff application; every other path is
        # the staff application's (it routes in the browser).
        reserva = _es_reserva(path)
        pagina = "publico.html" if path.startswith(("c/", "o/")) or reserva else "index.html"
        if (FRONTEND_DIST / pagina).is_file():
            response = send_from_directory(FRONTEND_DIST, pagina)
            response.cache_control.no_cache = True
            if reserva:
                response.headers["Content-Security-Policy"] = csp_reserva(current_app.config["RESERVAR_FRAME_ANCESTORS"])
            return response
        return NOT_BUILT, 200, {"Content-Type": "text/html; charset=utf-8"}
