"""Enqueueing: a message is a row of medical.mensajes written in the caller's transaction, so it exists if and
only if the change that causes it commits. Nothing is sent here: the worker (entrega.py) delivers it."""
from datetime import datetime

from app.extensions import db
from app.models import Mensaje


def encolar(*, tipo: str, canal: str, destino: str | None, ahora: datetime, paciente_id: int | None = None,
            cita_id: int | None = None, usuario_id: int | None = None, secreto: str | None = None,
            programado_para: datetime | None = None) -> Mensaje:
    """A message due at ``programado_para`` (default: ``ahora``). ``secreto``: a one-time link or code the text
    carries (stored encrypted, never shown). (An appointment's messages are enqueued by recordatorios.py, which
    decides channel, destination and omission for them in SQL.)"""
    mensaje = Mensaje(tipo=tipo, canal=canal, destino=destino, paciente_id=paciente_id, cita_id=cita_id,
                      usuario_id=usuario_id, secreto=secreto, programado_para=programado_para or ahora)
    db.session.add(mensaje)
    return mensaje
