from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import db
from app.schemas.usuario import UsuarioCrearSchema, UsuarioEditarSchema, UsuarioListaArgs, UsuarioSchema
from app.services import usuarios_service
from app.utils.auth import admin_required
from app.utils.pagination import envelope

blp = Blueprint("usuarios", __name__, url_prefix="/api/usuarios", description="Usuarios del sistema")


@blp.route("")
class Usuarios(MethodView):
    @admin_required
    @blp.arguments(UsuarioListaArgs, location="query")
    @blp.response(200, envelope(UsuarioSchema))
    def get(self, args):
        """Listar usuarios."""
        return usuarios_service.listar(**args)

    @admin_required
    @blp.arguments(UsuarioCrearSchema)
    @blp.response(201, UsuarioSchema)
    def post(self, datos):
        """Crear un usuario."""
        usuario = usuarios_service.crear(current_user, **datos)
        db.session.commit()
        return usuario


@blp.route("/<int:usuario_id>")
class UsuarioDetalle(MethodView):
    @admin_required
    @blp.response(200, UsuarioSchema)
    def get(self, usuario_id):
        """Ver un usuario."""
        return usuarios_service.obtener(usuario_id)

    @admin_required
    @blp.arguments(UsuarioEditarSchema)
    @blp.response(200, UsuarioSchema)
    def patch(self, datos, usuario_id):
        """Modificar nombre, apellido, rol, sucursal, estado o contraseña."""
        usuario = usuarios_service.editar(current_user, usuario_id, **datos)
        db.session.commit()
        return usuario
