"""Dentistry: the condition catalogue, the odontogram's append-only records, treatment plans and their items."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (CheckConstraint, DateTime, ForeignKey, Index, Numeric, SmallInteger, String, Text, func,
                        text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.utils.crypto import EncryptedText

# A valid FDI tooth code: permanent 11–48, primary 51–85 (the rules of each surface are app/services/odontologia/fdi.py).
PIEZA_FDI = ("pieza / 10 BETWEEN 1 AND 8 AND pieza % 10 >= 1 AND pieza % 10 <= "
             "CASE WHEN pieza / 10 <= 4 THEN 8 ELSE 5 END")
SUPERFICIES = "superficies ~ '^[MDOIVLP]{0,5}$'"
ESTADOS_PLAN = ("borrador", "presentado", "aceptado", "rechazado", "en_curso", "terminado", "cancelado")


class CondicionDental(db.Model):
    """Reference data (seeded by migration 0021): what a finding says of a tooth or of some of its surfaces."""

    __tablename__ = "condiciones_dentales"
    __table_args__ = (
        CheckConstraint("ambito IN ('pieza', 'superficie')", name="ambito_valido"),
        CheckConstraint("color ~ '^#[0-9a-f]{6}$'", name="color_valido"),
        {"schema": "medical"},
    )

    codigo: Mapped[str] = mapped_column(String(30), primary_key=True)
    nombre: Mapped[str] = mapped_column(String(100))
    ambito: Mapped[str] = mapped_column(String(20))
    color: Mapped[str] = mapped_column(String(7))
    orden: Mapped[int] = mapped_column(SmallInteger)


class _ConSuperficies:
    """``superficies`` is stored as letters ("MO"); the API speaks lists (["M", "O"])."""

    @property
    def lista_superficies(self) -> list[str]:
        return list(self.superficies or "")


class RegistroOdontograma(db.Model):
    """One charting by a Médico: a few findings, never changed afterwards."""

    __tablename__ = "odontograma_registros"
    __table_args__ = (
        Index("ix_odontograma_registros_paciente_fecha", "paciente_id", "fecha"),
        # deleting an appointment checks its references: without it, a scan of every chart record
        Index("ix_odontograma_registros_cita_id", "cita_id", postgresql_where=text("cita_id IS NOT NULL")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"))
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"), index=True)
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    observaciones: Mapped[str | None] = mapped_column(EncryptedText)

    hallazgos: Mapped[list["HallazgoOdontograma"]] = relationship(order_by="HallazgoOdontograma.id")
    medico: Mapped["Medico"] = relationship()  # noqa: F821


class HallazgoOdontograma(_ConSuperficies, db.Model):
    __tablename__ = "odontograma_hallazgos"
    __table_args__ = (
        CheckConstraint(PIEZA_FDI, name="pieza_fdi"),
        CheckConstraint(SUPERFICIES, name="superficies_validas"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    registro_id: Mapped[int] = mapped_column(ForeignKey("medical.odontograma_registros.id"), index=True)
    pieza: Mapped[int] = mapped_column(SmallInteger)
    superficies: Mapped[str] = mapped_column(String(7), server_default="", default="")
    condicion: Mapped[str] = mapped_column(ForeignKey("medical.condiciones_dentales.codigo"))
    nota: Mapped[str | None] = mapped_column(EncryptedText)


class PlanTratamiento(db.Model):
    """A treatment plan: its amounts are the server's, frozen once it leaves ``borrador`` (trigger of 0021)."""

    __tablename__ = "planes_tratamiento"
    __table_args__ = (
        CheckConstraint(f"estado IN {ESTADOS_PLAN}", name="estado_valido"),
        CheckConstraint("vigencia_dias BETWEEN 1 AND 365", name="vigencia_valida"),
        CheckConstraint("subtotal >= 0 AND descuento BETWEEN 0 AND subtotal AND impuesto >= 0 "
                        "AND total = subtotal - descuento + impuesto", name="importes_validos"),
        CheckConstraint("estado NOT IN ('aceptado', 'en_curso', 'terminado') OR "
                        "(aceptado_en IS NOT NULL AND aceptado_por IS NOT NULL)", name="aceptacion_completa"),
        CheckConstraint("estado <> 'cancelado' OR (cancelado_en IS NOT NULL AND motivo IS NOT NULL)",
                        name="cancelacion_completa"),
        Index("ix_planes_tratamiento_sucursal_presentado", "sucursal_id", "presentado_en"),
        Index("ix_planes_tratamiento_abiertos", "sucursal_id",
              postgresql_where=text("estado IN ('aceptado', 'en_curso')")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"), index=True)
    medico_id: Mapped[int] = mapped_column(ForeignKey("medical.medicos.id"))
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"))
    titulo: Mapped[str] = mapped_column(String(200))
    estado: Mapped[str] = mapped_column(String(20), server_default="borrador", default="borrador")
    vigencia_dias: Mapped[int] = mapped_column(SmallInteger, server_default="30", default=30)
    subtotal: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    descuento: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    presentado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    aceptado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    aceptado_por: Mapped[str | None] = mapped_column(String(200))
    rechazado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    terminado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    cancelado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    motivo: Mapped[str | None] = mapped_column(Text)

    items: Mapped[list["ItemPlan"]] = relationship(order_by="(ItemPlan.fase, ItemPlan.id)",
                                                    cascade="all, delete-orphan")
    medico: Mapped["Medico"] = relationship()  # noqa: F821
    sucursal: Mapped["Sucursal"] = relationship()  # noqa: F821
    paciente: Mapped["Paciente"] = relationship()  # noqa: F821


class ItemPlan(_ConSuperficies, db.Model):
    """A plan's line: a service on a tooth (and surfaces), at the price of the day it was planned."""

    __tablename__ = "planes_items"
    __table_args__ = (
        CheckConstraint("pieza IS NULL OR (" + PIEZA_FDI + ")", name="pieza_fdi"),
        CheckConstraint(SUPERFICIES + " AND (pieza IS NOT NULL OR superficies = '')", name="superficies_validas"),
        CheckConstraint("cantidad BETWEEN 1 AND 99", name="cantidad_valida"),
        CheckConstraint("fase BETWEEN 1 AND 9", name="fase_valida"),
        CheckConstraint("precio_unitario >= 0 AND impuesto_porcentaje BETWEEN 0 AND 100 "
                        "AND descuento_porcentaje BETWEEN 0 AND 100 AND subtotal = precio_unitario * cantidad "
                        "AND descuento BETWEEN 0 AND subtotal AND impuesto >= 0", name="importes_validos"),
        CheckConstraint("estado IN ('pendiente', 'realizado') AND "
                        "(estado = 'realizado') = (realizado_en IS NOT NULL) AND "
                        "(factura_id IS NULL OR estado = 'realizado')", name="estado_valido"),
        Index("ix_planes_items_factura_id", "factura_id", postgresql_where=text("factura_id IS NOT NULL")),
        Index("ix_planes_items_cita_id", "cita_id", postgresql_where=text("cita_id IS NOT NULL")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("medical.planes_tratamiento.id"), index=True)
    servicio_id: Mapped[int] = mapped_column(ForeignKey("billing.servicios.id"))
    pieza: Mapped[int | None] = mapped_column(SmallInteger)
    superficies: Mapped[str] = mapped_column(String(7), server_default="", default="")
    cantidad: Mapped[int] = mapped_column(SmallInteger, server_default="1", default=1)
    fase: Mapped[int] = mapped_column(SmallInteger, server_default="1", default=1)
    nota: Mapped[str | None] = mapped_column(Text)
    precio_unitario: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto_porcentaje: Mapped[Decimal] = mapped_column(Numeric(5, 2))
    descuento_porcentaje: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default="0", default=Decimal("0"))
    subtotal: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    descuento: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    estado: Mapped[str] = mapped_column(String(20), server_default="pendiente", default="pendiente")
    realizado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    realizado_por: Mapped[int | None] = mapped_column(ForeignKey("medical.medicos.id"))
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))
    # The invoice that billed it (set once, under the item's row lock; a cancelled invoice frees it).
    factura_id: Mapped[int | None] = mapped_column(ForeignKey("billing.facturas.id"))

    servicio: Mapped["Servicio"] = relationship()  # noqa: F821

    @property
    def total(self) -> Decimal:
        return self.subtotal - self.descuento + self.impuesto
