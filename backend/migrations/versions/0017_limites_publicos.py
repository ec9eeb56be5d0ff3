"""request limits of the public routes: a fixed-window counter per key

- security.limites_publicos: requests per key (a SHA-256 of the route group and the client's address) and
  window (app/services/limite_publico.py). ``INSERT … ON CONFLICT DO UPDATE`` counts in one statement, so any
  number of processes behave as one; old windows are deleted now and then by the requests themselves.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "limites_publicos",
        sa.Column("clave", sa.String(64), nullable=False),
        sa.Column("ventana", sa.DateTime(timezone=True), nullable=False),
        sa.Column("cuenta", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("clave", "ventana", name="pk_limites_publicos"),
        schema="security",
    )
    op.create_index("ix_limites_publicos_ventana", "limites_publicos", ["ventana"], schema="security")


def downgrade():
    op.drop_table("limites_publicos", schema="security")
