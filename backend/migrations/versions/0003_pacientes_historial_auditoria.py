"""patients, clinical history and audit (issue 4)

- Patient search: an IMMUTABLE unaccent wrapper, the normalised "nombre apellido" function and a
  GIN trigram index on it; a b-tree on telefono (exact phone lookups).
- Audit: per-row HMAC column, the seals table, append-only triggers and REVOKE of UPDATE/DELETE/TRUNCATE.

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

APPEND_ONLY = ("auditoria", "auditoria_sellos")


def upgrade():
    # unaccent() is only STABLE (it looks its dictionary up through search_path): pinning the dictionary
    # by schema makes the wrapper safe to declare IMMUTABLE, hence usable in an index expression.
    op.execute("""
        CREATE FUNCTION medical.sin_acentos(texto text) RETURNS text
        LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
        AS $$ SELECT public.unaccent('public.unaccent'::regdictionary, texto) $$
    """)
    op.execute("""
        CREATE FUNCTION medical.nombre_busqueda(nombre text, apellido text) RETURNS text
        LANGUAGE sql IMMUTABLE PARALLEL SAFE
        AS $$ SELECT lower(medical.sin_acentos(coalesce(nombre, '') || ' ' || coalesce(apellido, ''))) $$
    """)
    op.execute("""
        CREATE INDEX ix_pacientes_nombre_busqueda_trgm ON medical.pacientes
        USING gin (medical.nombre_busqueda(nombre, apellido) public.gin_trgm_ops)
    """)
    op.create_index("ix_pacientes_telefono", "pacientes", ["telefono"], schema="medical")
    op.create_index("ix_pacientes_apellido_nombre_id", "pacientes", ["apellido", "nombre", "id"], schema="medical")

    op.add_column("auditoria", sa.Column("huella", sa.String(length=64), nullable=True), schema="security")
    op.create_table(
        "auditoria_sellos",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("desde_id", sa.BigInteger(), nullable=False),
        sa.Column("hasta_id", sa.BigInteger(), nullable=False),
        sa.Column("filas", sa.Integer(), nullable=False),
        sa.Column("huella_anterior", sa.String(length=64), nullable=True),
        sa.Column("huella", sa.String(length=64), nullable=False),
        sa.Column("fecha", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_auditoria_sellos")),
        sa.UniqueConstraint("desde_id", name=op.f("uq_auditoria_sellos_desde_id")),
        schema="security",
    )
    op.execute("""
        CREATE FUNCTION security.auditoria_solo_insercion() RETURNS trigger
        LANGUAGE plpgsql AS $$
        BEGIN
            RAISE EXCEPTION 'security.%: el registro de auditoría no se puede modificar ni borrar', TG_TABLE_NAME
                USING ERRCODE = 'insufficient_privilege';
        END $$
    """)
    for tabla in APPEND_ONLY:
        op.execute(f"""
            CREATE TRIGGER {tabla}_solo_insercion BEFORE UPDATE OR DELETE ON security.{tabla}
            FOR EACH ROW EXECUTE FUNCTION security.auditoria_solo_insercion()
        """)
        # Also from the owner (the migrating role, usually the app's): only a superuser bypasses this.
        op.execute(f"REVOKE UPDATE, DELETE, TRUNCATE ON security.{tabla} FROM PUBLIC, CURRENT_USER")


def downgrade():
    for tabla in APPEND_ONLY:
        op.execute(f"GRANT UPDATE, DELETE, TRUNCATE ON security.{tabla} TO CURRENT_USER")
        op.execute(f"DROP TRIGGER {tabla}_solo_insercion ON security.{tabla}")
    op.execute("DROP FUNCTION security.auditoria_solo_insercion()")
    op.drop_table("auditoria_sellos", schema="security")
    op.drop_column("auditoria", "huella", schema="security")
    op.drop_index("ix_pacientes_apellido_nombre_id", table_name="pacientes", schema="medical")
    op.drop_index("ix_pacientes_telefono", table_name="pacientes", schema="medical")
    op.execute("DROP INDEX medical.ix_pacientes_nombre_busqueda_trgm")
    op.execute("DROP FUNCTION medical.nombre_busqueda(text, text)")
    op.execute("DROP FUNCTION medical.sin_acentos(text)")
