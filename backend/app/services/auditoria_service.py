"""Writing audit rows. Rows are added to the request's transaction (services never commit)."""
from flask import has_request_context, request

from app.extensions import db
from app.models import Auditoria


def client_ip():
    return request.remote_addr if has_request_context() else None


def registrar(accion, *, usuario=None, usuario_id=None, entidad=None, entidad_id=None, paciente_id=None,
              resultado="ok", detalle=None):
    fila = Auditoria(
        accion=accion,
        usuario_id=usuario.id if usuario is not None else usuario_id,
        entidad=entidad,
        entidad_id=entidad_id,
        paciente_id=paciente_id,
        ip=client_ip(),
        resultado=resultado,
        detalle=detalle,
    )
    db.session.add(fila)
    return fila
