"""Clinical history: append-only entries and their addenda (texts encrypted)."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Index, Text, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.utils.crypto import EncryptedText


class HistorialMedico(db.Model):
    __tablename__ = "historial_medico"
    __table_args__ = (Index("ix_historial_medico_paciente_fecha", "paciente_id", "fecha"), {"schema": "medical"})

    id: Mapped[int] = mapped_column(primary_key=True)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"))
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"), index=True)
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"), index=True)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    diagnostico: Mapped[str | None] = mapped_column(EncryptedText)
    tratamiento: Mapped[str | None] = mapped_column(EncryptedText)
    observaciones: Mapped[str | None] = mapped_column(EncryptedText)
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))

    adendas: Mapped[list["AdendaHistorial"]] = relationship(order_by="AdendaHistorial.id")


class AdendaHistorial(db.Model):
    """A correction appended to an entry: the entry itself never changes."""

    __tablename__ = "historial_adendas"
    __table_args__ = {"schema": "medical"}

    id: Mapped[int] = mapped_column(primary_key=True)
    historial_id: Mapped[int] = mapped_column(ForeignKey("medical.historial_medico.id"), index=True)
    medico_id: Mapped[int | None] = mapped_column(ForeignKey("medical.medicos.id"))
    texto: Mapped[str] = mapped_column(EncryptedText)
    motivo: Mapped[str] = mapped_column(Text)
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
