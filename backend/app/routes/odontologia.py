"""Dentistry: the condition catalogue, the odontogram (append-only, clinical rules), treatment plans and budgets."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar
from app.routes.historial import inmutable, motivo_emergencia
from app.schemas.odontologia import (CondicionSchema, OdontogramaArgs, OdontogramaSchema, PlanCrearSchema,
                                     PlanEditarSchema, PlanEstadoSchema, PlanesArgs, PlanSchema, RealizarSchema,
                                     RegistroCrearSchema, RegistroSchema)
from app.services import presupuesto_pdf
from app.services.odontologia import odontograma, planes
from app.utils.auth import ADMIN, FACTURACION, MEDICO, RECEPCIONISTA, alcance_actual, role_required
from app.utils.pagination import PaginacionArgs, envelope

blp = Blueprint("odontologia", __name__, url_prefix="/api", description="Odontología")

CLINICOS = (ADMIN, MEDICO)  # the odontogram is clinical history
LEEN_PLANES = (ADMIN, MEDICO, RECEPCIONISTA, FACTURACION)
MUEVEN_PLANES = (MEDICO, RECEPCIONISTA)


@blp.route("/odontologia/condiciones")
class Condiciones(MethodView):
    @role_required(ADMIN, MEDICO, RECEPCIONISTA, FACTURACION)
    @blp.response(200, CondicionSchema(many=True))
    def get(self):
        """El catálogo de condiciones del odontograma (datos de referencia)."""
        return odontograma.condiciones()


@blp.route("/pacientes/<int:paciente_id>/odontograma")
class Odontograma(MethodView):
    @role_required(*CLINICOS)
    @blp.arguments(OdontogramaArgs, location="query")
    @blp.response(200, OdontogramaSchema)
    def get(self, args, paciente_id):
        """El odontograma del paciente ahora, o al final del día `fecha`."""
        carta = odontograma.leer(alcance_actual(), paciente_id, emergencia=motivo_emergencia(), **args)
        confirmar_sin_recargar()
        return carta


@blp.route("/pacientes/<int:paciente_id>/odontograma/registros")
class Registros(MethodView):
    @role_required(*CLINICOS)
    @blp.arguments(PaginacionArgs, location="query")
    @blp.response(200, envelope(RegistroSchema))
    def get(self, args, paciente_id):
        """La historia del odontograma, del registro más reciente al más antiguo."""
        pagina = odontograma.listar_registros(alcance_actual(), paciente_id, emergencia=motivo_emergencia(), **args)
        confirmar_sin_recargar()
        return pagina

    @role_required(MEDICO)
    @blp.arguments(RegistroCrearSchema)
    @blp.response(201, RegistroSchema)
    @blp.alt_response(409, description="`PIEZA_AUSENTE`")
    def post(self, datos, paciente_id):
        """Registrar hallazgos (el médico, el autor y la fecha salen del token y del reloj)."""
        registro = odontograma.registrar(alcance_actual(), paciente_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return registro


INMUTABLE = "Un registro del odontograma nunca cambia: añada otro"


@blp.route("/pacientes/<int:paciente_id>/odontograma/registros/<int:registro_id>")
class Registro(MethodView):
    @role_required(*CLINICOS)
    @blp.response(200, RegistroSchema)
    def get(self, paciente_id, registro_id):
        """Ver un registro del odontograma."""
        registro = odontograma.obtener_registro(alcance_actual(), paciente_id, registro_id,
                                                emergencia=motivo_emergencia())
        confirmar_sin_recargar()
        return registro

    @role_required(*CLINICOS)
    @blp.alt_response(405, description="Un registro nunca cambia")
    def put(self, paciente_id, registro_id):
        """No permitido: un registro nunca cambia (405)."""
        inmutable(INMUTABLE)

    @role_required(*CLINICOS)
    @blp.alt_response(405, description="Un registro nunca cambia")
    def patch(self, paciente_id, registro_id):
        """No permitido: un registro nunca cambia (405)."""
        inmutable(INMUTABLE)

    @role_required(*CLINICOS)
    @blp.alt_response(405, description="Un registro nunca se borra")
    def delete(self, paciente_id, registro_id):
        """No permitido: un registro nunca se borra (405)."""
        inmutable(INMUTABLE)


@blp.route("/pacientes/<int:paciente_id>/planes")
class Planes(MethodView):
    @role_required(*LEEN_PLANES)
    @blp.arguments(PlanesArgs, location="query")
    @blp.response(200, envelope(PlanSchema))
    def get(self, args, paciente_id):
        """Los planes de tratamiento del paciente, los más recientes primero."""
        pagina = planes.listar(alcance_actual(), paciente_id, emergencia=motivo_emergencia(), **args)
        confirmar_sin_recargar()
        return pagina

    @role_required(MEDICO)
    @blp.arguments(PlanCrearSchema)
    @blp.response(201, PlanSchema)
    def post(self, datos, paciente_id):
        """Crear un plan (borrador): precios, descuentos, impuestos y totales los calcula el servidor."""
        plan = planes.crear(alcance_actual(), paciente_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return plan


@blp.route("/planes/<int:plan_id>")
class Plan(MethodView):
    @role_required(*LEEN_PLANES)
    @blp.response(200, PlanSchema)
    def get(self, plan_id):
        """Ver un plan con sus ítems."""
        plan = planes.obtener(alcance_actual(), plan_id, emergencia=motivo_emergencia())
        confirmar_sin_recargar()
        return plan

    @role_required(MEDICO)
    @blp.arguments(PlanEditarSchema)
    @blp.response(200, PlanSchema)
    @blp.alt_response(409, description="`PLAN_NO_MODIFICABLE`")
    def patch(self, datos, plan_id):
        """Editar un borrador (los ítems enviados reemplazan a todos)."""
        plan = planes.editar(alcance_actual(), plan_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return plan


@blp.route("/planes/<int:plan_id>/estado")
class PlanEstado(MethodView):
    @role_required(*MUEVEN_PLANES)
    @blp.arguments(PlanEstadoSchema)
    @blp.response(200, PlanSchema)
    @blp.alt_response(409, description="`TRANSICION_INVALIDA`")
    def post(self, datos, plan_id):
        """Presentar, aceptar (con quién acepta), rechazar, iniciar, terminar o cancelar (con motivo) el plan."""
        plan = planes.cambiar_estado(alcance_actual(), plan_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return plan


@blp.route("/planes/<int:plan_id>/items/<int:item_id>/realizar")
class ItemRealizar(MethodView):
    @role_required(MEDICO)
    @blp.arguments(RealizarSchema)
    @blp.response(200, PlanSchema)
    @blp.alt_response(409, description="`PLAN_NO_EN_CURSO`, `ITEM_YA_REALIZADO`, `PIEZA_AUSENTE`")
    def post(self, datos, plan_id, item_id):
        """Marcar realizado un ítem de un plan aceptado o en curso (anota en el odontograma la condición
        resultante del servicio)."""
        plan = planes.realizar(alcance_actual(), plan_id, item_id, emergencia=motivo_emergencia(), **datos)
        confirmar_sin_recargar()
        return plan


@blp.route("/planes/<int:plan_id>/presupuesto.pdf")
class Presupuesto(MethodView):
    @role_required(*LEEN_PLANES)
    @blp.response(200, {"type": "string", "format": "binary"}, content_type="application/pdf",
                  description="El presupuesto del plan en PDF, para firmar")
    def get(self, plan_id):
        """Descargar el presupuesto del plan en PDF."""
        alcance = alcance_actual()
        plan = planes.obtener(alcance, plan_id, emergencia=motivo_emergencia(), accion="presupuesto_consultado")
        contenido = presupuesto_pdf.generar(plan, alcance.ahora)
        confirmar_sin_recargar()
        return Response(contenido, mimetype="application/pdf", headers={
            "Content-Disposition": f'inline; filename="presupuesto-{plan.id}.pdf"'})
