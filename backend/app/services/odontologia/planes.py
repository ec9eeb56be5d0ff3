"""Treatment plans: items per tooth priced with the invoices' arithmetic, their state machine, doing and billing.

Who sees a plan: every role reads plans (a branch-bound Recepcionista or Facturación only their branch's:
``Alcance.filtrar_planes``); a Médico only of patients they treat (the clinical rule,
``historial_service.autorizar``, with the same emergency access). Only a Médico writes a plan or marks its work
done; a Médico or a Recepcionista moves its state (presenting the budget, the patient's answer).

A plan's amounts are computed here and frozen once it leaves ``borrador`` (a trigger of migration 0021 refuses
any change to them, and to its items but their progress). Every change runs with the plan's row locked.
"""
from decimal import Decimal

from sqlalchemy import func, insert, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Cita, ItemPlan, Paciente, PlanTratamiento, Servicio, Sucursal
from app.services import auditoria_service, historial_service
from app.services.fusion_pacientes import ids_del_paciente
from app.services.odontologia import fdi, odontograma
from app.utils.auth import MEDICO
from app.schemas.facturacion import IMPORTE_MAXIMO
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint
from app.utils.importes import CENT, importes_linea, porcentaje_de
from app.utils.pagination import paginate
from app.utils.sql import por_id

ENTIDAD = "plan_tratamiento"
# estado → the states it may go to
TRANSICIONES = {
    "borrador": {"presentado", "cancelado"},
    "presentado": {"aceptado", "rechazado", "cancelado"},
    "aceptado": {"en_curso", "cancelado"},
    "en_curso": {"terminado", "cancelado"},
}
# the timestamp each state sets
MARCAS = {"presentado": "presentado_en", "aceptado": "aceptado_en", "rechazado": "rechazado_en",
          "terminado": "terminado_en", "cancelado": "cancelado_en"}
NO_MODIFICABLE = "El plan ya no es un borrador: sus ítems y precios no cambian"

register_constraint("plan_no_modificable", "PLAN_NO_MODIFICABLE", NO_MODIFICABLE, kind="check")


# --- reading -------------------------------------------------------------------------------------

def _con_detalle(stmt):
    return stmt.options(selectinload(PlanTratamiento.items).joinedload(ItemPlan.servicio),
                        joinedload(PlanTratamiento.medico), joinedload(PlanTratamiento.sucursal))


def _autorizar_paciente(alcance, paciente_id, accion, emergencia, plan_id=None):
    """A Médico reads and writes plans of patients they treat (the clinical rule); other roles by branch."""
    if alcance.rol == MEDICO:
        historial_service.autorizar(alcance, paciente_id, emergencia, accion, plan_id, entidad=ENTIDAD)


def listar(alcance, paciente_id, *, page, per_page, estado=None, emergencia=None):
    if db.session.scalar(select(Paciente.id).where(Paciente.id == paciente_id)) is None:
        raise NoEncontrado("El paciente no existe")
    _autorizar_paciente(alcance, paciente_id, "planes_consultados", emergencia)
    stmt = alcance.filtrar_planes(select(PlanTratamiento).where(
        PlanTratamiento.paciente_id.in_(ids_del_paciente(paciente_id))))
    if estado:
        stmt = stmt.where(PlanTratamiento.estado == estado)
    return paginate(_con_detalle(stmt).order_by(PlanTratamiento.creado_en.desc(), PlanTratamiento.id.desc()),
                    page, per_page)


def obtener(alcance, plan_id, *, emergencia=None, bloquear=False, accion="plan_consultado"):
    """The plan in the caller's scope (404 otherwise); ``bloquear``: its row locked FOR UPDATE until commit."""
    stmt = alcance.filtrar_planes(select(PlanTratamiento).where(PlanTratamiento.id == plan_id))
    if bloquear:
        stmt = stmt.with_for_update(of=PlanTratamiento).execution_options(populate_existing=True)
    plan = db.session.scalars(_con_detalle(stmt)).unique().one_or_none()
    if plan is None:
        raise NoEncontrado("El plan de tratamiento no existe")
    _autorizar_paciente(alcance, plan.paciente_id, accion, emergencia, plan.id)
    return plan


# --- writing -------------------------------------------------------------------------------------

# A new plan and its items are written with an INSERT … RETURNING each, not the unit of work, whose flush walked the
# plan's and every item's relationships (as a booking: docs/architecture.md, «Answering after a write»).
_INSERTAR_PLAN = insert(PlanTratamiento).returning(PlanTratamiento)
_INSERTAR_ITEMS = insert(ItemPlan).returning(ItemPlan, sort_by_parameter_order=True)


def _items(datos_items):
    """(the plan's items priced from the service catalogue today as rows, the services by id); 422 with each wrong
    item's fields."""
    ids = {d["servicio_id"] for d in datos_items}
    servicios = {s.id: s for s in db.session.scalars(select(Servicio).where(Servicio.id.in_(ids)))}
    errores = {}
    for i, d in enumerate(datos_items):
        campos = {}
        servicio = servicios.get(d["servicio_id"])
        if servicio is None or not servicio.activo:
            campos["servicio_id"] = ["El servicio no existe." if servicio is None else "El servicio está inactivo."]
        pieza, superficies = d.get("pieza"), d.get("superficies") or []
        if pieza is None and superficies:
            campos["superficies"] = ["Indique la pieza de esas superficies."]
        elif pieza is not None and (problemas := fdi.errores_pieza(pieza, superficies)):
            campos["pieza" if pieza not in fdi.PIEZAS else "superficies"] = problemas
        if campos:
            errores[i] = campos
    if errores:
        raise Invalido({"items": errores})
    filas = []
    for d in datos_items:
        servicio = servicios[d["servicio_id"]]
        cantidad, porcentaje = d.get("cantidad", 1), d.get("descuento_porcentaje", Decimal("0"))
        iva = servicio.impuesto_porcentaje or Decimal("0.00")
        bruto = (servicio.precio * cantidad).quantize(CENT)
        descuento = porcentaje_de(bruto, porcentaje)
        _, impuesto = importes_linea(servicio.precio, iva, cantidad, descuento)
        filas.append({
            "servicio_id": servicio.id, "pieza": d.get("pieza"), "superficies": fdi.normalizar(d.get("superficies")),
            "cantidad": cantidad, "fase": d.get("fase", 1), "nota": d.get("nota"), "precio_unitario": servicio.precio,
            "impuesto_porcentaje": iva, "descuento_porcentaje": porcentaje, "subtotal": bruto, "descuento": descuento,
            "impuesto": impuesto, "estado": "pendiente"})
    return filas, servicios


def _totales(filas):
    """The plan's sums of its items' rows (API.md: total = subtotal − descuento + impuesto)."""
    cero = Decimal("0.00")
    subtotal, descuento, impuesto = (sum((f[campo] for f in filas), cero)
                                     for campo in ("subtotal", "descuento", "impuesto"))
    total = subtotal - descuento + impuesto
    if max(subtotal, total) > IMPORTE_MAXIMO:
        raise Invalido({"items": ["El importe del plan supera el máximo permitido; divídalo en varios planes."]})
    return {"subtotal": subtotal, "descuento": descuento, "impuesto": impuesto, "total": total}


def _sucursal(alcance, sucursal_id):
    """The plan's branch: the one given, else the user's, else the clinic's only active one."""
    if sucursal_id is None:
        sucursal_id = alcance.usuario.sucursal_id
    if sucursal_id is None:
        activas = db.session.scalars(select(Sucursal).where(Sucursal.activo.is_(True)).limit(2)).all()
        if len(activas) != 1:
            raise Invalido({"sucursal_id": ["Indique la sucursal del plan."]})
        return activas[0]
    sucursal = por_id(Sucursal, sucursal_id)
    if sucursal is None or not sucursal.activo:
        raise Invalido({"sucursal_id": ["La sucursal no existe o está inactiva."]})
    return sucursal


def crear(alcance, paciente_id, *, titulo, items, sucursal_id=None, vigencia_dias=30, emergencia=None):
    medico = historial_service.medico_propio(alcance)
    historial_service.autorizar(alcance, paciente_id, emergencia, "plan_creado", entidad=ENTIDAD)  # 404: no patient
    sucursal = _sucursal(alcance, sucursal_id)
    filas, servicios = _items(items)
    plan = db.session.scalars(_INSERTAR_PLAN, [{
        "paciente_id": paciente_id, "medico_id": medico.id, "sucursal_id": sucursal.id, "titulo": titulo,
        "vigencia_dias": vigencia_dias, "estado": "borrador", "creado_por": alcance.usuario.id,
        "creado_en": alcance.ahora, **_totales(filas)}]).one()
    del_plan = db.session.scalars(_INSERTAR_ITEMS, [{**fila, "plan_id": plan.id} for fila in filas]).all()
    for item in del_plan:
        set_committed_value(item, "servicio", servicios[item.servicio_id])
    for nombre, valor in (("items", del_plan), ("medico", medico), ("sucursal", sucursal)):
        set_committed_value(plan, nombre, valor)
    _auditar(alcance, "plan_creado", plan, total=str(plan.total), items=len(plan.items))
    return plan


def editar(alcance, plan_id, *, emergencia=None, **cambios):
    """Change a draft: title, branch, validity, or all its items at once (409 PLAN_NO_MODIFICABLE after)."""
    historial_service.medico_propio(alcance)
    plan = obtener(alcance, plan_id, emergencia=emergencia, bloquear=True, accion="plan_editado")
    if plan.estado != "borrador":
        raise Conflicto("PLAN_NO_MODIFICABLE", NO_MODIFICABLE)
    if "sucursal_id" in cambios:
        plan.sucursal = _sucursal(alcance, cambios.pop("sucursal_id"))
    if "items" in cambios:
        filas, servicios = _items(cambios.pop("items"))
        plan.items = [ItemPlan(**fila, servicio=servicios[fila["servicio_id"]]) for fila in filas]
        cambios.update(_totales(filas))
    for campo, valor in cambios.items():  # titulo, vigencia_dias (the schema lets nothing else through), sums
        setattr(plan, campo, valor)
    db.session.flush()
    _auditar(alcance, "plan_editado", plan, total=str(plan.total))
    return plan


def cambiar_estado(alcance, plan_id, *, estado, motivo=None, aceptado_por=None, emergencia=None):
    plan = obtener(alcance, plan_id, emergencia=emergencia, bloquear=True, accion="plan_estado")
    if estado not in TRANSICIONES.get(plan.estado, ()):
        raise Conflicto("TRANSICION_INVALIDA", f"Un plan {plan.estado.replace('_', ' ')} no puede pasar a "
                                               f"{estado.replace('_', ' ')}")
    if estado == "terminado" and any(i.estado != "realizado" for i in plan.items):
        raise Conflicto("PLAN_CON_PENDIENTES", "El plan tiene trabajo pendiente: realícelo o cancele el plan")
    if estado == "aceptado" and not aceptado_por:
        raise Invalido({"aceptado_por": ["Indique quién acepta el presupuesto."]})
    if estado == "cancelado" and not motivo:
        raise Invalido({"motivo": ["Indique el motivo de la cancelación."]})
    plan.estado = estado
    if estado in MARCAS:
        setattr(plan, MARCAS[estado], alcance.ahora)
    if aceptado_por and estado == "aceptado":
        plan.aceptado_por = aceptado_por
    if motivo:
        plan.motivo = motivo
    db.session.flush()
    _auditar(alcance, f"plan_{estado}", plan, motivo=motivo, aceptado_por=aceptado_por)
    return plan


def realizar(alcance, plan_id, item_id, *, cita_id=None, emergencia=None):
    """Mark an item done by the calling Médico; the plan goes on course; the service's resulting condition is
    charted on the item's tooth (and surfaces)."""
    medico = historial_service.medico_propio(alcance)
    plan = obtener(alcance, plan_id, emergencia=emergencia, bloquear=True, accion="plan_item_realizado")
    if plan.estado not in ("aceptado", "en_curso"):
        raise Conflicto("PLAN_NO_EN_CURSO", "Solo se realiza el trabajo de un plan aceptado o en curso")
    item = next((i for i in plan.items if i.id == item_id), None)
    if item is None:
        raise NoEncontrado("El ítem no pertenece a este plan")
    if item.estado == "realizado":
        raise Conflicto("ITEM_YA_REALIZADO", "Ese trabajo ya está marcado como realizado")
    if cita_id is not None:
        cita = por_id(Cita, cita_id)
        if cita is None or cita.paciente_id != plan.paciente_id or cita.medico_id != medico.id:
            raise Invalido({"cita_id": ["La cita no existe o no es de este paciente con usted."]})
    item.estado, item.realizado_en, item.realizado_por, item.cita_id = "realizado", alcance.ahora, medico.id, cita_id
    if plan.estado == "aceptado":
        plan.estado = "en_curso"
    _anotar_resultado(alcance, medico, plan, item, cita_id)
    db.session.flush()
    _auditar(alcance, "plan_item_realizado", plan, item_id=item.id, cita_id=cita_id)
    return plan


def _anotar_resultado(alcance, medico, plan, item, cita_id):
    condicion = item.servicio.condicion_resultante
    if condicion is None or item.pieza is None:
        return
    superficies = item.lista_superficies
    ambito = odontograma.catalogo()[condicion].ambito
    if ambito == "superficie" and not superficies:
        return  # a surface condition with no surface named: nothing to draw
    hallazgo = {"pieza": item.pieza, "superficies": superficies if ambito == "superficie" else [],
                "condicion": condicion, "nota": f"Plan «{plan.titulo}»: {item.servicio.nombre}"}
    # an extraction of a tooth already charted absent: the work is done, the chart already says so
    odontograma.anotar(medico=medico, usuario=alcance.usuario, paciente_id=plan.paciente_id, hallazgos=[hallazgo],
                       cita_id=cita_id, solo_si_cambia=True)


def _auditar(alcance, accion, plan, **detalle):
    auditoria_service.registrar(accion, usuario=alcance.usuario, entidad=ENTIDAD, entidad_id=plan.id,
                                paciente_id=plan.paciente_id, detalle={"estado": plan.estado, **detalle})


# --- billing ---------------------------------------------------------------------------------------

def items_para_facturar(alcance, paciente_id, item_ids):
    """The done, not yet invoiced items ``item_ids`` of the patient's plans, locked FOR UPDATE until commit: a
    concurrent invoice of one of them waits, then finds it taken (409 ITEM_YA_FACTURADO)."""
    stmt = (alcance.filtrar_planes(select(ItemPlan).join(PlanTratamiento, PlanTratamiento.id == ItemPlan.plan_id))
            .where(ItemPlan.id.in_(item_ids), PlanTratamiento.paciente_id.in_(ids_del_paciente(paciente_id)))
            .options(joinedload(ItemPlan.servicio))
            .order_by(ItemPlan.id).with_for_update(of=ItemPlan).execution_options(populate_existing=True))
    items = {i.id: i for i in db.session.scalars(stmt).unique()}
    errores = {n: ["El ítem no existe o no es de un plan de este paciente."]
               for n, item_id in enumerate(item_ids) if item_id not in items}
    if len(set(item_ids)) != len(item_ids):
        errores["repetidos"] = ["Hay ítems repetidos."]
    if errores:
        raise Invalido({"plan_items": errores})
    pendientes = [i.id for i in items.values() if i.estado != "realizado"]
    if pendientes:
        raise Conflicto("ITEM_NO_REALIZADO", "Solo se factura el trabajo realizado", items=pendientes)
    facturados = [i.id for i in items.values() if i.factura_id is not None]
    if facturados:
        raise Conflicto("ITEM_YA_FACTURADO", "Ese trabajo del plan ya está facturado", items=facturados)
    return [items[i] for i in item_ids]


def liberar_items(factura_id):
    """A cancelled invoice's items may be invoiced again."""
    db.session.execute(ItemPlan.__table__.update().where(ItemPlan.factura_id == factura_id).values(factura_id=None))


def pendiente_de_realizar(sucursal_id=None, medico_id=None):
    """Accepted work not yet done (the clinic's pipeline): the items still pending of plans accepted or on course."""
    stmt = (select(func.coalesce(func.sum(ItemPlan.subtotal - ItemPlan.descuento + ItemPlan.impuesto), 0))
            .join(PlanTratamiento, PlanTratamiento.id == ItemPlan.plan_id)
            .where(PlanTratamiento.estado.in_(("aceptado", "en_curso")), ItemPlan.estado == "pendiente"))
    if sucursal_id is not None:
        stmt = stmt.where(PlanTratamiento.sucursal_id == sucursal_id)
    if medico_id is not None:
        stmt = stmt.where(PlanTratamiento.medico_id == medico_id)
    return db.session.scalar(stmt)
