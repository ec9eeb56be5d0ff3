"""The agenda's series of appointments and its waiting list with the offers of freed slots (API.md "Agenda: series
and waiting list"; docs/agenda.md)."""
from datetime import date, datetime

from sqlalchemy import (CheckConstraint, Date, DateTime, ForeignKey, Index, SmallInteger, String, UniqueConstraint, func,
                        text)
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.utils.crypto import EncryptedText

FRANJAS = ("manana", "tarde")
ESTADOS_ESPERA = ("activa", "atendida", "retirada")
ESTADOS_OFERTA = ("pendiente", "aceptada")


def _en(valores):
    return ", ".join(f"'{v}'" for v in valores)


class SerieCitas(db.Model):
    """A series of appointments booked in one go (POST /api/citas/series): its repetition rule. Its appointments
    name it (citas.serie_id)."""

    __tablename__ = "series_citas"
    __table_args__ = (
        CheckConstraint("(cada_semanas IS NULL) <> (cada_dias IS NULL)", name="una_repeticion"),
        CheckConstraint("cada_semanas BETWEEN 1 AND 12", name="cada_semanas_rango"),
        CheckConstraint("cada_dias BETWEEN 1 AND 60", name="cada_dias_rango"),
        CheckConstraint("veces BETWEEN 2 AND 52", name="veces_rango"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    cada_semanas: Mapped[int | None] = mapped_column(SmallInteger)
    cada_dias: Mapped[int | None] = mapped_column(SmallInteger)
    veces: Mapped[int] = mapped_column(SmallInteger)
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class EntradaEspera(db.Model):
    """A patient waiting for an earlier slot: where (branch), with whom (doctor or specialty, optional), between
    which dates and in which part of the day."""

    __tablename__ = "lista_espera"
    __table_args__ = (
        CheckConstraint("desde <= hasta", name="rango_valido"),
        CheckConstraint(f"franja IN ({_en(FRANJAS)})", name="franja_valida"),
        CheckConstraint(f"estado IN ({_en(ESTADOS_ESPERA)})", name="estado_valido"),
        # The active entries of a branch, oldest first (the list and the suggestions for a freed slot).
        Index("ix_lista_espera_activas", "sucursal_id", "id", postgresql_where=text("estado = 'activa'")),
        Index("ix_lista_espera_paciente_id", "paciente_id"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"))
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"))
    especialidad_id: Mapped[int | None] = mapped_column(ForeignKey("medical.especialidades.id"))
    medico_id: Mapped[int | None] = mapped_column(ForeignKey("medical.medicos.id"))
    desde: Mapped[date] = mapped_column(Date)
    hasta: Mapped[date] = mapped_column(Date)
    franja: Mapped[str | None] = mapped_column(String(6))
    notas: Mapped[str | None] = mapped_column(EncryptedText)
    estado: Mapped[str] = mapped_column(String(10), server_default="activa", default="activa")
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # When it became atendida or retirada.
    cerrada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class OfertaHueco(db.Model):
    """A freed slot (the cancelled or missed appointment ``cita_id``) offered to the patient of a waiting-list entry
    by a message whose link books it. The link is a signed token naming the offer (app/services/ofertas_hueco.py),
    like the appointments' public links: nothing secret is stored."""

    __tablename__ = "ofertas_hueco"
    __table_args__ = (
        CheckConstraint(f"estado IN ({_en(ESTADOS_OFERTA)})", name="estado_valido"),
        CheckConstraint("(estado = 'aceptada') = (cita_reservada_id IS NOT NULL AND aceptada_en IS NOT NULL)",
                        name="aceptada_completa"),
        # One offer of a slot per entry; it also serves the lookups by entry.
        UniqueConstraint("entrada_id", "cita_id", name="uq_ofertas_hueco_entrada_cita"),
        Index("ix_ofertas_hueco_cita_id", "cita_id"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    entrada_id: Mapped[int] = mapped_column(ForeignKey("medical.lista_espera.id"))
    cita_id: Mapped[int] = mapped_column(ForeignKey("medical.citas.id"))  # the freed appointment
    estado: Mapped[str] = mapped_column(String(10), server_default="pendiente", default="pendiente")
    cita_reservada_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))  # what accepting booked
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    aceptada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
