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

from sqlalchemy import Integer, bindparam, func, select, text
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ConfiguracionClinica, MovimientoCaja, Pago, SesionCaja, Sucursal
from app.models.facturacion import METODOS_PAGO
from app.services import auditoria_service
from app.utils import dinero
from app.utils.errors import Conflicto, Invalido, NoEncontrado, Prohibido, register_constraint, restricciones
from app.utils.pagination import paginate
from app.utils.sql import ejecutar

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

    @classmethod
    def de_apertura(cls, fondo_inicial):
        """The figures of a session just opened: its float and nothing else."""
        return cls(fondo_inicial, dict.fromkeys(METODOS_PAGO, CERO), CERO, CERO)


def _totales(sesiones):
    """{session id: Totales} of ``sesiones``, in two grouped queries whatever their number."""
    ids = [s.id for s in sesiones]
    por_metodo = {i: dict.fromkeys(METODOS_PAGO, CERO) for i in ids}
    manuales = {i: {"ingreso": CERO, "egreso": CERO} for i in ids}
    if ids:
        for sesion_id, metodo, monto in ejecutar(
                select(Pago.sesion_caja_id, Pago.metodo, func.sum(Pago.monto))
                .where(Pago.sesion_caja_id.in_(ids)).group_by(Pago.sesion_caja_id, Pago.metodo)):
            por_metodo[sesion_id][metodo] = monto
        for sesion_id, tipo, monto in ejecutar(
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

def sesion_para_cobrar(sucursal_id, metodo):
    """The id of the session open at ``sucursal_id`` (locked FOR SHARE until commit, so it cannot close
    meanwhile), or None. When the clinic sets ``exigir_caja``, a cash payment or refund without one → 409
    CAJA_CERRADA."""
    sesion_id = None
    if sucursal_id is not None:
        sesion_id = db.session.scalar(select(SesionCaja.id).where(
            SesionCaja.sucursal_id == sucursal_id, SesionCaja.estado == "abierta").with_for_update(read=True))
    if sesion_id is None and metodo == "efectivo" and db.session.scalar(select(ConfiguracionClinica.exigir_caja)):
        raise Conflicto("CAJA_CERRADA", "No hay una caja abierta en la sucursal: abra la caja para cobrar o "
                                        "devolver en efectivo")
    return sesion_id


# --- reading -----------------------------------------------------------------------------------

# What the API shows of a session beside its columns: the branch and who opened and closed it, in the same query.
CON_REFERENCIAS = (joinedload(SesionCaja.sucursal), joinedload(SesionCaja.usuario_apertura),
                   joinedload(SesionCaja.usuario_cierre))


def _obtener(alcance, sesion_id):
    stmt = alcance.filtrar_sesiones_caja(select(SesionCaja).where(SesionCaja.id == sesion_id)).options(
        *CON_REFERENCIAS)
    sesion = db.session.scalars(stmt).one_or_none()
    if sesion is None:
        raise NoEncontrado("La sesión de caja no existe")
    return sesion


def _abierta_bloqueada(alcance, sesion_id):
    """The session locked FOR UPDATE (movements and the close run one after the other); closed → 409."""
    stmt = (alcance.filtrar_sesiones_caja(select(SesionCaja).where(SesionCaja.id == sesion_id))
            .with_for_update().execution_options(populate_existing=True))
    sesion = db.session.scalars(stmt).one_or_none()
    if sesion is None:
        raise NoEncontrado("La sesión de caja no existe")
    if sesion.estado != "abierta":
        raise Conflicto("CAJA_CERRADA", "La sesión de caja está cerrada")
    return sesion


def _persona(usuario):
    return None if usuario is None else {"id": usuario.id, "nombre": usuario.nombre, "apellido": usuario.apellido}


def sesion_json(sesion):
    """A session with its references and totals (_con_totales) as SesionCajaSchema dumps it, built here: for a page
    of 20 sessions marshmallow's dump was a third of the list's CPU (~500 attributes). tests/test_caja.py compares
    the two."""
    cerrada = sesion.estado == "cerrada"
    totales = sesion.totales
    return {
        "id": sesion.id, "sucursal_id": sesion.sucursal_id,
        "sucursal": {"id": sesion.sucursal.id, "nombre": sesion.sucursal.nombre}, "estado": sesion.estado,
        "fondo_inicial": dinero.para_api(sesion.fondo_inicial),
        "abierta_por": _persona(sesion.usuario_apertura), "abierta_en": sesion.abierta_en.isoformat(),
        "cerrada_por": _persona(sesion.usuario_cierre),
        "cerrada_en": sesion.cerrada_en.isoformat() if sesion.cerrada_en else None,
        "notas": sesion.notas,
        "conteo": None if sesion.conteo is None else {str(d): int(n) for d, n in sesion.conteo.items()},
        "por_metodo": {metodo: dinero.para_api(totales.por_metodo[metodo]) for metodo in METODOS_PAGO},
        "ingresos": dinero.para_api(totales.ingresos), "egresos": dinero.para_api(totales.egresos),
        "esperado": str(sesion.esperado if cerrada else totales.esperado),
        "contado": dinero.para_api(sesion.efectivo_contado),
        "diferencia": str(sesion.efectivo_contado - sesion.esperado) if cerrada else None,
    }


def listar(alcance, *, page, per_page, sucursal_id=None, estado=None):
    """One page of sessions, newest first, already in JSON form (sesion_json)."""
    stmt = alcance.filtrar_sesiones_caja(select(SesionCaja)).options(*CON_REFERENCIAS).order_by(
        SesionCaja.abierta_en.desc(), SesionCaja.id.desc())
    if sucursal_id is not None:
        stmt = stmt.where(SesionCaja.sucursal_id == sucursal_id)
    if estado:
        stmt = stmt.where(SesionCaja.estado == estado)
    pagina = paginate(stmt, page, per_page)
    pagina["items"] = [sesion_json(sesion) for sesion in _con_totales(pagina["items"])]
    return pagina


# The movements of a session in the API's shape, built by the database (a busy day holds a few hundred: no Python
# per movement). Refunds are payments with a negative amount; cash out is negative; dates in UTC, ISO 8601.
MOVIMIENTOS_JSON = text("""
    SELECT coalesce(json_agg(json_build_object(
               'tipo', m.tipo, 'id', m.id, 'monto', m.monto::text, 'metodo', m.metodo, 'concepto', m.concepto,
               'factura_id', m.factura_id, 'numero_factura', m.numero_factura,
               'fecha', to_char(m.fecha AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"'),
               'usuario', CASE WHEN u.id IS NOT NULL
                               THEN json_build_object('id', u.id, 'nombre', u.nombre, 'apellido', u.apellido) END)
             ORDER BY m.fecha, m.manual, m.id), '[]')
      FROM (SELECT CASE WHEN p.monto < 0 THEN 'devolucion' ELSE 'pago' END AS tipo, p.id, p.monto, p.metodo,
                   NULL AS concepto, p.factura_id, f.numero_factura, p.fecha, p.usuario_id, false AS manual
              FROM billing.pagos p JOIN billing.facturas f ON f.id = p.factura_id
             WHERE p.sesion_caja_id = :sesion AND :movimiento IS NULL
            UNION ALL
            SELECT c.tipo, c.id, CASE WHEN c.tipo = 'egreso' THEN -c.monto ELSE c.monto END, 'efectivo', c.concepto,
                   NULL, NULL, c.fecha, c.usuario_id, true
              FROM billing.movimientos_caja c
             WHERE c.sesion_id = :sesion AND (:movimiento IS NULL OR c.id = :movimiento)) m
      LEFT JOIN security.usuarios u ON u.id = m.usuario_id""").bindparams(
    bindparam("sesion", type_=Integer), bindparam("movimiento", type_=Integer))


def _movimientos(sesion_id, movimiento_id=None):
    """The session's payments, refunds and manual movements (or only the manual ``movimiento_id``), oldest first,
    as JSON-ready dicts."""
    return ejecutar(MOVIMIENTOS_JSON, {"sesion": sesion_id, "movimiento": movimiento_id}).scalar()


def consultar(alcance, sesion_id):
    """The session with its running figures and its movements."""
    sesion = _obtener(alcance, sesion_id)
    _con_totales([sesion])
    sesion.movimientos = _movimientos(sesion.id)
    return sesion


# --- writing -----------------------------------------------------------------------------------

def abrir(alcance, *, fondo_inicial, sucursal_id=None):
    sucursal_id = alcance.sucursal_propia(sucursal_id, Prohibido("Solo puede abrir la caja de su sucursal"))
    if sucursal_id is None:
        raise Invalido({"sucursal_id": ["Indique la sucursal."]})
    sucursal = db.session.get(Sucursal, sucursal_id)
    if sucursal is None or not sucursal.activo:
        raise Invalido({"sucursal_id": ["La sucursal no existe o está inactiva."]})
    sesion = SesionCaja(sucursal_id=sucursal_id, estado="abierta", fondo_inicial=fondo_inicial,
                        abierta_por=alcance.usuario.id)
    with restricciones():
        db.session.add(sesion)
    auditoria_service.registrar("caja_abierta", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"sucursal_id": sucursal_id, "fondo_inicial": str(fondo_inicial)})
    sesion.totales = Totales.de_apertura(fondo_inicial)
    return sesion


def registrar_movimiento(alcance, sesion_id, *, tipo, monto, concepto):
    """Cash in or out by hand. Movements of one session run one after the other (the session row is locked),
    so two withdrawals cannot both take the same cash: an egreso above the expected cash → 409."""
    sesion = _abierta_bloqueada(alcance, sesion_id)
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
    return _movimientos(sesion.id, movimiento.id)[0]


def cerrar(alcance, sesion_id, *, efectivo_contado, notas=None, conteo=None):
    """Close with the counted cash (the schema checked that a count adds up to it): freezes expected and counted;
    the session never changes again (a trigger)."""
    sesion = _abierta_bloqueada(alcance, sesion_id)
    totales = _totales([sesion])[sesion.id]
    # The database's clock, as the payments' and movements' dates: nothing it counted is dated after its close.
    sesion.cerrada_en = db.session.scalar(select(func.clock_timestamp()))
    sesion.estado, sesion.cerrada_por = "cerrada", alcance.usuario.id
    sesion.esperado, sesion.efectivo_contado, sesion.conteo, sesion.notas = totales.esperado, efectivo_contado, conteo, notas
    db.session.flush()
    sesion.totales = totales
    auditoria_service.registrar("caja_cerrada", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"esperado": str(totales.esperado), "contado": str(efectivo_contado),
                                         "diferencia": str(efectivo_contado - totales.esperado)})
    return sesion
