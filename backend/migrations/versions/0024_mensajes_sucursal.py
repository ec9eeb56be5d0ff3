"""mensajes: the branch of each message's appointment, kept by the database, for the branch's message log

A Recepcionista bound to a branch sees the messages of that branch's appointments. Filtering through
``cita_id IN (the branch's appointments)`` made PostgreSQL join every message with every appointment of the branch
to count one page's total (51–111 ms at a million patients, issue 23). The branch is now a column of the message:

- medical.mensajes.sucursal_id: the branch of ``cita_id`` (NULL without an appointment). A BEFORE INSERT trigger
  sets it from the appointment (every insert path: the outbox and the reminders' INSERT … SELECT), and an AFTER
  UPDATE trigger on medical.citas moves an appointment's messages with it when it changes branch.
- indexes (sucursal_id, id) and (sucursal_id, estado, id): the log's page and its filter by state, newest first.

Revision ID: 0024
Revises: 0023
"""
import sqlalchemy as sa
from alembic import op

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None


def upgrade():
    op.add_column("mensajes", sa.Column("sucursal_id", sa.Integer(), nullable=True), schema="medical")
    op.create_foreign_key("fk_mensajes_sucursal_id_sucursales", "mensajes", "sucursales", ["sucursal_id"], ["id"],
                          source_schema="medical", referent_schema="medical")
    op.execute("""
        CREATE FUNCTION medical.mensaje_sucursal_de_la_cita() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            NEW.sucursal_id := (SELECT c.sucursal_id FROM medical.citas c WHERE c.id = NEW.cita_id);
            RETURN NEW;
        END $$""")
    op.execute("""
        CREATE TRIGGER mensajes_sucursal BEFORE INSERT OR UPDATE OF cita_id, sucursal_id ON medical.mensajes
        FOR EACH ROW EXECUTE FUNCTION medical.mensaje_sucursal_de_la_cita()""")
    op.execute("""
        CREATE FUNCTION medical.mensajes_siguen_a_la_cita() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            UPDATE medical.mensajes SET sucursal_id = NEW.sucursal_id WHERE cita_id = NEW.id;
            RETURN NULL;
        END $$""")
    op.execute("""
        CREATE TRIGGER citas_mensajes_sucursal AFTER UPDATE OF sucursal_id ON medical.citas
        FOR EACH ROW WHEN (OLD.sucursal_id IS DISTINCT FROM NEW.sucursal_id)
        EXECUTE FUNCTION medical.mensajes_siguen_a_la_cita()""")
    op.execute("""
        UPDATE medical.mensajes m SET sucursal_id = c.sucursal_id
          FROM medical.citas c WHERE c.id = m.cita_id""")
    op.create_index("ix_mensajes_sucursal", "mensajes", ["sucursal_id", "id"], schema="medical")
    op.create_index("ix_mensajes_sucursal_estado", "mensajes", ["sucursal_id", "estado", "id"], schema="medical")


def downgrade():
    op.drop_index("ix_mensajes_sucursal_estado", "mensajes", schema="medical")
    op.drop_index("ix_mensajes_sucursal", "mensajes", schema="medical")
    op.execute("DROP TRIGGER citas_mensajes_sucursal ON medical.citas")
    op.execute("DROP FUNCTION medical.mensajes_siguen_a_la_cita()")
    op.execute("DROP TRIGGER mensajes_sucursal ON medical.mensajes")
    op.execute("DROP FUNCTION medical.mensaje_sucursal_de_la_cita()")
    op.drop_constraint("fk_mensajes_sucursal_id_sucursales", "mensajes", schema="medical")
    op.drop_column("mensajes", "sucursal_id", schema="medical")
