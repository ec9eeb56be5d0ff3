"""dentistry: the odontogram's condition catalogue and records, treatment plans, invoicing their done items

- medical.condiciones_dentales: the catalogue (reference data seeded here): code, name, whether it marks a whole
  tooth or surfaces, its colour on the chart. billing.servicios.condicion_resultante names the condition a service
  leaves on the tooth when it is done.
- medical.odontograma_registros and medical.odontograma_hallazgos: the chart is append-only like the clinical
  history (the application's role may only insert and read them); a finding's tooth is a valid FDI code (CHECK),
  its surfaces letters of M D O I V L P.
- medical.planes_tratamiento and medical.planes_items: a plan's amounts are computed by the server with the
  invoices' arithmetic and frozen once it leaves ``borrador`` (trigger ``plan_no_modificable``: it never goes back
  to ``borrador``, the patient's acceptance stays as given, and only an item's progress may change, one way: done
  once, an invoice named or freed). The application's role cannot delete a plan.
- billing.detalle_factura: ``descuento`` (a plan item's discount, carried to the invoice line; 0 elsewhere) with
  ``subtotal = precio_unitario × cantidad − descuento`` as a CHECK, and ``plan_item_id``, the item a line bills.
  An item names the invoice that billed it (``factura_id``): set once under the item's row lock, so an item is
  invoiced at most once; cancelling that invoice frees it.

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op
from flask import current_app
from sqlalchemy import text

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# (code, name, scope, colour) — the order is the legend's
CONDICIONES = [
    ("caries", "Caries", "superficie", "#d32f2f"),
    ("obturacion_resina", "Obturación de resina", "superficie", "#1976d2"),
    ("obturacion_amalgama", "Obturación de amalgama", "superficie", "#546e7a"),
    ("sellante", "Sellante", "superficie", "#2e7d32"),
    ("fractura", "Fractura", "pieza", "#ef6c00"),
    ("corona", "Corona", "pieza", "#f9a825"),
    ("endodoncia", "Endodoncia", "pieza", "#7b1fa2"),
    ("implante", "Implante", "pieza", "#00838f"),
    ("ausente", "Ausente", "pieza", "#757575"),
    ("extraccion_indicada", "Extracción indicada", "pieza", "#b71c1c"),
    ("protesis_fija", "Prótesis fija", "pieza", "#5d4037"),
    ("protesis_removible", "Prótesis removible", "pieza", "#8d6e63"),
    ("sano", "Sano", "pieza", "#ffffff"),
]

PIEZA_FDI = "pieza / 10 BETWEEN 1 AND 8 AND pieza % 10 >= 1 AND pieza % 10 <= CASE WHEN pieza / 10 <= 4 THEN 8 ELSE 5 END"
SUPERFICIES = "superficies ~ '^[MDOIVLP]{0,5}$'"
ESTADOS_PLAN = "('borrador', 'presentado', 'aceptado', 'rechazado', 'en_curso', 'terminado', 'cancelado')"

PLAN_CONGELADO = """
CREATE FUNCTION medical.plan_congelado() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    estado_plan text;
BEGIN
    IF TG_TABLE_NAME = 'planes_tratamiento' THEN
        IF OLD.estado <> 'borrador' AND (NEW.estado = 'borrador'
                OR (NEW.paciente_id, NEW.medico_id, NEW.sucursal_id, NEW.titulo, NEW.vigencia_dias, NEW.subtotal,
                    NEW.descuento, NEW.impuesto, NEW.total)
                IS DISTINCT FROM (OLD.paciente_id, OLD.medico_id, OLD.sucursal_id, OLD.titulo, OLD.vigencia_dias,
                    OLD.subtotal, OLD.descuento, OLD.impuesto, OLD.total)
                -- the patient's acceptance is a signature: once given, it stays as given
                OR (OLD.aceptado_en IS NOT NULL AND (NEW.aceptado_en, NEW.aceptado_por)
                    IS DISTINCT FROM (OLD.aceptado_en, OLD.aceptado_por))) THEN
            RAISE EXCEPTION 'el plan % ya no es un borrador', OLD.id
                USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_no_modificable';
        END IF;
        RETURN NEW;
    END IF;
    -- an item: its plan's state, read under a share lock so a state change in progress is waited for
    SELECT estado INTO estado_plan FROM medical.planes_tratamiento
        WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.plan_id ELSE NEW.plan_id END FOR SHARE;
    IF estado_plan <> 'borrador' AND (TG_OP <> 'UPDATE' OR (NEW.plan_id, NEW.servicio_id, NEW.pieza, NEW.superficies,
            NEW.cantidad, NEW.fase, NEW.nota, NEW.precio_unitario, NEW.impuesto_porcentaje, NEW.descuento_porcentaje,
            NEW.subtotal, NEW.descuento, NEW.impuesto)
            IS DISTINCT FROM (OLD.plan_id, OLD.servicio_id, OLD.pieza, OLD.superficies, OLD.cantidad, OLD.fase,
            OLD.nota, OLD.precio_unitario, OLD.impuesto_porcentaje, OLD.descuento_porcentaje, OLD.subtotal,
            OLD.descuento, OLD.impuesto)
            -- progress goes one way: work done stays done as it was done; an invoice is named or freed, never swapped
            OR (OLD.estado = 'realizado' AND (NEW.estado, NEW.realizado_en, NEW.realizado_por, NEW.cita_id)
                IS DISTINCT FROM (OLD.estado, OLD.realizado_en, OLD.realizado_por, OLD.cita_id))
            OR (OLD.factura_id IS NOT NULL AND NEW.factura_id IS NOT NULL AND NEW.factura_id <> OLD.factura_id)) THEN
        RAISE EXCEPTION 'el plan ya no es un borrador'
            USING ERRCODE = 'check_violation', CONSTRAINT = 'plan_no_modificable';
    END IF;
    IF TG_OP = 'DELETE' THEN
        RETURN OLD;
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


def _importes():
    return [sa.Column(nombre, sa.Numeric(10, 2), nullable=False) for nombre in ("subtotal", "descuento", "impuesto")]


def upgrade():
    # --- catalogue -------------------------------------------------------------------------------
    condiciones = op.create_table(
        "condiciones_dentales",
        sa.Column("codigo", sa.String(30), nullable=False),
        sa.Column("nombre", sa.String(100), nullable=False),
        sa.Column("ambito", sa.String(20), nullable=False),
        sa.Column("color", sa.String(7), nullable=False),
        sa.Column("orden", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("ambito IN ('pieza', 'superficie')", name="ck_condiciones_dentales_ambito_valido"),
        sa.CheckConstraint("color ~ '^#[0-9a-f]{6}$'", name="ck_condiciones_dentales_color_valido"),
        sa.PrimaryKeyConstraint("codigo", name="pk_condiciones_dentales"),
        schema="medical",
    )
    op.bulk_insert(condiciones, [{"codigo": c, "nombre": n, "ambito": a, "color": col, "orden": i}
                                 for i, (c, n, a, col) in enumerate(CONDICIONES, start=1)])
    op.add_column("servicios", sa.Column("condicion_resultante", sa.String(30), nullable=True), schema="billing")
    op.create_foreign_key("fk_servicios_condicion_resultante_condiciones_dentales", "servicios",
                          "condiciones_dentales", ["condicion_resultante"], ["codigo"],
                          source_schema="billing", referent_schema="medical")

    # --- odontogram --------------------------------------------------------------------------------
    op.create_table(
        "odontograma_registros",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paciente_id", sa.Integer(), sa.ForeignKey("medical.pacientes.id",
                  name="fk_odontograma_registros_paciente_id_pacientes"), nullable=False),
        sa.Column("medico_id", sa.Integer(), sa.ForeignKey("medical.medicos.id",
                  name="fk_odontograma_registros_medico_id_medicos"), nullable=False),
        sa.Column("cita_id", sa.Integer(), sa.ForeignKey("medical.citas.id",
                  name="fk_odontograma_registros_cita_id_citas"), nullable=True),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id",
                  name="fk_odontograma_registros_creado_por_usuarios"), nullable=True),
        sa.Column("fecha", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("observaciones", sa.LargeBinary(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_odontograma_registros"),
        schema="medical",
    )
    op.create_index("ix_odontograma_registros_paciente_fecha", "odontograma_registros", ["paciente_id", "fecha"],
                    schema="medical")
    op.create_index("ix_odontograma_registros_medico_id", "odontograma_registros", ["medico_id"], schema="medical")
    # deleting an appointment checks its references: without these, a scan of every chart record
    op.create_index("ix_odontograma_registros_cita_id", "odontograma_registros", ["cita_id"], schema="medical",
                    postgresql_where=text("cita_id IS NOT NULL"))
    op.create_table(
        "odontograma_hallazgos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("registro_id", sa.Integer(), sa.ForeignKey("medical.odontograma_registros.id",
                  name="fk_odontograma_hallazgos_registro_id_odontograma_registros"), nullable=False),
        sa.Column("pieza", sa.SmallInteger(), nullable=False),
        sa.Column("superficies", sa.String(7), server_default="", nullable=False),
        sa.Column("condicion", sa.String(30), sa.ForeignKey("medical.condiciones_dentales.codigo",
                  name="fk_odontograma_hallazgos_condicion_condiciones_dentales"), nullable=False),
        sa.Column("nota", sa.LargeBinary(), nullable=True),
        sa.CheckConstraint(PIEZA_FDI, name="ck_odontograma_hallazgos_pieza_fdi"),
        sa.CheckConstraint(SUPERFICIES, name="ck_odontograma_hallazgos_superficies_validas"),
        sa.PrimaryKeyConstraint("id", name="pk_odontograma_hallazgos"),
        schema="medical",
    )
    op.create_index("ix_odontograma_hallazgos_registro_id", "odontograma_hallazgos", ["registro_id"], schema="medical")

    # --- treatment plans -------------------------------------------------------------------------
    op.create_table(
        "planes_tratamiento",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("paciente_id", sa.Integer(), sa.ForeignKey("medical.pacientes.id",
                  name="fk_planes_tratamiento_paciente_id_pacientes"), nullable=False),
        sa.Column("medico_id", sa.Integer(), sa.ForeignKey("medical.medicos.id",
                  name="fk_planes_tratamiento_medico_id_medicos"), nullable=False),
        sa.Column("sucursal_id", sa.Integer(), sa.ForeignKey("medical.sucursales.id",
                  name="fk_planes_tratamiento_sucursal_id_sucursales"), nullable=False),
        sa.Column("titulo", sa.String(200), nullable=False),
        sa.Column("estado", sa.String(20), server_default="borrador", nullable=False),
        sa.Column("vigencia_dias", sa.SmallInteger(), server_default="30", nullable=False),
        *_importes(),
        sa.Column("total", sa.Numeric(10, 2), nullable=False),
        sa.Column("creado_por", sa.Integer(), sa.ForeignKey("security.usuarios.id",
                  name="fk_planes_tratamiento_creado_por_usuarios"), nullable=True),
        sa.Column("creado_en", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False),
        sa.Column("presentado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aceptado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aceptado_por", sa.String(200), nullable=True),
        sa.Column("rechazado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("terminado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("cancelado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("motivo", sa.Text(), nullable=True),
        sa.CheckConstraint(f"estado IN {ESTADOS_PLAN}", name="ck_planes_tratamiento_estado_valido"),
        sa.CheckConstraint("vigencia_dias BETWEEN 1 AND 365", name="ck_planes_tratamiento_vigencia_valida"),
        sa.CheckConstraint("subtotal >= 0 AND descuento BETWEEN 0 AND subtotal AND impuesto >= 0 "
                           "AND total = subtotal - descuento + impuesto", name="ck_planes_tratamiento_importes_validos"),
        sa.CheckConstraint("estado NOT IN ('aceptado', 'en_curso', 'terminado') OR "
                           "(aceptado_en IS NOT NULL AND aceptado_por IS NOT NULL)",
                           name="ck_planes_tratamiento_aceptacion_completa"),
        sa.CheckConstraint("estado <> 'cancelado' OR (cancelado_en IS NOT NULL AND motivo IS NOT NULL)",
                           name="ck_planes_tratamiento_cancelacion_completa"),
        sa.PrimaryKeyConstraint("id", name="pk_planes_tratamiento"),
        schema="medical",
    )
    op.create_index("ix_planes_tratamiento_paciente_id", "planes_tratamiento", ["paciente_id"], schema="medical")
    op.create_index("ix_planes_tratamiento_sucursal_presentado", "planes_tratamiento",
                    ["sucursal_id", "presentado_en"], schema="medical")
    op.create_index("ix_planes_tratamiento_abiertos", "planes_tratamiento", ["sucursal_id"], schema="medical",
                    postgresql_where=text("estado IN ('aceptado', 'en_curso')"))
    op.create_table(
        "planes_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), sa.ForeignKey("medical.planes_tratamiento.id",
                  name="fk_planes_items_plan_id_planes_tratamiento"), nullable=False),
        sa.Column("servicio_id", sa.Integer(), sa.ForeignKey("billing.servicios.id",
                  name="fk_planes_items_servicio_id_servicios"), nullable=False),
        sa.Column("pieza", sa.SmallInteger(), nullable=True),
        sa.Column("superficies", sa.String(7), server_default="", nullable=False),
        sa.Column("cantidad", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("fase", sa.SmallInteger(), server_default="1", nullable=False),
        sa.Column("nota", sa.Text(), nullable=True),
        sa.Column("precio_unitario", sa.Numeric(10, 2), nullable=False),
        sa.Column("impuesto_porcentaje", sa.Numeric(5, 2), nullable=False),
        sa.Column("descuento_porcentaje", sa.Numeric(5, 2), server_default="0", nullable=False),
        *_importes(),
        sa.Column("estado", sa.String(20), server_default="pendiente", nullable=False),
        sa.Column("realizado_en", sa.DateTime(timezone=True), nullable=True),
        sa.Column("realizado_por", sa.Integer(), sa.ForeignKey("medical.medicos.id",
                  name="fk_planes_items_realizado_por_medicos"), nullable=True),
        sa.Column("cita_id", sa.Integer(), sa.ForeignKey("medical.citas.id",
                  name="fk_planes_items_cita_id_citas"), nullable=True),
        sa.Column("factura_id", sa.Integer(), sa.ForeignKey("billing.facturas.id",
                  name="fk_planes_items_factura_id_facturas"), nullable=True),
        sa.CheckConstraint("pieza IS NULL OR (" + PIEZA_FDI + ")", name="ck_planes_items_pieza_fdi"),
        sa.CheckConstraint(SUPERFICIES + " AND (pieza IS NOT NULL OR superficies = '')",
                           name="ck_planes_items_superficies_validas"),
        sa.CheckConstraint("cantidad BETWEEN 1 AND 99", name="ck_planes_items_cantidad_valida"),
        sa.CheckConstraint("fase BETWEEN 1 AND 9", name="ck_planes_items_fase_valida"),
        sa.CheckConstraint("precio_unitario >= 0 AND impuesto_porcentaje BETWEEN 0 AND 100 "
                           "AND descuento_porcentaje BETWEEN 0 AND 100 AND subtotal = precio_unitario * cantidad "
                           "AND descuento BETWEEN 0 AND subtotal AND impuesto >= 0",
                           name="ck_planes_items_importes_validos"),
        sa.CheckConstraint("estado IN ('pendiente', 'realizado') AND "
                           "(estado = 'realizado') = (realizado_en IS NOT NULL) AND "
                           "(factura_id IS NULL OR estado = 'realizado')", name="ck_planes_items_estado_valido"),
        sa.PrimaryKeyConstraint("id", name="pk_planes_items"),
        schema="medical",
    )
    op.create_index("ix_planes_items_plan_id", "planes_items", ["plan_id"], schema="medical")
    op.create_index("ix_planes_items_factura_id", "planes_items", ["factura_id"], schema="medical",
                    postgresql_where=text("factura_id IS NOT NULL"))
    op.create_index("ix_planes_items_cita_id", "planes_items", ["cita_id"], schema="medical",
                    postgresql_where=text("cita_id IS NOT NULL"))
    op.execute(PLAN_CONGELADO)
    op.execute("CREATE TRIGGER planes_tratamiento_congelado BEFORE UPDATE ON medical.planes_tratamiento "
               "FOR EACH ROW EXECUTE FUNCTION medical.plan_congelado()")
    op.execute("CREATE TRIGGER planes_items_congelado BEFORE INSERT OR UPDATE OR DELETE ON medical.planes_items "
               "FOR EACH ROW EXECUTE FUNCTION medical.plan_congelado()")

    # --- invoicing done items --------------------------------------------------------------------
    op.add_column("detalle_factura", sa.Column("descuento", sa.Numeric(10, 2), server_default="0", nullable=False),
                  schema="billing")
    op.add_column("detalle_factura", sa.Column("plan_item_id", sa.Integer(), nullable=True), schema="billing")
    op.create_foreign_key("fk_detalle_factura_plan_item_id_planes_items", "detalle_factura", "planes_items",
                          ["plan_item_id"], ["id"], source_schema="billing", referent_schema="medical")
    op.create_index("ix_detalle_factura_plan_item_id", "detalle_factura", ["plan_item_id"], schema="billing",
                    postgresql_where=text("plan_item_id IS NOT NULL"))
    op.create_check_constraint(
        "ck_detalle_factura_descuento_valido", "detalle_factura",
        "subtotal = precio_unitario * cantidad - descuento AND "
        "((cantidad > 0 AND descuento >= 0) OR (cantidad < 0 AND descuento <= 0))", schema="billing")

    rol = _rol_app()
    if rol is not None:
        for tabla in ("medical.odontograma_registros", "medical.odontograma_hallazgos"):
            op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {tabla} FROM {rol}")
        op.execute(f"REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON medical.condiciones_dentales FROM {rol}")
        op.execute(f"REVOKE DELETE, TRUNCATE ON medical.planes_tratamiento FROM {rol}")


def downgrade():
    op.drop_constraint("ck_detalle_factura_descuento_valido", "detalle_factura", schema="billing")
    op.drop_index("ix_detalle_factura_plan_item_id", "detalle_factura", schema="billing")
    op.drop_constraint("fk_detalle_factura_plan_item_id_planes_items", "detalle_factura", schema="billing")
    op.drop_column("detalle_factura", "plan_item_id", schema="billing")
    op.drop_column("detalle_factura", "descuento", schema="billing")
    op.execute("DROP TRIGGER planes_items_congelado ON medical.planes_items")
    op.execute("DROP TRIGGER planes_tratamiento_congelado ON medical.planes_tratamiento")
    op.execute("DROP FUNCTION medical.plan_congelado()")
    op.drop_table("planes_items", schema="medical")
    op.drop_table("planes_tratamiento", schema="medical")
    op.drop_table("odontograma_hallazgos", schema="medical")
    op.drop_table("odontograma_registros", schema="medical")
    op.drop_constraint("fk_servicios_condicion_resultante_condiciones_dentales", "servicios", schema="billing")
    op.drop_column("servicios", "condicion_resultante", schema="billing")
    op.drop_table("condiciones_dentales", schema="medical")
