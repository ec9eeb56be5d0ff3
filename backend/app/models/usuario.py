"""security schema: roles, users, sessions, login attempts, password resets."""
import uuid
from datetime import datetime

from sqlalchemy import BigInteger, Boolean, DateTime, ForeignKey, Integer, String, Text, Uuid, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db


class Rol(db.Model):
    __tablename__ = "roles"
    __table_args__ = {"schema": "security"}

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(50), unique=True)
    descripcion: Mapped[str | None] = mapped_column(Text)


class Usuario(db.Model):
    __tablename__ = "usuarios"
    __table_args__ = {"schema": "security"}

    id: Mapped[int] = mapped_column(primary_key=True)
    nombre: Mapped[str] = mapped_column(String(100))
    apellido: Mapped[str] = mapped_column(String(100))
    email: Mapped[str] = mapped_column(String(100), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    rol_id: Mapped[int | None] = mapped_column(ForeignKey("security.roles.id"))
    sucursal_id: Mapped[int | None] = mapped_column(ForeignKey("medical.sucursales.id"))
    activo: Mapped[bool | None] = mapped_column(Boolean, default=True, server_default="true")
    fecha_creacion: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), server_default=func.now())
    # Bumped on deactivation, role or password change: tokens carrying an older value stop working.
    version_token: Mapped[int] = mapped_column(Integer, default=0, server_default="0")

    rol: Mapped["Rol"] = relationship(lazy="joined")
    sucursal: Mapped["Sucursal | None"] = relationship()  # noqa: F821

    def invalidar_tokens(self):
        self.version_token = (self.version_token or 0) + 1


class Sesion(db.Model):
    """One login: every access and refresh token issued for it carries its id (claim ``sid``).

    Revoking the row ends every token of the session at once. ``refresh_jti`` is the one refresh
    token that may still be used (each refresh replaces it); any other refresh token of the session
    is a spent one, and presenting it revokes the session (reuse detection)."""

    __tablename__ = "sesiones"
    __table_args__ = (
        db.Index("ix_sesiones_usuario_id", "usuario_id"),
        {"schema": "security"},
    )

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    usuario_id: Mapped[int] = mapped_column(ForeignKey("security.usuarios.id", ondelete="CASCADE"))
    refresh_jti: Mapped[str] = mapped_column(String(36))
    creada: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    ultima_actividad: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())
    revocada_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # logout, reutilizacion (a spent refresh token came back), password (the user changed it),
    # restablecimiento (the password was reset by e-mail)
    motivo_revocacion: Mapped[str | None] = mapped_column(String(20))


class IntentoLogin(db.Model):
    """Every login attempt; failures throttle the email and the address (limite_login, 429).

    ``exito`` is NULL while the attempt is in progress: it was counted before its password was hashed."""

    __tablename__ = "intentos_login"
    __table_args__ = (
        db.Index("ix_intentos_login_email_fecha", "email", "fecha"),
        db.Index("ix_intentos_login_ip_fecha", "ip", "fecha"),
        {"schema": "security"},
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    email: Mapped[str] = mapped_column(String(254))
    ip: Mapped[str | None] = mapped_column(String(45))
    exito: Mapped[bool | None] = mapped_column(Boolean)
    fecha: Mapped[datetime] = mapped_column(DateTime(timezone=True), server_default=func.now())


class RestablecimientoPassword(db.Model):
    """One request of a password reset by e-mail (recuperacion_service), for a known address or not.

    Every request is a row (``email_hash``: keyed hash of the normalised address), so the hourly cap per
    address holds for unknown addresses too without storing them. A request for an active user also
    carries the reset token: only its SHA-256 (``token_hash``), valid until ``expira``, spent at
    ``usado_en``, and bound to the user's ``version_token`` of the time (a later password change,
    deactivation or role change makes it useless)."""

    __tablename__ = "restablecimientos_password"
    __table_args__ = (
        db.Index("ix_restablecimientos_password_email_hash_creado_en", "email_hash", "creado_en"),
        db.Index("ix_restablecimientos_password_usuario_id", "usuario_id"),
        {"schema": "security"},
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    usuario_id: Mapped[int | None] = mapped_column(ForeignKey("security.usuarios.id", ondelete="CASCADE"))
    email_hash: Mapped[str] = mapped_column(String(64))
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    version_token: Mapped[int | None] = mapped_column(Integer)
    ip: Mapped[str | None] = mapped_column(String(45))
    creado_en: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expira: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    usado_en: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
