"""the messages an appointment causes, written by database functions that keep their plans

Booking, moving or cancelling an appointment enqueues its messages with one INSERT … SELECT (the patient's channel,
destination and reason to omit, the confirmation and one reminder per configured offset). Sent by the app it was
planned on every booking and cancellation: 1.1 ms of planning for 0.5 ms of work, the largest cost of a booking's
database time (pg_stat_statements with track_planning at 1M; issue 23, docs/performance.md). In PL/pgSQL functions
the plan is kept per connection, which also works behind PgBouncer in transaction mode.

The rules move here whole, so they are written once (app/services/comunicaciones/recordatorios.py calls them):
- medical.encolar_mensajes(citas, ahora, aviso, con_recordatorios): for the appointments ``citas``, the message
  ``aviso`` (none when NULL) due ``ahora`` and, with ``con_recordatorios``, one reminder per offset of the settings
  still ahead of ``ahora`` for those Nueva or Confirmada; returns how many were added;
- medical.programar_recordatorios(ahora, hasta_instante, desde, hasta): the reminders of the appointments of the
  dates ``desde``–``hasta`` that start after ``ahora`` and up to ``hasta_instante`` (the worker's sweep);
- medical.destino_de_paciente(paciente): (canal, destino, omision) of a message to the patient.
Who gets a message: the patient's channel (theirs, else the clinic's), its destination (e-mail or phone), and the
reason it is omitted when the patient refused messages or has no contact for that channel. A reminder is unique per
appointment, offset and start (uq_mensajes_recordatorio): ON CONFLICT DO NOTHING makes a second sweep, a second
worker or a retried booking harmless.

Revision ID: 0028
Revises: 0027
"""
from alembic import op

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

# The patient's channel, destination and reason to omit, as d.canal, d.destino, d.omision of a patient p and the
# clinic's settings k.
DESTINO = """
        CROSS JOIN LATERAL (
            SELECT x.canal,
                   CASE WHEN x.canal = 'email' THEN nullif(btrim(p.email), '')
                        ELSE nullif(btrim(p.telefono), '') END AS destino
              FROM (SELECT coalesce(p.canal_preferido, k.canal_preferido) AS canal) x
        ) e
        CROSS JOIN LATERAL (
            SELECT e.canal, e.destino,
                   CASE WHEN NOT p.acepta_recordatorios THEN 'El paciente no acepta mensajes'
                        WHEN e.destino IS NULL THEN CASE WHEN e.canal = 'email' THEN 'El paciente no tiene correo electrónico'
                                                         ELSE 'El paciente no tiene teléfono' END END AS omision
        ) d"""

# The messages of the appointments c that pass {filtro}, with the variables p_ahora, p_aviso, p_con_recordatorios.
INSERTAR = """
        INSERT INTO medical.mensajes (tipo, canal, destino, paciente_id, cita_id, horas_antes, cita_inicio, estado,
                                      ultimo_error, programado_para)
        SELECT t.tipo, d.canal, d.destino, c.paciente_id, c.id, t.horas_antes, c.fecha + c.hora_inicio,
               CASE WHEN d.omision IS NULL THEN 'pendiente' ELSE 'omitido' END, d.omision, t.programado_para
          FROM medical.citas c
          JOIN medical.pacientes p ON p.id = c.paciente_id
          JOIN medical.sucursales s ON s.id = c.sucursal_id
         CROSS JOIN medical.configuracion_comunicaciones k
         CROSS JOIN LATERAL (SELECT (c.fecha + c.hora_inicio) AT TIME ZONE s.zona_horaria AS inicio) i""" + DESTINO + """
         CROSS JOIN LATERAL (
            SELECT p_aviso AS tipo, CAST(NULL AS smallint) AS horas_antes, p_ahora AS programado_para
             WHERE p_aviso IS NOT NULL
            UNION ALL
            SELECT 'recordatorio', h, i.inicio - make_interval(hours => h)
              FROM unnest(k.horas_antes) AS h
             WHERE p_con_recordatorios AND k.recordatorios_activos AND c.estado_id IN (1, 2)  -- Nueva, Confirmada
               AND i.inicio - make_interval(hours => h) > p_ahora
         ) t
         WHERE k.id = 1 AND {filtro}
        ON CONFLICT DO NOTHING;
        GET DIAGNOSTICS agregados = ROW_COUNT;
        RETURN agregados;"""


def upgrade():
    # Generic plans for the appointments' function: one appointment (or a series) by id, whatever the values.
    op.execute("""
        CREATE FUNCTION medical.encolar_mensajes(p_citas integer[], p_ahora timestamptz, p_aviso varchar,
                                                 p_con_recordatorios boolean)
        RETURNS integer LANGUAGE plpgsql SET plan_cache_mode = force_generic_plan AS $$
        DECLARE
            agregados integer;
        BEGIN""" + INSERTAR.format(filtro="c.id = ANY (p_citas)") + """
        END $$""")
    op.execute("""
        CREATE FUNCTION medical.programar_recordatorios(p_ahora timestamptz, p_hasta_instante timestamptz,
                                                        p_desde date, p_hasta date)
        RETURNS integer LANGUAGE plpgsql AS $$
        DECLARE
            p_aviso varchar := NULL;
            p_con_recordatorios boolean := true;
            agregados integer;
        BEGIN""" + INSERTAR.format(
        filtro="c.fecha BETWEEN p_desde AND p_hasta AND c.estado_id IN (1, 2) AND i.inicio > p_ahora "
               "AND i.inicio <= p_hasta_instante") + """
        END $$""")
    op.execute("""
        CREATE FUNCTION medical.destino_de_paciente(p_paciente integer)
        RETURNS TABLE (canal varchar, destino text, omision text) LANGUAGE plpgsql STABLE AS $$
        #variable_conflict use_column
        BEGIN
            RETURN QUERY
            SELECT d.canal, d.destino, d.omision
              FROM medical.pacientes p
             CROSS JOIN medical.configuracion_comunicaciones k""" + DESTINO + """
             WHERE k.id = 1 AND p.id = p_paciente;
        END $$""")


def downgrade():
    op.execute("DROP FUNCTION medical.destino_de_paciente(integer)")
    op.execute("DROP FUNCTION medical.programar_recordatorios(timestamptz, timestamptz, date, date)")
    op.execute("DROP FUNCTION medical.encolar_mensajes(integer[], timestamptz, varchar, boolean)")
