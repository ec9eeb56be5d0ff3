"""imports: the import jobs and their row errors

- medical.importaciones: one import (API.md "Import and interoperability"): its type, whether it is a dry run, the
  file (encrypted with the data key, dropped when the import ends), the column map, its state and counters.
  ``procesadas`` is the number of the file's rows done: a batch writes its rows and the counters in one
  transaction, so an interrupted import resumes after them. The counters add up (a CHECK). ``trabajador`` and
  ``tomada_en`` are the lease of the worker processing it (hostname:pid, renewed every batch): other workers
  leave it alone until the lease is old.
- medical.importaciones_errores: every refused value of a row (row number, column, field, message; never the
  value), downloadable as CSV. Append-only for the application's role.

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None


def _rol_app():
    """The application's role, quoted (see 0013); None when it is the migrating role itself."""
    rol = current_app.config.get("DATABASE_APP_ROLE")
    conn = op.get_bind()
    if not rol or rol == conn.scalar(text("SELECT current_user")):
        return None
    return conn.scalar(text("SELECT quote_ident(:r)"), {"r": rol})


def upgrade():
    op.create_table(
        "importaciones",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tipo", sa.String(10), nullable=False),
        sa.Column("simular", sa.Boolean(), nullable=False, server_default="false"),
        sa.Column("nombre_archivo", sa.String(255), nullable=False),
        sa.Column("archivo", sa.LargeBinary(), nullable=True),
        sa.Column("mapa", postgresql.JSONB(), nullable=False),
        sa.Column("estado", sa.String(12), nullable=False, server_default="en_cola"),
        sa.Column("total", sa.Integer(), nullable=True),
        sa.Column("procesadas", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("creadas", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("existentes", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("con_errores", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("mensaje", sa.Text(), nullable=True),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=False),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("iniciado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("terminado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("trabajador", sa.Text(), nullable=True),
        sa.Column("tomada_en", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("tipo IN ('pacientes', 'citas')", name="tipo_valido"),
        sa.CheckConstraint("estado IN ('en_cola', 'procesando', 'terminada', 'fallida')", name="estado_valido"),
        sa.CheckConstraint("procesadas >= 0 AND creadas >= 0 AND existentes >= 0 AND con_errores >= 0 "
                           "AND creadas + existentes + con_errores = procesadas", name="contadores_validos"),
        schema="medical",
    )
    op.create_index("ix_importaciones_pendientes", "importaciones", ["id"], schema="medical",
                    postgresql_where=sa.text("estado IN ('en_cola', 'procesando')"))
    op.create_table(
        "importaciones_errores",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("importacion_id", sa.Integer(),
                  sa.ForeignKey("medical.importaciones.id", ondelete="CASCADE"), nullable=False),
        sa.Column("fila", sa.Integer(), nullable=False),
        sa.Column("columna", sa.String(255), nullable=True),
        sa.Column("campo", sa.String(50), nullable=True),
        sa.Column("mensaje", sa.Text(), nullable=False),
        schema="medical",
    )
    op.create_index("ix_importaciones_errores_importacion_id", "importaciones_errores", ["importacion_id", "id"],
                    schema="medical")

    rol = _rol_app()
    if rol is not None:
        op.execute(f"REVOKE DELETE, TRUNCATE ON medical.importaciones FROM {rol}")
        # a dry run that restarts (its worker died) clears its own errors: DELETE stays granted
        op.execute(f"REVOKE UPDATE, TRUNCATE ON medical.importaciones_errores FROM {rol}")


def downgrade():
    op.drop_table("importaciones_errores", schema="medical")
    op.drop_table("importaciones", schema="medical")
