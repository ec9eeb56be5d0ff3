"""two database roles: the application's role may read and write data but not change the schema, and it
cannot rewrite the audit log or the invoice history

Migrations run as the owner (DATABASE_OWNER_URL); the application connects as another role (the user of its
DATABASE_URL, or DATABASE_APP_ROLE). This migration grants that role what the application does and nothing
more, and sets the owner's default privileges so that tables and sequences of later migrations get the same
grants:

- USAGE on the three schemas; SELECT, INSERT, UPDATE, DELETE on every table; USAGE, SELECT on sequences.
- No TRUNCATE, REFERENCES or TRIGGER anywhere; not the owner, so no ALTER TABLE, no DISABLE TRIGGER.
- security.auditoria, security.auditoria_sellos, billing.detalle_factura, billing.pagos: SELECT and INSERT
  only. billing.facturas: SELECT, INSERT and UPDATE of the state columns alone (payment and cancellation);
  its amounts, number, lines and fingerprint cannot be changed.

A later migration that adds a table of that kind must REVOKE what the default privileges give.
When the application and the migrations use the same role, there is nothing to grant (a warning says so).

Revision ID: 0013
Revises: 0012
"""
import logging

from alembic import op
from flask import current_app
from sqlalchemy import text

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

ESQUEMAS = ("medical", "billing", "security")
# Append-only for the application: the audit log, invoice lines and payments, the clinical history and its
# addenda, and the appointments' state history (the evidence of the treatment relationship).
SOLO_INSERCION = ("security.auditoria", "security.auditoria_sellos", "billing.detalle_factura", "billing.pagos",
                  "medical.historial_medico", "medical.historial_adendas", "medical.citas_estados")
FACTURAS_ACTUALIZABLES = ("estado", "motivo_anulacion", "anulada_por", "fecha_anulacion")
ZONA_TRIGGER = "medical.sucursales_zona_trigger()"
log = logging.getLogger("alembic.runtime.migration")


def _rol_app():
    """The application's role, quoted; None when it is the migrating role itself."""
    rol = current_app.config.get("DATABASE_APP_ROLE")
    conn = op.get_bind()
    if not rol or rol == conn.scalar(text("SELECT current_user")):
        log.warning("0013: la aplicación usa el mismo rol que las migraciones (%s): no se separan permisos; "
                    "defina DATABASE_OWNER_URL y un DATABASE_URL con otro rol (docs/operations.md)", rol)
        return None
    if conn.scalar(text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": rol}) is None:
        raise RuntimeError(f"0013: no existe el rol de la aplicación {rol!r}: créelo (CREATE ROLE {rol} LOGIN "
                           "PASSWORD …) o corrija DATABASE_URL / DATABASE_APP_ROLE")
    return conn.scalar(text("SELECT quote_ident(:r)"), {"r": rol})


def upgrade():
    rol = _rol_app()
    if rol is None:
        return
    esquemas = ", ".join(ESQUEMAS)
    op.execute(f"GRANT USAGE ON SCHEMA {esquemas} TO {rol}")
    op.execute(f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {esquemas} TO {rol}")
    op.execute(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {esquemas} TO {rol}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {esquemas} GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {rol}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {esquemas} GRANT USAGE, SELECT ON SEQUENCES TO {rol}")
    for tabla in SOLO_INSERCION:
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON {tabla} FROM {rol}")
    op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON billing.facturas FROM {rol}")
    op.execute(f"GRANT UPDATE ({', '.join(FACTURAS_ACTUALIZABLES)}) ON billing.facturas TO {rol}")
    # A branch's new time zone rebuilds its billing rollups under a SHARE lock on invoices and payments, which
    # needs more than the application role holds: the trigger function runs as its owner (it can only be
    # called as a trigger, on that update).
    op.execute(f"ALTER FUNCTION {ZONA_TRIGGER} SECURITY DEFINER SET search_path = pg_catalog, public")


def downgrade():
    rol = _rol_app()
    if rol is None:
        return
    esquemas = ", ".join(ESQUEMAS)
    op.execute(f"ALTER FUNCTION {ZONA_TRIGGER} SECURITY INVOKER RESET search_path")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {esquemas} REVOKE ALL ON TABLES FROM {rol}")
    op.execute(f"ALTER DEFAULT PRIVILEGES IN SCHEMA {esquemas} REVOKE ALL ON SEQUENCES FROM {rol}")
    op.execute(f"REVOKE UPDATE ({', '.join(FACTURAS_ACTUALIZABLES)}) ON billing.facturas FROM {rol}")
    op.execute(f"REVOKE ALL ON ALL TABLES IN SCHEMA {esquemas} FROM {rol}")
    op.execute(f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {esquemas} FROM {rol}")
    op.execute(f"REVOKE USAGE ON SCHEMA {esquemas} FROM {rol}")
