"""report rollups kept by PostgreSQL: appointments and invoices per day, new patients per quarter hour

The reports (app/services/reportes_service.py) sum these small tables instead of scanning a year of
appointments and invoices. Statement-level AFTER triggers with transition tables add, in ONE
``INSERT … SELECT … GROUP BY … ORDER BY key … ON CONFLICT DO UPDATE`` per statement, what each
INSERT / UPDATE / DELETE changed (an UPDATE subtracts the old rows and adds the new ones), so bulk
loads (COPY) pay one aggregate per statement, and concurrent writers lock rollup rows in key order.
Design and invariants: docs/reportes.md ("Rollups").

Revision ID: 0007
Revises: 0006
"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ESTADOS = range(1, 8)
LIBERAN = "5, 7"  # Cancelada, No Asistió: do not hold their slot (app.models.cita.Estado.LIBERAN)

# ---------------------------------------------------------------- SQL builders

_CITAS_COLS = "fecha, sucursal_id, medico_id, estado_id, hora_inicio, hora_fin"
_CITAS_CONTADORES = [f"citas_{e}" for e in ESTADOS] + ["minutos_reservados"]


def _dos_niveles(esquema, tabla, contadores, agregados, origen, con=""):
    """ONE statement adding the signed rows of `origen` to <tabla>_por_dia and <tabla>_por_mes.

    The deltas are grouped per (fecha, sucursal_id, medico_id) once (CTE d, groups that change nothing
    dropped); the day rollup is upserted from d and the month rollup from d grouped by month, each in
    key order, so concurrent statements lock rollup rows in one global order (no deadlock between
    single statements)."""
    conflicto = ", ".join(f"{c} = t.{c} + EXCLUDED.{c}" for c in contadores)
    lista = ", ".join(contadores)
    sumas = ", ".join(f"sum({c})" for c in contadores)
    ceros = ", ".join("0" for _ in contadores)
    return f"""
        WITH {con}d AS (
            SELECT fecha, sucursal_id, medico_id, {", ".join(f"{a} AS {c}" for a, c in zip(agregados, contadores))}
              FROM ({origen}) AS o
             GROUP BY fecha, sucursal_id, medico_id
            HAVING ({", ".join(agregados)}) <> ({ceros})
        ), dia AS (
            INSERT INTO {esquema}.{tabla}_por_dia AS t (fecha, sucursal_id, medico_id, {lista})
            SELECT fecha, sucursal_id, medico_id, {lista} FROM d ORDER BY fecha, sucursal_id, medico_id
            ON CONFLICT (fecha, sucursal_id, medico_id) DO UPDATE SET {conflicto}
        )
        INSERT INTO {esquema}.{tabla}_por_mes AS t (mes, sucursal_id, medico_id, {lista})
        SELECT date_trunc('month', fecha)::date, sucursal_id, medico_id, {sumas}
          FROM d GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (mes, sucursal_id, medico_id) DO UPDATE SET {conflicto};"""


def _citas_upsert(origen):
    """Add to the appointment rollups the signed rows of `origen` (columns of citas plus s = ±1)."""
    agregados = ([f"sum(CASE WHEN estado_id = {e} THEN s ELSE 0 END)" for e in ESTADOS]
                 + [f"sum(CASE WHEN estado_id NOT IN ({LIBERAN}) THEN s * extract(epoch FROM hora_fin - hora_inicio)"
                    " / 60 ELSE 0 END)"])
    return _dos_niveles("medical", "citas", _CITAS_CONTADORES, agregados, origen)


def _filas_facturas(facturas, signo, medico="coalesce(c.medico_id, 0)",
                    joins="LEFT JOIN medical.citas c ON c.id = f.cita_id"):
    """Signed rollup rows of the invoices `facturas` (alias f; those without branch drop out)."""
    return f"""
        SELECT (f.fecha_emision AT TIME ZONE z.zona_horaria)::date AS fecha, f.sucursal_id, {medico} AS medico_id,
               {signo} AS emitidas, CASE WHEN f.estado = 'anulada' THEN {signo} ELSE 0 END AS anuladas,
               CASE WHEN f.estado <> 'anulada' THEN {signo} * f.total ELSE 0 END AS ingresos, 0::numeric AS pagos
          FROM {facturas} f JOIN medical.sucursales z ON z.id = f.sucursal_id {joins}"""


def _filas_pagos(pagos, signo, facturas="billing.facturas", medico="coalesce(c.medico_id, 0)",
                 joins="LEFT JOIN medical.citas c ON c.id = f.cita_id"):
    """Signed rollup rows of the payments `pagos` (alias p), dated in the zone of their invoice's branch."""
    return f"""
        SELECT (p.fecha AT TIME ZONE z.zona_horaria)::date AS fecha, f.sucursal_id, {medico} AS medico_id,
               0 AS emitidas, 0 AS anuladas, 0::numeric AS ingresos, {signo} * p.monto AS pagos
          FROM {pagos} p JOIN {facturas} f ON f.id = p.factura_id
          JOIN medical.sucursales z ON z.id = f.sucursal_id {joins}"""


_FACTURAS_CONTADORES = ["emitidas", "anuladas", "ingresos", "pagos"]


def _facturas_upsert(*origenes, con=""):
    return _dos_niveles("billing", "facturas", _FACTURAS_CONTADORES, [f"sum({c})" for c in _FACTURAS_CONTADORES],
                        " UNION ALL ".join(origenes), con)


def _pacientes_upsert(origen):
    return f"""
        INSERT INTO medical.pacientes_por_cuarto AS t (cuarto, pacientes)
        SELECT date_bin(interval '15 minutes', fecha_registro, timestamptz '2000-01-01 00:00+00'), sum(s)
          FROM ({origen}) AS d
         WHERE fecha_registro IS NOT NULL
         GROUP BY 1
        HAVING sum(s) <> 0
         ORDER BY 1
        ON CONFLICT (cuarto) DO UPDATE SET pacientes = t.pacientes + EXCLUDED.pacientes;"""


def _cambiadas(columnas):
    """Pairs (n new, o old) of an UPDATE whose listed columns (or expressions of {t}) changed."""
    def de(lado):
        return ", ".join(c.format(t=lado) if "{t}" in c else f"{lado}.{c}" for c in columnas)

    return f" FROM nuevas n JOIN viejas o ON o.id = n.id WHERE ({de('n')}) IS DISTINCT FROM ({de('o')})"


_CITAS_CAMBIO = _cambiadas(["fecha", "sucursal_id", "medico_id", "estado_id", "hora_inicio", "hora_fin"])
_CITAS_N = ", ".join(f"n.{c}" for c in _CITAS_COLS.split(", "))
_CITAS_O = ", ".join(f"o.{c}" for c in _CITAS_COLS.split(", "))

# Appointments that changed doctor take their invoices and payments with them.
_MOVIDAS = "(SELECT n.id, o.medico_id AS antes, n.medico_id AS despues " \
           "FROM nuevas n JOIN viejas o ON o.id = n.id WHERE n.medico_id <> o.medico_id)"
_JOIN_MOVIDAS = "JOIN movidas m ON m.id = f.cita_id"

CITAS_TRIGGER = f"""
CREATE FUNCTION medical.citas_por_dia_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_citas_upsert(f"SELECT {_CITAS_COLS}, 1 AS s FROM nuevas")}
    ELSIF TG_OP = 'DELETE' THEN
        {_citas_upsert(f"SELECT {_CITAS_COLS}, -1 AS s FROM viejas")}
    ELSE
        {_citas_upsert(f"SELECT {_CITAS_N}, 1 AS s {_CITAS_CAMBIO} UNION ALL SELECT {_CITAS_O}, -1 {_CITAS_CAMBIO}")}
        IF EXISTS (SELECT 1 FROM nuevas n JOIN viejas o ON o.id = n.id WHERE n.medico_id <> o.medico_id) THEN
            -- FOR UPDATE waits for (and then blocks) transactions that insert an invoice for these
            -- appointments (their foreign-key check holds FOR KEY SHARE) or a payment for their
            -- invoices, so none is counted under the old doctor after this moves the rest.
            PERFORM 1 FROM medical.citas WHERE id IN (SELECT id FROM {_MOVIDAS} x) ORDER BY id FOR UPDATE;
            PERFORM 1 FROM billing.facturas WHERE cita_id IN (SELECT id FROM {_MOVIDAS} x) ORDER BY id FOR UPDATE;
            {_facturas_upsert(
                _filas_facturas("billing.facturas", -1, "m.antes", _JOIN_MOVIDAS),
                _filas_facturas("billing.facturas", 1, "m.despues", _JOIN_MOVIDAS),
                _filas_pagos("billing.pagos", -1, medico="m.antes", joins=_JOIN_MOVIDAS),
                _filas_pagos("billing.pagos", 1, medico="m.despues", joins=_JOIN_MOVIDAS),
                con=f"movidas AS {_MOVIDAS}, ")}
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""

_FACTURAS_CAMBIO = ["fecha_emision", "sucursal_id", "cita_id", "total", "({t}.estado = 'anulada')"]
_FACTURAS_MUEVEN_PAGOS = ["sucursal_id", "cita_id"]


def _pares(columnas, lado):
    """The `lado` rows (n or o) of the UPDATE pairs whose `columnas` changed, as a relation of facturas."""
    return f"(SELECT {lado}.*{_cambiadas(columnas)})"


FACTURAS_TRIGGER = f"""
CREATE FUNCTION billing.facturas_por_dia_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_facturas_upsert(_filas_facturas("nuevas", 1))}
    ELSIF TG_OP = 'DELETE' THEN
        {_facturas_upsert(_filas_facturas("viejas", -1))}
    ELSE
        {_facturas_upsert(
            _filas_facturas(_pares(_FACTURAS_CAMBIO, "n"), 1),
            _filas_facturas(_pares(_FACTURAS_CAMBIO, "o"), -1),
            _filas_pagos("billing.pagos", 1, facturas=_pares(_FACTURAS_MUEVEN_PAGOS, "n")),
            _filas_pagos("billing.pagos", -1, facturas=_pares(_FACTURAS_MUEVEN_PAGOS, "o")))}
    END IF;
    RETURN NULL;
END $$;
"""

_PAGOS_CAMBIO = _cambiadas(["factura_id", "monto", "fecha"])

PAGOS_TRIGGER = f"""
CREATE FUNCTION billing.pagos_por_dia_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_facturas_upsert(_filas_pagos("nuevas", 1))}
    ELSIF TG_OP = 'DELETE' THEN
        {_facturas_upsert(_filas_pagos("viejas", -1))}
    ELSE
        {_facturas_upsert(_filas_pagos(f"(SELECT n.*{_PAGOS_CAMBIO})", 1),
                          _filas_pagos(f"(SELECT o.*{_PAGOS_CAMBIO})", -1))}
    END IF;
    RETURN NULL;
END $$;
"""

_PACIENTES_CAMBIO = _cambiadas(["fecha_registro"])

PACIENTES_TRIGGER = f"""
CREATE FUNCTION medical.pacientes_por_cuarto_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_pacientes_upsert("SELECT fecha_registro, 1 AS s FROM nuevas")}
    ELSIF TG_OP = 'DELETE' THEN
        {_pacientes_upsert("SELECT fecha_registro, -1 AS s FROM viejas")}
    ELSE
        {_pacientes_upsert(f"SELECT n.fecha_registro, 1 AS s {_PACIENTES_CAMBIO} "
                           f"UNION ALL SELECT o.fecha_registro, -1 {_PACIENTES_CAMBIO}")}
    END IF;
    RETURN NULL;
END $$;
"""

# TRUNCATE fires no row or statement DELETE triggers: empty the rollup too.
VACIAR = """
CREATE FUNCTION medical.resumenes_vaciar() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'citas' THEN
        DELETE FROM medical.citas_por_dia;
        DELETE FROM medical.citas_por_mes;
    ELSIF TG_TABLE_NAME = 'facturas' THEN
        DELETE FROM billing.facturas_por_dia;
        DELETE FROM billing.facturas_por_mes;
    ELSIF TG_TABLE_NAME = 'pagos' THEN
        UPDATE billing.facturas_por_dia SET pagos = 0 WHERE pagos <> 0;
        UPDATE billing.facturas_por_mes SET pagos = 0 WHERE pagos <> 0;
    ELSIF TG_TABLE_NAME = 'pacientes' THEN
        DELETE FROM medical.pacientes_por_cuarto;
    END IF;
    RETURN NULL;
END $$;
"""

_FACTURAS_DE = "(SELECT * FROM billing.facturas WHERE sucursales IS NULL OR sucursal_id = ANY(sucursales))"

RECONSTRUIR = f"""
CREATE FUNCTION billing.facturas_por_dia_reconstruir(sucursales integer[] DEFAULT NULL) RETURNS void
LANGUAGE sql AS $$
    DELETE FROM billing.facturas_por_dia WHERE sucursales IS NULL OR sucursal_id = ANY(sucursales);
    DELETE FROM billing.facturas_por_mes WHERE sucursales IS NULL OR sucursal_id = ANY(sucursales);
    {_facturas_upsert(_filas_facturas(_FACTURAS_DE, 1), _filas_pagos("billing.pagos", 1, facturas=_FACTURAS_DE))}
$$;

CREATE FUNCTION medical.resumenes_reconstruir() RETURNS void LANGUAGE sql AS $$
    DELETE FROM medical.citas_por_dia;
    DELETE FROM medical.citas_por_mes;
    {_citas_upsert(f"SELECT {_CITAS_COLS}, 1 AS s FROM medical.citas")}
    SELECT billing.facturas_por_dia_reconstruir(NULL);
    DELETE FROM medical.pacientes_por_cuarto;
    {_pacientes_upsert("SELECT fecha_registro, 1 AS s FROM medical.pacientes")}
$$;
"""

# A branch that changes zone: its invoices and payments fall on other local days; rebuild its rows.
SUCURSALES_TRIGGER = """
CREATE FUNCTION medical.sucursales_zona_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    ids integer[];
BEGIN
    SELECT array_agg(n.id ORDER BY n.id) INTO ids
      FROM nuevas n JOIN viejas o ON o.id = n.id WHERE n.zona_horaria IS DISTINCT FROM o.zona_horaria;
    IF ids IS NOT NULL THEN
        -- Wait for invoices and payments being written (dated with the old zone) and hold new ones
        -- until this commits, so the rebuild sees them all.
        LOCK TABLE billing.facturas, billing.pagos IN SHARE MODE;
        PERFORM billing.facturas_por_dia_reconstruir(ids);
    END IF;
    RETURN NULL;
END $$;
"""

TRIGGERS = [
    ("medical.citas", "citas_por_dia", "medical.citas_por_dia_trigger"),
    ("billing.facturas", "facturas_por_dia", "billing.facturas_por_dia_trigger"),
    ("billing.pagos", "pagos_por_dia", "billing.pagos_por_dia_trigger"),
    ("medical.pacientes", "pacientes_por_cuarto", "medical.pacientes_por_cuarto_trigger"),
]


def _columnas_citas():
    return [*[sa.Column(c, sa.Integer(), server_default="0", nullable=False) for c in _CITAS_CONTADORES[:-1]],
            sa.Column("minutos_reservados", sa.Numeric(), server_default="0", nullable=False)]


def _columnas_facturas():
    return [sa.Column("emitidas", sa.Integer(), server_default="0", nullable=False),
            sa.Column("anuladas", sa.Integer(), server_default="0", nullable=False),
            sa.Column("ingresos", sa.Numeric(14, 2), server_default="0", nullable=False),
            sa.Column("pagos", sa.Numeric(14, 2), server_default="0", nullable=False)]


def upgrade():
    for esquema, tabla, columnas in (("medical", "citas", _columnas_citas), ("billing", "facturas", _columnas_facturas)):
        for nivel, clave in (("dia", "fecha"), ("mes", "mes")):
            op.create_table(
                f"{tabla}_por_{nivel}",
                sa.Column(clave, sa.Date(), nullable=False),
                sa.Column("sucursal_id", sa.Integer(), autoincrement=False, nullable=False),
                sa.Column("medico_id", sa.Integer(), autoincrement=False, nullable=False),
                *columnas(),
                sa.PrimaryKeyConstraint(clave, "sucursal_id", "medico_id"),
                schema=esquema,
            )
    op.create_table(
        "pacientes_por_cuarto",
        sa.Column("cuarto", sa.DateTime(timezone=True), nullable=False),
        sa.Column("pacientes", sa.Integer(), server_default="0", nullable=False),
        sa.PrimaryKeyConstraint("cuarto"),
        schema="medical",
    )
    op.create_index("ix_facturas_cita_id", "facturas", ["cita_id"], schema="billing")
    op.create_index("ix_facturas_sin_sucursal_fecha", "facturas", ["fecha_emision"], schema="billing",
                    postgresql_where=sa.text("sucursal_id IS NULL"))

    for sql in (CITAS_TRIGGER, FACTURAS_TRIGGER, PAGOS_TRIGGER, PACIENTES_TRIGGER, VACIAR, RECONSTRUIR,
                SUCURSALES_TRIGGER):
        op.execute(sql)
    for tabla, nombre, funcion in TRIGGERS:
        op.execute(f"CREATE TRIGGER {nombre}_ins AFTER INSERT ON {tabla} REFERENCING NEW TABLE AS nuevas "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER {nombre}_upd AFTER UPDATE ON {tabla} REFERENCING OLD TABLE AS viejas "
                   f"NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER {nombre}_del AFTER DELETE ON {tabla} REFERENCING OLD TABLE AS viejas "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER {nombre}_trunc AFTER TRUNCATE ON {tabla} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION medical.resumenes_vaciar()")
    op.execute("CREATE TRIGGER sucursales_zona AFTER UPDATE ON medical.sucursales REFERENCING OLD TABLE AS viejas "
               "NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION medical.sucursales_zona_trigger()")
    # Back-fill from the existing data (one aggregate per table).
    op.execute("SELECT medical.resumenes_reconstruir()")
    op.execute("ANALYZE medical.citas_por_dia, medical.citas_por_mes, billing.facturas_por_dia, "
               "billing.facturas_por_mes, medical.pacientes_por_cuarto")


def downgrade():
    op.execute("DROP TRIGGER sucursales_zona ON medical.sucursales")
    for tabla, nombre, _ in TRIGGERS:
        for sufijo in ("ins", "upd", "del", "trunc"):
            op.execute(f"DROP TRIGGER {nombre}_{sufijo} ON {tabla}")
    for funcion in ("medical.sucursales_zona_trigger()", "medical.resumenes_reconstruir()",
                    "billing.facturas_por_dia_reconstruir(integer[])", "medical.resumenes_vaciar()",
                    "medical.pacientes_por_cuarto_trigger()", "billing.pagos_por_dia_trigger()",
                    "billing.facturas_por_dia_trigger()", "medical.citas_por_dia_trigger()"):
        op.execute(f"DROP FUNCTION {funcion}")
    op.drop_index("ix_facturas_sin_sucursal_fecha", table_name="facturas", schema="billing")
    op.drop_index("ix_facturas_cita_id", table_name="facturas", schema="billing")
    op.drop_table("pacientes_por_cuarto", schema="medical")
    for nivel in ("mes", "dia"):
        op.drop_table(f"facturas_por_{nivel}", schema="billing")
        op.drop_table(f"citas_por_{nivel}", schema="medical")
