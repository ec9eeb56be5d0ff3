"""login throttling per address and counted before the hash; the optional TOTP second factor

- security.intentos_login.exito is NULL while an attempt is in progress (counted before its password is
  hashed, app/services/limite_login.py); an index on (ip, fecha) for the per-address limit.
- security.totp_usuarios: a user's TOTP secret (encrypted by the application), active once confirmed, and the
  last time step used (no code is accepted twice).
- security.codigos_recuperacion: one-time recovery codes, stored as keyed hashes.
- medical.configuracion_clinica.mfa_admin: every Administrador must use the second factor.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade():
    op.alter_column("intentos_login", "exito", existing_type=sa.Boolean(), nullable=True, schema="security")
    op.create_index("ix_intentos_login_ip_fecha", "intentos_login", ["ip", "fecha"], schema="security")
    op.create_table(
        "totp_usuarios",
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("secreto_cifrado", sa.LargeBinary(), nullable=False),
        sa.Column("activo", sa.Boolean(), server_default="false", nullable=False),
        sa.Column("ultimo_paso", sa.BigInteger(), nullable=True),
        sa.Column("fecha_creacion", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("fecha_activacion", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["security.usuarios.id"],
                                name=op.f("fk_totp_usuarios_usuario_id_usuarios"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("usuario_id", name=op.f("pk_totp_usuarios")),
        schema="security",
    )
    op.create_table(
        "codigos_recuperacion",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=False),
        sa.Column("codigo_hash", sa.String(length=64), nullable=False),
        sa.Column("fecha_uso", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["security.usuarios.id"],
                                name=op.f("fk_codigos_recuperacion_usuario_id_usuarios"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_codigos_recuperacion")),
        sa.UniqueConstraint("usuario_id", "codigo_hash", name=op.f("uq_codigos_recuperacion_usuario_id_codigo_hash")),
        schema="security",
    )
    op.add_column("configuracion_clinica", sa.Column("mfa_admin", sa.Boolean(), server_default="false", nullable=False),
                  schema="medical")


def downgrade():
    op.drop_column("configuracion_clinica", "mfa_admin", schema="medical")
    op.drop_table("codigos_recuperacion", schema="security")
    op.drop_table("totp_usuarios", schema="security")
    op.drop_index("ix_intentos_login_ip_fecha", table_name="intentos_login", schema="security")
    op.execute("DELETE FROM security.intentos_login WHERE exito IS NULL")
    op.alter_column("intentos_login", "exito", existing_type=sa.Boolean(), nullable=False, schema="security")
