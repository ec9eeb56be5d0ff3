"""The migration chain builds the whole schema and agrees with the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text

from app.extensions import db

APP_SCHEMAS = {"medical", "billing", "security"}


def include_name(name, type_, parent_names):
    return name in APP_SCHEMAS if type_ == "schema" else True


def test_there_is_exactly_one_migration_head(app):
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = ScriptDirectory.from_config(config).get_heads()
    assert len(heads) == 1


def test_the_migrated_schema_matches_the_models(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"include_schemas": True, "include_name": include_name, "compare_type": True}
        )
        diff = compare_metadata(context, db.metadata)
    assert diff == []


def test_the_required_extensions_are_installed(db_session):
    installed = set(db_session.scalars(text("SELECT extname FROM pg_extension")))
    assert {"pgcrypto", "btree_gist", "pg_trgm", "unaccent", "pg_stat_statements"} <= installed


def test_reference_data_has_the_seven_states_with_fixed_ids_and_the_four_roles(db_session):
    estados = db_session.execute(text("SELECT id, nombre FROM medical.estados_cita ORDER BY id")).all()
    assert estados == [(1, "Nueva"), (2, "Confirmada"), (3, "En Espera"), (4, "Completada"), (5, "Cancelada"),
                       (6, "En Consulta"), (7, "No Asistió")]
    roles = set(db_session.scalars(text("SELECT nombre FROM security.roles")))
    assert roles == {"Administrador", "Médico", "Recepcionista", "Facturación"}


def test_every_table_of_the_seed_exists_in_its_schema(db_session):
    seed = {
        "medical": {"sucursales", "especialidades", "pacientes", "medicos", "horarios_medicos", "estados_cita", "citas",
                    "historial_medico"},
        "security": {"roles", "usuarios"},
        "billing": {"servicios", "facturas", "detalle_factura"},
    }
    for schema, tablas in seed.items():
        existentes = set(db_session.scalars(
            text("SELECT table_name FROM information_schema.tables WHERE table_schema = :s"), {"s": schema}))
        assert tablas <= existentes, schema
