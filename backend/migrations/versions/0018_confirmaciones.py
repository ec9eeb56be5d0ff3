"""confirmations in the reports: who confirmed an appointment, and the rollups of confirmed outcomes

- medical.citas.confirmacion: whether the appointment's confirmation stands (a change to Confirmada that no
  reversal undid) and who made it: 0 none, 1 the staff, 2 the patient from the public page. A
  statement-level AFTER INSERT trigger on the state history (medical.citas_estados, append-only for the
  application) keeps it: per appointment, the statement's last row that confirms or undoes a confirmation
  decides. The application never writes it.
- medical.citas_por_dia / _por_mes / _por_mes_sucursal gain three counters: confirmed appointments that ended
  Completada (``confirmadas_completadas``) or No Asistió (``confirmadas_no_asistio``), and those of both whose
  confirmation the patient made (``confirmadas_por_paciente``). They are functions of the appointment row like
  the other counters, so the rollup trigger of 0007, its rebuild function and the branch trigger of 0009 are
  replaced by the same code with the new columns; confirming an appointment that is still open changes no
  counter (no rollup row is written): only its ending, or a change of confirmation once it ended, does.
- medical.citas_confirmacion_reconstruir(): every appointment's value from its whole history (the back-fill;
  also for loads that write history rows before their appointments); resumenes_reconstruir() calls it first.

Design and definitions: docs/reportes.md ("Confirmaciones").

Revision ID: 0018
Revises: 0017
"""
import importlib.util
from pathlib import Path

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def _migracion(nombre):
    """An earlier migration of this chain as a module: its SQL builders (and its exact SQL, for the downgrade)."""
    ruta = Path(__file__).with_name(nombre)
    spec = importlib.util.spec_from_file_location(f"_migracion_{ruta.stem}", ruta)
    modulo = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(modulo)
    return modulo


m7 = _migracion("0007_resumenes.py")
m9 = _migracion("0009_resumen_por_sucursal.py")

COMPLETADA, NO_ASISTIO = 4, 7
CONTADORES = ["confirmadas_completadas", "confirmadas_no_asistio", "confirmadas_por_paciente"]
SIN_CONFIRMAR, POR_PERSONAL, POR_PACIENTE = 0, 1, 2  # values of citas.confirmacion (app.models.Cita)
_AGREGADOS = [f"sum(CASE WHEN confirmacion > {SIN_CONFIRMAR} AND estado_id = {COMPLETADA} THEN s ELSE 0 END)",
              f"sum(CASE WHEN confirmacion > {SIN_CONFIRMAR} AND estado_id = {NO_ASISTIO} THEN s ELSE 0 END)",
              f"sum(CASE WHEN confirmacion = {POR_PACIENTE} AND estado_id IN ({COMPLETADA}, {NO_ASISTIO}) "
              "THEN s ELSE 0 END)"]
_CITAS_CONTADORES = m7._CITAS_CONTADORES + CONTADORES
_CITAS_COLS = m7._CITAS_COLS + ", confirmacion"
_CITAS_N = ", ".join(f"n.{c}" for c in _CITAS_COLS.split(", "))
_CITAS_O = ", ".join(f"o.{c}" for c in _CITAS_COLS.split(", "))
_CITAS_CAMBIO = m7._cambiadas(_CITAS_COLS.split(", "))
ROLLUPS = ("citas_por_dia", "citas_por_mes", "citas_por_mes_sucursal")


def _citas_upsert(origen):
    """0007's appointment upsert with the three counters of confirmed outcomes."""
    agregados = ([f"sum(CASE WHEN estado_id = {e} THEN s ELSE 0 END)" for e in m7.ESTADOS]
                 + [f"sum(CASE WHEN estado_id NOT IN ({m7.LIBERAN}) THEN s * extract(epoch FROM hora_fin - hora_inicio)"
                    " / 60 ELSE 0 END)"] + _AGREGADOS)
    return m7._dos_niveles("medical", "citas", _CITAS_CONTADORES, agregados, origen)


# The function of 0007, the same statements, with the new columns in the signed rows and in what an UPDATE
# must have changed to count (and the test for a change of doctor written so that a bulk UPDATE stays linear).
CITAS_TRIGGER = f"""
CREATE OR REPLACE FUNCTION medical.citas_por_dia_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        {_citas_upsert(f"SELECT {_CITAS_COLS}, 1 AS s FROM nuevas")}
    ELSIF TG_OP = 'DELETE' THEN
        {_citas_upsert(f"SELECT {_CITAS_COLS}, -1 AS s FROM viejas")}
    ELSE
        {_citas_upsert(f"SELECT {_CITAS_N}, 1 AS s {_CITAS_CAMBIO} UNION ALL SELECT {_CITAS_O}, -1 {_CITAS_CAMBIO}")}
        -- A count, not 0007's EXISTS: that one planned a fast-start nested loop over the two transition
        -- tables, quadratic in the rows of one UPDATE (28 s for the 21,000 of a back-fill); this hashes them.
        IF (SELECT count(*) FROM nuevas n JOIN viejas o ON o.id = n.id WHERE n.medico_id <> o.medico_id) > 0 THEN
            -- FOR UPDATE waits for (and then blocks) transactions that insert an invoice for these
            -- appointments (their foreign-key check holds FOR KEY SHARE) or a payment for their
            -- invoices, so none is counted under the old doctor after this moves the rest.
            PERFORM 1 FROM medical.citas WHERE id IN (SELECT id FROM {m7._MOVIDAS} x) ORDER BY id FOR UPDATE;
            PERFORM 1 FROM billing.facturas WHERE cita_id IN (SELECT id FROM {m7._MOVIDAS} x) ORDER BY id FOR UPDATE;
            {m7._facturas_upsert(
                m7._filas_facturas("billing.facturas", -1, "m.antes", m7._JOIN_MOVIDAS),
                m7._filas_facturas("billing.facturas", 1, "m.despues", m7._JOIN_MOVIDAS),
                m7._filas_pagos("billing.pagos", -1, medico="m.antes", joins=m7._JOIN_MOVIDAS),
                m7._filas_pagos("billing.pagos", 1, medico="m.despues", joins=m7._JOIN_MOVIDAS),
                con=f"movidas AS {m7._MOVIDAS}, ")}
        END IF;
    END IF;
    RETURN NULL;
END $$;
"""

# History rows that decide `confirmacion`, the last one of an appointment wins:
# - a confirmation: a change to Confirmada (only Nueva leads there), or a reversal from Nueva back to
#   Confirmada, which redoes a confirmation undone before (a reversal returns to the state the last change
#   left, and only undoing a confirmation leads back to Nueva); who made it is the patient when the last
#   change to Confirmada that was not a reversal was theirs;
# - a confirmation undone: a reversal from Confirmada back to Nueva.
# A reversal from Confirmada to another state, or back to Confirmada from another state, undoes or redoes a
# later change: the confirmation stands.
_CONFIRMA = "estado_id = 2 AND (NOT revierte OR estado_anterior_id = 1)"
_DESHACE = "revierte AND estado_anterior_id = 2 AND estado_id = 1"
_DECIDEN = f"({_CONFIRMA}) OR ({_DESHACE})"
_ULTIMAS = f"""SELECT DISTINCT ON (cita_id) cita_id,
                       CASE WHEN estado_id <> 2 THEN {SIN_CONFIRMAR}
                            WHEN CASE WHEN NOT revierte THEN por_paciente
                                      ELSE (SELECT e.por_paciente FROM medical.citas_estados e
                                             WHERE e.cita_id = d.cita_id AND e.estado_id = 2 AND NOT e.revierte
                                             ORDER BY e.id DESC LIMIT 1) END
                            THEN {POR_PACIENTE} ELSE {POR_PERSONAL} END AS confirmacion
                  FROM {{origen}} d WHERE {_DECIDEN} ORDER BY cita_id, id DESC"""

# One UPDATE per statement, only when the statement has such rows (creation rows and other changes cost one
# EXISTS on the transition table). The update takes the appointments' row locks: the state change that
# wrote the history row already holds them (it updated estado_id in the same transaction), so `confirmacion` of an
# appointment follow its history in commit order.
CONFIRMACION_TRIGGER = f"""
CREATE FUNCTION medical.citas_confirmacion_trigger() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM nuevas WHERE {_DECIDEN}) THEN
        UPDATE medical.citas c SET confirmacion = u.confirmacion
          FROM ({_ULTIMAS.format(origen="nuevas")}) u
         WHERE c.id = u.cita_id AND c.confirmacion <> u.confirmacion;
    END IF;
    RETURN NULL;
END $$;
"""

# Every appointment's value from its whole history: the back-fill, and what a load that wrote history rows
# before their appointments (the benchmark generator, without foreign keys) runs afterwards. Only the rows
# whose value changes are updated; the rollup trigger moves their counts.
RECONSTRUIR_CONFIRMACION = f"""
CREATE FUNCTION medical.citas_confirmacion_reconstruir() RETURNS void LANGUAGE sql AS $$
    UPDATE medical.citas c SET confirmacion = x.confirmacion
      FROM (SELECT t.id, coalesce(u.confirmacion, {SIN_CONFIRMAR}) AS confirmacion
              FROM medical.citas t LEFT JOIN ({_ULTIMAS.format(origen="medical.citas_estados")}) u ON u.cita_id = t.id) x
     WHERE c.id = x.id AND c.confirmacion <> x.confirmacion;
$$;
"""

RECONSTRUIR = f"""
CREATE OR REPLACE FUNCTION medical.resumenes_reconstruir() RETURNS void LANGUAGE sql AS $$
    SELECT medical.citas_confirmacion_reconstruir();
    DELETE FROM medical.citas_por_dia;
    DELETE FROM medical.citas_por_mes;
    {_citas_upsert(f"SELECT {_CITAS_COLS}, 1 AS s FROM medical.citas")}
    SELECT billing.facturas_por_dia_reconstruir(NULL);
    DELETE FROM medical.pacientes_por_cuarto;
    {m7._pacientes_upsert("SELECT fecha_registro, 1 AS s FROM medical.pacientes")}
$$;
"""

def upgrade():
    op.add_column("citas", sa.Column("confirmacion", sa.SmallInteger(), server_default="0", nullable=False),
                  schema="medical")
    op.create_check_constraint("confirmacion_valida", "citas", "confirmacion BETWEEN 0 AND 2", schema="medical")
    for tabla in ROLLUPS:
        for contador in CONTADORES:
            op.add_column(tabla, sa.Column(contador, sa.Integer(), server_default="0", nullable=False),
                          schema="medical")
    op.execute(CITAS_TRIGGER)
    op.execute(RECONSTRUIR_CONFIRMACION)
    op.execute(RECONSTRUIR)
    op.execute(m9._funcion("medical", "citas", m9.CITAS + CONTADORES).replace("CREATE FUNCTION",
                                                                            "CREATE OR REPLACE FUNCTION"))
    op.execute(CONFIRMACION_TRIGGER)
    op.execute("CREATE TRIGGER citas_confirmacion AFTER INSERT ON medical.citas_estados REFERENCING NEW TABLE AS "
               "nuevas FOR EACH STATEMENT EXECUTE FUNCTION medical.citas_confirmacion_trigger()")
    # Back-fill from the history; the rollup trigger (already the new one) adds the confirmed outcomes.
    op.execute("SELECT medical.citas_confirmacion_reconstruir()")


def downgrade():
    op.execute("DROP TRIGGER citas_confirmacion ON medical.citas_estados")
    op.execute("DROP FUNCTION medical.citas_confirmacion_trigger()")
    op.execute(m9._funcion("medical", "citas", m9.CITAS).replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute(m7.CITAS_TRIGGER.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    reconstruir = m7.RECONSTRUIR[m7.RECONSTRUIR.index("CREATE FUNCTION medical.resumenes_reconstruir"):]
    op.execute(reconstruir.replace("CREATE FUNCTION", "CREATE OR REPLACE FUNCTION"))
    op.execute("DROP FUNCTION medical.citas_confirmacion_reconstruir()")
    for tabla in ROLLUPS:
        for contador in CONTADORES:
            op.drop_column(tabla, contador, schema="medical")
    op.drop_constraint("ck_citas_confirmacion_valida", "citas", schema="medical")  # its name by the convention
    op.drop_column("citas", "confirmacion", schema="medical")
