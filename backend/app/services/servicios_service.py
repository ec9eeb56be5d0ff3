"""The catalog of billable services. Invoices copy name, price and rate, so edits here never reach them."""
from sqlalchemy import or_, select

from app.extensions import db
from app.models import CondicionDental, Servicio
from app.services import auditoria_service
from app.utils.errors import Invalido, NoEncontrado
from app.utils.pagination import paginate
from app.utils.sql import contiene, por_id


def listar(*, page, per_page, activo=None, q=None):
    stmt = select(Servicio).order_by(Servicio.nombre, Servicio.id)
    if activo is not None:
        stmt = stmt.where(Servicio.activo.is_(activo))
    if q:
        patron = contiene(q)
        stmt = stmt.where(or_(Servicio.nombre.ilike(patron), Servicio.descripcion.ilike(patron)))
    return paginate(stmt, page, per_page)


def obtener(servicio_id):
    servicio = por_id(Servicio, servicio_id)
    if servicio is None:
        raise NoEncontrado("El servicio no existe")
    return servicio


def _validar_condicion(datos):
    """``condicion_resultante``, when given, is a code of the dental catalogue."""
    codigo = datos.get("condicion_resultante")
    if codigo is not None and por_id(CondicionDental, codigo) is None:
        raise Invalido({"condicion_resultante": ["La condición no existe en el catálogo odontológico."]})


def crear(actor, datos):
    _validar_condicion(datos)
    servicio = Servicio(**datos)
    db.session.add(servicio)
    db.session.flush()
    auditoria_service.registrar("servicio_creado", usuario=actor, entidad="servicio", entidad_id=servicio.id,
                                detalle=_detalle(datos))
    return servicio


def editar(actor, servicio_id, cambios):
    servicio = obtener(servicio_id)
    _validar_condicion(cambios)
    detalle = {}
    for campo, valor in cambios.items():
        if getattr(servicio, campo) != valor:
            detalle[campo] = valor
            setattr(servicio, campo, valor)
    if detalle:
        db.session.flush()
        auditoria_service.registrar("servicio_modificado", usuario=actor, entidad="servicio", entidad_id=servicio.id,
                                    detalle=_detalle(detalle))
    return servicio


def _detalle(datos):
    """JSON-safe copy of the changed fields (Decimals as strings)."""
    return {k: (str(v) if not isinstance(v, (bool, int, type(None), str)) else v) for k, v in datos.items()}
