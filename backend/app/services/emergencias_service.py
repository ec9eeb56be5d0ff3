"""The Administrador's view of emergency accesses to clinical history (X-Acceso-Emergencia): who read which
patient's history outside a treatment relationship, when and why. The rows are the audit log's own
("acceso_emergencia"), read through a partial index (migration 0010)."""
from datetime import timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Auditoria, Paciente, Usuario
from app.services import auditoria_service
from app.utils.pagination import page_of

ACCION = "acceso_emergencia"


def listar(alcance, *, dias, page, per_page):
    """The emergency accesses of the last ``dias`` days (by the request's clock), newest first."""
    desde = alcance.ahora - timedelta(days=dias)
    condicion = (Auditoria.accion == ACCION, Auditoria.fecha >= desde)
    total = db.session.scalar(select(func.count()).select_from(Auditoria).where(*condicion))
    medico = aliased(Usuario)
    filas = db.session.execute(
        select(Auditoria.id, Auditoria.fecha, Auditoria.usuario_id, medico.nombre, medico.apellido,
               Auditoria.paciente_id, Paciente.nombre, Paciente.apellido, Auditoria.detalle)
        .where(*condicion)
        .outerjoin(medico, medico.id == Auditoria.usuario_id)
        .outerjoin(Paciente, Paciente.id == Auditoria.paciente_id)
        .order_by(Auditoria.fecha.desc(), Auditoria.id.desc())
        .limit(per_page).offset((page - 1) * per_page)).all()
    items = [{"id": f[0], "fecha": f[1], "usuario_id": f[2], "usuario": {"nombre": f[3], "apellido": f[4]},
              "paciente_id": f[5], "paciente": {"nombre": f[6], "apellido": f[7]},
              "motivo": (f[8] or {}).get("motivo"), "accion": (f[8] or {}).get("accion")} for f in filas]
    auditoria_service.registrar("emergencias_consultadas", usuario=alcance.usuario, entidad="auditoria",
                                detalle={"dias": dias, "ids": [i["id"] for i in items]})
    return page_of(items, total, page, per_page)
