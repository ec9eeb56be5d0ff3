"""credit notes, refunds and the cash register

- billing.facturas: ``tipo`` (``ordinaria`` | ``rectificativa``); a credit note has negative amounts, cites the
  invoice it corrects (``factura_rectificada_id``) and why (``motivo_rectificacion``); an ordinary invoice keeps
  the amount rectified so far (``rectificado``, never more than its total: a CHECK, so no race can pass it). The
  application's role may update ``rectificado`` and nothing else of the amounts. A cita's one active invoice is
  its ordinary one that is not wholly rectified (credit notes keep the cita, so revenue per doctor is net of
  them; a wholly rectified visit may be invoiced again).
- billing.detalle_factura: a credit note's line has a negative quantity and names the line it rectifies
  (``detalle_rectificado_id``).
- billing.series_factura: one series per branch and ``tipo`` (``S001`` and ``R001``), so credit notes are
  numbered without gaps in their own series.
- billing.pagos: a refund is a negative payment; ``sesion_caja_id`` is the cash session it joined.
- billing.sesiones_caja and billing.movimientos_caja: the cash register per branch (one open session per branch:
  a partial unique index). A closed session never changes, and no movement or payment joins it (triggers:
  the error names the constraint ``caja_cerrada``). Manual movements are append-only for the application.
- medical.configuracion_clinica.exigir_caja: cash payments need an open session at the branch.

Revision ID: 0020
Revises: 0019
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app
from sqlalchemy import text
from sqlalchemy.dialects import postgresql

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

IMPORTES_FACTURA = """total = subtotal + impuesto AND (
    (tipo = 'ordinaria' AND subtotal >= 0 AND impuesto >= 0)
    OR (tipo = 'rectificativa' AND subtotal <= 0 AND impuesto <= 0))"""
IMPORTES_LINEA = """precio_unitario >= 0 AND (
    (cantidad > 0 AND subtotal >= 0 AND impuesto >= 0) OR (cantidad < 0 AND subtotal <= 0 AND impuesto <= 0))"""

CAJA_CERRADA = """
CREATE FUNCTION billing.caja_cerrada() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    sesion integer;
BEGIN
    IF TG_TABLE_NAME = 'sesiones_caja' THEN
        IF OLD.estado = 'cerrada' THEN
            RAISE EXCEPTION 'la sesión de caja % está cerrada', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'caja_cerrada';
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN OLD;
        END IF;
        RETURN NEW;
    END IF;
    -- the column naming the session is the trigger's argument (pagos.sesion_caja_id, movimientos_caja.sesion_id)
    sesion := (to_jsonb(NEW) ->> TG_ARGV[0])::integer;
    -- FOR SHARE: a close in progress (the row updated, not yet committed) is waited for, then seen closed
    PERFORM 1 FROM billing.sesiones_caja WHERE id = sesion AND estado = 'abierta' FOR SHARE;
    IF sesion IS NOT NULL AND NOT FOUND THEN
        RAISE EXCEPTION 'la sesión de caja % está cerrada', sesion
            USING ERRCODE = 'check_violation', CONSTRAINT = 'caja_cerrada';
    END IF;
    RETURN NEW;
END $$;
"""


def _rol_app():
    """The application's role, quoted (see 0013); None when it is the migrating role itself."""
    rol = current_app.config.get("DATABASE_APP_ROLE")
    conn = op.get_bind()
    if not rol or rol == conn.scalar(text("SELECT current_user")):
        return None
    return conn.scalar(text("SELECT quote_ident(:r)"), {"r": rol})


def upgrade():
    # --- credit notes ----------------------------------------------------------------------------
    op.add_column("facturas", sa.Column("tipo", sa.String(20), nullable=False, server_default="ordinaria"),
                  schema="billing")
    op.add_column("facturas", sa.Column("factura_rectificada_id", sa.Integer(),
                                        sa.ForeignKey("billing.facturas.id",
                                                      name="fk_facturas_factura_rectificada_id_facturas"),
                                        nullable=True), schema="billing")
    op.add_column("facturas", sa.Column("motivo_rectificacion", sa.Text(), nullable=True), schema="billing")
    op.add_column("facturas", sa.Column("rectificado", sa.Numeric(10, 2), nullable=False, server_default="0"),
                  schema="billing")
    op.create_check_constraint("tipo_valido", "facturas", "tipo IN ('ordinaria', 'rectificativa')",
                               schema="billing")
    op.drop_constraint("ck_facturas_importes_validos", "facturas", schema="billing")
    op.create_check_constraint("importes_validos", "facturas", IMPORTES_FACTURA, schema="billing")
    op.create_check_constraint(
        "rectificativa_completa", "facturas",
        "(tipo = 'rectificativa') = (factura_rectificada_id IS NOT NULL AND motivo_rectificacion IS NOT NULL)",
        schema="billing")
    op.create_check_constraint(
        "rectificado_hasta_total", "facturas",
        "(tipo = 'ordinaria' AND rectificado BETWEEN 0 AND total) OR (tipo = 'rectificativa' AND rectificado = 0)",
        schema="billing")
    op.create_index("ix_facturas_factura_rectificada_id", "facturas", ["factura_rectificada_id"], schema="billing",
                    postgresql_where=sa.text("factura_rectificada_id IS NOT NULL"))
    op.drop_index("uq_facturas_cita_activa", "facturas", schema="billing")
    op.create_index("uq_facturas_cita_activa", "facturas", ["cita_id"], unique=True, schema="billing",
                    postgresql_where=sa.text(
                        "estado <> 'anulada' AND tipo = 'ordinaria' AND (rectificado < total OR total = 0)"))

    op.add_column("detalle_factura", sa.Column("detalle_rectificado_id", sa.Integer(),
                                               sa.ForeignKey("billing.detalle_factura.id",
                                                             name="fk_detalle_factura_detalle_rectificado_id_detalle_factura"),
                                               nullable=True), schema="billing")
    op.drop_constraint("ck_detalle_factura_cantidad_valida", "detalle_factura", schema="billing")
    op.create_check_constraint("cantidad_valida", "detalle_factura",
                               "cantidad BETWEEN 1 AND 999 OR cantidad BETWEEN -999 AND -1", schema="billing")
    op.drop_constraint("ck_detalle_factura_importes_validos", "detalle_factura", schema="billing")
    op.create_check_constraint("importes_validos", "detalle_factura", IMPORTES_LINEA, schema="billing")
    op.create_check_constraint("rectificacion_enlazada", "detalle_factura",
                               "(cantidad < 0) = (detalle_rectificado_id IS NOT NULL)", schema="billing")
    op.create_index("ix_detalle_factura_detalle_rectificado_id", "detalle_factura", ["detalle_rectificado_id"],
                    schema="billing", postgresql_where=sa.text("detalle_rectificado_id IS NOT NULL"))

    op.add_column("series_factura", sa.Column("tipo", sa.String(20), nullable=False, server_default="ordinaria"),
                  schema="billing")
    op.drop_constraint("uq_series_factura_sucursal_id", "series_factura", schema="billing")
    op.create_unique_constraint("uq_series_factura_sucursal_id_tipo", "series_factura", ["sucursal_id", "tipo"],
                                schema="billing")
    op.create_check_constraint("tipo_valido", "series_factura", "tipo IN ('ordinaria', 'rectificativa')",
                               schema="billing")

    # --- cash register ---------------------------------------------------------------------------
    op.add_column("configuracion_clinica", sa.Column("exigir_caja", sa.Boolean(), nullable=False,
                                                     server_default="false"), schema="medical")
    op.create_table(
        "sesiones_caja",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sucursal_id", sa.Integer(), sa.ForeignKey("medical.sucursales.id"), nullable=False),
        sa.Column("estado", sa.String(10), nullable=False, server_default="abierta"),
        sa.Column("fondo_inicial", sa.Numeric(10, 2), nullable=False),
        sa.Column("abierta_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=False),
        sa.Column("abierta_en", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.Column("cerrada_por", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=True),
        sa.Column("cerrada_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("esperado", sa.Numeric(12, 2), nullable=True),
        sa.Column("efectivo_contado", sa.Numeric(12, 2), nullable=True),
        sa.Column("conteo", postgresql.JSONB(), nullable=True),
        sa.Column("notas", sa.Text(), nullable=True),
        sa.CheckConstraint("estado IN ('abierta', 'cerrada')", name="estado_valido"),
        sa.CheckConstraint("fondo_inicial >= 0", name="fondo_no_negativo"),
        sa.CheckConstraint("efectivo_contado >= 0", name="contado_no_negativo"),
        sa.CheckConstraint(
            "(estado = 'cerrada') = (cerrada_por IS NOT NULL AND cerrada_en IS NOT NULL AND esperado IS NOT NULL "
            "AND efectivo_contado IS NOT NULL)", name="cierre_completo"),
        schema="billing",
    )
    op.create_index("uq_sesiones_caja_abierta", "sesiones_caja", ["sucursal_id"], unique=True, schema="billing",
                    postgresql_where=sa.text("estado = 'abierta'"))
    op.create_index("ix_sesiones_caja_sucursal_id_abierta_en", "sesiones_caja", ["sucursal_id", "abierta_en"],
                    schema="billing")
    op.create_table(
        "movimientos_caja",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("sesion_id", sa.Integer(), sa.ForeignKey("billing.sesiones_caja.id"), nullable=False),
        sa.Column("tipo", sa.String(10), nullable=False),
        sa.Column("monto", sa.Numeric(10, 2), nullable=False),
        sa.Column("concepto", sa.String(200), nullable=False),
        sa.Column("usuario_id", sa.Integer(), sa.ForeignKey("security.usuarios.id"), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=True), nullable=False, server_default=sa.func.now()),
        sa.CheckConstraint("tipo IN ('ingreso', 'egreso')", name="tipo_valido"),
        sa.CheckConstraint("monto > 0", name="monto_positivo"),
        schema="billing",
    )
    op.create_index("ix_movimientos_caja_sesion_id", "movimientos_caja", ["sesion_id"], schema="billing")

    op.drop_constraint("ck_pagos_monto_positivo", "pagos", schema="billing")
    op.create_check_constraint("monto_no_nulo", "pagos", "monto <> 0", schema="billing")
    op.add_column("pagos", sa.Column("sesion_caja_id", sa.Integer(),
                                     sa.ForeignKey("billing.sesiones_caja.id", name="fk_pagos_sesion_caja_id_sesiones_caja"),
                                     nullable=True), schema="billing")
    op.create_index("ix_pagos_sesion_caja_id", "pagos", ["sesion_caja_id"], schema="billing",
                    postgresql_where=sa.text("sesion_caja_id IS NOT NULL"))

    op.execute(CAJA_CERRADA)
    op.execute("CREATE TRIGGER sesiones_caja_cerrada BEFORE UPDATE OR DELETE ON billing.sesiones_caja "
               "FOR EACH ROW EXECUTE FUNCTION billing.caja_cerrada()")
    op.execute("CREATE TRIGGER movimientos_caja_cerrada BEFORE INSERT ON billing.movimientos_caja "
               "FOR EACH ROW EXECUTE FUNCTION billing.caja_cerrada('sesion_id')")
    op.execute("CREATE TRIGGER pagos_caja_cerrada BEFORE INSERT ON billing.pagos "
               "FOR EACH ROW WHEN (NEW.sesion_caja_id IS NOT NULL) EXECUTE FUNCTION billing.caja_cerrada('sesion_caja_id')")

    rol = _rol_app()
    if rol is not None:
        op.execute(f"GRANT UPDATE (rectificado) ON billing.facturas TO {rol}")
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON billing.movimientos_caja FROM {rol}")
        op.execute(f"REVOKE DELETE, TRUNCATE ON billing.sesiones_caja FROM {rol}")


def downgrade():
    rol = _rol_app()
    if rol is not None:
        op.execute(f"REVOKE UPDATE (rectificado) ON billing.facturas FROM {rol}")
    op.execute("DROP TRIGGER pagos_caja_cerrada ON billing.pagos")
    op.execute("DROP TRIGGER movimientos_caja_cerrada ON billing.movimientos_caja")
    op.execute("DROP TRIGGER sesiones_caja_cerrada ON billing.sesiones_caja")
    op.execute("DROP FUNCTION billing.caja_cerrada()")
    op.execute("DELETE FROM billing.pagos WHERE monto < 0")
    op.drop_index("ix_pagos_sesion_caja_id", "pagos", schema="billing")
    op.drop_column("pagos", "sesion_caja_id", schema="billing")
    op.drop_constraint("ck_pagos_monto_no_nulo", "pagos", schema="billing")
    op.create_check_constraint("monto_positivo", "pagos", "monto > 0", schema="billing")
    op.drop_table("movimientos_caja", schema="billing")
    op.drop_table("sesiones_caja", schema="billing")
    op.drop_column("configuracion_clinica", "exigir_caja", schema="medical")

    op.execute("DELETE FROM billing.detalle_factura WHERE cantidad < 0")
    op.execute("DELETE FROM billing.facturas WHERE tipo = 'rectificativa'")
    op.execute("DELETE FROM billing.series_factura WHERE tipo = 'rectificativa'")
    op.drop_constraint("ck_series_factura_tipo_valido", "series_factura", schema="billing")
    op.drop_constraint("uq_series_factura_sucursal_id_tipo", "series_factura", schema="billing")
    op.create_unique_constraint("uq_series_factura_sucursal_id", "series_factura", ["sucursal_id"], schema="billing")
    op.drop_column("series_factura", "tipo", schema="billing")

    op.drop_index("ix_detalle_factura_detalle_rectificado_id", "detalle_factura", schema="billing")
    op.drop_constraint("ck_detalle_factura_rectificacion_enlazada", "detalle_factura", schema="billing")
    op.drop_constraint("ck_detalle_factura_importes_validos", "detalle_factura", schema="billing")
    op.create_check_constraint("importes_validos", "detalle_factura",
                               "precio_unitario >= 0 AND subtotal >= 0 AND impuesto >= 0", schema="billing")
    op.drop_constraint("ck_detalle_factura_cantidad_valida", "detalle_factura", schema="billing")
    op.create_check_constraint("cantidad_valida", "detalle_factura", "cantidad BETWEEN 1 AND 999", schema="billing")
    op.drop_column("detalle_factura", "detalle_rectificado_id", schema="billing")

    op.drop_index("uq_facturas_cita_activa", "facturas", schema="billing")
    op.create_index("uq_facturas_cita_activa", "facturas", ["cita_id"], unique=True, schema="billing",
                    postgresql_where=sa.text("estado <> 'anulada'"))
    op.drop_index("ix_facturas_factura_rectificada_id", "facturas", schema="billing")
    for nombre in ("rectificado_hasta_total", "rectificativa_completa", "importes_validos", "tipo_valido"):
        op.drop_constraint(f"ck_facturas_{nombre}", "facturas", schema="billing")
    op.create_check_constraint("importes_validos", "facturas",
                               "subtotal >= 0 AND impuesto >= 0 AND total = subtotal + impuesto", schema="billing")
    for columna in ("rectificado", "motivo_rectificacion", "factura_rectificada_id", "tipo"):
        op.drop_column("facturas", columna, schema="billing")
