"""The cash register: one session per branch at a time, from its opening float to its count at closing."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, Index, Numeric, String, Text, func, text
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

ESTADOS_CAJA = ("abierta", "cerrada")
TIPOS_MOVIMIENTO = ("ingreso", "egreso")


class SesionCaja(db.Model):
    """A branch's cash session. Closing freezes what was expected and what was counted; a trigger refuses any
    later change (and any payment or movement joining it), so its totals per method, read from its payments and
    movements, cannot change either."""

    __tablename__ = "sesiones_caja"
    __table_args__ = (
        CheckConstraint("estado IN ('abierta', 'cerrada')", name="estado_valido"),
        CheckConstraint("fondo_inicial >= 0", name="fondo_no_negativo"),
        CheckConstraint("efectivo_contado >= 0", name="contado_no_negativo"),
        CheckConstraint("(estado = 'cerrada') = (cerrada_por IS NOT NULL AND cerrada_en IS NOT NULL AND "
                        "esperado IS NOT NULL AND efectivo_contado IS NOT NULL)",
                        name="cierre_completo"),
        # One open session per branch, whatever the concurrency.
        Index("uq_sesiones_caja_abierta", "sucursal_id", unique=True, postgresql_where=text("estado = 'abierta'")),
        Index("ix_sesiones_caja_sucursal_id_abierta_en", "sucursal_id", "abierta_en"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sucursal_id: Mapped[int] = mapped_column(ForeignKey("medical.sucursales.id"))
    estado: Mapped[str] = mapped_column(String(10), server_default="abierta", default="abierta")
    fondo_inicial: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    abierta_por: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id"))
    abierta_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    cerrada_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    cerrada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    esperado: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    efectivo_contado: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    conteo: Mapped[dict | None] = mapped_column(JSONB)
    notas: Mapped[str | None] = mapped_column(Text)

    sucursal: Mapped["Sucursal"] = relationship()  # noqa: F821
    usuario_apertura: Mapped["Usuario"] = relationship(foreign_keys=[abierta_por])  # noqa: F821
    usuario_cierre: Mapped["Usuario | None"] = relationship(foreign_keys=[cerrada_por])  # noqa: F821

    # Not a column: the running figures (caja_service.Totales), set by caja_service for the answer to a write.
    totales = None


class MovimientoCaja(db.Model):
    """Cash put into (ingreso) or taken out of (egreso) the drawer by hand, with its reason. Append-only."""

    __tablename__ = "movimientos_caja"
    __table_args__ = (
        CheckConstraint("tipo IN ('ingreso', 'egreso')", name="tipo_valido"),
        CheckConstraint("monto > 0", name="monto_positivo"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sesion_id: Mapped[int] = mapped_column(ForeignKey("billing.sesiones_caja.id"), index=True)
    tipo: Mapped[str] = mapped_column(String(10))
    monto: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    concepto: Mapped[str] = mapped_column(String(200))
    usuario_id: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
