"""Public (no-login) routes: the appointment page of a patient's link (API.md "Public appointment page") and online
booking (API.md "Online booking").

They call the same services as the staff's routes and answer only what API.md lists. Every route here is limited
per client address (app/services/limite_publico.py, 429 LIMITE) and declared public in app/utils/permisos.py.
"""
from datetime import UTC, datetime, timedelta

from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.publico import (CancelarCitaPublicaSchema, CatalogoArgs, CitaPublicaSchema, ClinicaPublicaSchema,
                                 DisponibilidadPublicaArgs, DisponibilidadPublicaSchema, FormularioReservaSchema,
                                 MedicoReservaSchema, ReservaConfirmadaSchema, SolicitudAceptadaSchema,
                                 SolicitudReservaSchema, SucursalReservaSchema, VerificarReservaSchema)
from app.schemas.common import Referencia
from app.schemas.agenda import OfertaPublicaSchema
from app.services import citas_publicas_service, configuracion_service, ofertas_hueco
from app.services.limite_publico import limitar
from app.services.reservas import catalogo, solicitudes
from app.utils.pagination import ya_serializada

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


# --- the offer of a freed slot (waiting list) -------------------------------------------------------------------

@blp.route("/ofertas/<string:token>")
class OfertaPublica(MethodView):
    @limitar("publico_citas")
    @blp.response(200, OfertaPublicaSchema)
    @blp.alt_response(404, description=ofertas_hueco.NO_ENCONTRADA)
    def get(self, token):
        """El horario ofrecido: cuándo (hora local de la sucursal), con quién, dónde y si todavía está disponible."""
        return ofertas_hueco.consultar(token, ahora=datetime.now(UTC))


@blp.route("/ofertas/<string:token>/aceptar")
class AceptarOferta(MethodView):
    @limitar("publico_citas")
    @blp.response(201, ReservaConfirmadaSchema)
    @blp.alt_response(404, description=ofertas_hueco.NO_ENCONTRADA)
    @blp.alt_response(409, description="OFERTA_NO_DISPONIBLE: otro paciente lo tomó primero, o ya no se puede")
    def post(self, token):
        """Aceptar el horario ofrecido: se agenda (estado Nueva); el primero que acepta se lo queda."""
        reserva = ofertas_hueco.aceptar(token, ahora=datetime.now(UTC))
        confirmar_sin_recargar()
        return reserva


# --- online booking ---------------------------------------------------------------------------------------------

@blp.route("/clinica")
class ClinicaPublica(MethodView):
    @limitar("publico_reservas")
    @blp.response(200, ClinicaPublicaSchema)
    def get(self):
        """El nombre y el contacto de la clínica, para encabezar las páginas públicas."""
        config = configuracion_service.obtener()
        return {"nombre": config.nombre, "telefono": config.telefono, "email": config.email, "logo_url": config.logo_url}


@blp.route("/sucursales")
class SucursalesPublicas(MethodView):
    @limitar("publico_reservas")
    @blp.response(200, SucursalReservaSchema(many=True))
    def get(self):
        """Las sucursales que aceptan reservas en línea."""
        return catalogo.sucursales()


@blp.route("/especialidades")
class EspecialidadesPublicas(MethodView):
    @limitar("publico_reservas")
    @blp.arguments(CatalogoArgs, location="query")
    @blp.response(200, Referencia(many=True))
    def get(self, args):
        """Las especialidades con médicos que aceptan reservas en línea (en la sucursal indicada)."""
        return catalogo.especialidades(args.get("sucursal_id"))


@blp.route("/medicos")
class MedicosPublicos(MethodView):
    @limitar("publico_reservas")
    @blp.arguments(CatalogoArgs, location="query")
    @blp.response(200, MedicoReservaSchema(many=True))
    def get(self, args):
        """Los médicos que aceptan reservas en línea (por sucursal y especialidad)."""
        return catalogo.medicos(args.get("sucursal_id"), args.get("especialidad_id"))


@blp.route("/disponibilidad")
class DisponibilidadPublica(MethodView):
    @limitar("publico_reservas")
    @blp.arguments(DisponibilidadPublicaArgs, location="query")
    @blp.response(200, DisponibilidadPublicaSchema)
    @blp.alt_response(404, description="NO_ENCONTRADO: la sucursal no existe")
    def get(self, args):
        """Horarios libres para reservar en línea (hora local de la sucursal; a lo sumo 14 días)."""
        return ya_serializada(catalogo.disponibilidad(ahora=datetime.now(UTC), **args))


@blp.route("/reservas/formulario")
class FormularioReserva(MethodView):
    @limitar("publico_reservas")
    @blp.response(200, FormularioReservaSchema)
    def get(self):
        """El sello del formulario de reserva: la página lo pide al abrir el formulario y lo devuelve al enviarlo."""
        return solicitudes.formulario(datetime.now(UTC))


@blp.route("/reservas")
class Reservas(MethodView):
    @limitar("publico_reservas")
    @limitar("reservas_por_hora", "RESERVA_POR_IP_POR_HORA", ventana=timedelta(hours=1))
    @blp.arguments(SolicitudReservaSchema)
    @blp.response(202, SolicitudAceptadaSchema)
    @blp.alt_response(409, description="MEDICO_OCUPADO (con `siguientes`), RESERVA_NO_DISPONIBLE")
    def post(self, datos):
        """Solicitar una cita: envía un código de 6 dígitos al correo; la cita se crea al verificarlo."""
        aceptada = solicitudes.solicitar(datos, ahora=datetime.now(UTC))
        confirmar_sin_recargar()
        return aceptada


@blp.route("/reservas/<uuid:solicitud_id>/verificar")
class VerificarReserva(MethodView):
    @limitar("publico_reservas")
    @blp.arguments(VerificarReservaSchema)
    @blp.response(201, ReservaConfirmadaSchema)
    @blp.alt_response(404, description="La solicitud no existe")
    @blp.alt_response(409, description="MEDICO_OCUPADO (con `siguientes`), RESERVA_NO_DISPONIBLE, "
                                       "SOLICITUD_BLOQUEADA, SOLICITUD_EXPIRADA, SOLICITUD_USADA")
    @blp.alt_response(422, description="CODIGO_INVALIDO (con `intentos_restantes`)")
    def post(self, datos, solicitud_id):
        """Confirmar la solicitud con el código recibido: crea la cita (estado Nueva, origen en línea)."""
        try:
            reserva = solicitudes.verificar(solicitud_id, datos["codigo"], ahora=datetime.now(UTC))
        except solicitudes.IntentoFallido as fallo:
            confirmar_sin_recargar()  # the attempt counts although the answer is a refusal
            raise fallo.error from None
        confirmar_sin_recargar()
        return reserva
