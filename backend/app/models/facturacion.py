"""billing schema: service catalog, invoice series, invoices, lines and payments."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

ESTADOS_FACTURA = ("pendiente", "pagada", "anulada")
METODOS_PAGO = ("efectivo", "tarjeta", "transferencia")


class Servicio(db.Model):
    __tablename__ = "servicios"
    __table_args__ = (
        CheckConstraint("precio >= 0", name="precio_no_negativo"),
        CheckConstraint("impuesto_porcentaje BETWEEN 0 AND 100", name="impuesto_rango"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(200))
    descripcion: Mapped[str | None] = mapped_column(Text)
    precio: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto_porcentaje: Mapped[Decimal | None] = mapped_column(Numeric(5, 2), server_default="0.00")
    activo: Mapped[bool | None] = mapped_column(default=True, server_default="true")


class SerieFactura(db.Model):
    """Counter of one invoice series: the row is locked FOR UPDATE while an invoice is issued,
    so numbers are correlative with no gaps, even when a transaction rolls back."""

    __tablename__ = "series_factura"
    __table_args__ = (CheckConstraint("ultimo_numero >= 0", name="ultimo_numero_valido"), {"schema": "billing"})

    id: Mapped[int] = mapped_column(primary_key=True)
    serie: Mapped[str] = mapped_column(String(10), unique=True)
    sucursal_id: Mapped[int | None] = mapped_column(ForeignKey("medical.sucursales.id"), unique=True)
    ultimo_numero: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # Fingerprint of the last invoice issued in the series (start of the chain: NULL).
    ultima_huella: Mapped[str | None] = mapped_column(String(64))


class Factura(db.Model):
    __tablename__ = "facturas"
    __table_args__ = (
        UniqueConstraint("serie", "numero", name="uq_facturas_serie_numero"),
        CheckConstraint("estado IN ('pendiente', 'pagada', 'anulada')", name="estado_valido"),
        CheckConstraint("numero > 0", name="numero_positivo"),
        CheckConstraint("subtotal >= 0 AND impuesto >= 0 AND total = subtotal + impuesto", name="importes_validos"),
        CheckConstraint(
            "(estado = 'anulada') = (fecha_anulacion IS NOT NULL)", name="anulacion_completa"
        ),
        # A cita has at most one invoice that is not cancelled.
        Index("uq_facturas_cita_activa", "cita_id", unique=True, postgresql_where=text("estado <> 'anulada'")),
        Index("ix_facturas_paciente_id", "paciente_id"),
        Index("ix_facturas_sucursal_fecha", "sucursal_id", "fecha_emision"),
        Index("ix_facturas_fecha_emision", "fecha_emision"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    numero_factura: Mapped[str] = mapped_column(String(20), unique=True)
    serie: Mapped[str] = mapped_column(String(10))
    numero: Mapped[int] = mapped_column(Integer)
    paciente_id: Mapped[int] = mapped_column(ForeignKey("medical.pacientes.id"))
    cita_id: Mapped[int | None] = mapped_column(ForeignKey("medical.citas.id"))
    sucursal_id: Mapped[int | None] = mapped_column(ForeignKey("medical.sucursales.id"))
    fecha_emision: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    subtotal: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0")
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    estado: Mapped[str] = mapped_column(String(20))
    creado_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    motivo_anulacion: Mapped[str | None] = mapped_column(Text)
    anulada_por: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    fecha_anulacion: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # SHA-256 over number, date, issuer, patient and amounts, chained to the previous invoice.
    huella: Mapped[str] = mapped_column(String(64))
    huella_anterior: Mapped[str | None] = mapped_column(String(64))

    detalles: Mapped[list["DetalleFactura"]] = relationship(order_by="DetalleFactura.id")
    pagos: Mapped[list["Pago"]] = relationship(order_by="Pago.id")
    paciente: Mapped["Paciente"] = relationship()  # noqa: F821
    sucursal: Mapped["Sucursal | None"] = relationship()  # noqa: F821


class DetalleFactura(db.Model):
    """An invoice line: a snapshot of the service's name, price and tax rate when issued."""

    __tablename__ = "detalle_factura"
    __table_args__ = (
        CheckConstraint("cantidad BETWEEN 1 AND 999", name="cantidad_valida"),
        CheckConstraint("precio_unitario >= 0 AND subtotal >= 0 AND impuesto >= 0", name="importes_validos"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    factura_id: Mapped[int] = mapped_column(ForeignKey("billing.facturas.id"), index=True)
    servicio_id: Mapped[int | None] = mapped_column(ForeignKey("billing.servicios.id"))
    descripcion: Mapped[str] = mapped_column(String(200))
    cantidad: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    precio_unitario: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    subtotal: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    impuesto_porcentaje: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default="0")
    impuesto: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0")


class Pago(db.Model):
    __tablename__ = "pagos"
    __table_args__ = (
        CheckConstraint("monto > 0", name="monto_positivo"),
        CheckConstraint("metodo IN ('efectivo', 'tarjeta', 'transferencia')", name="metodo_valido"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    factura_id: Mapped[int] = mapped_column(ForeignKey("billing.facturas.id"), index=True)
    monto: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    metodo: Mapped[str] = mapped_column(String(20))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
