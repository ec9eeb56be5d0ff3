"""Two database roles: the application's login role cannot undo the audit log or the invoice history, nor change
the schema; the owner migrates (migration 0013 grants the rest, with default privileges for later tables)."""
import psycopg2
import pytest
from psycopg2 import errors
from sqlalchemy import text
from sqlalchemy.engine import make_url

from app.extensions import db

pytestmark = pytest.mark.committed

PROHIBIDAS = [
    "UPDATE security.auditoria SET accion = 'otra'",
    "DELETE FROM security.auditoria",
    "TRUNCATE security.auditoria",
    "UPDATE security.auditoria_sellos SET filas = 0",
    "DELETE FROM security.auditoria_sellos",
    "TRUNCATE security.auditoria_sellos",
    "ALTER TABLE security.auditoria DISABLE TRIGGER auditoria_solo_insercion",
    "ALTER TABLE security.auditoria DISABLE TRIGGER ALL",
    "DROP TRIGGER auditoria_solo_insercion ON security.auditoria",
    "ALTER TABLE security.auditoria ADD COLUMN x int",
    "DROP TABLE security.auditoria",
    "SET session_replication_role = replica",
    "UPDATE billing.facturas SET total = 0, subtotal = 0, impuesto = 0",
    "UPDATE billing.facturas SET huella = 'x'",
    "DELETE FROM billing.facturas",
    "TRUNCATE billing.facturas CASCADE",
    "UPDATE billing.detalle_factura SET descripcion = 'otra'",
    "DELETE FROM billing.detalle_factura",
    "UPDATE billing.pagos SET monto = 0",
    "DELETE FROM billing.pagos",
    "ALTER TABLE billing.facturas DISABLE TRIGGER ALL",
    "TRUNCATE medical.pacientes CASCADE",
    "UPDATE medical.historial_medico SET fecha = now()",
    "DELETE FROM medical.historial_medico",
    "UPDATE medical.historial_adendas SET motivo = 'otro'",
    "DELETE FROM medical.historial_adendas",
    "UPDATE medical.citas_estados SET usuario_id = NULL",
    "DELETE FROM medical.citas_estados",
    "CREATE TABLE medical.otra (id int)",
]


@pytest.fixture
def conexion_app(app_database_url):
    """A connection that logs in as the application role itself (not the owner's session with SET ROLE)."""
    conn = psycopg2.connect(app_database_url)
    yield conn
    conn.rollback()
    conn.close()


def test_the_application_logs_in_as_a_role_that_is_neither_owner_nor_superuser(app, database_url):
    app_user = make_url(app.config["SQLALCHEMY_DATABASE_URI"]).username
    assert app_user != make_url(database_url).username
    with db.engine.connect() as conn:
        usuario, superusuario = conn.execute(text("SELECT current_user, rolsuper FROM pg_roles "
                                                  "WHERE rolname = current_user")).one()
        duenos = set(conn.execute(text("SELECT DISTINCT tableowner FROM pg_tables "
                                       "WHERE schemaname IN ('medical', 'billing', 'security')")).scalars())
    assert usuario == app_user and superusuario is False
    assert usuario not in duenos


@pytest.mark.parametrize("sentencia", PROHIBIDAS)
def test_the_application_role_cannot_undo_the_audit_log_the_invoice_history_or_the_schema(conexion_app, sentencia):
    with conexion_app.cursor() as cur, pytest.raises(errors.InsufficientPrivilege):
        cur.execute(sentencia)
    conexion_app.rollback()


def test_the_application_role_can_still_do_its_work(conexion_app):
    """What the application does: insert audit rows, issue invoices, cancel them (state columns only)."""
    with conexion_app.cursor() as cur:
        cur.execute("SELECT has_table_privilege('security.auditoria', 'INSERT'), "
                    "has_table_privilege('billing.pagos', 'INSERT'), "
                    "has_column_privilege('billing.facturas', 'estado', 'UPDATE'), "
                    "has_column_privilege('billing.facturas', 'fecha_anulacion', 'UPDATE'), "
                    "has_column_privilege('billing.facturas', 'total', 'UPDATE'), "
                    "has_table_privilege('medical.pacientes', 'UPDATE'), "
                    "has_sequence_privilege('security.auditoria_id_seq', 'USAGE')")
        assert cur.fetchone() == (True, True, True, True, False, True, True)


def test_tables_created_by_a_later_migration_get_the_application_grants(app, owner_engine):
    rol = app.config["DATABASE_APP_ROLE"]
    with owner_engine.begin() as conn:
        conn.execute(text("CREATE TABLE medical.prueba_privilegios (id serial PRIMARY KEY)"))
        try:
            permisos = conn.execute(text(
                "SELECT has_table_privilege(:r, 'medical.prueba_privilegios', 'INSERT'), "
                "has_table_privilege(:r, 'medical.prueba_privilegios', 'TRUNCATE'), "
                "has_sequence_privilege(:r, 'medical.prueba_privilegios_id_seq', 'USAGE')"), {"r": rol}).one()
        finally:
            conn.execute(text("DROP TABLE medical.prueba_privilegios"))
    assert tuple(permisos) == (True, False, True)
