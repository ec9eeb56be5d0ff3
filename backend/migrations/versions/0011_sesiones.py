"""sessions: one row per login, replacing the per-token blocklist

security.sesiones holds every live login: the tokens carry its id (``sid``), so revoking the row
ends every access and refresh token of that session; ``refresh_jti`` is the one refresh token that
may still be used (rotation, reuse detection); ``ultima_actividad`` and ``creada`` bound it in time
(idle timeout, absolute limit). security.tokens_revocados (logged-out jti's) is no longer read.

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sesiones",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("refresh_jti", sa.String(length=36), nullable=False),
        sa.Column("creada", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("ultima_actividad", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("revocada_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("motivo_revocacion", sa.String(length=20), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["security.usuarios.id"], name=op.f("fk_sesiones_usuario_id_usuarios"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sesiones")),
        schema="security",
    )
    op.create_index("ix_sesiones_usuario_id", "sesiones", ["usuario_id"], schema="security")
    op.drop_index("ix_tokens_revocados_expira", table_name="tokens_revocados", schema="security")
    op.drop_table("tokens_revocados", schema="security")


def downgrade():
    op.create_table(
        "tokens_revocados",
        sa.Column("jti", sa.String(length=64), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("expira", sa.DateTime(timezone=True), nullable=False),
        sa.Column("fecha_revocacion", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.ForeignKeyConstraint(["usuario_id"], ["security.usuarios.id"],
                                name=op.f("fk_tokens_revocados_usuario_id_usuarios")),
        sa.PrimaryKeyConstraint("jti", name=op.f("pk_tokens_revocados")),
        schema="security",
    )
    op.create_index("ix_tokens_revocados_expira", "tokens_revocados", ["expira"], schema="security")
    op.drop_index("ix_sesiones_usuario_id", table_name="sesiones", schema="security")
    op.drop_table("sesiones", schema="security")
