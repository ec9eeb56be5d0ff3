"""The cash register of a branch: open with a float, payments and refunds join the open session, manual cash
in and out, close with the counted cash.

Integrity is the database's: one open session per branch is a partial unique index, and a trigger refuses any
change to a closed session and any payment or movement joining it (migration 0020). The locks order the rest:
a payment takes the open session FOR SHARE, closing takes it FOR UPDATE, so a payment either joins before the
close (and the close counts it) or finds the register closed.

Figures of a session (``Totales``): per payment method, the net of payments and refunds in the session;
``esperado`` = float + cash payments − cash refunds + cash in − cash out; ``diferencia`` = counted − expected.
"""
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import func, literal, select, union_all

from app.extensions import db
from app.models import Factura, MovimientoCaja, Pago, SesionCaja, Usuario
from app.models.facturacion import METODOS_PAGO
from app.services import auditoria_service
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint, restricciones
from app.utils.pagination import paginate

CERO = Decimal("0.00")

register_constraint("uq_sesiones_caja_abierta", "CAJA_YA_ABIERTA", "Ya hay una caja abierta en esa sucursal")
register_constraint("caja_cerrada", "CAJA_CERRADA", "La sesión de caja está cerrada", kind="check")


@dataclass(frozen=True)
class Totales:
    fondo_inicial: Decimal
    por_metodo: dict
    ingresos: Decimal
    egresos: Decimal

    @property
    def esperado(self) -> Decimal:
        return self.fondo_inicial + self.por_metodo["efectivo"] + self.ingresos - self.egresos

    def por_metodo_texto(self):
        return {metodo: str(monto) for metodo, monto in self.por_metodo.items()}


def _totales(sesiones):
    """{session id: Totales} of ``sesiones``, in two grouped queries whatever their number."""
    ids = [s.id for s in sesiones]
    por_metodo = {i: dict.fromkeys(METODOS_PAGO, CERO) for i in ids}
    manuales = {i: {"ingreso": CERO, "egreso": CERO} for i in ids}
    if ids:
        for sesion_id, metodo, monto in db.session.execute(
                select(Pago.sesion_caja_id, Pago.metodo, func.sum(Pago.monto))
                .where(Pago.sesion_caja_id.in_(ids)).group_by(Pago.sesion_caja_id, Pago.metodo)):
            por_metodo[sesion_id][metodo] = monto
        for sesion_id, tipo, monto in db.session.execute(
                select(MovimientoCaja.sesion_id, MovimientoCaja.tipo, func.sum(MovimientoCaja.monto))
                .where(MovimientoCaja.sesion_id.in_(ids)).group_by(MovimientoCaja.sesion_id, MovimientoCaja.tipo)):
            manuales[sesion_id][tipo] = monto
    return {s.id: Totales(s.fondo_inicial, por_metodo[s.id], manuales[s.id]["ingreso"], manuales[s.id]["egreso"])
            for s in sesiones}


def _con_totales(sesiones):
    totales = _totales(sesiones)
    for sesion in sesiones:
        sesion.totales = totales[sesion.id]
    return sesiones


# --- the payments' side (facturacion_service) --------------------------------------------------

def sesion_para_cobrar(sucursal_id, metodo, *, exigir):
    """The id of the session open at ``sucursal_id`` (locked FOR SHARE until commit, so it cannot close
    meanwhile), or None. With ``exigir`` (the clinic's ``exigir_caja``) a cash payment or refund without one
    → 409 CAJA_CERRADA."""
    sesion_id = None
    if sucursal_id is not None:
        sesion_id = db.session.scalar(select(SesionCaja.id).where(
            SesionCaja.sucursal_id == sucursal_id, SesionCaja.estado == "abierta").with_for_update(read=True))
    if sesion_id is None and exigir and metodo == "efectivo":
        raise Conflicto("CAJA_CERRADA", "No hay una caja abierta en la sucursal: abra la caja para cobrar o "
                                        "devolver en efectivo")
    return sesion_id


# --- reading -----------------------------------------------------------------------------------

def _obtener(alcance, sesion_id, bloquear=False):
    stmt = alcance.filtrar_sesiones_caja(select(SesionCaja).where(SesionCaja.id == sesion_id))
    if bloquear:
        stmt = stmt.with_for_update().execution_options(populate_existing=True)
    sesion = db.session.scalars(stmt).one_or_none()
    if sesion is None:
        raise NoEncontrado("La sesión de caja no existe")
    return sesion


def listar(alcance, *, page, per_page, sucursal_id=None, estado=None):
    stmt = alcance.filtrar_sesiones_caja(select(SesionCaja)).order_by(SesionCaja.abierta_en.desc(),
                                                                     SesionCaja.id.desc())
    if sucursal_id is not None:
        stmt = stmt.where(SesionCaja.sucursal_id == sucursal_id)
    if estado:
        stmt = stmt.where(SesionCaja.estado == estado)
    pagina = paginate(stmt, page, per_page)
    _con_totales(pagina["items"])
    return pagina


def _movimientos(sesion_id):
    """Payments, refunds and manual movements of the session, oldest first, signed (money out negative)."""
    pagos = (select(literal("pago").label("tipo"), Pago.id, Pago.monto, Pago.metodo, literal(None).label("concepto"),
                    Pago.factura_id, Factura.numero_factura, Pago.fecha, Pago.usuario_id)
             .join(Factura, Factura.id == Pago.factura_id).where(Pago.sesion_caja_id == sesion_id))
    manuales = select(MovimientoCaja.tipo, MovimientoCaja.id, MovimientoCaja.monto, literal("efectivo"),
                      MovimientoCaja.concepto, literal(None), literal(None), MovimientoCaja.fecha,
                      MovimientoCaja.usuario_id).where(MovimientoCaja.sesion_id == sesion_id)
    todos = union_all(pagos, manuales).subquery()
    filas = db.session.execute(select(todos).order_by(todos.c.fecha, todos.c.id)).mappings().all()
    usuarios = {u.id: u for u in db.session.scalars(
        select(Usuario).where(Usuario.id.in_({f["usuario_id"] for f in filas})))}
    return [_vista_movimiento(usuario=usuarios.get(f["usuario_id"]), **f) for f in filas]


def _vista_movimiento(*, tipo, monto, usuario, usuario_id, **resto):
    """A movement as the API shows it: refunds are payments with a negative amount; cash out is negative."""
    if tipo == "pago" and monto < 0:
        tipo = "devolucion"
    elif tipo == "egreso":
        monto = -monto
    return {"tipo": tipo, "monto": monto, "usuario": usuario, **resto}


def consultar(alcance, sesion_id):
    """The session with its running figures and its movements."""
    sesion = _obtener(alcance, sesion_id)
    _con_totales([sesion])
    sesion.movimientos = _movimientos(sesion.id)
    return sesion


# --- writing -----------------------------------------------------------------------------------

def abrir(alcance, *, fondo_inicial, sucursal_id=None):
    sucursal_id = alcance.sucursal_de_caja(sucursal_id)
    sesion = SesionCaja(sucursal_id=sucursal_id, estado="abierta", fondo_inicial=fondo_inicial,
                        abierta_por=alcance.usuario.id)
    with restricciones():
        db.session.add(sesion)
    auditoria_service.registrar("caja_abierta", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"sucursal_id": sucursal_id, "fondo_inicial": str(fondo_inicial)})
    return _con_totales([sesion])[0]


def registrar_movimiento(alcance, sesion_id, *, tipo, monto, concepto):
    """Cash in or out by hand. Movements of one session run one after the other (the session row is locked),
    so two withdrawals cannot both take the same cash: an egreso above the expected cash → 409."""
    sesion = _obtener(alcance, sesion_id, bloquear=True)
    if sesion.estado != "abierta":
        raise Conflicto("CAJA_CERRADA", "La sesión de caja está cerrada")
    if tipo == "egreso":
        disponible = _totales([sesion])[sesion.id].esperado
        if monto > disponible:
            raise Conflicto("CAJA_SIN_EFECTIVO", f"No hay tanto efectivo en la caja (se esperan {disponible})",
                            disponible=str(disponible))
    movimiento = MovimientoCaja(sesion_id=sesion.id, tipo=tipo, monto=monto, concepto=concepto,
                                usuario_id=alcance.usuario.id)
    with restricciones():
        db.session.add(movimiento)
    auditoria_service.registrar(f"caja_{tipo}", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"movimiento_id": movimiento.id, "monto": str(monto), "concepto": concepto})
    return _vista_movimiento(tipo=tipo, id=movimiento.id, monto=monto, metodo="efectivo", concepto=concepto,
                             factura_id=None, numero_factura=None, fecha=movimiento.fecha, usuario=alcance.usuario,
                             usuario_id=alcance.usuario.id)


def cerrar(alcance, sesion_id, *, efectivo_contado, notas=None, conteo=None):
    """Close with the counted cash: freezes expected, counted and the totals per method; never again changed."""
    sesion = _obtener(alcance, sesion_id, bloquear=True)
    if sesion.estado != "abierta":
        raise Conflicto("CAJA_CERRADA", "La sesión de caja ya está cerrada")
    if conteo is not None:
        contado = sum((Decimal(denominacion) * cantidad for denominacion, cantidad in conteo.items()), CERO)
        if contado != efectivo_contado:
            raise Invalido({"conteo": [f"El conteo suma {contado} y no coincide con el efectivo contado."]})
    totales = _totales([sesion])[sesion.id]
    sesion.estado, sesion.cerrada_por, sesion.cerrada_en = "cerrada", alcance.usuario.id, alcance.ahora
    sesion.esperado, sesion.efectivo_contado = totales.esperado, efectivo_contado
    sesion.por_metodo, sesion.conteo, sesion.notas = totales.por_metodo_texto(), conteo, notas
    db.session.flush()
    sesion.totales = totales
    auditoria_service.registrar("caja_cerrada", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"esperado": str(totales.esperado), "contado": str(efectivo_contado),
                                         "diferencia": str(efectivo_contado - totales.esperado)})
    return sesion
