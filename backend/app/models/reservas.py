"""A patient's online booking request, waiting for the code sent to their e-mail (app/services/reservas/)."""
import uuid
from datetime import date, datetime, time

from sqlalchemy import CheckConstraint, Date, DateTime, ForeignKey, Index, SmallInteger, String, Text, Time
from sqlalchemy.dialects.postgresql import UUID
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.utils.crypto import EncryptedText


class SolicitudReserva(db.Model):
    """A slot asked for and the patient's data, until the right code books it (``verificada``, with its
    appointment), five wrong codes lock it (``bloqueada``), the slot is taken meanwhile (``rechazada``), or it
    expires (still ``pendiente``, past ``expira_en``)."""

    __tablename__ = "solicitudes_reserva"
    __table_args__ = (
        CheckConstraint("estado IN ('pendiente', 'verificada', 'bloqueada', 'rechazada')", name="estado_valido"),
        CheckConstraint("intentos BETWEEN 0 AND 5", name="intentos_rango"),
        CheckConstraint("(estado = 'verificada') = (cita_id IS NOT NULL)", name="verificada_con_cita"),
        # The per-address limit counts an address's open requests and upcoming bookings.
        Index("ix_solicitudes_reserva_email_hash", "email_hash", "creada_en"),
        {"schema": "medical"},
    )

    PENDIENTE, VERIFICADA, BLOQUEADA, RECHAZADA = "pendiente", "verificada", "bloqueada", "rechazada"

    id: Mapped[uuid.UUID] = mapped_column(UUID(as_uuid=True), primary_key=True, default=uuid.uuid4)
    creada_en: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expira_en: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    estado: Mapped[str] = mapped_column(String(10), server_default="pendiente", default="pendiente")
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"))
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"))
    fecha: Mapped[date] = mapped_column(Date)
    hora_inicio: Mapped[time] = mapped_column(Time)
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    fecha_nacimiento: Mapped[date] = mapped_column(Date)
    email: Mapped[str] = mapped_column(EncryptedText)
    # Keyed hash of the normalised address (reservas.email_hash).
    email_hash: Mapped[str] = mapped_column(String(64))
    telefono: Mapped[str] = mapped_column(EncryptedText)
    tipo_documento: Mapped[str | None] = mapped_column(String(20))
    numero_documento: Mapped[str | None] = mapped_column(EncryptedText)
    motivo: Mapped[str | None] = mapped_column(Text)
    # Keyed hash of the 6-digit code: a million codes are tried in a moment against a plain hash.
    codigo_hash: Mapped[str] = mapped_column(String(64))
    intentos: Mapped[int] = mapped_column(SmallInteger, server_default="0", default=0)
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))
    verificada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
