"""treatment relationship that lapses, and the emergency-access list

- medical.configuracion_clinica.relacion_tratamiento_meses (default 24): a Médico's treatment
  relationship with a patient lapses that many months after the last qualifying appointment or entry.
- A partial index on security.auditoria for the Administrador's list of emergency accesses.

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("configuracion_clinica", sa.Column("relacion_tratamiento_meses", sa.Integer(),
                                                     server_default="24", nullable=False), schema="medical")
    op.create_check_constraint(op.f("ck_configuracion_clinica_relacion_tratamiento_rango"), "configuracion_clinica",
                               "relacion_tratamiento_meses BETWEEN 1 AND 240", schema="medical")
    op.create_index("ix_auditoria_emergencias", "auditoria", ["fecha"], schema="security",
                    postgresql_where=sa.text("accion = 'acceso_emergencia'"))


def downgrade():
    op.drop_index("ix_auditoria_emergencias", table_name="auditoria", schema="security")
    op.drop_constraint(op.f("ck_configuracion_clinica_relacion_tratamiento_rango"), "configuracion_clinica", schema="medical")
    op.drop_column("configuracion_clinica", "relacion_tratamiento_meses", schema="medical")
