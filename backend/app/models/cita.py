"""Appointments, their states and the history of every state change."""
from datetime import date, datetime, time

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Index, SmallInteger, String, Text, Time, func,
                        text)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.utils.crypto import EncryptedText


class Estado:
    """Fixed ids of medical.estados_cita (API.md)."""

    NUEVA = 1
    CONFIRMADA = 2
    EN_ESPERA = 3
    COMPLETADA = 4
    CANCELADA = 5
    EN_CONSULTA = 6
    NO_ASISTIO = 7

    NOMBRES = {
        1: ("Nueva", "Cita recién agendada"),
        2: ("Confirmada", "Cita confirmada por el paciente"),
        3: ("En Espera", "Paciente en sala de espera"),
        4: ("Completada", "Consulta finalizada"),
        5: ("Cancelada", "Cita cancelada"),
        6: ("En Consulta", "Paciente en consulta"),
        7: ("No Asistió", "El paciente no se presentó"),
    }
    # States that free the slot.
    LIBERAN = (CANCELADA, NO_ASISTIO)


# An appointment occupies its half-open interval while its state is not Cancelada / No Asistió.
_ACTIVA = text("estado_id NOT IN (5, 7)")
_INTERVALO = text("tsrange(fecha + hora_inicio, fecha + hora_fin, '[)')")


class EstadoCita(db.Model):
    __tablename__ = "estados_cita"
    __table_args__ = {"schema": "medical"}

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(50), unique=True)
    descripcion: Mapped[str | None] = mapped_column(Text)


class Cita(db.Model):
    SIN_CONFIRMAR, CONFIRMADA_POR_PERSONAL, CONFIRMADA_POR_PACIENTE = 0, 1, 2  # values of `confirmacion`

    __tablename__ = "citas"
    __table_args__ = (
        CheckConstraint("hora_fin > hora_inicio", name="intervalo_valido"),
        CheckConstraint("confirmacion BETWEEN 0 AND 2", name="confirmacion_valida"),
        CheckConstraint("origen IN ('recepcion', 'en_linea')", name="origen_valido"),
        # The reception's list of online bookings.
        Index("ix_citas_en_linea_fecha", "fecha", "hora_inicio", "id", postgresql_where=text("origen = 'en_linea'")),
        ExcludeConstraint(
            (text("medico_id"), "="), (_INTERVALO, "&&"), where=_ACTIVA, using="gist", name="citas_medico_sin_solape"
        ),
        ExcludeConstraint(
            (text("paciente_id"), "="), (_INTERVALO, "&&"), where=_ACTIVA, using="gist", name="citas_paciente_sin_solape"
        ),
        Index("idx_citas_fecha", "fecha"),
        Index("idx_citas_medico", "medico_id"),
        Index("idx_citas_paciente", "paciente_id"),
        Index("ix_citas_sucursal_fecha", "sucursal_id", "fecha", "hora_inicio"),
        # A doctor's appointments of a period (free slots, a doctor's agenda), read index-only.
        Index("ix_citas_medico_fecha", "medico_id", "fecha",
              postgresql_include=["hora_inicio", "hora_fin", "estado_id"]),
        # The appointments of a series (cancel the rest of it).
        Index("ix_citas_serie_id", "serie_id", postgresql_where=text("serie_id IS NOT NULL")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"))
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"))
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"))
    fecha: Mapped[date] = mapped_column(Date)
    hora_inicio: Mapped[time] = mapped_column(Time)
    hora_fin: Mapped[time] = mapped_column(Time)
    estado_id: Mapped[int] = mapped_column(ForeignKey("medical.estados_cita.id"))
    motivo: Mapped[str | None] = mapped_column(Text)
    notas: Mapped[str | None] = mapped_column(EncryptedText)
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha_creacion: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Whether its confirmation stands (a change to Confirmada that no reversal undid) and who made it:
    # 0 none, 1 the staff, 2 the patient from the public page (SIN_CONFIRMAR, CONFIRMADA_POR_PERSONAL,
    # CONFIRMADA_POR_PACIENTE). Kept by PostgreSQL from the state history (trigger of migration 0018): the
    # application never writes it, and an object loaded before a state change holds the old value.
    confirmacion: Mapped[int] = mapped_column(SmallInteger, server_default="0")
    # Who booked it: the staff ("recepcion") or the patient online ("en_linea").
    origen: Mapped[str] = mapped_column(String(10), server_default="recepcion", default="recepcion")
    # The series it was booked in (POST /api/citas/series), if any.
    serie_id: Mapped[int | None] = mapped_column(ForeignKey("medical.series_citas.id"))

    paciente: Mapped["Paciente"] = relationship()  # noqa: F821
    medico: Mapped["Medico"] = relationship()  # noqa: F821
    sucursal: Mapped["Sucursal"] = relationship()  # noqa: F821
    estado: Mapped["EstadoCita"] = relationship()

    @property
    def estado_ref(self):
        """{id, nombre} of the state from the fixed reference data of Estado: answers show it without a query."""
        return {"id": self.estado_id, "nombre": Estado.NOMBRES[self.estado_id][0]}


class CambioEstadoCita(db.Model):
    """Who changed an appointment's state, when and why (also reversals)."""

    __tablename__ = "citas_estados"
    __table_args__ = (Index("ix_citas_estados_cita_id", "cita_id", "id"), {"schema": "medical"})

    id: Mapped[int] = mapped_column(primary_key=True)
    cita_id: Mapped[int] = mapped_column(ForeignKey("medical.citas.id"))
    estado_anterior_id: Mapped[int | None] = mapped_column(ForeignKey("medical.estados_cita.id"))
    estado_id: Mapped[int] = mapped_column(ForeignKey("medical.estados_cita.id"))
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    motivo: Mapped[str | None] = mapped_column(Text)
    revierte: Mapped[bool] = mapped_column(server_default="false", default=False)
    # Made by the patient from the public appointment page (usuario_id is then NULL).
    por_paciente: Mapped[bool] = mapped_column(server_default="false", default=False)
