"""security.auditoria: who did what to which patient data, when, from where, with what result."""
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Auditoria(db.Model):
    __tablename__ = "auditoria"
    __table_args__ = (
        Index("ix_auditoria_fecha", "fecha"),
        Index("ix_auditoria_paciente_fecha", "paciente_id", "fecha"),
        Index("ix_auditoria_usuario_fecha", "usuario_id", "fecha"),
        # The Administrador's list and dashboard card of emergency accesses.
        Index("ix_auditoria_emergencias", "fecha", postgresql_where=text("accion = 'acceso_emergencia'")),
        {"schema": "security"},
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    accion: Mapped[str] = mapped_column(String(50))
    entidad: Mapped[str | None] = mapped_column(String(50))
    entidad_id: Mapped[int | None] = mapped_column(BigInteger)
    paciente_id: Mapped[int | None] = mapped_column(Integer)
    ip: Mapped[str | None] = mapped_column(String(45))
    resultado: Mapped[str] = mapped_column(String(20), server_default="ok")
    detalle: Mapped[dict | None] = mapped_column(JSONB)
    # HMAC-SHA256 of the row's contents (app.services.auditoria_service); NULL only on rows older than 0003.
    huella: Mapped[str | None] = mapped_column(String(64))


class SelloAuditoria(db.Model):
    """A seal over a contiguous id range of audit rows: HMAC chain of their huellas (docs/auditoria.md)."""

    __tablename__ = "auditoria_sellos"
    __table_args__ = {"schema": "security"}

    id: Mapped[int] = mapped_column(primary_key=True)
    desde_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    hasta_id: Mapped[int] = mapped_column(BigInteger)
    filas: Mapped[int] = mapped_column(Integer)
    huella_anterior: Mapped[str | None] = mapped_column(String(64))
    huella: Mapped[str] = mapped_column(String(64))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
