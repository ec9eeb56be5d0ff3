"""Appointments: list, booking, rescheduling, state changes and their history, earliest free slots."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.cita import (CambioEstadoRegistroSchema, CambioEstadoSchema, CitaCrearSchema, CitaEditarSchema,
                              CitaListaArgs, CitaSchema, CitaSinNotasSchema, DisponibilidadCitasArgs,
                              SlotsLibresSchema)
from app.schemas.agenda import SerieCanceladaSchema, SerieCancelarSchema, SerieCrearSchema, SerieResultadoSchema
from app.schemas.publico import EnlaceCitaSchema
from app.services import citas_publicas_service, citas_service, disponibilidad_service, series_citas
from app.utils.auth import ADMIN, MEDICO, RECEPCIONISTA, alcance_actual, login_required, role_required
from app.utils.pagination import PaginacionArgs, envelope, segun_alcance, ya_serializada

blp = Blueprint("citas", __name__, url_prefix="/api/citas", description="Citas")

AGENDAN = (ADMIN, RECEPCIONISTA, MEDICO)


@blp.route("")
class Citas(MethodView):
    @login_required
    @blp.arguments(CitaListaArgs, location="query")
    @blp.response(200, envelope(CitaSchema))
    def get(self, args):
        """Listar citas del alcance del usuario, por fecha y hora (sin `notas` para Facturación)."""
        pagina = citas_service.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return ya_serializada(pagina)

    @role_required(*AGENDAN)
    @blp.arguments(CitaCrearSchema)
    @blp.response(201, CitaSchema)
    @blp.alt_response(409, description="MEDICO_OCUPADO, PACIENTE_OCUPADO, FUERA_DE_HORARIO, FECHA_PASADA, INACTIVO")
    def post(self, datos):
        """Agendar una cita (estado inicial Nueva)."""
        cita = citas_service.agendar(alcance_actual(), **datos)
        confirmar_sin_recargar()
        return cita


@blp.route("/disponibilidad")
class ProximosLibres(MethodView):
    @login_required
    @blp.arguments(DisponibilidadCitasArgs, location="query")
    @blp.response(200, SlotsLibresSchema)
    def get(self, args):
        """Los huecos libres más próximos entre los médicos (por especialidad y/o sucursal)."""
        return disponibilidad_service.proximos(**args)


@blp.route("/series")
class Series(MethodView):
    @role_required(*AGENDAN)
    @blp.arguments(SerieCrearSchema)
    @blp.response(201, SerieResultadoSchema)
    @blp.alt_response(200, schema=SerieResultadoSchema, description="simular: lo que se agendaría (nada se escribe)")
    @blp.alt_response(409, description="SERIE_CON_CONFLICTOS (con `conflictos`): modo todas con alguna fecha que "
                                       "choca, o ninguna fecha posible")
    def post(self, datos):
        """Agendar una serie de citas (cada n semanas o días); cada fecha con las mismas reglas que una cita."""
        simular = datos.get("simular", False)
        resultado = series_citas.crear(alcance_actual(), **datos)
        if simular:
            return resultado, 200
        confirmar_sin_recargar()
        return resultado


@blp.route("/series/<int:serie_id>/cancelar")
class SerieCancelar(MethodView):
    @role_required(*AGENDAN)
    @blp.arguments(SerieCancelarSchema)
    @blp.response(200, SerieCanceladaSchema)
    def post(self, datos, serie_id):
        """Cancelar las citas pendientes de la serie desde una fecha (por omisión, hoy)."""
        resultado = series_citas.cancelar(alcance_actual(), serie_id, **datos)
        confirmar_sin_recargar()
        return resultado


@blp.route("/<int:cita_id>")
class CitaDetalle(MethodView):
    @login_required
    @blp.response(200, CitaSchema)
    def get(self, cita_id):
        """Ver una cita (sin `notas` para Facturación)."""
        alcance = alcance_actual()
        cita = citas_service.consultar(alcance, cita_id)
        confirmar_sin_recargar()
        return segun_alcance(alcance, cita, CitaSchema, CitaSinNotasSchema)

    @role_required(*AGENDAN)
    @blp.arguments(CitaEditarSchema)
    @blp.response(200, CitaSchema)
    @blp.alt_response(409, description="Mismas razones que al agendar; CITA_NO_MODIFICABLE")
    def patch(self, datos, cita_id):
        """Reprogramar o editar motivo y notas (solo en estado Nueva o Confirmada)."""
        cita = citas_service.modificar(alcance_actual(), cita_id, **datos)
        confirmar_sin_recargar()
        return cita


@blp.route("/<int:cita_id>/estado")
class CitaEstado(MethodView):
    @role_required(*AGENDAN)
    @blp.arguments(CambioEstadoSchema)
    @blp.response(200, CitaSchema)
    @blp.alt_response(409, description="TRANSICION_INVALIDA")
    def post(self, datos, cita_id):
        """Cambiar el estado de la cita (o, un Administrador, revertir el último cambio)."""
        cita = citas_service.cambiar_estado(alcance_actual(), cita_id, **datos)
        confirmar_sin_recargar()
        return cita


@blp.route("/<int:cita_id>/estados")
class CitaEstados(MethodView):
    @login_required
    @blp.arguments(PaginacionArgs, location="query")
    @blp.response(200, envelope(CambioEstadoRegistroSchema))
    def get(self, args, cita_id):
        """Historial de cambios de estado: quién, cuándo y por qué (el más antiguo primero)."""
        return citas_service.historial_estados(alcance_actual(), cita_id, **args)


@blp.route("/<int:cita_id>/enlace")
class CitaEnlace(MethodView):
    @role_required(*AGENDAN)
    @blp.response(200, EnlaceCitaSchema)
    def get(self, cita_id):
        """El enlace de la página pública de la cita, para enviarlo al paciente por otro medio (un Médico: solo de
        sus citas)."""
        enlace = citas_publicas_service.enlace(alcance_actual(), cita_id)
        confirmar_sin_recargar()
        return enlace
