"""the treatment relationship as a database function, so its plan is kept

Every clinical read of a Médico (history, chart, plans) asks whether they treat the patient
(``Alcance.relacion_de_tratamiento``). As one statement sent by the app, PostgreSQL planned it on every read: three
EXISTS over appointments, entries and chart records, each with the person's records (merges), the doctor's ids and
the lapse as subqueries. Planning took ~0.8 ms and the whole statement 1.2–1.9 ms; prepared, 0.25 ms (issue 23). A
PL/pgSQL function keeps the plan of its statement for the connection's life (generic after five calls), and works
behind PgBouncer in transaction mode, where prepared statements do not.

medical.trata_al_paciente(usuario, paciente, ahora, estados_que_liberan, estados_de_atencion, antelacion): true
when the user's doctor has, within ``relacion_tratamiento_meses`` (clinic setting, default 24) before ``ahora``:
- an appointment with the person (any record of it, merges included) not in ``estados_que_liberan`` that someone
  else booked, or that they booked for themself ``antelacion`` or more before it started and that has started, or
  that someone else moved to one of ``estados_de_atencion``;
- or a history entry, or a chart record, of the person.
The states and the self-booking margin are the app's constants, passed by the caller (app/services/alcance.py).

Revision ID: 0025
Revises: 0024
"""
from alembic import op

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("""
        CREATE FUNCTION medical.trata_al_paciente(p_usuario integer, p_paciente integer, p_ahora timestamptz,
                                                  p_liberan integer[], p_atencion integer[], p_antelacion interval)
        RETURNS boolean LANGUAGE plpgsql STABLE AS $$
        DECLARE
            desde timestamptz := p_ahora - make_interval(0, 0, 0, round(coalesce(
                (SELECT relacion_tratamiento_meses FROM medical.configuracion_clinica), 24) * 365.25 / 12)::integer);
            raiz integer := (SELECT coalesce(fusionado_con_id, id) FROM medical.pacientes WHERE id = p_paciente);
            -- every record of the person (the kept one and those merged into it), and the user's doctor ids
            persona integer[] := ARRAY(SELECT id FROM medical.pacientes WHERE id = raiz OR fusionado_con_id = raiz);
            medicos integer[] := ARRAY(SELECT id FROM medical.medicos WHERE usuario_id = p_usuario);
        BEGIN
            RETURN EXISTS (
                       SELECT 1 FROM medical.citas c
                               CROSS JOIN LATERAL (SELECT timezone(s.zona_horaria, c.fecha + c.hora_inicio) AS inicio
                                                     FROM medical.sucursales s WHERE s.id = c.sucursal_id) i
                        WHERE c.paciente_id = ANY (persona)
                          AND c.medico_id = ANY (medicos)
                          AND i.inicio >= desde
                          AND c.estado_id <> ALL (p_liberan)
                          AND (c.creado_por IS DISTINCT FROM p_usuario
                               OR (c.fecha_creacion <= i.inicio - p_antelacion AND i.inicio <= p_ahora)
                               OR EXISTS (SELECT 1 FROM medical.citas_estados ce
                                           WHERE ce.cita_id = c.id AND ce.estado_id = ANY (p_atencion)
                                             AND ce.usuario_id IS DISTINCT FROM p_usuario)))
                OR EXISTS (SELECT 1 FROM medical.historial_medico h
                            WHERE h.paciente_id = ANY (persona)
                              AND h.medico_id = ANY (medicos)
                              AND h.fecha >= desde)
                OR EXISTS (SELECT 1 FROM medical.odontograma_registros r
                            WHERE r.paciente_id = ANY (persona)
                              AND r.medico_id = ANY (medicos)
                              AND r.fecha >= desde);
        END $$""")


def downgrade():
    op.execute("DROP FUNCTION medical.trata_al_paciente(integer, integer, timestamptz, integer[], integer[], interval)")
