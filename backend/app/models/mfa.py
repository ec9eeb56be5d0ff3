"""security schema: the optional TOTP second factor of a user and its one-time recovery codes."""
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, LargeBinary, String, UniqueConstraint, func
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class FactorTotp(db.Model):
    """A user's TOTP secret (RFC 6238), AES-GCM encrypted by the app (mfa_service); inactive while enrolling."""

    __tablename__ = "totp_usuarios"
    __table_args__ = {"schema": "security"}

    usuario_id: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id", ondelete="CASCADE"), primary_key=True)
    secreto_cifrado: Mapped[bytes] = mapped_column(LargeBinary)
    activo: Mapped[bool] = mapped_column(Boolean, default=False, server_default="false")
    # The last time step accepted: a code is never accepted twice (RFC 6238 section 5.2).
    ultimo_paso: Mapped[int | None] = mapped_column(BigInteger)
    fecha_creacion: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    fecha_activacion: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class CodigoRecuperacion(db.Model):
    """One-time recovery codes, stored as keyed hashes (HMAC-SHA256), never in clear."""

    __tablename__ = "codigos_recuperacion"
    __table_args__ = (
        UniqueConstraint("usuario_id", "codigo_hash"),
        {"schema": "security"},
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id", ondelete="CASCADE"))
    codigo_hash: Mapped[str] = mapped_column(String(64))
    fecha_uso: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
