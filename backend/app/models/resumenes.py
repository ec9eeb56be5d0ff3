"""Rollups that the reports read instead of the raw tables (docs/reportes.md, migrations 0007 and 0009).

PostgreSQL keeps them: statement-level triggers on medical.citas, billing.facturas, billing.pagos,
medical.pacientes and medical.sucursales add the difference each statement makes. The application
never writes them.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Date, DateTime, Index, Integer, Numeric, text
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.facturacion import Factura


def _contador():
    return mapped_column(Integer, server_default="0", default=0)


class _ContadoresCitas:
    """Appointments per state, the minutes of those that hold their slot (every state but Cancelada
    and No Asistió), and the confirmed outcomes."""

    sucursal_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    citas_1: Mapped[int] = _contador()
    citas_2: Mapped[int] = _contador()
    citas_3: Mapped[int] = _contador()
    citas_4: Mapped[int] = _contador()
    citas_5: Mapped[int] = _contador()
    citas_6: Mapped[int] = _contador()
    citas_7: Mapped[int] = _contador()
    minutos_reservados: Mapped[Decimal] = mapped_column(Numeric, server_default="0", default=0)
    # Confirmed appointments (Cita.confirmacion > 0) that ended Completada / No Asistió, and those of both that the
    # patient confirmed (migration 0018).
    confirmadas_completadas: Mapped[int] = _contador()
    confirmadas_no_asistio: Mapped[int] = _contador()
    confirmadas_por_paciente: Mapped[int] = _contador()


class _Citas(_ContadoresCitas):
    """… of one doctor in one branch."""

    medico_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class CitasPorDia(_Citas, db.Model):
    """… on one (branch-local) day."""

    __tablename__ = "citas_por_dia"
    __table_args__ = {"schema": "medical"}

    fecha: Mapped[date] = mapped_column(Date, primary_key=True)


class CitasPorMes(_Citas, db.Model):
    """… in one month (`mes` is its first day): the sum of its days, so a year is ~12 rows a doctor."""

    __tablename__ = "citas_por_mes"
    __table_args__ = {"schema": "medical"}

    mes: Mapped[date] = mapped_column(Date, primary_key=True)


class CitasPorMesSucursal(_ContadoresCitas, db.Model):
    """… of a whole branch in one month: its doctors' month rows added up (migration 0009, kept by triggers
    on citas_por_mes), so the clinic's summary reads ~20 rows a month."""

    __tablename__ = "citas_por_mes_sucursal"
    __table_args__ = {"schema": "medical"}

    mes: Mapped[date] = mapped_column(Date, primary_key=True)


class _ContadoresFacturas:
    sucursal_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    emitidas: Mapped[int] = _contador()
    anuladas: Mapped[int] = _contador()
    ingresos: Mapped[Decimal] = mapped_column(Numeric(14, 2), server_default="0", default=0)
    pagos: Mapped[Decimal] = mapped_column(Numeric(14, 2), server_default="0", default=0)


class _Facturas(_ContadoresFacturas):
    """Invoices of a branch by local issue date and payments by local payment date (the zone of the
    invoice's branch), per doctor of the invoice's appointment (0: invoice without appointment).
    Invoices without branch are not here: the reports read them from billing.facturas."""

    medico_id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)


class FacturasPorDia(_Facturas, db.Model):
    __tablename__ = "facturas_por_dia"
    __table_args__ = {"schema": "billing"}

    fecha: Mapped[date] = mapped_column(Date, primary_key=True)


class FacturasPorMes(_Facturas, db.Model):
    __tablename__ = "facturas_por_mes"
    __table_args__ = {"schema": "billing"}

    mes: Mapped[date] = mapped_column(Date, primary_key=True)


class FacturasPorMesSucursal(_ContadoresFacturas, db.Model):
    """The month rows of a branch added up over its doctors (migration 0009)."""

    __tablename__ = "facturas_por_mes_sucursal"
    __table_args__ = {"schema": "billing"}

    mes: Mapped[date] = mapped_column(Date, primary_key=True)


class PacientesPorCuarto(db.Model):
    """Patients registered per quarter of an hour (UTC-aligned): every zone's local midnight falls on
    a quarter, so any zone's days are sums of whole quarters."""

    __tablename__ = "pacientes_por_cuarto"
    __table_args__ = {"schema": "medical"}

    cuarto: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    pacientes: Mapped[int] = _contador()


# Indexes on billing.facturas that the rollups need (declared here to keep them with their reason):
# the invoices of an appointment that changes doctor, and the rare invoices without branch that the
# reports still read from the raw table.
Index("ix_facturas_cita_id", Factura.cita_id)
Index("ix_facturas_sin_sucursal_fecha", Factura.fecha_emision, postgresql_where=text("sucursal_id IS NULL"))
