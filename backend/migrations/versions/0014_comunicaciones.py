"""patient messages: the outbox, its settings, the patient's contact preferences

- medical.mensajes: the outbox (API.md "Patient messages"). The worker delivers the rows that are due; a
  reminder is unique per appointment, offset and appointment start, ever (uq_mensajes_recordatorio), so two
  workers or a restart never send it twice. ``secreto`` (the link of a password reset) is encrypted by the
  application (EncryptedText) and never shown.
- medical.configuracion_comunicaciones: a single row (id = 1) with the reminders' settings and templates.
- medical.pacientes.acepta_recordatorios / canal_preferido.
- medical.citas_estados.por_paciente: the change was made by the patient from the public appointment page.
- medical.configuracion_clinica.cancelacion_minima_horas: the patient cannot cancel later than this.

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

TIPOS = ("recordatorio", "confirmacion_cita", "cancelacion", "reprogramacion", "codigo_verificacion",
         "restablecer_password")
ESTADOS = ("pendiente", "enviado", "fallido", "cancelado", "omitido")
CANALES = ("email", "whatsapp", "sms")


def _en(valores):
    return ", ".join(f"'{v}'" for v in valores)


def upgrade():
    op.create_table(
        "mensajes",
        sa.Column("id", sa.BigInteger(), sa.Identity(), primary_key=True),
        sa.Column("tipo", sa.String(30), nullable=False),
        sa.Column("canal", sa.String(10), nullable=False),
        sa.Column("destino", sa.String(200), nullable=True),
        sa.Column("paciente_id", sa.Integer(), sa.ForeignKey("medical.pacientes.id"), nullable=True),
        sa.Column("cita_id", sa.Integer(), sa.ForeignKey("medical.citas.id"), nullable=True),
        sa.Column("usuario_id", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=True),
        sa.Column("horas_antes", sa.SmallInteger(), nullable=True),
        sa.Column("cita_inicio", sa.DateTime(), nullable=True),
        sa.Column("secreto", sa.LargeBinary(), nullable=True),
        sa.Column("estado", sa.String(10), server_default="pendiente", nullable=False),
        sa.Column("intentos", sa.SmallInteger(), server_default="0", nullable=False),
        sa.Column("programado_para", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.Column("enviado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ultimo_error", sa.Text(), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint(f"tipo IN ({_en(TIPOS)})", name="tipo_valido"),
        sa.CheckConstraint(f"canal IN ({_en(CANALES + ('registro',))})", name="canal_valido"),
        sa.CheckConstraint(f"estado IN ({_en(ESTADOS)})", name="estado_valido"),
        sa.CheckConstraint("tipo <> 'recordatorio' OR (cita_id IS NOT NULL AND horas_antes IS NOT NULL "
                           "AND cita_inicio IS NOT NULL)", name="recordatorio_completo"),
        schema="medical",
    )
    op.create_index("uq_mensajes_recordatorio", "mensajes", ["cita_id", "horas_antes", "cita_inicio"], unique=True,
                    schema="medical", postgresql_where=sa.text("tipo = 'recordatorio'"))
    # The worker's queue: what is pending, by due time.
    op.create_index("ix_mensajes_pendientes", "mensajes", ["programado_para"], schema="medical",
                    postgresql_where=sa.text("estado = 'pendiente'"))
    op.create_index("ix_mensajes_cita", "mensajes", ["cita_id"], schema="medical")
    op.create_index("ix_mensajes_paciente", "mensajes", ["paciente_id", "id"], schema="medical")
    op.create_index("ix_mensajes_estado", "mensajes", ["estado", "id"], schema="medical")

    op.create_table(
        "configuracion_comunicaciones",
        sa.Column("id", sa.Integer(), primary_key=True, autoincrement=False),
        sa.Column("recordatorios_activos", sa.Boolean(), server_default="true", nullable=False),
        sa.Column("horas_antes", postgresql.ARRAY(sa.SmallInteger()), server_default="{48,2}", nullable=False),
        sa.Column("canal_preferido", sa.String(10), server_default="email", nullable=False),
        sa.Column("silencio_desde", sa.Time(), server_default="21:00", nullable=False),
        sa.Column("silencio_hasta", sa.Time(), server_default="08:00", nullable=False),
        sa.Column("plantillas", postgresql.JSONB(), server_default="{}", nullable=False),
        sa.CheckConstraint("id = 1", name="fila_unica"),
        sa.CheckConstraint(f"canal_preferido IN ({_en(CANALES)})", name="canal_valido"),
        sa.CheckConstraint("cardinality(horas_antes) BETWEEN 1 AND 3 AND 1 <= ALL(horas_antes) "
                           "AND 168 >= ALL(horas_antes)", name="horas_antes_rango"),
        schema="medical",
    )
    op.execute("INSERT INTO medical.configuracion_comunicaciones (id) VALUES (1) ON CONFLICT DO NOTHING")

    op.add_column("pacientes", sa.Column("acepta_recordatorios", sa.Boolean(), server_default="true",
                                         nullable=False), schema="medical")
    op.add_column("pacientes", sa.Column("canal_preferido", sa.String(10), nullable=True), schema="medical")
    op.create_check_constraint("canal_preferido_valido", "pacientes", f"canal_preferido IN ({_en(CANALES)})",
                               schema="medical")
    op.add_column("citas_estados", sa.Column("por_paciente", sa.Boolean(), server_default="false", nullable=False),
                  schema="medical")
    op.add_column("configuracion_clinica", sa.Column("cancelacion_minima_horas", sa.Integer(), server_default="2",
                                                     nullable=False), schema="medical")
    op.create_check_constraint("cancelacion_minima_rango", "configuracion_clinica",
                               "cancelacion_minima_horas BETWEEN 0 AND 168", schema="medical")


def downgrade():
    op.drop_constraint("ck_configuracion_clinica_cancelacion_minima_rango", "configuracion_clinica", schema="medical")
    op.drop_column("configuracion_clinica", "cancelacion_minima_horas", schema="medical")
    op.drop_column("citas_estados", "por_paciente", schema="medical")
    op.drop_constraint("ck_pacientes_canal_preferido_valido", "pacientes", schema="medical")
    op.drop_column("pacientes", "canal_preferido", schema="medical")
    op.drop_column("pacientes", "acepta_recordatorios", schema="medical")
    op.drop_table("configuracion_comunicaciones", schema="medical")
    op.drop_table("mensajes", schema="medical")
