"""Request counters of the public (no-login) routes: a fixed window per key (app/services/limite_publico.py)."""
from datetime import datetime

from sqlalchemy import DateTime, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class LimitePublico(db.Model):
    """How many requests one key (a hash of a route group and a client address, or of another value) made in one
    window; kept in PostgreSQL so that every process of the app counts together."""

    __tablename__ = "limites_publicos"
    __table_args__ = (
        # The occasional clean-up deletes old windows by their start.
        Index("ix_limites_publicos_ventana", "ventana"),
        # No WAL (migration 0026): its commits wait for no flush or standby; a crash or failover empties it.
        {"schema": "security", "prefixes": ["UNLOGGED"]},
    )

    # SHA-256 (hex) of the group and the value: the table never holds a client's address.
    clave: Mapped[str] = mapped_column(String(64), primary_key=True)
    # Start of the window (UTC).
    ventana: Mapped[datetime] = mapped_column(DateTime(timezone=True), primary_key=True)
    cuenta: Mapped[int] = mapped_column(Integer)
