"""billing schema: service catalog, invoice series, invoices, lines and payments."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (CheckConstraint, DateTime, ForeignKey, Index, Integer, Numeric, String, Text,
                        UniqueConstraint, func, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db

ESTADOS_FACTURA = ("pendiente", "pagada", "anulada")
TIPOS_FACTURA = ("ordinaria", "rectificativa")
METODOS_PAGO = ("efectivo", "tarjeta", "transferencia")
# The invoice that makes a cita "invoiced" (CITA_YA_FACTURADA): an ordinary one, not cancelled, not wholly rectified.
FACTURA_VIGENTE_DE_CITA = "estado <> 'anulada' AND tipo = 'ordinaria' AND (rectificado < total OR total = 0)"


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
    # The condition a done plan item of this service leaves on the odontogram (a catalogue code), if any.
    condicion_resultante: Mapped[str | None] = mapped_column(ForeignKey("medical.condiciones_dentales.codigo"))


class SerieFactura(db.Model):
    """Counter of one invoice series: the row is locked FOR UPDATE while an invoice is issued,
    so numbers are correlative with no gaps, even when a transaction rolls back. A branch has one series
    per ``tipo``: its invoices (S001) and its credit notes (R001)."""

    __tablename__ = "series_factura"
    __table_args__ = (
        CheckConstraint("ultimo_numero >= 0", name="ultimo_numero_valido"),
        CheckConstraint("tipo IN ('ordinaria', 'rectificativa')", name="tipo_valido"),
        UniqueConstraint("sucursal_id", "tipo", name="uq_series_factura_sucursal_id_tipo"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    serie: Mapped[str] = mapped_column(String(10), unique=True)
    sucursal_id: Mapped[int | None] = mapped_column(ForeignKey("medical.sucursales.id"))
    tipo: Mapped[str] = mapped_column(String(20), server_default="ordinaria", default="ordinaria")
    ultimo_numero: Mapped[int] = mapped_column(Integer, server_default="0", default=0)
    # Fingerprint of the last invoice issued in the series (start of the chain: NULL).
    ultima_huella: Mapped[str | None] = mapped_column(String(64))


class Factura(db.Model):
    __tablename__ = "facturas"
    __table_args__ = (
        UniqueConstraint("serie", "numero", name="uq_facturas_serie_numero"),
        CheckConstraint("estado IN ('pendiente', 'pagada', 'anulada')", name="estado_valido"),
        CheckConstraint("numero > 0", name="numero_positivo"),
        CheckConstraint("tipo IN ('ordinaria', 'rectificativa')", name="tipo_valido"),
        # A credit note's amounts are negative (or zero), an ordinary invoice's positive (or zero).
        CheckConstraint("total = subtotal + impuesto AND ("
                        "(tipo = 'ordinaria' AND subtotal >= 0 AND impuesto >= 0) "
                        "OR (tipo = 'rectificativa' AND subtotal <= 0 AND impuesto <= 0))", name="importes_validos"),
        CheckConstraint(
            "(estado = 'anulada') = (fecha_anulacion IS NOT NULL)", name="anulacion_completa"
        ),
        CheckConstraint("(tipo = 'rectificativa') = (factura_rectificada_id IS NOT NULL AND "
                        "motivo_rectificacion IS NOT NULL)", name="rectificativa_completa"),
        # Never more rectified than the invoice's total, whatever the concurrency.
        CheckConstraint("(tipo = 'ordinaria' AND rectificado BETWEEN 0 AND total) "
                        "OR (tipo = 'rectificativa' AND rectificado = 0)", name="rectificado_hasta_total"),
        # A cita has at most one ordinary invoice that is neither cancelled nor wholly rectified (its credit notes
        # keep the cita).
        Index("uq_facturas_cita_activa", "cita_id", unique=True, postgresql_where=text(FACTURA_VIGENTE_DE_CITA)),
        Index("ix_facturas_factura_rectificada_id", "factura_rectificada_id",
              postgresql_where=text("factura_rectificada_id IS NOT NULL")),
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
    tipo: Mapped[str] = mapped_column(String(20), server_default="ordinaria", default="ordinaria")
    # A credit note: the invoice it corrects and why.
    factura_rectificada_id: Mapped[int | None] = mapped_column(ForeignKey("billing.facturas.id"))
    motivo_rectificacion: Mapped[str | None] = mapped_column(Text)
    # An ordinary invoice: the amount its credit notes took so far (positive).
    rectificado: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0", default=Decimal("0.00"))

    detalles: Mapped[list["DetalleFactura"]] = relationship(order_by="DetalleFactura.id")
    pagos: Mapped[list["Pago"]] = relationship(order_by="Pago.id")
    paciente: Mapped["Paciente"] = relationship()  # noqa: F821
    sucursal: Mapped["Sucursal | None"] = relationship()  # noqa: F821
    factura_rectificada: Mapped["Factura | None"] = relationship(remote_side=[id], foreign_keys=[factura_rectificada_id])
    rectificativas: Mapped[list["Factura"]] = relationship(
        foreign_keys=[factura_rectificada_id], order_by="Factura.id", viewonly=True)

    # The invoice's money, from its loaded payments (THE arithmetic: API, PDF and the limits of the service).
    @property
    def pagado(self) -> Decimal:
        """What the patient paid net of refunds."""
        return sum((p.monto for p in self.pagos), Decimal("0.00"))

    @property
    def devuelto(self) -> Decimal:
        """What was given back (positive)."""
        return -sum((p.monto for p in self.pagos if p.monto < 0), Decimal("0.00"))

    @property
    def saldo(self) -> Decimal:
        return self.saldo_con(self.pagado)

    def saldo_con(self, pagado) -> Decimal:
        """What the patient still owes having paid ``pagado`` net (negative: what the clinic owes back). A credit
        note settles nothing; a cancelled invoice owes nothing, only what was paid goes back."""
        if self.tipo == "rectificativa":
            return Decimal("0.00")
        if self.estado == "anulada":
            return -pagado
        return self.total - self.rectificado - pagado


class DetalleFactura(db.Model):
    """An invoice line: a snapshot of the service's name, price and tax rate when issued."""

    __tablename__ = "detalle_factura"
    __table_args__ = (
        CheckConstraint("cantidad BETWEEN 1 AND 999 OR cantidad BETWEEN -999 AND -1", name="cantidad_valida"),
        CheckConstraint("precio_unitario >= 0 AND ("
                        "(cantidad > 0 AND subtotal >= 0 AND impuesto >= 0) "
                        "OR (cantidad < 0 AND subtotal <= 0 AND impuesto <= 0))", name="importes_validos"),
        CheckConstraint("(cantidad < 0) = (detalle_rectificado_id IS NOT NULL)", name="rectificacion_enlazada"),
        CheckConstraint("subtotal = precio_unitario * cantidad - descuento AND "
                        "((cantidad > 0 AND descuento >= 0) OR (cantidad < 0 AND descuento <= 0))",
                        name="descuento_valido"),
        Index("ix_detalle_factura_plan_item_id", "plan_item_id", postgresql_where=text("plan_item_id IS NOT NULL")),
        Index("ix_detalle_factura_detalle_rectificado_id", "detalle_rectificado_id",
              postgresql_where=text("detalle_rectificado_id IS NOT NULL")),
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
    # A credit note's line (negative quantity): the line of the corrected invoice it takes back.
    detalle_rectificado_id: Mapped[int | None] = mapped_column(ForeignKey("billing.detalle_factura.id"))
    # A treatment plan's item billed by this line, with its discount (subtotal = price × quantity − discount).
    descuento: Mapped[Decimal] = mapped_column(Numeric(10, 2), server_default="0", default=Decimal("0.00"))
    plan_item_id: Mapped[int | None] = mapped_column(ForeignKey("medical.planes_items.id"))
    # Not a column: (quantity, subtotal, tax) credit notes may still take back, set by facturacion_service.consultar.
    queda = None


class Pago(db.Model):
    """A payment (positive) or a refund (negative) of an invoice, in the cash session open at its branch."""

    __tablename__ = "pagos"
    __table_args__ = (
        CheckConstraint("monto <> 0", name="monto_no_nulo"),
        Index("ix_pagos_sesion_caja_id", "sesion_caja_id", postgresql_where=text("sesion_caja_id IS NOT NULL")),
        CheckConstraint("metodo IN ('efectivo', 'tarjeta', 'transferencia')", name="metodo_valido"),
        {"schema": "billing"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    factura_id: Mapped[int] = mapped_column(ForeignKey("billing.facturas.id"), index=True)
    monto: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    metodo: Mapped[str] = mapped_column(String(20))
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now(), index=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id"))
    sesion_caja_id: Mapped[int | None] = mapped_column(ForeignKey("billing.sesiones_caja.id"))
