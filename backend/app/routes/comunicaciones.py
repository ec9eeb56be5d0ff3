"""Patient messages: the settings of reminders and templates, the message log, and retrying a failed message."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.comunicaciones import ConfiguracionMensajesSchema, MensajeSchema, MensajesArgs
from app.services.comunicaciones import configuracion, consultas
from app.utils.auth import ADMIN, RECEPCIONISTA, admin_required, alcance_actual, role_required
from app.utils.pagination import envelope, ya_serializada

blp = Blueprint("comunicaciones", __name__, url_prefix="/api/comunicaciones", description="Mensajes a pacientes")


@blp.route("/configuracion")
class Configuracion(MethodView):
    @admin_required
    @blp.response(200, ConfiguracionMensajesSchema)
    def get(self):
        """Recordatorios (activos, horas antes), canal preferido, horario de silencio y plantillas vigentes."""
        return configuracion.obtener()

    @admin_required
    @blp.arguments(ConfiguracionMensajesSchema)
    @blp.response(200, ConfiguracionMensajesSchema)
    @blp.alt_response(422, description="Valores fuera de rango o marcadores no permitidos en una plantilla")
    def patch(self, datos):
        """Modificar la configuración de los mensajes (solo los campos enviados)."""
        resultado = configuracion.editar(alcance_actual(), datos)
        confirmar_sin_recargar()
        return resultado


@blp.route("/mensajes")
class Mensajes(MethodView):
    @role_required(ADMIN, RECEPCIONISTA)
    @blp.arguments(MensajesArgs, location="query")
    @blp.response(200, envelope(MensajeSchema))
    def get(self, args):
        """Registro de mensajes, del más reciente al más antiguo (destinos enmascarados, nunca el texto)."""
        pagina = consultas.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return ya_serializada(pagina)  # the service gives each message's JSON (como_json): not dumped again


@blp.route("/mensajes/<int:mensaje_id>/reintentar")
class Reintentar(MethodView):
    @role_required(ADMIN, RECEPCIONISTA)
    @blp.response(200, MensajeSchema)
    @blp.alt_response(409, description="MENSAJE_NO_REINTENTABLE")
    def post(self, mensaje_id):
        """Volver a poner en cola un mensaje fallido."""
        mensaje = consultas.reintentar(alcance_actual(), mensaje_id)
        confirmar_sin_recargar()
        return mensaje
