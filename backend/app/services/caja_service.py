"""The cash register of a branch: open with a float, payments and refunds join the open session, manual cash
in and out, close with the counted cash.

Integrity is the database's: one open session per branch is a partial unique index, and a trigger refuses any
change to a closed session and any payment or movement joining it (migration 0020). The locks order the rest:
a payment takes the open session FOR SHARE, closing takes it FOR UPDATE, so a payment either joins before the
close (and the close counts it) or finds the register closed.

Figures of a session (``Totales``): per payment method, the net of payments and refunds in the session;
``esperado`` = float + cash payments − cash refunds + cash in − cash out; ``diferencia`` = counted − expected.
"""
import functools
from dataclasses import dataclass
from decimal import Decimal

from sqlalchemy import Integer, bindparam, func, select, text, true
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import ConfiguracionClinica, MovimientoCaja, Pago, SesionCaja, Sucursal, Usuario
from app.models.caja import TIPOS_MOVIMIENTO
from app.models.facturacion import METODOS_PAGO
from app.services import auditoria_service
from app.services.alcance import Alcance
from app.utils import dinero
from app.utils.errors import Conflicto, Invalido, NoEncontrado, Prohibido, register_constraint, restricciones
from app.utils.pagination import filas_y_total, page_of
from app.utils.sql import ejecutar, por_id

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

    @classmethod
    def de_fila(cls, fila):
        """The figures of a row read with ``_con_cifras``."""
        return cls(fila.fondo_inicial, {metodo: getattr(fila, metodo) for metodo in METODOS_PAGO}, fila.ingreso,
                   fila.egreso)


def _sumas(columna, filtro, valores):
    """One column per value: the sum of ``columna`` of the rows where ``filtro`` equals it (0.00 when none)."""
    return [func.coalesce(func.sum(columna).filter(filtro == valor), CERO).label(valor) for valor in valores]


# A session's running figures, each read where the session is: its payments' net per method and its manual cash in
# and out (the partial index on pagos.sesion_caja_id and the one on movimientos_caja.sesion_id).
_COBROS = select(*_sumas(Pago.monto, Pago.metodo, METODOS_PAGO)).where(
    Pago.sesion_caja_id == SesionCaja.id).lateral("cobros")
_MANUALES = select(*_sumas(MovimientoCaja.monto, MovimientoCaja.tipo, TIPOS_MOVIMIENTO)).where(
    MovimientoCaja.sesion_id == SesionCaja.id).lateral("manuales")


def _con_cifras(*columnas):
    """A select() of sessions with ``columnas``, the float and the running figures (Totales.de_fila), in one
    statement."""
    return (select(*columnas, SesionCaja.fondo_inicial, _COBROS, _MANUALES).select_from(SesionCaja)
            .join(_COBROS, true()).join(_MANUALES, true()))


_CIFRAS = _con_cifras().where(SesionCaja.id == bindparam("sesion_id"))


def _totales(sesion_id):
    """The Totales of one session, now."""
    return Totales.de_fila(ejecutar(_CIFRAS, {"sesion_id": sesion_id}).one())


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

_APERTURA, _CIERRE = aliased(Usuario), aliased(Usuario)
# Every read of a session (list, detail, closing report) is this row: its columns, its branch, who opened and
# closed it and its running figures, one statement whatever the number of sessions. Its statements are built once
# per list shape and scope key (docs/architecture.md).
_SESIONES = (_con_cifras(
    SesionCaja.id, SesionCaja.sucursal_id, SesionCaja.estado, SesionCaja.abierta_en, SesionCaja.cerrada_en,
    SesionCaja.esperado, SesionCaja.efectivo_contado, SesionCaja.conteo, SesionCaja.notas,
    Sucursal.nombre.label("sucursal_nombre"), Sucursal.zona_horaria,
    _APERTURA.id.label("apertura_id"), _APERTURA.nombre.label("apertura_nombre"),
    _APERTURA.apellido.label("apertura_apellido"),
    _CIERRE.id.label("cierre_id"), _CIERRE.nombre.label("cierre_nombre"), _CIERRE.apellido.label("cierre_apellido"))
    .join(Sucursal, Sucursal.id == SesionCaja.sucursal_id)
    .join(_APERTURA, _APERTURA.id == SesionCaja.abierta_por)
    .outerjoin(_CIERRE, _CIERRE.id == SesionCaja.cerrada_por))


_FILTROS_LISTA = {
    "sucursal_id": SesionCaja.sucursal_id == bindparam("sucursal_id"),
    "estado": SesionCaja.estado == bindparam("estado"),
}


@functools.cache
def _sentencias_lista(filtros, clave_alcance):
    """The page and count statements of a list shape (the filters given, the caller's scope), built once with every
    value a bound parameter, as the appointments' (citas_service._sentencias_lista): the page's statement with its
    laterals cost more to build and hash on each request than the ORM objects it replaced."""
    condiciones = [_FILTROS_LISTA[f] for f in filtros] + (
        [Alcance.condicion_sesiones_caja(clave_alcance)] if clave_alcance else [])
    contar = select(func.count()).select_from(SesionCaja).where(*condiciones)
    pagina = (_SESIONES.add_columns(contar.scalar_subquery().label("total")).where(*condiciones)
              .order_by(SesionCaja.abierta_en.desc(), SesionCaja.id.desc())
              .limit(bindparam("limite")).offset(bindparam("inicio")))
    return pagina, contar


@functools.cache
def _sentencia_sesion(clave_alcance):
    """leer's statement for a scope key, built once."""
    condiciones = [Alcance.condicion_sesiones_caja(clave_alcance)] if clave_alcance else []
    return _SESIONES.where(SesionCaja.id == bindparam("sesion_id"), *condiciones)


def leer(alcance, sesion_id):
    """The session's row (``_SESIONES``) when ``alcance`` may see it; otherwise 404."""
    clave, valores = alcance.clave_sesiones_caja()
    fila = ejecutar(_sentencia_sesion(clave), {**valores, "sesion_id": sesion_id}).one_or_none()
    if fila is None:
        raise NoEncontrado("La sesión de caja no existe")
    return fila


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


def _persona(id_, nombre, apellido):
    return None if id_ is None else {"id": id_, "nombre": nombre, "apellido": apellido}


def sesion_json(fila):
    """A session's row (``_SESIONES``) as SesionCajaSchema dumps the session: tests/test_caja.py compares the two."""
    cerrada = fila.estado == "cerrada"
    totales = Totales.de_fila(fila)
    return {
        "id": fila.id, "sucursal_id": fila.sucursal_id,
        "sucursal": {"id": fila.sucursal_id, "nombre": fila.sucursal_nombre}, "estado": fila.estado,
        "fondo_inicial": dinero.para_api(fila.fondo_inicial),
        "abierta_por": _persona(fila.apertura_id, fila.apertura_nombre, fila.apertura_apellido),
        "abierta_en": fila.abierta_en.isoformat(),
        "cerrada_por": _persona(fila.cierre_id, fila.cierre_nombre, fila.cierre_apellido),
        "cerrada_en": fila.cerrada_en.isoformat() if fila.cerrada_en else None,
        "notas": fila.notas,
        "conteo": None if fila.conteo is None else {str(d): int(n) for d, n in fila.conteo.items()},
        "por_metodo": {metodo: dinero.para_api(totales.por_metodo[metodo]) for metodo in METODOS_PAGO},
        "ingresos": dinero.para_api(totales.ingresos), "egresos": dinero.para_api(totales.egresos),
        "esperado": str(fila.esperado if cerrada else totales.esperado),
        "contado": dinero.para_api(fila.efectivo_contado),
        "diferencia": str(fila.efectivo_contado - fila.esperado) if cerrada else None,
    }


def listar(alcance, *, page, per_page, sucursal_id=None, estado=None):
    """One page of sessions, newest first, already in JSON form (sesion_json)."""
    valores = {f: v for f, v in (("sucursal_id", sucursal_id), ("estado", estado)) if v is not None}
    clave, valores_alcance = alcance.clave_sesiones_caja()
    pagina, contar = _sentencias_lista(tuple(sorted(valores)), clave)
    filas, total = filas_y_total(pagina, contar, valores | valores_alcance, page, per_page)
    return page_of([sesion_json(fila) for fila in filas], total, page, per_page)


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


def movimientos(sesion_id, movimiento_id=None):
    """The session's payments, refunds and manual movements (or only the manual ``movimiento_id``), oldest first,
    as JSON-ready dicts."""
    return ejecutar(MOVIMIENTOS_JSON, {"sesion": sesion_id, "movimiento": movimiento_id}).scalar()


def consultar(alcance, sesion_id):
    """The detail's answer: the session in JSON form (sesion_json) with its movements."""
    fila = leer(alcance, sesion_id)
    return {**sesion_json(fila), "movimientos": movimientos(fila.id)}


# --- writing -----------------------------------------------------------------------------------

def abrir(alcance, *, fondo_inicial, sucursal_id=None):
    sucursal_id = alcance.sucursal_propia(sucursal_id, Prohibido("Solo puede abrir la caja de su sucursal"))
    if sucursal_id is None:
        raise Invalido({"sucursal_id": ["Indique la sucursal."]})
    sucursal = por_id(Sucursal, sucursal_id)
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
        disponible = _totales(sesion.id).esperado
        if monto > disponible:
            raise Conflicto("CAJA_SIN_EFECTIVO", f"No hay tanto efectivo en la caja (se esperan {disponible})",
                            disponible=str(disponible))
    movimiento = MovimientoCaja(sesion_id=sesion.id, tipo=tipo, monto=monto, concepto=concepto,
                                usuario_id=alcance.usuario.id)
    with restricciones():
        db.session.add(movimiento)
    auditoria_service.registrar(f"caja_{tipo}", usuario=alcance.usuario, entidad="sesion_caja", entidad_id=sesion.id,
                                detalle={"movimiento_id": movimiento.id, "monto": str(monto), "concepto": concepto})
    return movimientos(sesion.id, movimiento.id)[0]


def cerrar(alcance, sesion_id, *, efectivo_contado, notas=None, conteo=None):
    """Close with the counted cash (the schema checked that a count adds up to it): freezes expected and counted;
    the session never changes again (a trigger)."""
    sesion = _abierta_bloqueada(alcance, sesion_id)
    totales = _totales(sesion.id)
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
