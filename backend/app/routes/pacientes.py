"""Patients: CRUD without erasing, search, the patient's lists and the data export."""
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar, db
from app.schemas.cita import CitaSchema
from app.schemas.facturacion import FacturaSchema
from app.schemas.historial import HistorialPacienteArgs, HistorialSchema
from app.schemas.paciente import (ExportacionSchema, PacienteEditarSchema, PacienteEntradaSchema,
                                  PacienteFusionSchema, PacienteListaArgs, PacienteSchema)
from app.routes.historial import motivo_emergencia
from app.services import fusion_pacientes, historial_service, pacientes_service
from app.utils.auth import (ADMIN, FACTURACION, MEDICO, RECEPCIONISTA, admin_required, alcance_actual,
                            login_required, role_required)
from app.utils.conexiones import lee_de_replica
from app.utils.pagination import PaginacionArgs, envelope, ya_serializada

blp = Blueprint("pacientes", __name__, url_prefix="/api/pacientes", description="Pacientes")

ESCRIBEN = (ADMIN, RECEPCIONISTA, MEDICO)


@blp.route("")
class Pacientes(MethodView):
    @login_required
    @blp.arguments(PacienteListaArgs, location="query")
    @blp.response(200, envelope(PacienteSchema))
    def get(self, args):
        """Buscar pacientes (nombre sin importar acentos ni orden, documento exacto, correo o teléfono).

        `total` es exacto hasta 1000 resultados; por encima es una cota inferior (ver docs/pacientes.md)."""
        pagina = pacientes_service.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return ya_serializada(pagina)

    @role_required(*ESCRIBEN)
    @blp.arguments(PacienteEntradaSchema)
    @blp.response(201, PacienteSchema)
    def post(self, datos):
        """Registrar un paciente (409 PACIENTE_DUPLICADO con `existente_id`)."""
        paciente = pacientes_service.crear(alcance_actual(), **datos)
        confirmar_sin_recargar()
        return paciente


@blp.route("/<int:paciente_id>")
class PacienteDetalle(MethodView):
    @login_required
    @blp.response(200, PacienteSchema)
    def get(self, paciente_id):
        """Ver un paciente (sin `alergias` para Facturación)."""
        paciente = pacientes_service.detalle(alcance_actual(), paciente_id)
        confirmar_sin_recargar()
        return ya_serializada(paciente)

    @role_required(*ESCRIBEN)
    @blp.arguments(PacienteEditarSchema(partial=True))
    @blp.response(200, PacienteSchema)
    def patch(self, datos, paciente_id):
        """Modificar un paciente (activar/desactivar: solo Administrador)."""
        paciente = pacientes_service.editar(alcance_actual(), paciente_id, **datos)
        confirmar_sin_recargar()
        return paciente

    @admin_required
    @blp.response(204)
    def delete(self, paciente_id):
        """Desactivar un paciente: nunca se borra."""
        pacientes_service.desactivar(alcance_actual(), paciente_id)
        db.session.commit()


@blp.route("/<int:paciente_id>/fusionar")
class PacienteFusionar(MethodView):
    @admin_required
    @blp.arguments(PacienteFusionSchema)
    @blp.response(200, PacienteSchema)
    @blp.alt_response(409, description="PACIENTE_FUSIONADO, CITAS_SUPERPUESTAS")
    def post(self, datos, paciente_id):
        """Fusionar el paciente `con_id` en este (registros duplicados de la misma persona).

        Sus citas y mensajes pasan a este paciente; su historial, facturas y auditoría se conservan tal como se
        escribieron y se leen como de este paciente (docs/pacientes.md, "Fusión de pacientes"). Queda inactivo,
        con `fusionado_con_id`; su correo y documento pasan a este si no tiene."""
        paciente = fusion_pacientes.fusionar(alcance_actual(), paciente_id, **datos)
        confirmar_sin_recargar()
        return paciente


@blp.route("/<int:paciente_id>/citas")
class PacienteCitas(MethodView):
    @login_required
    @blp.arguments(PaginacionArgs, location="query")
    @blp.response(200, envelope(CitaSchema))
    def get(self, args, paciente_id):
        """Citas del paciente dentro del alcance del usuario (sin `notas` para Facturación)."""
        pagina = pacientes_service.citas(alcance_actual(), paciente_id, **args)
        confirmar_sin_recargar()
        return ya_serializada(pagina)


@blp.route("/<int:paciente_id>/facturas")
class PacienteFacturas(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(PaginacionArgs, location="query")
    @blp.response(200, envelope(FacturaSchema))
    def get(self, args, paciente_id):
        """Facturas del paciente."""
        pagina = pacientes_service.facturas(alcance_actual(), paciente_id, **args)
        confirmar_sin_recargar()
        return pagina


@blp.route("/<int:paciente_id>/historial")
class PacienteHistorial(MethodView):
    @role_required(ADMIN, MEDICO)
    @blp.arguments(HistorialPacienteArgs, location="query")
    @blp.response(200, envelope(HistorialSchema))
    def get(self, args, paciente_id):
        """Historial clínico del paciente (Médico que lo trata, o con X-Acceso-Emergencia; Administrador)."""
        pagina = historial_service.listar(alcance_actual(), paciente_id=paciente_id, emergencia=motivo_emergencia(), **args)
        confirmar_sin_recargar()
        return pagina


@blp.route("/<int:paciente_id>/exportar")
class PacienteExportar(MethodView):
    @admin_required
    @blp.response(200, ExportacionSchema)
    @lee_de_replica
    def get(self, paciente_id):
        """Todo lo que se guarda sobre el paciente, en un documento JSON (portabilidad de datos)."""
        datos = pacientes_service.exportar(alcance_actual(), paciente_id)
        confirmar_sin_recargar()
        return datos

