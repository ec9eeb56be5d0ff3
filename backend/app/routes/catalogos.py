"""Branches, specialties, appointment states and the health check."""
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from app.extensions import confirmar_sin_recargar, db
from app.schemas.catalogos import (CatalogoArgs, EspecialidadCrearSchema, EspecialidadEditarSchema, EspecialidadSchema,
                                   EstadoCitaSchema, HealthSchema, SucursalCrearSchema, SucursalEditarSchema,
                                   SucursalSchema)
from app.services import catalogos_service
from app.utils.auth import admin_required, login_required
from app.utils.conexiones import estado_replica
from app.utils.errors import error_response, no_disponible
from app.utils.pagination import PaginacionArgs, envelope, ya_serializada

sucursales_blp = Blueprint("sucursales", __name__, url_prefix="/api/sucursales", description="Sucursales")
especialidades_blp = Blueprint("especialidades", __name__, url_prefix="/api/especialidades", description="Especialidades")
estados_blp = Blueprint("estados-cita", __name__, url_prefix="/api/estados-cita", description="Estados de cita")
health_blp = Blueprint("health", __name__, url_prefix="/api/health", description="Estado del servicio")


@sucursales_blp.route("")
class Sucursales(MethodView):
    @login_required
    @sucursales_blp.arguments(CatalogoArgs, location="query")
    @sucursales_blp.response(200, envelope(SucursalSchema))
    def get(self, args):
        """Listar sucursales."""
        return ya_serializada(catalogos_service.listar_sucursales(**args))

    @admin_required
    @sucursales_blp.arguments(SucursalCrearSchema)
    @sucursales_blp.response(201, SucursalSchema)
    def post(self, datos):
        """Crear una sucursal."""
        sucursal = catalogos_service.crear_sucursal(datos)
        confirmar_sin_recargar()
        return sucursal


@sucursales_blp.route("/<int:sucursal_id>")
class SucursalDetalle(MethodView):
    @login_required
    @sucursales_blp.response(200, SucursalSchema)
    def get(self, sucursal_id):
        """Ver una sucursal."""
        return catalogos_service.obtener_sucursal(sucursal_id)

    @admin_required
    @sucursales_blp.arguments(SucursalEditarSchema)
    @sucursales_blp.response(200, SucursalSchema)
    def patch(self, datos, sucursal_id):
        """Modificar una sucursal."""
        sucursal = catalogos_service.editar_sucursal(sucursal_id, datos)
        confirmar_sin_recargar()
        return sucursal


@especialidades_blp.route("")
class Especialidades(MethodView):
    @login_required
    @especialidades_blp.arguments(CatalogoArgs, location="query")
    @especialidades_blp.response(200, envelope(EspecialidadSchema))
    def get(self, args):
        """Listar especialidades."""
        return ya_serializada(catalogos_service.listar_especialidades(**args))

    @admin_required
    @especialidades_blp.arguments(EspecialidadCrearSchema)
    @especialidades_blp.response(201, EspecialidadSchema)
    def post(self, datos):
        """Crear una especialidad."""
        especialidad = catalogos_service.crear_especialidad(datos)
        confirmar_sin_recargar()
        return especialidad


@especialidades_blp.route("/<int:especialidad_id>")
class EspecialidadDetalle(MethodView):
    @login_required
    @especialidades_blp.response(200, EspecialidadSchema)
    def get(self, especialidad_id):
        """Ver una especialidad."""
        return catalogos_service.obtener_especialidad(especialidad_id)

    @admin_required
    @especialidades_blp.arguments(EspecialidadEditarSchema)
    @especialidades_blp.response(200, EspecialidadSchema)
    def patch(self, datos, especialidad_id):
        """Modificar una especialidad."""
        especialidad = catalogos_service.editar_especialidad(especialidad_id, datos)
        confirmar_sin_recargar()
        return especialidad


@estados_blp.route("")
class EstadosCita(MethodView):
    @login_required
    @estados_blp.arguments(PaginacionArgs, location="query")
    @estados_blp.response(200, envelope(EstadoCitaSchema))
    def get(self, args):
        """Los estados de cita con sus ids."""
        return catalogos_service.listar_estados(**args)


@health_blp.route("")
class Health(MethodView):
    @health_blp.response(200, HealthSchema)
    @health_blp.alt_response(503, schema=None, description="Base de datos no disponible")
    def get(self):
        """Estado del servicio y de la base de datos (y de la réplica de lectura, si la hay: `replica` es "ok",
        "atrasada" —más de REPLICA_MAX_LAG_S segundos por detrás— o "caida"; `lag_s`, su retraso en segundos)."""
        try:
            db.session.execute(text("SELECT 1"))
        except DBAPIError:
            db.session.rollback()
            return no_disponible(error_response(503, "La base de datos no está disponible",
                                                "BASE_DE_DATOS_NO_DISPONIBLE", database="error"))
        respuesta = {"status": "ok", "database": "ok"}
        replica = estado_replica(forzar=True)
        if replica is not None:
            respuesta.update(replica=replica.estado, lag_s=replica.lag_s)
        return respuesta
