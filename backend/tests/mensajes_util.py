"""Shared helpers of the patient-message tests: reading the outbox and running the worker's delivery at a
chosen instant."""
from datetime import datetime
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import Mensaje
from app.services.comunicaciones import entrega


def mensajes_de(cita_id, tipo=None):
    stmt = select(Mensaje).where(Mensaje.cita_id == cita_id).order_by(Mensaje.id)
    if tipo:
        stmt = stmt.where(Mensaje.tipo == tipo)
    db.session.expire_all()
    return db.session.scalars(stmt).all()


def entregar_a_las(instante: datetime) -> int:
    """One pass of the worker's delivery with the clock at ``instante``."""
    return entrega.entregar_pendientes(instante, current_app.config)


def inicio_de(cita) -> datetime:
    """The appointment's start as an instant (its branch's time zone)."""
    return datetime.combine(cita.fecha, cita.hora_inicio, tzinfo=ZoneInfo(cita.sucursal.zona_horaria))
