"""agenda: series of appointments, the waiting list and the offers of freed slots, the search by a phone's last digits

- medical.series_citas: a series booked in one go (its repetition: every n weeks or every n days, how many times);
  medical.citas.serie_id names it (indexed for the appointments that have one).
- medical.lista_espera: a patient waiting for an earlier slot at a branch (doctor and specialty optional), between
  two dates (CHECK desde <= hasta), in the morning or afternoon (``franja``), ``activa`` until it is served
  (``atendida``) or withdrawn (``retirada``).
- medical.ofertas_hueco: a freed appointment's slot offered to an entry by a message; its link is a signed token
  naming the offer (nothing secret stored), accepting it books the slot and records the appointment booked; a slot
  is offered to an entry once (unique entrada_id, cita_id).
- medical.mensajes: the message type ``oferta_hueco``.
- medical.pacientes: an index on the last four digits of the (normalised) phone, for "perez 5678".

Revision ID: 0023
Revises: 0022
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app
from sqlalchemy import text

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

TIPOS_ANTES = ("recordatorio", "confirmacion_cita", "cancelacion", "reprogramacion", "codigo_verificacion",
               "restablecer_password")
TIPOS = TIPOS_ANTES + ("oferta_hueco",)


def _en(valores):
    return ", ".join(f"'{v}'" for v in valores)


def _rol_app():
    """The application's role, quoted (see 0013); None when it is the migrating role itself."""
    rol = current_app.config.get("DATABASE_APP_ROLE")
    conn = op.get_bind()
    if not rol or rol == conn.scalar(text("SELECT current_user")):
        return None
    return conn.scalar(text("SELECT quote_ident(:r)"), {"r": rol})


def upgrade():
    op.create_table(
        "series_citas",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("cada_semanas", sa.SmallInteger(), nullable=True),
        sa.Column("cada_dias", sa.SmallInteger(), nullable=True),
        sa.Column("veces", sa.SmallInteger(), nullable=False),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("(cada_semanas IS NULL) <> (cada_dias IS NULL)", name="una_repeticion"),
        sa.CheckConstraint("cada_semanas BETWEEN 1 AND 12", name="cada_semanas_rango"),
        sa.CheckConstraint("cada_dias BETWEEN 1 AND 60", name="cada_dias_rango"),
        sa.CheckConstraint("veces BETWEEN 2 AND 52", name="veces_rango"),
        schema="medical",
    )
    op.add_column("citas", sa.Column("serie_id", sa.Integer(), nullable=True), schema="medical")
    op.create_foreign_key("fk_citas_serie_id_series_citas", "citas", "series_citas", ["serie_id"], ["id"],
                          source_schema="medical", referent_schema="medical")
    op.create_index("ix_citas_serie_id", "citas", ["serie_id"], schema="medical",
                    postgresql_where=text("serie_id IS NOT NULL"))

    op.create_table(
        "lista_espera",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("paciente_id", sa.Integer(), sa.ForeignKey("medical.pacientes.id"), nullable=False),
        sa.Column("sucursal_id", sa.Integer(), sa.ForeignKey("medical.sucursales.id"), nullable=False),
        sa.Column("especialidad_id", sa.Integer(), sa.ForeignKey("medical.especialidades.id"), nullable=True),
        sa.Column("medico_id", sa.Integer(), sa.ForeignKey("medical.medicos.id"), nullable=True),
        sa.Column("desde", sa.Date(), nullable=False),
        sa.Column("hasta", sa.Date(), nullable=False),
        sa.Column("franja", sa.String(6), nullable=True),
        sa.Column("notas", sa.LargeBinary(), nullable=True),
        sa.Column("estado", sa.String(10), nullable=False, server_default="activa"),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("cerrada_en", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("desde <= hasta", name="rango_valido"),
        sa.CheckConstraint("franja IN ('manana', 'tarde')", name="franja_valida"),
        sa.CheckConstraint("estado IN ('activa', 'atendida', 'retirada')", name="estado_valido"),
        schema="medical",
    )
    op.create_index("ix_lista_espera_activas", "lista_espera", ["sucursal_id", "id"], schema="medical",
                    postgresql_where=text("estado = 'activa'"))
    op.create_index("ix_lista_espera_paciente_id", "lista_espera", ["paciente_id"], schema="medical")

    op.create_table(
        "ofertas_hueco",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("entrada_id", sa.Integer(), sa.ForeignKey("medical.lista_espera.id"), nullable=False),
        sa.Column("cita_id", sa.Integer(), sa.ForeignKey("medical.citas.id"), nullable=False),
        sa.Column("estado", sa.String(10), nullable=False, server_default="pendiente"),
        sa.Column("cita_reservada_id", sa.Integer(), sa.ForeignKey("medical.citas.id"), nullable=True),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("aceptada_en", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("estado IN ('pendiente', 'aceptada')", name="estado_valido"),
        sa.CheckConstraint("(estado = 'aceptada') = (cita_reservada_id IS NOT NULL AND aceptada_en IS NOT NULL)",
                           name="aceptada_completa"),
        # One offer of a slot per entry (409 OFERTA_YA_ENVIADA); it also serves the lookups by entry.
        sa.UniqueConstraint("entrada_id", "cita_id", name="uq_ofertas_hueco_entrada_cita"),
        schema="medical",
    )
    op.create_index("ix_ofertas_hueco_cita_id", "ofertas_hueco", ["cita_id"], schema="medical")

    op.drop_constraint("ck_mensajes_tipo_valido", "mensajes", schema="medical")
    op.create_check_constraint("tipo_valido", "mensajes", f"tipo IN ({_en(TIPOS)})", schema="medical")

    op.create_index("ix_pacientes_telefono_final", "pacientes", [sa.text("right(telefono, 4)")], schema="medical")

    rol = _rol_app()
    if rol is not None:
        # Entries are withdrawn (estado), never deleted; series and offers are kept as the record of what was done.
        for tabla in ("medical.series_citas", "medical.lista_espera", "medical.ofertas_hueco"):
            op.execute(f"REVOKE DELETE, TRUNCATE ON {tabla} FROM {rol}")


def downgrade():
    op.drop_index("ix_pacientes_telefono_final", "pacientes", schema="medical")
    op.execute("DELETE FROM medical.mensajes WHERE tipo = 'oferta_hueco'")
    op.drop_constraint("ck_mensajes_tipo_valido", "mensajes", schema="medical")
    op.create_check_constraint("tipo_valido", "mensajes", f"tipo IN ({_en(TIPOS_ANTES)})", schema="medical")
    op.drop_table("ofertas_hueco", schema="medical")
    op.drop_table("lista_espera", schema="medical")
    op.drop_index("ix_citas_serie_id", "citas", schema="medical")
    op.drop_constraint("fk_citas_serie_id_series_citas", "citas", schema="medical")
    op.drop_column("citas", "serie_id", schema="medical")
    op.drop_table("series_citas", schema="medical")
