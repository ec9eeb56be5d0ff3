"""online booking: the clinic's settings, the doctors that take it, where an appointment and a patient came from,
and the patients' pending requests

- medical.configuracion_clinica: ``reserva_en_linea_activa`` (off until the Administrador turns it on),
  ``antelacion_minima_horas`` (a slot must start at least this far ahead, default 2) and ``horizonte_dias``
  (and at most this far, default 60). ``cancelacion_minima_horas`` (0014) completes API.md's
  ``reserva_en_linea`` object. ``logo_url``: the clinic's logo (an https address), shown on the public pages.
- medical.medicos.reserva_en_linea: the doctor's slots are offered to patients (default false).
- medical.citas.origen and medical.pacientes.origen: ``recepcion`` (default, every existing row) or ``en_linea``.
- medical.pacientes.fusionado_con_id: a patient merged into another (POST /api/pacientes/{id}/fusionar) is
  deactivated and points to the one that kept their rows (a partial index: the kept patient's reads find the
  merged records by it). ix_pacientes_nacimiento_busqueda finds possible duplicates (same birth date and
  normalised name).
- medical.solicitudes_reserva: a patient's request for a slot, waiting for the 6-digit code sent to their e-mail
  (app/services/reservas/). The code is kept as a keyed hash, the contact data encrypted, the e-mail also as a
  keyed hash (the per-address limit counts by it); the request ends ``verificada`` (with its appointment),
  ``bloqueada`` (five wrong codes), ``rechazada`` (the slot was taken meanwhile) or stays ``pendiente`` until it
  expires.

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None

ORIGENES = "('recepcion', 'en_linea')"


def upgrade():
    op.add_column("configuracion_clinica", sa.Column("reserva_en_linea_activa", sa.Boolean(), nullable=False,
                                                     server_default="false"), schema="medical")
    op.add_column("configuracion_clinica", sa.Column("antelacion_minima_horas", sa.Integer(), nullable=False,
                                                     server_default="2"), schema="medical")
    op.add_column("configuracion_clinica", sa.Column("horizonte_dias", sa.Integer(), nullable=False,
                                                     server_default="60"), schema="medical")
    op.add_column("configuracion_clinica", sa.Column("logo_url", sa.String(500), nullable=True), schema="medical")
    op.create_check_constraint("antelacion_minima_rango", "configuracion_clinica",
                               "antelacion_minima_horas BETWEEN 0 AND 720", schema="medical")
    op.create_check_constraint("horizonte_rango", "configuracion_clinica", "horizonte_dias BETWEEN 1 AND 365",
                               schema="medical")
    op.add_column("medicos", sa.Column("reserva_en_linea", sa.Boolean(), nullable=False, server_default="false"),
                  schema="medical")
    for tabla in ("citas", "pacientes"):
        op.add_column(tabla, sa.Column("origen", sa.String(10), nullable=False, server_default="recepcion"),
                      schema="medical")
        op.create_check_constraint("origen_valido", tabla, f"origen IN {ORIGENES}", schema="medical")
    op.add_column("pacientes", sa.Column("fusionado_con_id", sa.Integer(),
                                         sa.ForeignKey("medical.pacientes.id", name="fk_pacientes_fusionado_con_id"),
                                         nullable=True), schema="medical")
    op.create_check_constraint("fusion_con_otro", "pacientes", "fusionado_con_id <> id", schema="medical")
    # A merged patient's rows are read as the kept one's: found by this index (only the merged are in it).
    op.create_index("ix_pacientes_fusionado_con_id", "pacientes", ["fusionado_con_id"], schema="medical",
                    postgresql_where=sa.text("fusionado_con_id IS NOT NULL"))
    # Possible duplicates (same birth date and normalised name): the reception's list of online bookings, one
    # probe per patient shown (the trigram index answers name searches, not this equality).
    op.create_index("ix_pacientes_nacimiento_busqueda", "pacientes", ["fecha_nacimiento", "busqueda"],
                    schema="medical")
    # The reception's list of online bookings reads the upcoming ones in its order and stops at the page's end.
    op.create_index("ix_citas_en_linea_fecha", "citas", ["fecha", "hora_inicio", "id"], schema="medical",
                    postgresql_where=sa.text("origen = 'en_linea'"))
    op.create_table(
        "solicitudes_reserva",
        sa.Column("id", postgresql.UUID(as_uuid=True), nullable=False),
        sa.Column("creada_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expira_en", sa.DateTime(timezone=True), nullable=False),
        sa.Column("estado", sa.String(10), nullable=False, server_default="pendiente"),
        sa.Column("sucursal_id", sa.Integer(), sa.ForeignKey("medical.sucursales.id"), nullable=False),
        sa.Column("medico_id", sa.Integer(), sa.ForeignKey("medical.medicos.id"), nullable=False),
        sa.Column("fecha", sa.Date(), nullable=False),
        sa.Column("hora_inicio", sa.Time(), nullable=False),
        sa.Column("nombre", sa.String(100), nullable=False),
        sa.Column("apellido", sa.String(100), nullable=False),
        sa.Column("fecha_nacimiento", sa.Date(), nullable=False),
        sa.Column("email", sa.LargeBinary(), nullable=False),
        sa.Column("email_hash", sa.String(64), nullable=False),
        sa.Column("telefono", sa.LargeBinary(), nullable=False),
        sa.Column("tipo_documento", sa.String(20), nullable=True),
        sa.Column("numero_documento", sa.LargeBinary(), nullable=True),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.Column("codigo_hash", sa.String(64), nullable=False),
        sa.Column("intentos", sa.SmallInteger(), nullable=False, server_default="0"),
        sa.Column("cita_id", sa.Integer(), sa.ForeignKey("medical.citas.id"), nullable=True),
        sa.Column("verificada_en", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_solicitudes_reserva"),
        sa.CheckConstraint("estado IN ('pendiente', 'verificada', 'bloqueada', 'rechazada')",
                           name="estado_valido"),
        sa.CheckConstraint("intentos BETWEEN 0 AND 5", name="intentos_rango"),
        sa.CheckConstraint("(estado = 'verificada') = (cita_id IS NOT NULL)",
                           name="verificada_con_cita"),
        schema="medical",
    )
    # The per-address limit counts an address's open requests and upcoming bookings.
    op.create_index("ix_solicitudes_reserva_email_hash", "solicitudes_reserva", ["email_hash", "creada_en"],
                    schema="medical")


def downgrade():
    op.drop_table("solicitudes_reserva", schema="medical")
    op.drop_index("ix_citas_en_linea_fecha", table_name="citas", schema="medical")
    op.drop_index("ix_pacientes_fusionado_con_id", table_name="pacientes", schema="medical")
    op.drop_index("ix_pacientes_nacimiento_busqueda", table_name="pacientes", schema="medical")
    op.drop_constraint("ck_pacientes_fusion_con_otro", "pacientes", schema="medical")
    op.drop_column("pacientes", "fusionado_con_id", schema="medical")
    for tabla in ("citas", "pacientes"):
        op.drop_constraint(f"ck_{tabla}_origen_valido", tabla, schema="medical")
        op.drop_column(tabla, "origen", schema="medical")
    op.drop_column("medicos", "reserva_en_linea", schema="medical")
    for nombre in ("antelacion_minima_rango", "horizonte_rango"):
        op.drop_constraint(f"ck_configuracion_clinica_{nombre}", "configuracion_clinica", schema="medical")
    for columna in ("reserva_en_linea_activa", "antelacion_minima_horas", "horizonte_dias", "logo_url"):
        op.drop_column("configuracion_clinica", columna, schema="medical")
