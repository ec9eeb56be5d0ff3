"""Patient messages: the outbox the worker delivers, and the settings of reminders (API.md "Patient messages")."""
from datetime import datetime, time

from sqlalchemy import (ARRAY, BigInteger, Boolean, CheckConstraint, DateTime, FetchedValue, ForeignKey, Identity, Index,
                        SmallInteger, String, Text, Time, func, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.utils.crypto import EncryptedText

TIPOS = ("recordatorio", "confirmacion_cita", "cancelacion", "reprogramacion", "codigo_verificacion",
         "restablecer_password", "oferta_hueco")
ESTADOS = ("pendiente", "enviado", "fallido", "cancelado", "omitido")
CANALES = ("email", "whatsapp", "sms")
# Delivered to the outbox only: the channel asked for has no settings (the default of `make run`).
REGISTRO = "registro"


def _en(valores):
    return ", ".join(f"'{v}'" for v in valores)


class Mensaje(db.Model):
    """One message to a patient (or, for a password reset, to a user), from enqueued to its end state."""

    __tablename__ = "mensajes"
    __table_args__ = (
        CheckConstraint(f"tipo IN ({_en(TIPOS)})", name="tipo_valido"),
        CheckConstraint(f"canal IN ({_en(CANALES + (REGISTRO,))})", name="canal_valido"),
        CheckConstraint(f"estado IN ({_en(ESTADOS)})", name="estado_valido"),
        CheckConstraint("tipo <> 'recordatorio' OR (cita_id IS NOT NULL AND horas_antes IS NOT NULL "
                        "AND cita_inicio IS NOT NULL)", name="recordatorio_completo"),
        # One reminder per appointment, offset and appointment start, ever: two workers or a restart cannot
        # send it twice; a rescheduled appointment gets its new ones.
        Index("uq_mensajes_recordatorio", "cita_id", "horas_antes", "cita_inicio", unique=True,
              postgresql_where=text("tipo = 'recordatorio'")),
        Index("ix_mensajes_pendientes", "programado_para", postgresql_where=text("estado = 'pendiente'")),
        Index("ix_mensajes_cita", "cita_id"),
        Index("ix_mensajes_paciente", "paciente_id", "id"),
        # The log's filter by state (the failed ones to retry), newest first.
        Index("ix_mensajes_estado", "estado", "id"),
        # A branch's log (Alcance.filtrar_mensajes), all or by state, newest first.
        Index("ix_mensajes_sucursal", "sucursal_id", "id"),
        Index("ix_mensajes_sucursal_estado", "sucursal_id", "estado", "id"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    tipo: Mapped[str] = mapped_column(String(30))
    canal: Mapped[str] = mapped_column(String(10))
    # The e-mail address or phone number, as it was when the message was enqueued (shown masked).
    destino: Mapped[str | None] = mapped_column(String(200))
    paciente_id: Mapped[int | None] = mapped_column(ForeignKey("medical.pacientes.id"))
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))
    # The branch of ``cita_id``: set and kept by the database (triggers of migration 0024), never by the app.
    sucursal_id: Mapped[int | None] = mapped_column(ForeignKey("medical.sucursales.id"), server_default=FetchedValue(),
                                                    server_onupdate=FetchedValue())
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    horas_antes: Mapped[int | None] = mapped_column(SmallInteger)
    # The appointment's start (branch wall-clock time) the message speaks of.
    cita_inicio: Mapped[datetime | None] = mapped_column(DateTime)
    # A one-time link (password reset) or code: encrypted, never shown by the API.
    secreto: Mapped[str | None] = mapped_column(EncryptedText)
    estado: Mapped[str] = mapped_column(String(10), server_default="pendiente")
    intentos: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    programado_para: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    enviado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    ultimo_error: Mapped[str | None] = mapped_column(Text)
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class ConfiguracionComunicaciones(db.Model):
    """Reminders' settings and the editable templates: a single row (id = 1)."""

    __tablename__ = "configuracion_comunicaciones"
    __table_args__ = (
        CheckConstraint("id = 1", name="fila_unica"),
        CheckConstraint(f"canal_preferido IN ({_en(CANALES)})", name="canal_valido"),
        CheckConstraint("cardinality(horas_antes) BETWEEN 1 AND 3 AND 1 <= ALL(horas_antes) "
                        "AND 168 >= ALL(horas_antes)", name="horas_antes_rango"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False, default=1)
    recordatorios_activos: Mapped[bool] = mapped_column(Boolean, server_default="true")
    horas_antes: Mapped[list[int]] = mapped_column(ARRAY(SmallInteger), server_default="{48,2}")
    canal_preferido: Mapped[str] = mapped_column(String(10), server_default="email")
    silencio_desde: Mapped[time] = mapped_column(Time, server_default="21:00")
    silencio_hasta: Mapped[time] = mapped_column(Time, server_default="08:00")
    # Only the templates the Administrador changed; the others are plantillas.PREDETERMINADAS.
    plantillas: Mapped[dict] = mapped_column(JSONB, server_default="{}")
