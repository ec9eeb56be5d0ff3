"""Billing: service catalog, invoices (immutable: no PUT, PATCH or DELETE → 405), payments, cancellation, PDF."""
from flask import Response
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.schemas.facturacion import (AnularSchema, DevolucionCrearSchema, FacturaCrearSchema, FacturaDetalleSchema,
                                     FacturaListaArgs, FacturaSchema, PagoCrearSchema, PagoRegistradoSchema,
                                     RectificarSchema, ServicioCrearSchema, ServicioEditarSchema, ServicioListaArgs,
                                     ServicioSchema)
from app.services import facturacion_service, pdf_service, servicios_service
from app.utils.auth import ADMIN, FACTURACION, alcance_actual, login_required, role_required
from app.utils.pagination import envelope

blp = Blueprint("facturacion", __name__, url_prefix="/api/facturacion", description="Facturación")

@blp.route("/servicios")
class Servicios(MethodView):
    @login_required
    @blp.arguments(ServicioListaArgs, location="query")
    @blp.response(200, envelope(ServicioSchema))
    def get(self, args):
        """Listar el catálogo de servicios (filtros `activo`, `q`)."""
        return servicios_service.listar(**args)

    @role_required(ADMIN, FACTURACION)
    @blp.arguments(ServicioCrearSchema)
    @blp.response(201, ServicioSchema)
    def post(self, datos):
        """Crear un servicio facturable."""
        servicio = servicios_service.crear(current_user, datos)
        confirmar_sin_recargar()
        return servicio


@blp.route("/servicios/<int:servicio_id>")
class ServicioDetalle(MethodView):
    @login_required
    @blp.response(200, ServicioSchema)
    def get(self, servicio_id):
        """Ver un servicio."""
        return servicios_service.obtener(servicio_id)

    @role_required(ADMIN, FACTURACION)
    @blp.arguments(ServicioEditarSchema)
    @blp.response(200, ServicioSchema)
    def patch(self, datos, servicio_id):
        """Modificar o desactivar (`activo: false`) un servicio; las facturas emitidas no cambian."""
        servicio = servicios_service.editar(current_user, servicio_id, datos)
        confirmar_sin_recargar()
        return servicio


@blp.route("/facturas")
class Facturas(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(FacturaListaArgs, location="query")
    @blp.response(200, envelope(FacturaSchema))
    def get(self, args):
        """Listar facturas y rectificativas, las más recientes primero (filtros `paciente_id, estado, tipo,
        fecha_desde, fecha_hasta, sucursal_id`; las fechas son días de la sucursal emisora)."""
        pagina = facturacion_service.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return pagina

    @role_required(ADMIN, FACTURACION)
    @blp.arguments(FacturaCrearSchema)
    @blp.response(201, FacturaSchema)
    @blp.alt_response(409, description="`CITA_YA_FACTURADA`")
    def post(self, datos):
        """Emitir una factura: el servidor calcula importes, impuestos, totales y el número correlativo."""
        factura = facturacion_service.emitir(alcance_actual(), **datos)
        confirmar_sin_recargar()
        return factura


@blp.route("/facturas/<int:factura_id>")
class FacturaDetalle(MethodView):
    """Only GET: an issued invoice is never edited or deleted (PUT, PATCH, DELETE → 405)."""

    @role_required(ADMIN, FACTURACION)
    @blp.response(200, FacturaDetalleSchema)
    def get(self, factura_id):
        """Ver una factura con sus líneas (y lo que queda por rectificar de cada una), pagos y rectificativas."""
        factura = facturacion_service.consultar(alcance_actual(), factura_id)
        confirmar_sin_recargar()
        return factura


@blp.route("/facturas/<int:factura_id>/pdf")
class FacturaPdf(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
                  description="La factura en PDF")
    def get(self, factura_id):
        """Descargar la factura en PDF."""
        factura = facturacion_service.consultar(alcance_actual(), factura_id, accion="factura_pdf_descargada")
        contenido = pdf_service.generar(factura)
        confirmar_sin_recargar()
        return Response(contenido, mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="{pdf_service.nombre_archivo(factura)}"'})


@blp.route("/facturas/<int:factura_id>/pagos")
class FacturaPagos(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(PagoCrearSchema)
    @blp.response(201, PagoRegistradoSchema)
    @blp.alt_response(409, description="`PAGO_EXCEDE_SALDO`, `FACTURA_ANULADA`, `FACTURA_RECTIFICATIVA` o "
                                       "`CAJA_CERRADA`")
    def post(self, datos, factura_id):
        """Registrar un pago (parcial o total); la factura pasa a `pagada` cuando el saldo llega a cero. Se suma a
        la caja abierta de la sucursal."""
        pago = facturacion_service.registrar_pago(alcance_actual(), factura_id, **datos)
        confirmar_sin_recargar()
        return pago


@blp.route("/facturas/<int:factura_id>/anular")
class FacturaAnular(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(AnularSchema)
    @blp.response(200, FacturaSchema)
    @blp.alt_response(409, description="`FACTURA_YA_ANULADA`, `FACTURA_RECTIFICADA` o `FACTURA_RECTIFICATIVA`")
    def post(self, datos, factura_id):
        """Anular una factura con un motivo; conserva su número."""
        factura = facturacion_service.anular(alcance_actual(), factura_id, **datos)
        confirmar_sin_recargar()
        return factura


@blp.route("/facturas/<int:factura_id>/rectificar")
class FacturaRectificar(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(RectificarSchema)
    @blp.response(201, FacturaSchema)
    @blp.alt_response(409, description="`RECTIFICACION_EXCEDE`, `FACTURA_ANULADA` o `FACTURA_RECTIFICATIVA`")
    def post(self, datos, factura_id):
        """Emitir una factura rectificativa (total, o de algunas líneas y cantidades): importes negativos, en su
        propia serie de la sucursal y en la cadena de huellas."""
        nota = facturacion_service.rectificar(alcance_actual(), factura_id, **datos)
        confirmar_sin_recargar()
        return nota


@blp.route("/facturas/<int:factura_id>/devoluciones")
class FacturaDevoluciones(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(DevolucionCrearSchema)
    @blp.response(201, PagoRegistradoSchema)
    @blp.alt_response(409, description="`DEVOLUCION_EXCEDE_PAGADO`, `FACTURA_RECTIFICATIVA` o `CAJA_CERRADA`")
    def post(self, datos, factura_id):
        """Devolver dinero al paciente (un pago negativo), nunca más de lo pagado menos lo ya devuelto. Se suma a
        la caja abierta de la sucursal."""
        devolucion = facturacion_service.devolver(alcance_actual(), factura_id, **datos)
        confirmar_sin_recargar()
        return devolucion
