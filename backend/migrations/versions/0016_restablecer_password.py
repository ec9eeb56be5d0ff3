"""password reset by e-mail: security.restablecimientos_password

One row per reset request (API.md "Password reset"), for a known address or not: ``email_hash`` (a keyed hash of
the normalised address) counts the requests per address and hour; a request for an active user carries the
SHA-256 of its single-use token (``token_hash``), its expiry, its use and the user's token version of the time.

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "restablecimientos_password",
        sa.Column("id", sa.BigInteger(), nullable=False),
        sa.Column("usuario_id", sa.Integer(), nullable=True),
        sa.Column("email_hash", sa.String(length=64), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=True),
        sa.Column("version_token", sa.Integer(), nullable=True),
        sa.Column("ip", sa.String(length=45), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expira", sa.DateTime(timezone=True), nullable=False),
        sa.Column("usado_en", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["usuario_id"], ["security.usuarios.id"],
                                name=op.f("fk_restablecimientos_password_usuario_id_usuarios"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_restablecimientos_password")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_restablecimientos_password_token_hash")),
        schema="security",
    )
    op.create_index("ix_restablecimientos_password_email_hash_creado_en", "restablecimientos_password",
                    ["email_hash", "creado_en"], schema="security")
    op.create_index("ix_restablecimientos_password_usuario_id", "restablecimientos_password", ["usuario_id"],
                    schema="security")


def downgrade():
    op.drop_index("ix_restablecimientos_password_usuario_id", table_name="restablecimientos_password",
                  schema="security")
    op.drop_index("ix_restablecimientos_password_email_hash_creado_en", table_name="restablecimientos_password",
                  schema="security")
    op.drop_table("restablecimientos_password", schema="security")
