"""The waiting list: entries, the suggestions for a freed slot and the offer of that slot (docs/agenda.md)."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.agenda import (EntradaEsperaCrearSchema, EntradaEsperaSchema, ListaEsperaArgs, OfertaCreadaSchema,
                                OfrecerSchema, SugerenciasArgs, SugerenciasSchema)
from app.services import lista_espera_service
from app.utils.auth import ADMIN, MEDICO, RECEPCIONISTA, alcance_actual, role_required
from app.utils.pagination import envelope

blp = Blueprint("lista_espera", __name__, url_prefix="/api/lista-espera", description="Lista de espera")

GESTIONAN = (ADMIN, RECEPCIONISTA, MEDICO)


@blp.route("")
class ListaEspera(MethodView):
    @role_required(*GESTIONAN)
    @blp.arguments(ListaEsperaArgs, location="query")
    @blp.response(200, envelope(EntradaEsperaSchema))
    def get(self, args):
        """Las entradas activas del alcance del usuario, la más antigua primero."""
        pagina = lista_espera_service.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return pagina

    @role_required(*GESTIONAN)
    @blp.arguments(EntradaEsperaCrearSchema)
    @blp.response(201, EntradaEsperaSchema)
    def post(self, datos):
        """Anotar a un paciente en la lista de espera (un Médico: para su propia agenda)."""
        entrada = lista_espera_service.crear(alcance_actual(), **datos)
        confirmar_sin_recargar()
        return entrada


@blp.route("/sugerencias")
class Sugerencias(MethodView):
    @role_required(*GESTIONAN)
    @blp.arguments(SugerenciasArgs, location="query")
    @blp.response(200, SugerenciasSchema)
    @blp.alt_response(409, description="CITA_NO_LIBERADA: la cita no está Cancelada ni No Asistió")
    def get(self, args):
        """Las entradas que encajan en el horario liberado por una cita cancelada o No Asistió."""
        resultado = lista_espera_service.sugerencias(alcance_actual(), args["cita_id"])
        confirmar_sin_recargar()
        return resultado


@blp.route("/<int:entrada_id>")
class EntradaEsperaDetalle(MethodView):
    @role_required(*GESTIONAN)
    @blp.response(204)
    @blp.alt_response(409, description="ENTRADA_NO_ACTIVA")
    def delete(self, entrada_id):
        """Retirar la entrada de la lista (se conserva como retirada)."""
        lista_espera_service.retirar(alcance_actual(), entrada_id)
        confirmar_sin_recargar()


@blp.route("/<int:entrada_id>/ofrecer")
class Ofrecer(MethodView):
    @role_required(*GESTIONAN)
    @blp.arguments(OfrecerSchema)
    @blp.response(202, OfertaCreadaSchema)
    @blp.alt_response(409, description="ENTRADA_NO_ACTIVA, CITA_NO_LIBERADA, FECHA_PASADA, HUECO_OCUPADO, "
                                       "ENTRADA_NO_COINCIDE, OFERTA_YA_ENVIADA")
    def post(self, datos, entrada_id):
        """Ofrecer al paciente el horario liberado: un mensaje con el enlace que lo reserva."""
        oferta = lista_espera_service.ofrecer(alcance_actual(), entrada_id, datos["cita_id"])
        confirmar_sin_recargar()
        return {"oferta_id": oferta.id}
