"""The TOTP second factor of the session's user: state, enrolment (QR code), activation, removal.

Every route here also takes the enrolment-only token an Administrador gets while the clinic requires TOTP
and they have none (mfa_service)."""
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import db
from app.schemas.mfa import MfaActivadoSchema, MfaCodigoSchema, MfaDesactivarSchema, MfaEstadoSchema, MfaInscripcionSchema
from app.services import mfa_service
from app.utils.auth import role_required
from app.utils.errors import ErrorNegocio

blp = Blueprint("mfa", __name__, url_prefix="/api/auth/mfa", description="Verificación en dos pasos (TOTP)")

inscripcion = role_required(durante_inscripcion_mfa=True)


@blp.route("")
class Estado(MethodView):
    @inscripcion
    @blp.response(200, MfaEstadoSchema)
    def get(self):
        """Estado de la verificación en dos pasos del usuario de la sesión."""
        return mfa_service.estado(current_user)


@blp.route("/inscribir")
class Inscribir(MethodView):
    @inscripcion
    @blp.response(200, MfaInscripcionSchema)
    @blp.alt_response(409, schema=None, description="Ya está activa (MFA_YA_ACTIVO)")
    def post(self):
        """Iniciar la inscripción: un secreto nuevo y su código QR para la aplicación de autenticación. No se
        activa hasta confirmarlo con un código."""
        datos = mfa_service.inscribir(current_user)
        db.session.commit()
        return datos


@blp.route("/activar")
class Activar(MethodView):
    @inscripcion
    @blp.arguments(MfaCodigoSchema)
    @blp.response(200, MfaActivadoSchema)
    @blp.alt_response(409, schema=None, description="Sin inscripción iniciada o ya activa")
    def post(self, datos):
        """Activar con el primer código de la aplicación. Responde los códigos de recuperación, que no se
        vuelven a mostrar."""
        codigos = mfa_service.activar(current_user, datos["codigo"])
        db.session.commit()
        return codigos


@blp.route("/desactivar")
class Desactivar(MethodView):
    @inscripcion
    @blp.arguments(MfaDesactivarSchema)
    @blp.response(204)
    @blp.alt_response(409, schema=None, description="No está activa, o la clínica la exige (MFA_OBLIGATORIO)")
    @blp.alt_response(429, schema=None, description="Demasiados intentos fallidos (cabecera Retry-After)")
    def post(self, datos):
        """Desactivar la verificación en dos pasos con la contraseña y un código (o un código de recuperación)."""
        try:
            mfa_service.desactivar(current_user, datos["password"], datos["codigo"])
        except ErrorNegocio:
            db.session.commit()  # the counted attempt and its audit row are kept
            raise
        db.session.commit()
