"""The Administrador's view of emergency accesses to clinical history (X-Acceso-Emergencia): who read which
patient's history outside a treatment relationship, when and why. The rows are the audit log's own
("acceso_emergencia"), read through a partial index (migration 0010)."""
from datetime import timedelta

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import aliased

from app.models import Auditoria, Paciente, Usuario
from app.services import auditoria_service
from app.utils.pagination import filas_y_total, page_of

ACCION = "acceso_emergencia"


_CONDICION = (Auditoria.accion == ACCION, Auditoria.fecha >= bindparam("desde"))
_CONTAR = select(func.count()).select_from(Auditoria).where(*_CONDICION)
_MEDICO = aliased(Usuario)
# Built once, every value bound (docs/architecture.md): the aliased user alone cost ~10 column copies per request.
_PAGINA = (select(Auditoria.id, Auditoria.fecha, Auditoria.usuario_id, _MEDICO.nombre.label("usuario_nombre"),
                  _MEDICO.apellido.label("usuario_apellido"), Auditoria.paciente_id,
                  Paciente.nombre.label("paciente_nombre"), Paciente.apellido.label("paciente_apellido"),
                  Auditoria.detalle, _CONTAR.scalar_subquery().label("total"))
           .where(*_CONDICION)
           .outerjoin(_MEDICO, _MEDICO.id == Auditoria.usuario_id)
           .outerjoin(Paciente, Paciente.id == Auditoria.paciente_id)
           .order_by(Auditoria.fecha.desc(), Auditoria.id.desc())
           .limit(bindparam("limite")).offset(bindparam("inicio")))


def listar(alcance, *, dias, page, per_page):
    """The emergency accesses of the last ``dias`` days (by the request's clock), newest first."""
    filas, total = filas_y_total(_PAGINA, _CONTAR, {"desde": alcance.ahora - timedelta(days=dias)}, page, per_page)
    items = [{"id": f.id, "fecha": f.fecha, "usuario_id": f.usuario_id,
              "usuario": {"nombre": f.usuario_nombre, "apellido": f.usuario_apellido},
              "paciente_id": f.paciente_id, "paciente": {"nombre": f.paciente_nombre, "apellido": f.paciente_apellido},
              "motivo": (f.detalle or {}).get("motivo"), "accion": (f.detalle or {}).get("accion")} for f in filas]
    auditoria_service.registrar("emergencias_consultadas", usuario=alcance.usuario, entidad="auditoria",
                                detalle={"dias": dias, "ids": [i["id"] for i in items]})
    return page_of(items, total, page, per_page)
