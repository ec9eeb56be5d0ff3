"""Invoices: issue with gapless numbering per series, credit notes, payments and refunds, cancellation.

Invoices are never edited or deleted: after issue only payments and refunds are added, credit notes
(rectificativas, their own series) take amounts back, and the state changes (pendiente ⇄ pagada as the
balance reaches zero or not, or → anulada with reason, user and time). The arithmetic of a balance is
the model's (``Factura.pagado``, ``Factura.saldo``).
"""
import functools
from datetime import datetime, time, timedelta, UTC
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import Date, bindparam, cast, func, select, text
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Cita, ConfiguracionClinica, DetalleFactura, Factura, Paciente, Pago, SerieFactura, Servicio, Sucursal
from app.models.facturacion import FACTURA_VIGENTE_DE_CITA
from app.schemas.facturacion import IMPORTE_MAXIMO
from app.services import auditoria_service, caja_service, huellas_service
from app.services.alcance import Alcance
from app.services.fusion_pacientes import ids_del_paciente
from app.services.lecturas import registrar_lectura
from app.services.odontologia import planes
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint
from app.utils.importes import CENT, importes_linea
from app.utils.pagination import paginate
from app.utils.sql import por_id

# The code of a series: one for the whole clinic ("unica" mode, or invoices without a branch), or one per branch.
SERIES = {"ordinaria": ("F", "S{:03d}"), "rectificativa": ("R", "R{:03d}")}

register_constraint("uq_facturas_cita_activa", "CITA_YA_FACTURADA", "La cita ya tiene una factura vigente")
register_constraint("uq_facturas_serie_numero", "NUMERO_FACTURA_DUPLICADO", "El número de factura ya existe")
register_constraint("uq_facturas_numero_factura", "NUMERO_FACTURA_DUPLICADO", "El número de factura ya existe")
register_constraint("ck_facturas_rectificado_hasta_total", "RECTIFICACION_EXCEDE",
                    "La rectificación excede lo que queda por rectificar de la factura", kind="check")


# --- arithmetic --------------------------------------------------------------------------------

# --- reading (the scope is the alcance's: app/services/alcance.py) ------------------------------

def consultar(alcance, factura_id, accion="factura_consultada"):
    """An invoice as the API (or its PDF) shows it, with what each line still allows to rectify: a read of
    patient data, audited."""
    factura = obtener(alcance, factura_id)
    if factura.tipo == "ordinaria":
        marcar_lo_rectificable(factura)
    registrar_lectura(alcance, accion, "factura", [factura.id], paciente_id=factura.paciente_id)
    return factura


@functools.cache
def _sentencia_factura(clave_alcance):
    """obtener's statement for a scope key, built once with the values bound (its loader options cost ~0.3 ms of
    CPU to build and key per request). The lines join the invoice's row (one collection joined multiplies nothing),
    and so does the invoice it rectifies (at most one)."""
    stmt = select(Factura).where(Factura.id == bindparam("factura_id"))
    if clave_alcance:
        stmt = stmt.where(Alcance.condicion_facturas(clave_alcance))
    return stmt.options(joinedload(Factura.paciente), joinedload(Factura.detalles),
                        joinedload(Factura.factura_rectificada))


# An invoice's payments and credit notes, one statement each built once: a selectinload builds and keys its statement
# again on every load (~0.4 ms of CPU for the two; docs/performance.md, «Novena pasada»).
_COLECCIONES = {
    "pagos": select(Pago).where(Pago.factura_id == bindparam("factura_id")).order_by(Pago.id),
    "rectificativas": select(Factura).where(Factura.factura_rectificada_id == bindparam("factura_id"))
                                     .order_by(Factura.id),
}


def obtener(alcance, factura_id):
    clave, valores = alcance.clave_facturas()
    factura = db.session.scalars(_sentencia_factura(clave), {"factura_id": factura_id, **valores}).unique().one_or_none()
    if factura is None:
        raise NoEncontrado("La factura no existe")
    for nombre, stmt in _COLECCIONES.items():
        set_committed_value(factura, nombre, db.session.scalars(stmt, {"factura_id": factura.id}).all())
    return factura


def _obtener_bloqueada(alcance, factura_id):
    """The invoice row locked FOR UPDATE (payments and cancellation serialise on it)."""
    stmt = (alcance.filtrar_facturas(select(Factura).where(Factura.id == factura_id))
            .with_for_update().execution_options(populate_existing=True))
    factura = db.session.scalars(stmt).one_or_none()
    if factura is None:
        raise NoEncontrado("La factura no existe")
    return factura


# --- list --------------------------------------------------------------------------------------

def listar(alcance, *, page, per_page, paciente_id=None, estado=None, tipo=None, fecha_desde=None, fecha_hasta=None,
           sucursal_id=None):
    stmt = alcance.filtrar_facturas(select(Factura)).options(
        joinedload(Factura.paciente), selectinload(Factura.detalles), selectinload(Factura.pagos),
        selectinload(Factura.factura_rectificada),
    ).order_by(Factura.fecha_emision.desc(), Factura.id.desc())
    if paciente_id is not None:  # with the invoices kept under the patients merged into this one
        stmt = stmt.where(Factura.paciente_id.in_(ids_del_paciente(paciente_id)))
    if estado:
        stmt = stmt.where(Factura.estado == estado)
    if tipo:
        stmt = stmt.where(Factura.tipo == tipo)
    if sucursal_id is not None:
        stmt = stmt.where(Factura.sucursal_id == sucursal_id)
    if fecha_desde or fecha_hasta:
        # Dates are the issuing branch's calendar days; the coarse UTC bounds (±1 day) let the index work.
        zona = func.coalesce(
            select(Sucursal.zona_horaria).where(Sucursal.id == Factura.sucursal_id).scalar_subquery(),
            current_app.config["DEFAULT_TIME_ZONE"],
        )
        dia_local = cast(func.timezone(zona, Factura.fecha_emision), Date)
        if fecha_desde:
            desde = datetime.combine(fecha_desde - timedelta(days=1), time.min, tzinfo=UTC)
            stmt = stmt.where(Factura.fecha_emision >= desde, dia_local >= fecha_desde)
        if fecha_hasta:
            hasta = datetime.combine(fecha_hasta + timedelta(days=2), time.min, tzinfo=UTC)
            stmt = stmt.where(Factura.fecha_emision < hasta, dia_local <= fecha_hasta)
    pagina = paginate(stmt, page, per_page)
    registrar_lectura(alcance, "facturas_listadas", "factura", (f.id for f in pagina["items"]),
                      paciente_id=paciente_id)
    return pagina


# --- issue -------------------------------------------------------------------------------------

def _resolver_sucursal(alcance, paciente_id, cita_id, sucursal_id):
    """(cita, sucursal_id) of a new invoice, checked against the caller's scope."""
    restringida = alcance.sucursal_limitada
    cita = None
    if cita_id is not None:
        cita = por_id(Cita, cita_id)
        if cita is None or (restringida is not None and cita.sucursal_id != restringida):
            raise Invalido({"cita_id": ["La cita no existe."]})
        if cita.paciente_id != paciente_id:
            raise Invalido({"cita_id": ["La cita no corresponde a ese paciente."]})
        if sucursal_id is not None and sucursal_id != cita.sucursal_id:
            raise Invalido({"sucursal_id": ["No coincide con la sucursal de la cita."]})
        sucursal_id = cita.sucursal_id
        activa = select(Factura.id).where(Factura.cita_id == cita.id, text(FACTURA_VIGENTE_DE_CITA))
        if db.session.scalar(activa) is not None:
            raise Conflicto("CITA_YA_FACTURADA", "La cita ya tiene una factura vigente")
    if sucursal_id is None:
        sucursal_id = restringida
    if restringida is not None and sucursal_id != restringida:
        raise Invalido({"sucursal_id": ["Solo puede facturar en su sucursal."]})
    if sucursal_id is not None and cita is None and por_id(Sucursal, sucursal_id) is None:
        raise Invalido({"sucursal_id": ["La sucursal no existe."]})
    return cita, sucursal_id


def _lineas(detalles):
    """Invoice lines snapshotting each service's name, price and rate, with their amounts."""
    ids = {d["servicio_id"] for d in detalles}
    servicios = {s.id: s for s in db.session.scalars(select(Servicio).where(Servicio.id.in_(ids)))}
    errores = {}
    for i, d in enumerate(detalles):
        servicio = servicios.get(d["servicio_id"])
        if servicio is None:
            errores[i] = {"servicio_id": ["El servicio no existe."]}
        elif not servicio.activo:
            errores[i] = {"servicio_id": ["El servicio está inactivo."]}
    if errores:
        raise Invalido({"detalles": errores})
    lineas = []
    for d in detalles:
        servicio = servicios[d["servicio_id"]]
        porcentaje = servicio.impuesto_porcentaje or Decimal("0.00")
        subtotal, impuesto = importes_linea(servicio.precio, porcentaje, d["cantidad"])
        lineas.append(DetalleFactura(
            servicio_id=servicio.id, descripcion=servicio.nombre, cantidad=d["cantidad"],
            precio_unitario=servicio.precio, subtotal=subtotal, impuesto_porcentaje=porcentaje, impuesto=impuesto,
        ))
    return lineas


def _serie_bloqueada(sucursal_id, tipo):
    """The counter row of the series of a new invoice (or credit note), created on first use and locked FOR
    UPDATE until commit."""
    config = por_id(ConfiguracionClinica, 1)
    unica, por_sucursal = SERIES[tipo]
    if (config.modo_series if config else "sucursal") == "unica" or sucursal_id is None:
        codigo, sucursal, condicion = unica, None, SerieFactura.serie == unica
    else:
        codigo, sucursal = por_sucursal.format(sucursal_id), sucursal_id
        condicion = (SerieFactura.sucursal_id == sucursal_id) & (SerieFactura.tipo == tipo)
    stmt = select(SerieFactura).where(condicion).with_for_update().execution_options(populate_existing=True)
    serie = db.session.scalars(stmt).one_or_none()
    if serie is None:
        db.session.execute(insert(SerieFactura).values(serie=codigo, sucursal_id=sucursal, tipo=tipo, ultimo_numero=0)
                           .on_conflict_do_nothing())
        serie = db.session.scalars(stmt).one_or_none()
        if serie is None:
            raise Conflicto("SERIE_NO_DISPONIBLE", f"La serie {codigo} pertenece a otra sucursal")
    return serie


def _numerar(factura, lineas):
    """Give ``factura`` the next number of its series and chain its fingerprint to the series' last one.
    From here to the commit the series is locked: callers do this last."""
    serie = _serie_bloqueada(factura.sucursal_id, factura.tipo)
    serie.ultimo_numero += 1
    factura.serie, factura.numero = serie.serie, serie.ultimo_numero
    factura.numero_factura = f"{serie.serie}-{serie.ultimo_numero:06d}"
    factura.fecha_emision = db.session.scalar(select(func.clock_timestamp()))
    factura.huella_anterior = serie.ultima_huella
    factura.detalles = lineas
    factura.pagos = []
    factura.huella = huellas_service.calcular_huella(factura, lineas, serie.ultima_huella)
    serie.ultima_huella = factura.huella
    db.session.add(factura)
    db.session.flush()


def _lineas_de_plan(items):
    """Invoice lines billing done plan items at the plan's prices, with the item's discount."""
    lineas = []
    for item in items:
        pieza = f" — pieza {item.pieza}" if item.pieza else ""
        superficies = f" ({', '.join(item.lista_superficies)})" if item.superficies else ""
        lineas.append(DetalleFactura(
            servicio_id=item.servicio_id, descripcion=f"{item.servicio.nombre}{pieza}{superficies}"[:200],
            cantidad=item.cantidad, precio_unitario=item.precio_unitario, descuento=item.descuento,
            subtotal=item.subtotal - item.descuento, impuesto_porcentaje=item.impuesto_porcentaje,
            impuesto=item.impuesto, plan_item_id=item.id,
        ))
    return lineas


def emitir(alcance, *, paciente_id, detalles, cita_id=None, sucursal_id=None, plan_items=()):
    """Issue an invoice of catalogue services (``detalles``) and done treatment-plan items (``plan_items``, each
    invoiced at most once: their rows stay locked until commit and name this invoice)."""
    usuario = alcance.usuario
    paciente = por_id(Paciente, paciente_id)
    if paciente is None:
        raise Invalido({"paciente_id": ["El paciente no existe."]})
    cita, sucursal_id = _resolver_sucursal(alcance, paciente_id, cita_id, sucursal_id)
    items = planes.items_para_facturar(alcance, paciente_id, plan_items) if plan_items else []
    lineas = (_lineas(detalles) if detalles else []) + _lineas_de_plan(items)
    subtotal = sum((linea.subtotal for linea in lineas), Decimal("0.00"))
    impuesto = sum((linea.impuesto for linea in lineas), Decimal("0.00"))
    total = subtotal + impuesto
    if max([total] + [linea.subtotal for linea in lineas]) > IMPORTE_MAXIMO:
        raise Invalido({"detalles": [f"El importe de la factura supera el máximo permitido "
                                     f"({IMPORTE_MAXIMO:,}); divídala en varias facturas."]})

    factura = Factura(
        tipo="ordinaria", paciente=paciente, paciente_id=paciente_id, cita_id=cita.id if cita else None,
        sucursal_id=sucursal_id, subtotal=subtotal, impuesto=impuesto, total=total,
        estado="pagada" if total == 0 else "pendiente", creado_por=usuario.id, rectificado=Decimal("0.00"),
    )
    _numerar(factura, lineas)
    for item in items:
        item.factura_id = factura.id
    auditoria_service.registrar("factura_emitida", usuario=usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=paciente_id,
                                detalle={"numero_factura": factura.numero_factura, "total": str(total),
                                         "plan_items": list(plan_items)})
    return factura


# --- credit notes ------------------------------------------------------------------------------

def _ya_rectificado(factura_id):
    """{line id: (quantity, subtotal, tax) already taken back by credit notes}, positive."""
    original = DetalleFactura.__table__.alias("original")
    filas = db.session.execute(
        select(DetalleFactura.detalle_rectificado_id, -func.sum(DetalleFactura.cantidad),
               -func.sum(DetalleFactura.subtotal), -func.sum(DetalleFactura.impuesto))
        .join(original, original.c.id == DetalleFactura.detalle_rectificado_id)
        .where(original.c.factura_id == factura_id)
        .group_by(DetalleFactura.detalle_rectificado_id))
    return {fila[0]: tuple(fila[1:]) for fila in filas}


def _lo_que_queda(detalle, tomadas):
    """(quantity, subtotal, tax) of ``detalle`` that credit notes have not taken yet."""
    cantidad, subtotal, impuesto = tomadas.get(detalle.id, (0, Decimal("0.00"), Decimal("0.00")))
    return detalle.cantidad - cantidad, detalle.subtotal - subtotal, detalle.impuesto - impuesto


def marcar_lo_rectificable(factura):
    """Set on each line of an ordinary invoice what credit notes may still take (for its API view); the query of
    what they took runs only when it has credit notes (loaded with it by ``obtener``)."""
    tomadas = _ya_rectificado(factura.id) if factura.rectificativas else {}
    for detalle in factura.detalles:
        detalle.queda = _lo_que_queda(detalle, tomadas)


def _lineas_rectificativa(original, pedidas):
    """The credit note's lines: ``pedidas`` [{detalle_id, cantidad}] or, when None, everything left.

    A line's amounts are the original's arithmetic on the quantity taken back (its tax at most what is left of
    the line's tax), except when it takes the last units: then it takes exactly what is left of the line's
    subtotal and tax. So the credit notes of a line never add up to more (or less) than the line, whatever the
    rounding of each part."""
    tomadas = _ya_rectificado(original.id)
    por_id = {d.id: d for d in original.detalles}
    quedan = {d.id: _lo_que_queda(d, tomadas) for d in original.detalles}
    if pedidas is None:
        pedidas = [{"detalle_id": i, "cantidad": queda[0]} for i, queda in quedan.items() if queda[0] > 0]
        if not pedidas:
            raise Conflicto("RECTIFICACION_EXCEDE", "La factura ya está rectificada por completo")
    errores, excedidas = {}, []
    vistas = set()
    for i, pedida in enumerate(pedidas):
        detalle = por_id.get(pedida["detalle_id"])
        if detalle is None:
            errores[i] = {"detalle_id": ["La línea no pertenece a esta factura."]}
        elif detalle.id in vistas:
            errores[i] = {"detalle_id": ["La línea está repetida."]}
        elif pedida["cantidad"] > quedan[detalle.id][0]:
            excedidas.append(f"«{detalle.descripcion}»: quedan {quedan[detalle.id][0]}")
        vistas.add(pedida["detalle_id"])
    if errores:
        raise Invalido({"lineas": errores})
    if excedidas:
        raise Conflicto("RECTIFICACION_EXCEDE", "La rectificación excede lo que queda por rectificar: "
                        + "; ".join(excedidas))
    lineas = []
    for pedida in pedidas:
        detalle, cantidad = por_id[pedida["detalle_id"]], pedida["cantidad"]
        queda_cantidad, queda_subtotal, queda_impuesto = quedan[detalle.id]
        bruto = (detalle.precio_unitario * cantidad).quantize(CENT)
        if cantidad == queda_cantidad:
            subtotal, impuesto = queda_subtotal, queda_impuesto
        else:  # a discounted line (a plan item's) gives back its discount's share of those units
            descuento = (detalle.descuento * cantidad / detalle.cantidad).quantize(CENT, rounding=ROUND_HALF_UP)
            subtotal, impuesto = importes_linea(detalle.precio_unitario, detalle.impuesto_porcentaje, cantidad,
                                                descuento)
            impuesto = min(impuesto, queda_impuesto)  # rounded up unit by unit, the parts could pass the line
        lineas.append(DetalleFactura(
            servicio_id=detalle.servicio_id, descripcion=detalle.descripcion, cantidad=-cantidad,
            precio_unitario=detalle.precio_unitario, descuento=subtotal - bruto, subtotal=-subtotal,
            impuesto_porcentaje=detalle.impuesto_porcentaje, impuesto=-impuesto, detalle_rectificado_id=detalle.id,
        ))
    return lineas


def rectificar(alcance, factura_id, *, motivo, lineas=None):
    """Issue a credit note (rectificativa) for all of ``factura_id`` or some of its lines' quantities.

    The corrected invoice is locked FOR UPDATE, so concurrent credit notes of one invoice run one after the
    other and each sees what the earlier ones took; ``rectificado <= total`` is also a CHECK of the table."""
    usuario = alcance.usuario
    original = _obtener_bloqueada(alcance, factura_id)
    _exigir_ordinaria(original)
    if original.estado == "anulada":
        raise Conflicto("FACTURA_ANULADA", "No se puede rectificar una factura anulada")
    detalles = _lineas_rectificativa(original, lineas)
    subtotal = sum((d.subtotal for d in detalles), Decimal("0.00"))
    impuesto = sum((d.impuesto for d in detalles), Decimal("0.00"))
    nota = Factura(
        tipo="rectificativa", factura_rectificada_id=original.id, factura_rectificada=original,
        motivo_rectificacion=motivo, paciente_id=original.paciente_id, paciente=original.paciente,
        cita_id=original.cita_id, sucursal_id=original.sucursal_id, subtotal=subtotal, impuesto=impuesto,
        total=subtotal + impuesto, estado="pagada", creado_por=usuario.id, rectificado=Decimal("0.00"),
    )
    original.rectificado -= nota.total
    _actualizar_estado(original, _pagado_neto(original))
    _numerar(nota, detalles)
    auditoria_service.registrar("factura_rectificada", usuario=usuario, entidad="factura", entidad_id=nota.id,
                                paciente_id=original.paciente_id,
                                detalle={"numero_factura": nota.numero_factura, "rectifica": original.numero_factura,
                                         "total": str(nota.total), "motivo": motivo})
    return nota


# --- payments, refunds and cancellation ---------------------------------------------------------

def _exigir_ordinaria(factura):
    if factura.tipo == "rectificativa":
        raise Conflicto("FACTURA_RECTIFICATIVA",
                        "Una factura rectificativa no admite pagos, devoluciones, rectificaciones ni anulación")


def _pagado_neto(factura):
    return db.session.scalar(select(func.coalesce(func.sum(Pago.monto), 0)).where(Pago.factura_id == factura.id))


def _actualizar_estado(factura, pagado):
    """pendiente while something is owed, pagada when not (a cancelled invoice stays anulada)."""
    if factura.estado != "anulada":
        factura.estado = "pendiente" if factura.saldo_con(pagado) > 0 else "pagada"


def _movimiento(alcance, factura, pagado_antes, monto, metodo, accion):
    """Add a payment (monto > 0) or refund (monto < 0) of ``factura``, which had ``pagado_antes`` paid net, to the
    cash session open at its branch."""
    sesion_id = caja_service.sesion_para_cobrar(factura.sucursal_id, metodo)
    pago = Pago(factura_id=factura.id, monto=monto, metodo=metodo, usuario_id=alcance.usuario.id,
                sesion_caja_id=sesion_id)
    db.session.add(pago)
    pagado = pagado_antes + monto
    _actualizar_estado(factura, pagado)
    db.session.flush()
    db.session.refresh(pago, ["fecha"])
    auditoria_service.registrar(accion, usuario=alcance.usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=factura.paciente_id,
                                detalle={"pago_id": pago.id, "monto": str(monto), "metodo": metodo})
    return {"id": pago.id, "factura_id": factura.id, "monto": pago.monto, "metodo": metodo, "fecha": pago.fecha,
            "usuario_id": pago.usuario_id, "sesion_caja_id": sesion_id, "saldo": factura.saldo_con(pagado),
            "estado": factura.estado}


def registrar_pago(alcance, factura_id, *, monto, metodo):
    factura = _obtener_bloqueada(alcance, factura_id)
    _exigir_ordinaria(factura)
    if factura.estado == "anulada":
        raise Conflicto("FACTURA_ANULADA", "No se pueden registrar pagos en una factura anulada")
    pagado = _pagado_neto(factura)
    pendiente = factura.saldo_con(pagado)
    if monto > pendiente:
        pendiente = max(pendiente, Decimal("0.00"))
        raise Conflicto("PAGO_EXCEDE_SALDO", f"El pago excede el saldo pendiente de la factura ({pendiente})",
                        saldo=str(pendiente))
    return _movimiento(alcance, factura, pagado, monto, metodo, "pago_registrado")


def devolver(alcance, factura_id, *, monto, metodo):
    """A refund: a negative payment, never more than what was paid less earlier refunds (also of a cancelled
    invoice, whose money goes back this way)."""
    factura = _obtener_bloqueada(alcance, factura_id)
    _exigir_ordinaria(factura)
    pagado = _pagado_neto(factura)
    if monto > pagado:
        raise Conflicto("DEVOLUCION_EXCEDE_PAGADO",
                        f"La devolución excede lo pagado menos lo ya devuelto ({pagado})", pagado=str(pagado))
    return _movimiento(alcance, factura, pagado, -monto, metodo, "devolucion_registrada")


def anular(alcance, factura_id, *, motivo):
    usuario = alcance.usuario
    factura = _obtener_bloqueada(alcance, factura_id)
    _exigir_ordinaria(factura)
    if factura.estado == "anulada":
        raise Conflicto("FACTURA_YA_ANULADA", "La factura ya está anulada")
    if db.session.scalar(select(Factura.id).where(Factura.factura_rectificada_id == factura.id).limit(1)):
        raise Conflicto("FACTURA_RECTIFICADA", "La factura tiene rectificativas: corríjala con otra rectificativa")
    factura.estado = "anulada"
    factura.motivo_anulacion = motivo
    factura.anulada_por = usuario.id
    factura.fecha_anulacion = alcance.ahora
    planes.liberar_items(factura.id)
    db.session.flush()
    auditoria_service.registrar("factura_anulada", usuario=usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=factura.paciente_id,
                                detalle={"numero_factura": factura.numero_factura, "motivo": motivo})
    return factura
