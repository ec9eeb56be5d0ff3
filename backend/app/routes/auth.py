from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import db
from app.schemas.usuario import AccessTokenSchema, LoginRespuestaSchema, LoginSchema, UsuarioSchema
from app.services import auth_service
from app.utils.auth import login_required, role_required
from app.utils.errors import ErrorNegocio

blp = Blueprint("auth", __name__, url_prefix="/api/auth", description="Autenticación")


@blp.route("/login")
class Login(MethodView):
    @blp.arguments(LoginSchema)
    @blp.response(200, LoginRespuestaSchema)
    @blp.alt_response(401, schema=None, description="Credenciales incorrectas")
    @blp.alt_response(429, schema=None, description="Demasiados intentos fallidos")
    def post(self, datos):
        """Iniciar sesión."""
        try:
            usuario, tokens = auth_service.login(datos["email"], datos["password"])
        except ErrorNegocio:
            db.session.commit()  # the failed attempt and its audit row are kept
            raise
        db.session.commit()
        return {**tokens, "usuario": usuario}


@blp.route("/refresh")
class Refresh(MethodView):
    @role_required(refresh=True)
    @blp.response(200, AccessTokenSchema)
    def post(self):
        """Obtener un token de acceso nuevo con el token de refresco."""
        return {"access_token": auth_service.refrescar(current_user)}


@blp.route("/logout")
class Logout(MethodView):
    @login_required
    @blp.response(204)
    def post(self):
        """Cerrar sesión: revoca el token de acceso y su token de refresco."""
        auth_service.logout(current_user)
        db.session.commit()


@blp.route("/me")
class Me(MethodView):
    @login_required
    @blp.response(200, UsuarioSchema)
    def get(self):
        """El usuario de la sesión."""
        return current_user
