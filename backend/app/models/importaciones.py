"""Imports of a clinic's data (API.md "Import and interoperability"): the job, its file and its row errors.

The file's bytes are kept in the row (the worker is another process) encrypted by PostgreSQL like the patients'
sensitive columns, and dropped once the import ends: only the counters and the errors (which never carry a
cell's value) remain.
"""
from datetime import datetime

from sqlalchemy import (BigInteger, Boolean, CheckConstraint, DateTime, ForeignKey, Identity, Index, Integer,
                        LargeBinary, String, Text, func, literal_column, text)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.types import TypeDecorator

from app.extensions import db
from app.utils.crypto import AJUSTE_CLAVE, PGP_OPTIONS

TIPOS = ("pacientes", "citas")
ESTADOS = ("en_cola", "procesando", "terminada", "fallida")
PENDIENTES = ("en_cola", "procesando")


def _en(valores):
    return ", ".join(f"'{v}'" for v in valores)


class BytesCifrados(TypeDecorator):
    """Bytes encrypted with pgcrypto (pgp_sym_encrypt_bytea) under the session's data key (app.utils.crypto)."""

    impl = LargeBinary
    cache_ok = True

    def bind_expression(self, bindvalue):
        return func.pgp_sym_encrypt_bytea(bindvalue, literal_column(f"current_setting('{AJUSTE_CLAVE}')"),
                                          PGP_OPTIONS, type_=self)

    def column_expression(self, column):
        return func.pgp_sym_decrypt_bytea(column, literal_column(f"current_setting('{AJUSTE_CLAVE}')"),
                                          type_=LargeBinary)


class Importacion(db.Model):
    __tablename__ = "importaciones"
    __table_args__ = (
        CheckConstraint(f"tipo IN ({_en(TIPOS)})", name="tipo_valido"),
        CheckConstraint(f"estado IN ({_en(ESTADOS)})", name="estado_valido"),
        CheckConstraint("procesadas >= 0 AND creadas >= 0 AND existentes >= 0 AND con_errores >= 0 "
                        "AND creadas + existentes + con_errores = procesadas", name="contadores_validos"),
        # The worker's queue: the pending ones, oldest first.
        Index("ix_importaciones_pendientes", "id", postgresql_where=text(f"estado IN ({_en(PENDIENTES)})")),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    tipo: Mapped[str] = mapped_column(String(10))
    simular: Mapped[bool] = mapped_column(Boolean, server_default="false")
    nombre_archivo: Mapped[str] = mapped_column(String(255))
    # The uploaded file, until the import ends (then NULL).
    archivo: Mapped[bytes | None] = mapped_column(BytesCifrados, deferred=True)
    # {column of the file: field}
    mapa: Mapped[dict] = mapped_column(JSONB)
    estado: Mapped[str] = mapped_column(String(12), server_default="en_cola")
    # Data rows of the file (blank rows aside): known once the worker has read it.
    total: Mapped[int | None] = mapped_column(Integer)
    # Rows done, in file order: an interrupted import resumes after them.
    procesadas: Mapped[int] = mapped_column(Integer, server_default="0")
    creadas: Mapped[int] = mapped_column(Integer, server_default="0")
    existentes: Mapped[int] = mapped_column(Integer, server_default="0")
    con_errores: Mapped[int] = mapped_column(Integer, server_default="0")
    # Why it failed (estado fallida).
    mensaje: Mapped[str | None] = mapped_column(Text)
    creado_por: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id"))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    iniciado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    terminado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # The lease of the worker processing it (hostname:pid) and when it last took a batch: another worker leaves
    # the import alone until the lease is older than trabajo.PLAZO_TOMA.
    trabajador: Mapped[str | None] = mapped_column(Text)
    tomada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ErrorImportacion(db.Model):
    """One refused value of a row: the file's row number (header = 1), its column and field, and why."""

    __tablename__ = "importaciones_errores"
    __table_args__ = (
        Index("ix_importaciones_errores_importacion_id", "importacion_id", "id"),
        {"schema": "medical"},
    )

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)
    importacion_id: Mapped[int] = mapped_column(ForeignKey("medical.importaciones.id", ondelete="CASCADE"))
    fila: Mapped[int] = mapped_column(Integer)
    columna: Mapped[str | None] = mapped_column(String(255))
    campo: Mapped[str | None] = mapped_column(String(50))
    mensaje: Mapped[str] = mapped_column(Text)
