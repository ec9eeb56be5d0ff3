"""Public (no-login) routes: the appointment page of a patient's link (API.md "Public appointment page").

They call the same services as the staff's routes and answer only what API.md lists. Every route here is limited
per client address (app/services/limite_publico.py, 429 LIMITE) and declared public in app/utils/permisos.py.
"""
from datetime import UTC, datetime

from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.publico import CancelarCitaPublicaSchema, CitaPublicaSchema
from app.services import citas_publicas_service
from app.services.limite_publico import limitar

blp = Blueprint("publico", __name__, url_prefix="/api/publico", description="Páginas públicas (sin sesión)")

NO_ENCONTRADA = citas_publicas_service.NO_ENCONTRADA


@blp.route("/citas/<string:token>")
class CitaPublica(MethodView):
    @limitar("publico_citas")
    @blp.response(200, CitaPublicaSchema)
    @blp.alt_response(404, description=NO_ENCONTRADA)
    def get(self, token):
        """La cita del enlace: qué, cuándo (hora local de la sucursal), dónde y qué puede hacer el paciente."""
        return citas_publicas_service.consultar(token, ahora=datetime.now(UTC))


@blp.route("/citas/<string:token>/confirmar")
class ConfirmarCitaPublica(MethodView):
    @limitar("publico_citas")
    @blp.response(200, CitaPublicaSchema)
    @blp.alt_response(404, description=NO_ENCONTRADA)
    @blp.alt_response(409, description="TRANSICION_INVALIDA")
    def post(self, token):
        """El paciente confirma su asistencia (Nueva → Confirmada)."""
        cita = citas_publicas_service.confirmar(token, ahora=datetime.now(UTC))
        confirmar_sin_recargar()
        return cita


@blp.route("/citas/<string:token>/cancelar")
class CancelarCitaPublica(MethodView):
    @limitar("publico_citas")
    @blp.arguments(CancelarCitaPublicaSchema)
    @blp.response(200, CitaPublicaSchema)
    @blp.alt_response(404, description=NO_ENCONTRADA)
    @blp.alt_response(409, description="CANCELACION_TARDIA, TRANSICION_INVALIDA")
    def post(self, datos, token):
        """El paciente cancela la cita (como tarde, `cancelacion_minima_horas` antes del inicio)."""
        cita = citas_publicas_service.cancelar(token, motivo=datos.get("motivo"), ahora=datetime.now(UTC))
        confirmar_sin_recargar()
        return cita
