"""The clinic's settings: any user reads them; the Administrador changes them."""
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.configuracion import ConfiguracionEditarSchema, ConfiguracionSchema
from app.services import configuracion_service
from app.utils.auth import admin_required, login_required

blp = Blueprint("configuracion", __name__, url_prefix="/api/configuracion", description="Configuración de la clínica")


@blp.route("")
class Configuracion(MethodView):
    @login_required
    @blp.response(200, ConfiguracionSchema)
    def get(self):
        """Ver la configuración de la clínica (nombre, moneda, impuesto por defecto…)."""
        config = configuracion_service.obtener()
        confirmar_sin_recargar()
        return config

    @admin_required
    @blp.arguments(ConfiguracionEditarSchema)
    @blp.response(200, ConfiguracionSchema)
    def patch(self, datos):
        """Modificar la configuración de la clínica."""
        config = configuracion_service.editar(current_user, datos)
        confirmar_sin_recargar()
        return config
