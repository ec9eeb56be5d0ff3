"""Patients. Sensitive fields are encrypted with pgcrypto (see app.utils.crypto)."""
from datetime import date, datetime

from sqlalchemy import (Boolean, CheckConstraint, Computed, Date, DateTime, ForeignKey, Index, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.utils.crypto import EncryptedText


class Paciente(db.Model):
    __tablename__ = "pacientes"
    __table_args__ = (
        Index("idx_pacientes_nombre_apellido", "nombre", "apellido"),
        # Same document type and number → duplicate (compared through the blind index).
        UniqueConstraint("tipo_documento", "numero_documento_hash", name="uq_pacientes_documento"),
        Index("ix_pacientes_numero_documento_hash", "numero_documento_hash"),
        Index("ix_pacientes_telefono", "telefono"),
        # The search by name and the last digits of a phone ("perez 5678"): phones are stored normalised.
        Index("ix_pacientes_telefono_final", func.right(text("telefono"), 4)),
        # The list's order; carrying `busqueda` lets a common-name search walk it index-only (docs/pacientes.md).
        Index("ix_pacientes_apellido_nombre_id", "apellido", "nombre", "id", postgresql_include=["busqueda"]),
        # A specific name search: GIN trigram index on the normalised "nombre apellido".
        Index("ix_pacientes_busqueda_trgm", "busqueda", postgresql_using="gin",
              postgresql_ops={"busqueda": "gin_trgm_ops"}),
        CheckConstraint("canal_preferido IN ('email', 'whatsapp', 'sms')", name="canal_preferido_valido"),
        CheckConstraint("origen IN ('recepcion', 'en_linea')", name="origen_valido"),
        CheckConstraint("fusionado_con_id <> id", name="fusion_con_otro"),
        # Possible duplicates (same birth date and normalised name): the reception's list of online bookings.
        Index("ix_pacientes_nacimiento_busqueda", "fecha_nacimiento", "busqueda"),
        # A merged patient's rows are read as the kept one's (fusion_pacientes): found by this, for the few merged.
        Index("ix_pacientes_fusionado_con_id", "fusionado_con_id", postgresql_where=text("fusionado_con_id IS NOT NULL")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    fecha_nacimiento: Mapped[date] = mapped_column(Date)
    genero: Mapped[str | None] = mapped_column(String(20))
    tipo_documento: Mapped[str | None] = mapped_column(String(20))
    numero_documento: Mapped[str | None] = mapped_column(EncryptedText)
    # HMAC of the normalised document number: exact lookups and uniqueness without decrypting.
    numero_documento_hash: Mapped[str | None] = mapped_column(String(64))
    telefono: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(100), unique=True)
    direccion: Mapped[str | None] = mapped_column(Text)
    alergias: Mapped[str | None] = mapped_column(EncryptedText)
    contacto_emergencia_nombre: Mapped[str | None] = mapped_column(String(200))
    contacto_emergencia_telefono: Mapped[str | None] = mapped_column(String(15))
    # Unaccented, lower-case "nombre apellido" (function of migration 0003), kept by PostgreSQL.
    busqueda: Mapped[str | None] = mapped_column(
        Text, Computed("medical.nombre_busqueda(nombre, apellido)", persisted=True))
    fecha_registro: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    activo: Mapped[bool | None] = mapped_column(Boolean, default=True, server_default="true")
    # Patient messages (API.md): reminders may be refused; the channel overrides the clinic's preferred one.
    acepta_recordatorios: Mapped[bool] = mapped_column(Boolean, default=True, server_default="true")
    canal_preferido: Mapped[str | None] = mapped_column(String(10))
    # Registered by the staff ("recepcion") or by their own online booking ("en_linea").
    origen: Mapped[str] = mapped_column(String(10), server_default="recepcion", default="recepcion")
    # Merged into that patient (POST /api/pacientes/{id}/fusionar): this one is inactive and kept for the record.
    fusionado_con_id: Mapped[int | None] = mapped_column(
        ForeignKey("medical.pacientes.id", name="fk_pacientes_fusionado_con_id"))
