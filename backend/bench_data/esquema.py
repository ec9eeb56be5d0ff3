"""Bulk-load plumbing: COPY from in-memory chunks, and secondary indexes/constraints dropped during the load.

Indexes and constraints are read from the catalog (not from the models), so whatever the migrations
add later (trigram indexes, extra exclusion constraints) is dropped before the load and rebuilt after it
from its own definition. Rebuilding the exclusion constraints makes PostgreSQL itself check that no two
active appointments overlap.
"""
import io

# Tables that receive millions of rows: their secondary indexes and constraints are rebuilt after the load.
TABLAS_GRANDES = ("medical.pacientes", "medical.citas", "medical.citas_estados", "billing.facturas",
                  "billing.detalle_factura", "billing.pagos", "security.auditoria")


class Copiador:
    """Accumulate text-format COPY lines and send them in chunks of about `limite` bytes."""

    def __init__(self, cur, tabla, columnas, limite=8 << 20, barra=None):
        self.cur, self.barra, self.limite = cur, barra, limite
        self.sql = f"COPY {tabla} ({', '.join(columnas)}) FROM STDIN"
        self.partes, self.tam, self.filas, self.total = [], 0, 0, 0

    def fila(self, linea):
        self.partes.append(linea)
        self.tam += len(linea)
        self.filas += 1
        if self.tam >= self.limite:
            self.enviar()

    def enviar(self):
        if not self.partes:
            return
        self.cur.copy_expert(self.sql, io.StringIO("".join(self.partes)))
        if self.barra is not None:
            self.barra.update(self.filas)
        self.total += self.filas
        self.partes, self.tam, self.filas = [], 0, 0


def campo(valor):
    """A value in COPY text format (our generated values never contain tabs, newlines or backslashes)."""
    return "\\N" if valor is None else str(valor)


def quitar_indices(cur, tablas=TABLAS_GRANDES):
    """Drop secondary indexes, unique/exclusion/foreign-key constraints of `tablas`; return how to rebuild them."""
    nombres = list(tablas)
    cur.execute(
        """SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid), c.contype
             FROM pg_constraint c
            WHERE c.conrelid::regclass::text = ANY(%s) AND c.contype IN ('f', 'u', 'x')
            ORDER BY c.contype = 'f', c.conname""", (nombres,))
    restricciones = cur.fetchall()
    cur.execute(
        """SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid)
             FROM pg_index i
            WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary
              AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)""", (nombres,))
    indices = cur.fetchall()
    # Foreign keys first (they may depend on unique indexes), then constraints, then plain indexes.
    for tabla, nombre, _, _tipo in sorted(restricciones, key=lambda r: r[3] != "f"):
        cur.execute(f'ALTER TABLE {tabla} DROP CONSTRAINT "{nombre}"')
    for nombre, _ in indices:
        cur.execute(f"DROP INDEX {nombre}")
    sentencias = [definicion for _, definicion in indices]
    sentencias += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, tipo in restricciones if tipo != "f"]
    sentencias += [f'ALTER TABLE {t} ADD CONSTRAINT "{n}" {d}' for t, n, d, tipo in restricciones if tipo == "f"]
    return sentencias


def reponer_indices(cur, sentencias, barra=None):
    for sentencia in sentencias:
        if barra is not None:
            barra.set_postfix_str(sentencia.split(" ON ")[0][-60:] if " ON " in sentencia else sentencia[12:70])
        cur.execute(sentencia)
        if barra is not None:
            barra.update(1)


def ajustar_secuencias(cur, tablas):
    for tabla in tablas:
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{tabla}', 'id'), GREATEST((SELECT max(id) FROM {tabla}), 1))")
