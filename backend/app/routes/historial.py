"""Clinical history: append-only; only a Médico writes; reads scoped by treatment relationship."""
from flask import request
from flask.views import MethodView
from flask_smorest import Blueprint
from werkzeug.exceptions import MethodNotAllowed

from app.extensions import confirmar_sin_recargar
from app.schemas.historial import AdendaCrearSchema, AdendaSchema, HistorialCrearSchema, HistorialListaArgs, HistorialSchema
from app.services import historial_service
from app.utils.auth import ADMIN, MEDICO, alcance_actual, role_required
from app.utils.errors import Invalido
from app.utils.pagination import envelope

blp = Blueprint("historial", __name__, url_prefix="/api/historial", description="Historial clínico")

CABECERA_EMERGENCIA = "X-Acceso-Emergencia"
LEEN = (ADMIN, MEDICO)


def motivo_emergencia():
    """The reason of a declared emergency access (None when the header is absent; 422 when blank)."""
    if CABECERA_EMERGENCIA not in request.headers:
        return None
    motivo = request.headers[CABECERA_EMERGENCIA].strip()
    if not motivo:
        raise Invalido({CABECERA_EMERGENCIA: ["Indique el motivo del acceso de emergencia."]})
    return motivo[:500]


@blp.route("")
class Historiales(MethodView):
    @role_required(*LEEN)
    @blp.arguments(HistorialListaArgs, location="query")
    @blp.response(200, envelope(HistorialSchema))
    def get(self, args):
        """Entradas del historial de un paciente, de la más reciente a la más antigua, con sus adendas."""
        pagina = historial_service.listar(alcance_actual(), emergencia=motivo_emergencia(), **args)
        confirmar_sin_recargar()
        return pagina

    @role_required(MEDICO)
    @blp.arguments(HistorialCrearSchema)
    @blp.response(201, HistorialSchema)
    def post(self, datos):
        """Escribir una entrada (el médico, el autor y la fecha salen del token y del reloj)."""
        entrada = historial_service.crear(alcance_actual(), emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return entrada


def inmutable(descripcion="Una entrada del historial nunca cambia: use una adenda"):
    """405 for the methods that would change an append-only clinical record (the history, the odontogram)."""
    raise MethodNotAllowed(valid_methods=["GET"], description=descripcion)


@blp.route("/<int:historial_id>")
class HistorialDetalle(MethodView):
    @role_required(*LEEN)
    @blp.response(200, HistorialSchema)
    def get(self, historial_id):
        """Ver una entrada con sus adendas."""
        entrada = historial_service.obtener(alcance_actual(), historial_id, emergencia=motivo_emergencia())
        confirmar_sin_recargar()
        return entrada

    @role_required(*LEEN)
    @blp.alt_response(405, description="Una entrada nunca cambia")
    def put(self, historial_id):
        """No permitido: una entrada nunca cambia (405)."""
        inmutable()

    @role_required(*LEEN)
    @blp.alt_response(405, description="Una entrada nunca cambia")
    def patch(self, historial_id):
        """No permitido: una entrada nunca cambia (405)."""
        inmutable()

    @role_required(*LEEN)
    @blp.alt_response(405, description="Una entrada nunca se borra")
    def delete(self, historial_id):
        """No permitido: una entrada nunca se borra (405)."""
        inmutable()


@blp.route("/<int:historial_id>/adendas")
class Adendas(MethodView):
    @role_required(MEDICO)
    @blp.arguments(AdendaCrearSchema)
    @blp.response(201, AdendaSchema)
    def post(self, datos, historial_id):
        """Añadir una adenda (corrección con autor, fecha y motivo)."""
        adenda = historial_service.adendar(alcance_actual(), historial_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return adenda
