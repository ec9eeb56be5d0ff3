"""the treatment relationship's function keeps its plans

medical.trata_al_paciente (migration 0025) runs on every clinical read by a doctor: the history, the odontogram, the
treatment plans. Its statements take the arrays and the dates as parameters, and PL/pgSQL's plan cache, unable to
weigh a generic plan for `= ANY (array)` against the custom ones, kept planning every statement on every call: 1.2 ms
per call at 1M, 1.0 ms of it planning (pg_stat_statements with track_planning; issue 23, docs/performance.md).
Their generic plans are the custom ones (an index on the patient per table, whatever the arrays hold), so the
function plans each statement once per connection.

Revision ID: 0027
Revises: 0026
"""
from alembic import op

revision = "0027"
down_revision = "0026"
branch_labels = None
depends_on = None

FUNCION = "medical.trata_al_paciente(integer, integer, timestamptz, integer[], integer[], interval)"


def upgrade():
    op.execute(f"ALTER FUNCTION {FUNCION} SET plan_cache_mode = force_generic_plan")


def downgrade():
    op.execute(f"ALTER FUNCTION {FUNCION} RESET plan_cache_mode")
