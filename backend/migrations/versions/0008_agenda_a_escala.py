"""a doctor's appointments of a period, index-only: free slots and a doctor's agenda at chain scale

Revision ID: 0008
Revises: 0007
"""
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("CREATE INDEX ix_citas_medico_fecha ON medical.citas (medico_id, fecha) "
               "INCLUDE (hora_inicio, hora_fin, estado_id)")


def downgrade():
    op.execute("DROP INDEX medical.ix_citas_medico_fecha")
