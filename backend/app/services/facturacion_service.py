"""Invoices: issue with gapless numbering per series, payments, cancellation, scope.

Invoices are never edited or deleted: after issue only payments are added and the state changes
(pendiente → pagada, or → anulada with reason, user and time).
"""
from datetime import datetime, time, timedelta, UTC
from decimal import ROUND_HALF_UP, Decimal

from flask import current_app
from sqlalchemy import Date, cast, func, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Cita, ConfiguracionClinica, DetalleFactura, Factura, Paciente, Pago, SerieFactura, Servicio, Sucursal
from app.schemas.facturacion import IMPORTE_MAXIMO
from app.services import auditoria_service, huellas_service
from app.services.fusion_pacientes import ids_del_paciente
from app.services.lecturas import registrar_lectura
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint
from app.utils.pagination import paginate

CENT = Decimal("0.01")
CIEN = Decimal("100")
SERIE_UNICA = "F"

register_constraint("uq_facturas_cita_activa", "CITA_YA_FACTURADA", "La cita ya tiene una factura vigente")
register_constraint("uq_facturas_serie_numero", "NUMERO_FACTURA_DUPLICADO", "El número de factura ya existe")
register_constraint("uq_facturas_numero_factura", "NUMERO_FACTURA_DUPLICADO", "El número de factura ya existe")


# --- arithmetic --------------------------------------------------------------------------------

def importes_linea(precio, porcentaje, cantidad):
    """(subtotal, impuesto) of a line: subtotal = price × quantity; tax rounded half-up to the cent."""
    subtotal = (Decimal(precio) * cantidad).quantize(CENT)
    impuesto = (subtotal * Decimal(porcentaje) / CIEN).quantize(CENT, rounding=ROUND_HALF_UP)
    return subtotal, impuesto


def pagado(factura):
    return sum((p.monto for p in factura.pagos), Decimal("0.00"))


def saldo(factura):
    return factura.total - pagado(factura)


# --- reading (the scope is the alcance's: app/services/alcance.py) ------------------------------

def consultar(alcance, factura_id, accion="factura_consultada"):
    """An invoice as the API (or its PDF) shows it: a read of patient data, audited."""
    factura = obtener(alcance, factura_id)
    registrar_lectura(alcance, accion, "factura", [factura.id], paciente_id=factura.paciente_id)
    return factura


def obtener(alcance, factura_id):
    stmt = alcance.filtrar_facturas(select(Factura).where(Factura.id == factura_id)).options(
        joinedload(Factura.paciente), selectinload(Factura.detalles), selectinload(Factura.pagos))
    factura = db.session.scalars(stmt).unique().one_or_none()
    if factura is None:
        raise NoEncontrado("La factura no existe")
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

def listar(alcance, *, page, per_page, paciente_id=None, estado=None, fecha_desde=None, fecha_hasta=None,
           sucursal_id=None):
    stmt = alcance.filtrar_facturas(select(Factura)).options(
        joinedload(Factura.paciente), selectinload(Factura.detalles), selectinload(Factura.pagos),
    ).order_by(Factura.fecha_emision.desc(), Factura.id.desc())
    if paciente_id is not None:  # with the invoices kept under the patients merged into this one
        stmt = stmt.where(Factura.paciente_id.in_(ids_del_paciente(paciente_id)))
    if estado:
        stmt = stmt.where(Factura.estado == estado)
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
        cita = db.session.get(Cita, cita_id)
        if cita is None or (restringida is not None and cita.sucursal_id != restringida):
            raise Invalido({"cita_id": ["La cita no existe."]})
        if cita.paciente_id != paciente_id:
            raise Invalido({"cita_id": ["La cita no corresponde a ese paciente."]})
        if sucursal_id is not None and sucursal_id != cita.sucursal_id:
            raise Invalido({"sucursal_id": ["No coincide con la sucursal de la cita."]})
        sucursal_id = cita.sucursal_id
        activa = select(Factura.id).where(Factura.cita_id == cita.id, Factura.estado != "anulada")
        if db.session.scalar(activa) is not None:
            raise Conflicto("CITA_YA_FACTURADA", "La cita ya tiene una factura vigente")
    if sucursal_id is None:
        sucursal_id = restringida
    if restringida is not None and sucursal_id != restringida:
        raise Invalido({"sucursal_id": ["Solo puede facturar en su sucursal."]})
    if sucursal_id is not None and cita is None and db.session.get(Sucursal, sucursal_id) is None:
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


def _serie_bloqueada(sucursal_id):
    """The counter row of the invoice's series, created on first use and locked FOR UPDATE until commit."""
    config = db.session.get(ConfiguracionClinica, 1)
    if (config.modo_series if config else "sucursal") == "unica" or sucursal_id is None:
        codigo, sucursal, condicion = SERIE_UNICA, None, SerieFactura.serie == SERIE_UNICA
    else:
        codigo, sucursal, condicion = f"S{sucursal_id:03d}", sucursal_id, SerieFactura.sucursal_id == sucursal_id
    stmt = select(SerieFactura).where(condicion).with_for_update().execution_options(populate_existing=True)
    serie = db.session.scalars(stmt).one_or_none()
    if serie is None:
        from sqlalchemy.dialects.postgresql import insert

        db.session.execute(insert(SerieFactura).values(serie=codigo, sucursal_id=sucursal, ultimo_numero=0)
                           .on_conflict_do_nothing())
        serie = db.session.scalars(stmt).one_or_none()
        if serie is None:
            raise Conflicto("SERIE_NO_DISPONIBLE", f"La serie {codigo} pertenece a otra sucursal")
    return serie


def emitir(alcance, *, paciente_id, detalles, cita_id=None, sucursal_id=None):
    usuario = alcance.usuario
    paciente = db.session.get(Paciente, paciente_id)
    if paciente is None:
        raise Invalido({"paciente_id": ["El paciente no existe."]})
    cita, sucursal_id = _resolver_sucursal(alcance, paciente_id, cita_id, sucursal_id)
    lineas = _lineas(detalles)
    subtotal = sum((linea.subtotal for linea in lineas), Decimal("0.00"))
    impuesto = sum((linea.impuesto for linea in lineas), Decimal("0.00"))
    total = subtotal + impuesto
    if max([total] + [linea.subtotal for linea in lineas]) > IMPORTE_MAXIMO:
        raise Invalido({"detalles": [f"El importe de la factura supera el máximo permitido "
                                     f"({IMPORTE_MAXIMO:,}); divídala en varias facturas."]})

    # From here to the commit the series is locked: keep it short.
    serie = _serie_bloqueada(sucursal_id)
    serie.ultimo_numero += 1
    factura = Factura(
        serie=serie.serie, numero=serie.ultimo_numero, numero_factura=f"{serie.serie}-{serie.ultimo_numero:06d}",
        paciente=paciente, paciente_id=paciente_id, cita_id=cita.id if cita else None, sucursal_id=sucursal_id,
        fecha_emision=db.session.scalar(select(func.clock_timestamp())),
        subtotal=subtotal, impuesto=impuesto, total=total, estado="pagada" if total == 0 else "pendiente",
        creado_por=usuario.id, huella_anterior=serie.ultima_huella,
    )
    factura.detalles = lineas
    factura.pagos = []
    factura.huella = huellas_service.calcular_huella(factura, lineas, serie.ultima_huella)
    serie.ultima_huella = factura.huella
    db.session.add(factura)
    db.session.flush()
    auditoria_service.registrar("factura_emitida", usuario=usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=paciente_id,
                                detalle={"numero_factura": factura.numero_factura, "total": str(total)})
    return factura


# --- payments and cancellation -----------------------------------------------------------------

def registrar_pago(alcance, factura_id, *, monto, metodo):
    usuario = alcance.usuario
    factura = _obtener_bloqueada(alcance, factura_id)
    if factura.estado == "anulada":
        raise Conflicto("FACTURA_ANULADA", "No se pueden registrar pagos en una factura anulada")
    pagado_antes = db.session.scalar(
        select(func.coalesce(func.sum(Pago.monto), 0)).where(Pago.factura_id == factura.id))
    pendiente = factura.total - pagado_antes
    if monto > pendiente:
        raise Conflicto("PAGO_EXCEDE_SALDO", f"El pago excede el saldo pendiente de la factura ({pendiente})",
                        saldo=str(pendiente))
    pago = Pago(factura_id=factura.id, monto=monto, metodo=metodo, usuario_id=usuario.id)
    db.session.add(pago)
    if monto == pendiente:
        factura.estado = "pagada"
    db.session.flush()
    db.session.refresh(pago, ["fecha"])
    auditoria_service.registrar("pago_registrado", usuario=usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=factura.paciente_id,
                                detalle={"pago_id": pago.id, "monto": str(monto), "metodo": metodo})
    return {"id": pago.id, "factura_id": factura.id, "monto": pago.monto, "metodo": metodo, "fecha": pago.fecha,
            "usuario_id": usuario.id, "saldo": pendiente - monto, "estado": factura.estado}


def anular(alcance, factura_id, *, motivo):
    usuario = alcance.usuario
    factura = _obtener_bloqueada(alcance, factura_id)
    if factura.estado == "anulada":
        raise Conflicto("FACTURA_YA_ANULADA", "La factura ya está anulada")
    factura.estado = "anulada"
    factura.motivo_anulacion = motivo
    factura.anulada_por = usuario.id
    factura.fecha_anulacion = alcance.ahora
    db.session.flush()
    auditoria_service.registrar("factura_anulada", usuario=usuario, entidad="factura", entidad_id=factura.id,
                                paciente_id=factura.paciente_id,
                                detalle={"numero_factura": factura.numero_factura, "motivo": motivo})
    return factura
