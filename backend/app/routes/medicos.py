"""Doctors, their weekly schedules, their free slots and their calendar feeds."""
from datetime import UTC, datetime

from flask import Response
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar, db
from app.schemas.medico import (AgendaIcsArgs, AgendaTokenSchema, DisponibilidadArgs, DisponibilidadSchema,
                                HorarioCrearSchema, HorarioSchema, MedicoCrearSchema, MedicoEditarSchema,
                                MedicoListaArgs, MedicoSchema)
from app.services import calendario_service, disponibilidad_service, medicos_service
from app.services.limite_publico import limitar
from app.utils.auth import ADMIN, MEDICO, admin_required, alcance_actual, login_required, role_required
from app.utils.pagination import PaginacionArgs, envelope

blp = Blueprint("medicos", __name__, url_prefix="/api/medicos", description="Médicos y horarios")


@blp.route("")
class Medicos(MethodView):
    @login_required
    @blp.arguments(MedicoListaArgs, location="query")
    @blp.response(200, envelope(MedicoSchema))
    def get(self, args):
        """Listar médicos (filtros: especialidad, sucursal donde atienden, activo, texto)."""
        return medicos_service.listar(**args)

    @admin_required
    @blp.arguments(MedicoCrearSchema)
    @blp.response(201, MedicoSchema)
    def post(self, datos):
        """Registrar un médico (opcionalmente vinculado a una cuenta de rol Médico)."""
        medico = medicos_service.crear(current_user, **datos)
        confirmar_sin_recargar()
        return medico


@blp.route("/<int:medico_id>")
class MedicoDetalle(MethodView):
    @login_required
    @blp.response(200, MedicoSchema)
    def get(self, medico_id):
        """Ver un médico."""
        return medicos_service.obtener(medico_id)

    @admin_required
    @blp.arguments(MedicoEditarSchema)
    @blp.response(200, MedicoSchema)
    def patch(self, datos, medico_id):
        """Modificar o desactivar (`activo: false`) un médico."""
        medico = medicos_service.editar(current_user, medico_id, **datos)
        confirmar_sin_recargar()
        return medico


@blp.route("/<int:medico_id>/horarios")
class Horarios(MethodView):
    @login_required
    @blp.arguments(PaginacionArgs, location="query")
    @blp.response(200, envelope(HorarioSchema))
    def get(self, args, medico_id):
        """Bloques de horario semanal del médico."""
        return medicos_service.listar_horarios(medico_id, **args)

    @admin_required
    @blp.arguments(HorarioCrearSchema)
    @blp.response(201, HorarioSchema)
    @blp.alt_response(409, description="HORARIO_SOLAPADO: se solapa con otro bloque del médico ese día")
    def post(self, datos, medico_id):
        """Añadir un bloque de horario."""
        horario = medicos_service.crear_horario(current_user, medico_id, **datos)
        confirmar_sin_recargar()
        return horario


@blp.route("/<int:medico_id>/horarios/<int:horario_id>")
class HorarioDetalle(MethodView):
    @admin_required
    @blp.response(204)
    def delete(self, medico_id, horario_id):
        """Eliminar un bloque de horario (las citas ya agendadas se conservan)."""
        medicos_service.eliminar_horario(current_user, medico_id, horario_id)
        db.session.commit()


@blp.route("/<int:medico_id>/disponibilidad")
class Disponibilidad(MethodView):
    @login_required
    @blp.arguments(DisponibilidadArgs, location="query")
    @blp.response(200, DisponibilidadSchema)
    def get(self, args, medico_id):
        """Huecos libres del médico en un día (hora local de cada sucursal)."""
        return disponibilidad_service.del_dia(medico_id, args["fecha"], args.get("sucursal_id"))


@blp.route("/<int:medico_id>/agenda-token")
class AgendaToken(MethodView):
    @role_required(ADMIN, MEDICO)
    @blp.response(200, AgendaTokenSchema)
    @blp.alt_response(409, description="INACTIVO: el médico está inactivo")
    def post(self, medico_id):
        """Crear o renovar el enlace secreto del calendario del médico (el Administrador o el propio médico).
        El enlace anterior deja de funcionar en el acto."""
        url = calendario_service.rotar_token(alcance_actual(), medico_id)
        confirmar_sin_recargar()
        return {"url": url}


@blp.route("/<int:medico_id>/agenda.ics")
class AgendaIcs(MethodView):
    # Public: calendar apps cannot send a bearer token; the secret travels in the URL (docs/security.md).
    # Limited per address like every public route; generous: calendar services poll from shared addresses.
    @limitar("agenda_ics", "AGENDA_ICS_LIMITE_POR_MINUTO")
    @blp.arguments(AgendaIcsArgs, location="query")
    @blp.response(200, {"type": "string"}, content_type="text/calendar",
                  description="La agenda del médico en iCalendar (RFC 5545): de 30 días atrás a 90 días adelante")
    @blp.alt_response(404, schema=None, description="Enlace incorrecto o médico inexistente (la misma respuesta)")
    def get(self, args, medico_id):
        """Agenda del médico para aplicaciones de calendario (sin sesión: el enlace lleva el secreto)."""
        contenido = calendario_service.feed(medico_id, args["token"], ahora=datetime.now(UTC))
        confirmar_sin_recargar()  # the audit row of the read
        return Response(contenido, content_type="text/calendar; charset=utf-8",
                        headers={"Content-Disposition": 'inline; filename="agenda.ics"'})
