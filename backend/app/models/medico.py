"""Doctors and their weekly schedules."""
from datetime import datetime, time

from sqlalchemy import (Boolean, CheckConstraint, DateTime, ForeignKey, Integer, SmallInteger, String, Time, func,
                        text)
from sqlalchemy.dialects.postgresql import ExcludeConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Medico(db.Model):
    __tablename__ = "medicos"
    __table_args__ = {"schema": "medical"}

    id: Mapped[int] = mapped_column(primary_key=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"), unique=True)
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(100), unique=True)
    telefono: Mapped[str | None] = mapped_column(String(15))
    especialidad_id: Mapped[int | None] = mapped_column(ForeignKey("medical.especialidades.id"), index=True)
    activo: Mapped[bool | None] = mapped_column(Boolean, default=True, server_default="true")
    fecha_registro: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # The iCalendar feed's secret: a keyed hash of the token, never the token (services/calendario_service.py).
    # Patients may book this doctor's free slots online (API.md "Online booking").
    reserva_en_linea: Mapped[bool] = mapped_column(Boolean, server_default="false", default=False)
    agenda_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    agenda_token_rotado: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    especialidad: Mapped["Especialidad | None"] = relationship()  # noqa: F821
    usuario: Mapped["Usuario | None"] = relationship()  # noqa: F821
    horarios: Mapped[list["HorarioMedico"]] = relationship(
        back_populates="medico", order_by="(HorarioMedico.dia_semana, HorarioMedico.hora_inicio)"
    )


class HorarioMedico(db.Model):
    __tablename__ = "horarios_medicos"
    __table_args__ = (
        CheckConstraint("hora_fin > hora_inicio", name="horario_valido"),
        CheckConstraint("dia_semana BETWEEN 1 AND 7", name="dia_semana_valido"),
        CheckConstraint("intervalo_citas BETWEEN 5 AND 240", name="intervalo_valido"),
        # Two blocks of one doctor never overlap on the same weekday, whatever the branch.
        ExcludeConstraint(
            (text("medico_id"), "="),
            (text("dia_semana"), "="),
            (text("tsrange(DATE '2000-01-01' + hora_inicio, DATE '2000-01-01' + hora_fin, '[)')"), "&&"),
            using="gist",
            name="horarios_medicos_sin_solape",
        ),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"))
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"), index=True)
    dia_semana: Mapped[int] = mapped_column(SmallInteger)
    hora_inicio: Mapped[time] = mapped_column(Time)
    hora_fin: Mapped[time] = mapped_column(Time)
    intervalo_citas: Mapped[int] = mapped_column(Integer, default=30, server_default="30")

    medico: Mapped["Medico"] = relationship(back_populates="horarios")
    sucursal: Mapped["Sucursal"] = relationship()  # noqa: F821
