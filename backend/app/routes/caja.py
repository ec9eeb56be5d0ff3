"""Cash register: sessions per branch (open, movements, close, closing report). A closed session never changes."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.caja import (AbrirCajaSchema, CerrarCajaSchema, MovimientoCajaCrearSchema, MovimientoCajaSchema,
                              SesionCajaDetalleSchema, SesionCajaListaArgs, SesionCajaSchema)
from app.services import arqueo_pdf, caja_service
from app.utils.auth import ADMIN, FACTURACION, RECEPCIONISTA, alcance_actual, role_required
from app.utils.pagination import envelope, ya_serializada

blp = Blueprint("caja", __name__, url_prefix="/api/caja", description="Caja")

ROLES_CAJA = (ADMIN, FACTURACION, RECEPCIONISTA)


@blp.route("/sesiones")
class Sesiones(MethodView):
    @role_required(*ROLES_CAJA)
    @blp.arguments(SesionCajaListaArgs, location="query")
    @blp.response(200, envelope(SesionCajaSchema))
    def get(self, args):
        """Listar las sesiones de caja, las más recientes primero (filtros `sucursal_id`, `estado`)."""
        return ya_serializada(caja_service.listar(alcance_actual(), **args))

    @role_required(*ROLES_CAJA)
    @blp.arguments(AbrirCajaSchema)
    @blp.response(201, SesionCajaSchema)
    @blp.alt_response(409, description="`CAJA_YA_ABIERTA`")
    def post(self, datos):
        """Abrir la caja de una sucursal con un fondo inicial."""
        sesion = caja_service.abrir(alcance_actual(), **datos)
        confirmar_sin_recargar()
        return sesion


@blp.route("/sesiones/<int:sesion_id>")
class SesionDetalle(MethodView):
    @role_required(*ROLES_CAJA)
    @blp.response(200, SesionCajaDetalleSchema)
    def get(self, sesion_id):
        """Ver una sesión con sus movimientos y los totales por método de pago."""
        return ya_serializada(caja_service.consultar(alcance_actual(), sesion_id))


@blp.route("/sesiones/<int:sesion_id>/movimientos")
class SesionMovimientos(MethodView):
    @role_required(*ROLES_CAJA)
    @blp.arguments(MovimientoCajaCrearSchema)
    @blp.response(201, MovimientoCajaSchema)
    @blp.alt_response(409, description="`CAJA_CERRADA` o `CAJA_SIN_EFECTIVO`")
    def post(self, datos, sesion_id):
        """Registrar una entrada (`ingreso`) o salida (`egreso`) manual de efectivo con su concepto."""
        movimiento = caja_service.registrar_movimiento(alcance_actual(), sesion_id, **datos)
        confirmar_sin_recargar()
        return ya_serializada(movimiento, 201)


@blp.route("/sesiones/<int:sesion_id>/cerrar")
class SesionCerrar(MethodView):
    @role_required(*ROLES_CAJA)
    @blp.arguments(CerrarCajaSchema)
    @blp.response(200, SesionCajaSchema)
    @blp.alt_response(409, description="`CAJA_CERRADA`")
    def post(self, datos, sesion_id):
        """Cerrar la caja con el efectivo contado: esperado, contado, diferencia y totales por método."""
        sesion = caja_service.cerrar(alcance_actual(), sesion_id, **datos)
        confirmar_sin_recargar()
        return sesion


@blp.route("/sesiones/<int:sesion_id>/arqueo.pdf")
class SesionArqueo(MethodView):
    @role_required(*ROLES_CAJA)
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
                  description="El arqueo de la sesión en PDF")
    def get(self, sesion_id):
        """Descargar el arqueo (informe de cierre) de la sesión en PDF."""
        sesion = caja_service.leer(alcance_actual(), sesion_id)
        pdf = arqueo_pdf.generar(sesion, caja_service.movimientos(sesion.id))
        return Response(pdf, mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="arqueo-{sesion.id}.pdf"'})
