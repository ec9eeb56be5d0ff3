"""patient search at chain scale: a stored normalised name, a covering b-tree for common names

The search chooses its plan by the planner's estimate (app/services/pacientes_service.py): a specific
name is served by the GIN trigram index on ``busqueda`` and ranked; a very common one walks
``ix_pacientes_apellido_nombre_id`` in order, filtering on the ``busqueda`` it carries, and stops at
the page. Measured figures in docs/performance.md.

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("pacientes", sa.Column("busqueda", sa.Text(),
                                         sa.Computed("medical.nombre_busqueda(nombre, apellido)", persisted=True),
                                         nullable=True), schema="medical")
    op.execute("DROP INDEX medical.ix_pacientes_nombre_busqueda_trgm")
    op.execute("DROP INDEX medical.ix_pacientes_apellido_nombre_id")
    op.execute("CREATE INDEX ix_pacientes_busqueda_trgm ON medical.pacientes USING gin (busqueda public.gin_trgm_ops)")
    op.execute("CREATE INDEX ix_pacientes_apellido_nombre_id ON medical.pacientes (apellido, nombre, id) "
               "INCLUDE (busqueda)")


def downgrade():
    op.execute("DROP INDEX medical.ix_pacientes_apellido_nombre_id")
    op.execute("DROP INDEX medical.ix_pacientes_busqueda_trgm")
    op.drop_column("pacientes", "busqueda", schema="medical")
    op.execute("CREATE INDEX ix_pacientes_apellido_nombre_id ON medical.pacientes (apellido, nombre, id)")
    op.execute("CREATE INDEX ix_pacientes_nombre_busqueda_trgm ON medical.pacientes "
               "USING gin (medical.nombre_busqueda(nombre, apellido) public.gin_trgm_ops)")
