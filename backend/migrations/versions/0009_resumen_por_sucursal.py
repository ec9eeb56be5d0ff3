"""month rollups per branch: the clinic's summary reads 20 rows a month instead of one per doctor and branch

medical.citas_por_mes_sucursal and billing.facturas_por_mes_sucursal add up the month rollups of 0007 over
the doctors. Statement-level triggers on those month rollups keep them: each statement that changes month
rows adds, in ONE ``INSERT … SELECT … GROUP BY … ORDER BY key … ON CONFLICT DO UPDATE``, the difference it
made (an UPDATE subtracts the old rows and adds the new ones), so every path that writes the month rollups
(the triggers of 0007, their rebuild functions) keeps these equal to them. Design: docs/reportes.md.

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

CITAS = [f"citas_{e}" for e in range(1, 8)] + ["minutos_reservados"]
FACTURAS = ["emitidas", "anuladas", "ingresos", "pagos"]
TABLAS = (("medical", "citas", CITAS), ("billing", "facturas", FACTURAS))


def _funcion(esquema, tabla, contadores):
    lista = ", ".join(contadores)
    sumas = ", ".join(f"sum({c})" for c in contadores)
    ceros = ", ".join("0" for _ in contadores)
    conflicto = ", ".join(f"{c} = t.{c} + EXCLUDED.{c}" for c in contadores)
    nuevas = f"SELECT mes, sucursal_id, {lista} FROM nuevas"
    viejas = f"SELECT mes, sucursal_id, {', '.join(f'-{c} AS {c}' for c in contadores)} FROM viejas"

    def sumar(origen):
        return f"""
        INSERT INTO {esquema}.{tabla}_por_mes_sucursal AS t (mes, sucursal_id, {lista})
        SELECT mes, sucursal_id, {sumas} FROM ({origen}) AS d
         GROUP BY mes, sucursal_id
        HAVING ({sumas}) <> ({ceros})
         ORDER BY mes, sucursal_id
        ON CONFLICT (mes, sucursal_id) DO UPDATE SET {conflicto};"""

    return f"""
CREATE FUNCTION {esquema}.{tabla}_por_mes_sucursal_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN {sumar(nuevas)}
    ELSIF TG_OP = 'UPDATE' THEN {sumar(f"{nuevas} UNION ALL {viejas}")}
    ELSIF TG_OP = 'DELETE' THEN {sumar(viejas)}
    ELSE
        DELETE FROM {esquema}.{tabla}_por_mes_sucursal;  -- TRUNCATE
    END IF;
    RETURN NULL;
END $$;"""


def _tipo(contador):
    if contador == "minutos_reservados":
        return sa.Numeric()
    return sa.Numeric(14, 2) if contador in ("ingresos", "pagos") else sa.Integer()


def upgrade():
    for esquema, tabla, contadores in TABLAS:
        op.create_table(
            f"{tabla}_por_mes_sucursal",
            sa.Column("mes", sa.Date(), nullable=False),
            sa.Column("sucursal_id", sa.Integer(), autoincrement=False, nullable=False),
            *(sa.Column(c, _tipo(c), server_default="0", nullable=False) for c in contadores),
            sa.PrimaryKeyConstraint("mes", "sucursal_id"),
            schema=esquema,
        )
        origen = f"{esquema}.{tabla}_por_mes"
        funcion = f"{esquema}.{tabla}_por_mes_sucursal_trigger"
        op.execute(_funcion(esquema, tabla, contadores))
        op.execute(f"CREATE TRIGGER por_mes_sucursal_ins AFTER INSERT ON {origen} REFERENCING NEW TABLE AS nuevas "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER por_mes_sucursal_upd AFTER UPDATE ON {origen} REFERENCING OLD TABLE AS viejas "
                   f"NEW TABLE AS nuevas FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER por_mes_sucursal_del AFTER DELETE ON {origen} REFERENCING OLD TABLE AS viejas "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        op.execute(f"CREATE TRIGGER por_mes_sucursal_trunc AFTER TRUNCATE ON {origen} "
                   f"FOR EACH STATEMENT EXECUTE FUNCTION {funcion}()")
        # Back-fill from the month rollup.
        op.execute(f"INSERT INTO {esquema}.{tabla}_por_mes_sucursal (mes, sucursal_id, {', '.join(contadores)}) "
                   f"SELECT mes, sucursal_id, {', '.join(f'sum({c})' for c in contadores)} FROM {origen} "
                   "GROUP BY mes, sucursal_id ORDER BY mes, sucursal_id")
        op.execute(f"ANALYZE {esquema}.{tabla}_por_mes_sucursal")


def downgrade():
    for esquema, tabla, _ in TABLAS:
        for sufijo in ("ins", "upd", "del", "trunc"):
            op.execute(f"DROP TRIGGER por_mes_sucursal_{sufijo} ON {esquema}.{tabla}_por_mes")
        op.execute(f"DROP FUNCTION {esquema}.{tabla}_por_mes_sucursal_trigger()")
        op.drop_table(f"{tabla}_por_mes_sucursal", schema=esquema)
