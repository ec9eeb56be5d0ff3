"""security.auditoria: who did what to which patient data, when, from where, with what result."""
from datetime import datetime

from sqlalchemy import BigInteger, DateTime, ForeignKey, Index, Integer, String, func
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Auditoria(db.Model):
    __tablename__ = "auditoria"
    __table_args__ = (
        Index("ix_auditoria_fecha", "fecha"),
        Index("ix_auditoria_paciente_fecha", "paciente_id", "fecha"),
        Index("ix_auditoria_usuario_fecha", "usuario_id", "fecha"),
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
