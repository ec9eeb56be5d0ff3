"""doctors' calendar feeds: the keyed hash of each doctor's secret feed token

- medical.medicos.agenda_token_hash: HMAC-SHA256 (hex) of the token of the doctor's iCalendar feed
  (API.md "Calendar feed"; app/services/calendario_service.py). The token itself is never stored; NULL: no feed.
- medical.medicos.agenda_token_rotado: when the token was last created or rotated.

Revision ID: 0015
Revises: 0014
"""
import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("medicos", sa.Column("agenda_token_hash", sa.String(64), nullable=True), schema="medical")
    op.add_column("medicos", sa.Column("agenda_token_rotado", sa.DateTime(timezone=True), nullable=True),
                  schema="medical")
    op.create_unique_constraint("uq_medicos_agenda_token_hash", "medicos", ["agenda_token_hash"], schema="medical")


def downgrade():
    op.drop_constraint("uq_medicos_agenda_token_hash", "medicos", schema="medical")
    op.drop_column("medicos", "agenda_token_rotado", schema="medical")
    op.drop_column("medicos", "agenda_token_hash", schema="medical")
