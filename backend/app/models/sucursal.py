"""Branches, specialties and the clinic's settings."""
from datetime import datetime
from decimal import Decimal

from sqlalchemy import Boolean, CheckConstraint, DateTime, Integer, Numeric, String, Text, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class Sucursal(db.Model):
    __tablename__ = "sucursales"
    __table_args__ = {"schema": "medical"}

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(100))
    direccion: Mapped[str] = mapped_column(Text)
    telefono: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(100))
    activo: Mapped[bool | None] = mapped_column(Boolean, default=True, server_default="true")
    fecha_creacion: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # IANA zone of the branch: appointment dates and times are its wall-clock time.
    zona_horaria: Mapped[str] = mapped_column(String(64), server_default="America/Mexico_City")


class Especialidad(db.Model):
    __tablename__ = "especialidades"
    __table_args__ = {"schema": "medical"}

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(100), unique=True)
    descripcion: Mapped[str | None] = mapped_column(Text)


class ConfiguracionClinica(db.Model):
    """The clinic's settings: a single row (id = 1)."""

    __tablename__ = "configuracion_clinica"
    __table_args__ = (
        CheckConstraint("id = 1", name="fila_unica"),
        CheckConstraint("impuesto_porcentaje BETWEEN 0 AND 100", name="impuesto_rango"),
        CheckConstraint("relacion_tratamiento_meses BETWEEN 1 AND 240", name="relacion_tratamiento_rango"),
        CheckConstraint("cancelacion_minima_horas BETWEEN 0 AND 168", name="cancelacion_minima_rango"),
        CheckConstraint("antelacion_minima_horas BETWEEN 0 AND 720", name="antelacion_minima_rango"),
        CheckConstraint("horizonte_dias BETWEEN 1 AND 365", name="horizonte_rango"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False, default=1)
    nombre: Mapped[str] = mapped_column(String(200), server_default="Clínica")
    razon_social: Mapped[str | None] = mapped_column(String(200))
    identificacion_fiscal: Mapped[str | None] = mapped_column(String(30))
    direccion: Mapped[str | None] = mapped_column(Text)
    telefono: Mapped[str | None] = mapped_column(String(15))
    email: Mapped[str | None] = mapped_column(String(100))
    moneda: Mapped[str] = mapped_column(String(3), server_default="MXN")
    impuesto_porcentaje: Mapped[Decimal] = mapped_column(Numeric(5, 2), server_default="16.00")
    # "sucursal": one invoice series per branch; "unica": one series for the whole clinic.
    modo_series: Mapped[str] = mapped_column(String(10), server_default="sucursal")
    # A Médico's treatment relationship lapses this many months after the last qualifying appointment.
    relacion_tratamiento_meses: Mapped[int] = mapped_column(Integer, server_default="24")
    # Every Administrador must log in with a TOTP second factor (mfa_service).
    mfa_admin: Mapped[bool] = mapped_column(Boolean, server_default="false")
    # A patient cannot cancel from the public appointment page later than this many hours before the start.
    cancelacion_minima_horas: Mapped[int] = mapped_column(Integer, server_default="2")
    # Cash (efectivo) payments and refunds need an open cash session at the invoice's branch.
    exigir_caja: Mapped[bool] = mapped_column(Boolean, server_default="false")
    # Online booking (API.md "Online booking"): off until turned on; a slot offered starts at least
    # antelacion_minima_horas and at most horizonte_dias ahead.
    reserva_en_linea_activa: Mapped[bool] = mapped_column(Boolean, server_default="false")
    antelacion_minima_horas: Mapped[int] = mapped_column(Integer, server_default="2")
    horizonte_dias: Mapped[int] = mapped_column(Integer, server_default="60")
    # The clinic's logo (an https address), shown on the public pages.
    logo_url: Mapped[str | None] = mapped_column(String(500))
