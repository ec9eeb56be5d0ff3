"""esquema inicial: schemas, extensions, every table of the seed plus the additions, reference data

Revision ID: 0001
Revises: 
Create Date: 2026-11-28 00:53:29.868246

"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


SCHEMAS = ("medical", "billing", "security")
EXTENSIONS = ("pgcrypto", "btree_gist", "pg_trgm", "unaccent")


def upgrade():
    for schema in SCHEMAS:
        op.execute(f"CREATE SCHEMA IF NOT EXISTS {schema}")
    for extension in EXTENSIONS:
        op.execute(f"CREATE EXTENSION IF NOT EXISTS {extension} WITH SCHEMA public")
    # pg_stat_statements needs a superuser; on a managed server without one the app still works.
    op.execute("""
        DO $$ BEGIN
            CREATE EXTENSION IF NOT EXISTS pg_stat_statements WITH SCHEMA public;
        EXCEPTION WHEN insufficient_privilege THEN
            RAISE NOTICE 'pg_stat_statements no instalada: se requiere un superusuario';
        END $$;
    """)

    op.create_table('servicios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=200), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=True),
    sa.Column('precio', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('impuesto_porcentaje', sa.Numeric(precision=5, scale=2), server_default='0.00', nullable=True),
    sa.Column('activo', sa.Boolean(), server_default='true', nullable=True),
    sa.CheckConstraint('impuesto_porcentaje BETWEEN 0 AND 100', name=op.f('ck_servicios_impuesto_rango')),
    sa.CheckConstraint('precio >= 0', name=op.f('ck_servicios_precio_no_negativo')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_servicios')),
    schema='billing'
    )
    op.create_table('configuracion_clinica',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('nombre', sa.String(length=200), server_default='Clínica', nullable=False),
    sa.Column('razon_social', sa.String(length=200), nullable=True),
    sa.Column('identificacion_fiscal', sa.String(length=30), nullable=True),
    sa.Column('direccion', sa.Text(), nullable=True),
    sa.Column('telefono', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=100), nullable=True),
    sa.Column('moneda', sa.String(length=3), server_default='MXN', nullable=False),
    sa.Column('impuesto_porcentaje', sa.Numeric(precision=5, scale=2), server_default='16.00', nullable=False),
    sa.Column('modo_series', sa.String(length=10), server_default='sucursal', nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_configuracion_clinica_fila_unica')),
    sa.CheckConstraint('impuesto_porcentaje BETWEEN 0 AND 100', name=op.f('ck_configuracion_clinica_impuesto_rango')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_configuracion_clinica')),
    schema='medical'
    )
    op.create_table('especialidades',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=100), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_especialidades')),
    sa.UniqueConstraint('nombre', name=op.f('uq_especialidades_nombre')),
    schema='medical'
    )
    op.create_table('estados_cita',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=50), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_estados_cita')),
    sa.UniqueConstraint('nombre', name=op.f('uq_estados_cita_nombre')),
    schema='medical'
    )
    op.create_table('pacientes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=100), nullable=False),
    sa.Column('apellido', sa.String(length=100), nullable=False),
    sa.Column('fecha_nacimiento', sa.Date(), nullable=False),
    sa.Column('genero', sa.String(length=20), nullable=True),
    sa.Column('tipo_documento', sa.String(length=20), nullable=True),
    sa.Column('numero_documento', sa.LargeBinary(), nullable=True),
    sa.Column('numero_documento_hash', sa.String(length=64), nullable=True),
    sa.Column('telefono', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=100), nullable=True),
    sa.Column('direccion', sa.Text(), nullable=True),
    sa.Column('alergias', sa.LargeBinary(), nullable=True),
    sa.Column('contacto_emergencia_nombre', sa.String(length=200), nullable=True),
    sa.Column('contacto_emergencia_telefono', sa.String(length=15), nullable=True),
    sa.Column('fecha_registro', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),
    sa.Column('activo', sa.Boolean(), server_default='true', nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pacientes')),
    sa.UniqueConstraint('email', name=op.f('uq_pacientes_email')),
    sa.UniqueConstraint('tipo_documento', 'numero_documento_hash', name='uq_pacientes_documento'),
    schema='medical'
    )
    with op.batch_alter_table('pacientes', schema='medical') as batch_op:
        batch_op.create_index('idx_pacientes_nombre_apellido', ['nombre', 'apellido'], unique=False)
        batch_op.create_index('ix_pacientes_numero_documento_hash', ['numero_documento_hash'], unique=False)

    op.create_table('sucursales',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=100), nullable=False),
    sa.Column('direccion', sa.Text(), nullable=False),
    sa.Column('telefono', sa.String(length=15), nullable=True),
    sa.Column('email', sa.String(length=100), nullable=True),
    sa.Column('activo', sa.Boolean(), server_default='true', nullable=True),
    sa.Column('fecha_creacion', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),
    sa.Column('zona_horaria', sa.String(length=64), server_default='America/Mexico_City', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sucursales')),
    schema='medical'
    )
    op.create_table('intentos_login',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('exito', sa.Boolean(), nullable=False),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_intentos_login')),
    schema='security'
    )
    with op.batch_alter_table('intentos_login', schema='security') as batch_op:
        batch_op.create_index('ix_intentos_login_email_fecha', ['email', 'fecha'], unique=False)

    op.create_table('roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=50), nullable=False),
    sa.Column('descripcion', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_roles')),
    sa.UniqueConstraint('nombre', name=op.f('uq_roles_nombre')),
    schema='security'
    )
    op.create_table('series_factura',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('serie', sa.String(length=10), nullable=False),
    sa.Column('sucursal_id', sa.Integer(), nullable=True),
    sa.Column('ultimo_numero', sa.Integer(), server_default='0', nullable=False),
    sa.Column('ultima_huella', sa.String(length=64), nullable=True),
    sa.CheckConstraint('ultimo_numero >= 0', name=op.f('ck_series_factura_ultimo_numero_valido')),
    sa.ForeignKeyConstraint(['sucursal_id'], ['medical.sucursales.id'], name=op.f('fk_series_factura_sucursal_id_sucursales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_series_factura')),
    sa.UniqueConstraint('serie', name=op.f('uq_series_factura_serie')),
    sa.UniqueConstraint('sucursal_id', name=op.f('uq_series_factura_sucursal_id')),
    schema='billing'
    )
    op.create_table('usuarios',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('nombre', sa.String(length=100), nullable=False),
    sa.Column('apellido', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=100), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('rol_id', sa.Integer(), nullable=True),
    sa.Column('sucursal_id', sa.Integer(), nullable=True),
    sa.Column('activo', sa.Boolean(), server_default='true', nullable=True),
    sa.Column('fecha_creacion', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),
    sa.Column('version_token', sa.Integer(), server_default='0', nullable=False),
    sa.ForeignKeyConstraint(['rol_id'], ['security.roles.id'], name=op.f('fk_usuarios_rol_id_roles')),
    sa.ForeignKeyConstraint(['sucursal_id'], ['medical.sucursales.id'], name=op.f('fk_usuarios_sucursal_id_sucursales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_usuarios')),
    sa.UniqueConstraint('email', name=op.f('uq_usuarios_email')),
    schema='security'
    )
    op.create_table('medicos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('nombre', sa.String(length=100), nullable=False),
    sa.Column('apellido', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=100), nullable=True),
    sa.Column('telefono', sa.String(length=15), nullable=True),
    sa.Column('especialidad_id', sa.Integer(), nullable=True),
    sa.Column('activo', sa.Boolean(), server_default='true', nullable=True),
    sa.Column('fecha_registro', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),
    sa.ForeignKeyConstraint(['especialidad_id'], ['medical.especialidades.id'], name=op.f('fk_medicos_especialidad_id_especialidades')),
    sa.ForeignKeyConstraint(['usuario_id'], ['security.usuarios.id'], name=op.f('fk_medicos_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_medicos')),
    sa.UniqueConstraint('email', name=op.f('uq_medicos_email')),
    sa.UniqueConstraint('usuario_id', name=op.f('uq_medicos_usuario_id')),
    schema='medical'
    )
    with op.batch_alter_table('medicos', schema='medical') as batch_op:
        batch_op.create_index(batch_op.f('ix_medicos_especialidad_id'), ['especialidad_id'], unique=False)

    op.create_table('auditoria',
    sa.Column('id', sa.BigInteger(), nullable=False),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('accion', sa.String(length=50), nullable=False),
    sa.Column('entidad', sa.String(length=50), nullable=True),
    sa.Column('entidad_id', sa.BigInteger(), nullable=True),
    sa.Column('paciente_id', sa.Integer(), nullable=True),
    sa.Column('ip', sa.String(length=45), nullable=True),
    sa.Column('resultado', sa.String(length=20), server_default='ok', nullable=False),
    sa.Column('detalle', postgresql.JSONB(astext_type=sa.Text()), nullable=True),
    sa.ForeignKeyConstraint(['usuario_id'], ['security.usuarios.id'], name=op.f('fk_auditoria_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_auditoria')),
    schema='security'
    )
    with op.batch_alter_table('auditoria', schema='security') as batch_op:
        batch_op.create_index('ix_auditoria_fecha', ['fecha'], unique=False)
        batch_op.create_index('ix_auditoria_paciente_fecha', ['paciente_id', 'fecha'], unique=False)
        batch_op.create_index('ix_auditoria_usuario_fecha', ['usuario_id', 'fecha'], unique=False)

    op.create_table('tokens_revocados',
    sa.Column('jti', sa.String(length=64), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('expira', sa.DateTime(timezone=True), nullable=False),
    sa.Column('fecha_revocacion', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['usuario_id'], ['security.usuarios.id'], name=op.f('fk_tokens_revocados_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('jti', name=op.f('pk_tokens_revocados')),
    schema='security'
    )
    with op.batch_alter_table('tokens_revocados', schema='security') as batch_op:
        batch_op.create_index(batch_op.f('ix_tokens_revocados_expira'), ['expira'], unique=False)

    op.create_table('citas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paciente_id', sa.Integer(), nullable=False),
    sa.Column('medico_id', sa.Integer(), nullable=False),
    sa.Column('sucursal_id', sa.Integer(), nullable=False),
    sa.Column('fecha', sa.Date(), nullable=False),
    sa.Column('hora_inicio', sa.Time(), nullable=False),
    sa.Column('hora_fin', sa.Time(), nullable=False),
    sa.Column('estado_id', sa.Integer(), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=True),
    sa.Column('notas', sa.LargeBinary(), nullable=True),
    sa.Column('creado_por', sa.Integer(), nullable=True),
    sa.Column('fecha_creacion', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=True),
    postgresql.ExcludeConstraint((sa.text('medico_id'), '='), (sa.text("tsrange(fecha + hora_inicio, fecha + hora_fin, '[)')"), '&&'), where=sa.text('estado_id NOT IN (5, 7)'), using='gist', name='citas_medico_sin_solape'),
    postgresql.ExcludeConstraint((sa.text('paciente_id'), '='), (sa.text("tsrange(fecha + hora_inicio, fecha + hora_fin, '[)')"), '&&'), where=sa.text('estado_id NOT IN (5, 7)'), using='gist', name='citas_paciente_sin_solape'),
    sa.CheckConstraint('hora_fin > hora_inicio', name=op.f('ck_citas_intervalo_valido')),
    sa.ForeignKeyConstraint(['creado_por'], ['security.usuarios.id'], name=op.f('fk_citas_creado_por_usuarios')),
    sa.ForeignKeyConstraint(['estado_id'], ['medical.estados_cita.id'], name=op.f('fk_citas_estado_id_estados_cita')),
    sa.ForeignKeyConstraint(['medico_id'], ['medical.medicos.id'], name=op.f('fk_citas_medico_id_medicos')),
    sa.ForeignKeyConstraint(['paciente_id'], ['medical.pacientes.id'], name=op.f('fk_citas_paciente_id_pacientes')),
    sa.ForeignKeyConstraint(['sucursal_id'], ['medical.sucursales.id'], name=op.f('fk_citas_sucursal_id_sucursales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citas')),
    schema='medical'
    )
    with op.batch_alter_table('citas', schema='medical') as batch_op:
        batch_op.create_index('idx_citas_fecha', ['fecha'], unique=False)
        batch_op.create_index('idx_citas_medico', ['medico_id'], unique=False)
        batch_op.create_index('idx_citas_paciente', ['paciente_id'], unique=False)
        batch_op.create_index('ix_citas_sucursal_fecha', ['sucursal_id', 'fecha', 'hora_inicio'], unique=False)

    op.create_table('horarios_medicos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('medico_id', sa.Integer(), nullable=False),
    sa.Column('sucursal_id', sa.Integer(), nullable=False),
    sa.Column('dia_semana', sa.SmallInteger(), nullable=False),
    sa.Column('hora_inicio', sa.Time(), nullable=False),
    sa.Column('hora_fin', sa.Time(), nullable=False),
    sa.Column('intervalo_citas', sa.Integer(), server_default='30', nullable=False),
    postgresql.ExcludeConstraint((sa.text('medico_id'), '='), (sa.text('dia_semana'), '='), (sa.text("tsrange(DATE '2000-01-01' + hora_inicio, DATE '2000-01-01' + hora_fin, '[)')"), '&&'), using='gist', name='horarios_medicos_sin_solape'),
    sa.CheckConstraint('dia_semana BETWEEN 1 AND 7', name=op.f('ck_horarios_medicos_dia_semana_valido')),
    sa.CheckConstraint('hora_fin > hora_inicio', name=op.f('ck_horarios_medicos_horario_valido')),
    sa.CheckConstraint('intervalo_citas BETWEEN 5 AND 240', name=op.f('ck_horarios_medicos_intervalo_valido')),
    sa.ForeignKeyConstraint(['medico_id'], ['medical.medicos.id'], name=op.f('fk_horarios_medicos_medico_id_medicos')),
    sa.ForeignKeyConstraint(['sucursal_id'], ['medical.sucursales.id'], name=op.f('fk_horarios_medicos_sucursal_id_sucursales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_horarios_medicos')),
    schema='medical'
    )
    with op.batch_alter_table('horarios_medicos', schema='medical') as batch_op:
        batch_op.create_index(batch_op.f('ix_horarios_medicos_sucursal_id'), ['sucursal_id'], unique=False)

    op.create_table('facturas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('numero_factura', sa.String(length=20), nullable=False),
    sa.Column('serie', sa.String(length=10), nullable=False),
    sa.Column('numero', sa.Integer(), nullable=False),
    sa.Column('paciente_id', sa.Integer(), nullable=False),
    sa.Column('cita_id', sa.Integer(), nullable=True),
    sa.Column('sucursal_id', sa.Integer(), nullable=True),
    sa.Column('fecha_emision', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('subtotal', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('impuesto', sa.Numeric(precision=10, scale=2), server_default='0', nullable=False),
    sa.Column('total', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('estado', sa.String(length=20), nullable=False),
    sa.Column('creado_por', sa.Integer(), nullable=True),
    sa.Column('motivo_anulacion', sa.Text(), nullable=True),
    sa.Column('anulada_por', sa.Integer(), nullable=True),
    sa.Column('fecha_anulacion', sa.DateTime(timezone=True), nullable=True),
    sa.Column('huella', sa.String(length=64), nullable=False),
    sa.Column('huella_anterior', sa.String(length=64), nullable=True),
    sa.CheckConstraint("(estado = 'anulada') = (fecha_anulacion IS NOT NULL)", name=op.f('ck_facturas_anulacion_completa')),
    sa.CheckConstraint("estado IN ('pendiente', 'pagada', 'anulada')", name=op.f('ck_facturas_estado_valido')),
    sa.CheckConstraint('numero > 0', name=op.f('ck_facturas_numero_positivo')),
    sa.CheckConstraint('subtotal >= 0 AND impuesto >= 0 AND total = subtotal + impuesto', name=op.f('ck_facturas_importes_validos')),
    sa.ForeignKeyConstraint(['anulada_por'], ['security.usuarios.id'], name=op.f('fk_facturas_anulada_por_usuarios')),
    sa.ForeignKeyConstraint(['cita_id'], ['medical.citas.id'], name=op.f('fk_facturas_cita_id_citas')),
    sa.ForeignKeyConstraint(['creado_por'], ['security.usuarios.id'], name=op.f('fk_facturas_creado_por_usuarios')),
    sa.ForeignKeyConstraint(['paciente_id'], ['medical.pacientes.id'], name=op.f('fk_facturas_paciente_id_pacientes')),
    sa.ForeignKeyConstraint(['sucursal_id'], ['medical.sucursales.id'], name=op.f('fk_facturas_sucursal_id_sucursales')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_facturas')),
    sa.UniqueConstraint('numero_factura', name=op.f('uq_facturas_numero_factura')),
    sa.UniqueConstraint('serie', 'numero', name='uq_facturas_serie_numero'),
    schema='billing'
    )
    with op.batch_alter_table('facturas', schema='billing') as batch_op:
        batch_op.create_index('ix_facturas_fecha_emision', ['fecha_emision'], unique=False)
        batch_op.create_index('ix_facturas_paciente_id', ['paciente_id'], unique=False)
        batch_op.create_index('ix_facturas_sucursal_fecha', ['sucursal_id', 'fecha_emision'], unique=False)
        batch_op.create_index('uq_facturas_cita_activa', ['cita_id'], unique=True, postgresql_where=sa.text("estado <> 'anulada'"))

    op.create_table('citas_estados',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cita_id', sa.Integer(), nullable=False),
    sa.Column('estado_anterior_id', sa.Integer(), nullable=True),
    sa.Column('estado_id', sa.Integer(), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=True),
    sa.Column('revierte', sa.Boolean(), server_default='false', nullable=False),
    sa.ForeignKeyConstraint(['cita_id'], ['medical.citas.id'], name=op.f('fk_citas_estados_cita_id_citas')),
    sa.ForeignKeyConstraint(['estado_anterior_id'], ['medical.estados_cita.id'], name=op.f('fk_citas_estados_estado_anterior_id_estados_cita')),
    sa.ForeignKeyConstraint(['estado_id'], ['medical.estados_cita.id'], name=op.f('fk_citas_estados_estado_id_estados_cita')),
    sa.ForeignKeyConstraint(['usuario_id'], ['security.usuarios.id'], name=op.f('fk_citas_estados_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citas_estados')),
    schema='medical'
    )
    with op.batch_alter_table('citas_estados', schema='medical') as batch_op:
        batch_op.create_index('ix_citas_estados_cita_id', ['cita_id', 'id'], unique=False)

    op.create_table('historial_medico',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('paciente_id', sa.Integer(), nullable=False),
    sa.Column('cita_id', sa.Integer(), nullable=True),
    sa.Column('medico_id', sa.Integer(), nullable=False),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('diagnostico', sa.LargeBinary(), nullable=True),
    sa.Column('tratamiento', sa.LargeBinary(), nullable=True),
    sa.Column('observaciones', sa.LargeBinary(), nullable=True),
    sa.Column('creado_por', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['cita_id'], ['medical.citas.id'], name=op.f('fk_historial_medico_cita_id_citas')),
    sa.ForeignKeyConstraint(['creado_por'], ['security.usuarios.id'], name=op.f('fk_historial_medico_creado_por_usuarios')),
    sa.ForeignKeyConstraint(['medico_id'], ['medical.medicos.id'], name=op.f('fk_historial_medico_medico_id_medicos')),
    sa.ForeignKeyConstraint(['paciente_id'], ['medical.pacientes.id'], name=op.f('fk_historial_medico_paciente_id_pacientes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historial_medico')),
    schema='medical'
    )
    with op.batch_alter_table('historial_medico', schema='medical') as batch_op:
        batch_op.create_index(batch_op.f('ix_historial_medico_cita_id'), ['cita_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_historial_medico_medico_id'), ['medico_id'], unique=False)
        batch_op.create_index('ix_historial_medico_paciente_fecha', ['paciente_id', 'fecha'], unique=False)

    op.create_table('detalle_factura',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('factura_id', sa.Integer(), nullable=False),
    sa.Column('servicio_id', sa.Integer(), nullable=True),
    sa.Column('descripcion', sa.String(length=200), nullable=False),
    sa.Column('cantidad', sa.Integer(), server_default='1', nullable=False),
    sa.Column('precio_unitario', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('subtotal', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('impuesto_porcentaje', sa.Numeric(precision=5, scale=2), server_default='0', nullable=False),
    sa.Column('impuesto', sa.Numeric(precision=10, scale=2), server_default='0', nullable=False),
    sa.CheckConstraint('cantidad BETWEEN 1 AND 999', name=op.f('ck_detalle_factura_cantidad_valida')),
    sa.CheckConstraint('precio_unitario >= 0 AND subtotal >= 0 AND impuesto >= 0', name=op.f('ck_detalle_factura_importes_validos')),
    sa.ForeignKeyConstraint(['factura_id'], ['billing.facturas.id'], name=op.f('fk_detalle_factura_factura_id_facturas')),
    sa.ForeignKeyConstraint(['servicio_id'], ['billing.servicios.id'], name=op.f('fk_detalle_factura_servicio_id_servicios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_detalle_factura')),
    schema='billing'
    )
    with op.batch_alter_table('detalle_factura', schema='billing') as batch_op:
        batch_op.create_index(batch_op.f('ix_detalle_factura_factura_id'), ['factura_id'], unique=False)

    op.create_table('pagos',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('factura_id', sa.Integer(), nullable=False),
    sa.Column('monto', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('metodo', sa.String(length=20), nullable=False),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.Column('usuario_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("metodo IN ('efectivo', 'tarjeta', 'transferencia')", name=op.f('ck_pagos_metodo_valido')),
    sa.CheckConstraint('monto > 0', name=op.f('ck_pagos_monto_positivo')),
    sa.ForeignKeyConstraint(['factura_id'], ['billing.facturas.id'], name=op.f('fk_pagos_factura_id_facturas')),
    sa.ForeignKeyConstraint(['usuario_id'], ['security.usuarios.id'], name=op.f('fk_pagos_usuario_id_usuarios')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pagos')),
    schema='billing'
    )
    with op.batch_alter_table('pagos', schema='billing') as batch_op:
        batch_op.create_index(batch_op.f('ix_pagos_factura_id'), ['factura_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_pagos_fecha'), ['fecha'], unique=False)

    op.create_table('historial_adendas',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('historial_id', sa.Integer(), nullable=False),
    sa.Column('medico_id', sa.Integer(), nullable=True),
    sa.Column('texto', sa.LargeBinary(), nullable=False),
    sa.Column('motivo', sa.Text(), nullable=False),
    sa.Column('creado_por', sa.Integer(), nullable=True),
    sa.Column('fecha', sa.DateTime(timezone=True), server_default=sa.text('now()'), nullable=False),
    sa.ForeignKeyConstraint(['creado_por'], ['security.usuarios.id'], name=op.f('fk_historial_adendas_creado_por_usuarios')),
    sa.ForeignKeyConstraint(['historial_id'], ['medical.historial_medico.id'], name=op.f('fk_historial_adendas_historial_id_historial_medico')),
    sa.ForeignKeyConstraint(['medico_id'], ['medical.medicos.id'], name=op.f('fk_historial_adendas_medico_id_medicos')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_historial_adendas')),
    schema='medical'
    )
    with op.batch_alter_table('historial_adendas', schema='medical') as batch_op:
        batch_op.create_index(batch_op.f('ix_historial_adendas_historial_id'), ['historial_id'], unique=False)

    # ### end Alembic commands ###
    _reference_data()


def _reference_data():
    roles = sa.table("roles", sa.column("nombre"), sa.column("descripcion"), schema="security")
    op.bulk_insert(roles, [
        {"nombre": "Administrador", "descripcion": "Acceso completo al sistema"},
        {"nombre": "Médico", "descripcion": "Acceso a módulos médicos y consultas"},
        {"nombre": "Recepcionista", "descripcion": "Gestión de citas y pacientes"},
        {"nombre": "Facturación", "descripcion": "Acceso a módulos de facturación"},
    ])
    estados = sa.table("estados_cita", sa.column("id"), sa.column("nombre"), sa.column("descripcion"), schema="medical")
    op.bulk_insert(estados, [
        {"id": 1, "nombre": "Nueva", "descripcion": "Cita recién agendada"},
        {"id": 2, "nombre": "Confirmada", "descripcion": "Cita confirmada por el paciente"},
        {"id": 3, "nombre": "En Espera", "descripcion": "Paciente en sala de espera"},
        {"id": 4, "nombre": "Completada", "descripcion": "Consulta finalizada"},
        {"id": 5, "nombre": "Cancelada", "descripcion": "Cita cancelada"},
        {"id": 6, "nombre": "En Consulta", "descripcion": "Paciente en consulta"},
        {"id": 7, "nombre": "No Asistió", "descripcion": "El paciente no se presentó"},
    ])
    op.execute("SELECT setval(pg_get_serial_sequence('medical.estados_cita', 'id'), 7)")
    op.execute("INSERT INTO medical.configuracion_clinica (id) VALUES (1)")


def downgrade():
    # ### commands auto generated by Alembic - please adjust! ###
    with op.batch_alter_table('historial_adendas', schema='medical') as batch_op:
        batch_op.drop_index(batch_op.f('ix_historial_adendas_historial_id'))

    op.drop_table('historial_adendas', schema='medical')
    with op.batch_alter_table('pagos', schema='billing') as batch_op:
        batch_op.drop_index(batch_op.f('ix_pagos_fecha'))
        batch_op.drop_index(batch_op.f('ix_pagos_factura_id'))

    op.drop_table('pagos', schema='billing')
    with op.batch_alter_table('detalle_factura', schema='billing') as batch_op:
        batch_op.drop_index(batch_op.f('ix_detalle_factura_factura_id'))

    op.drop_table('detalle_factura', schema='billing')
    with op.batch_alter_table('historial_medico', schema='medical') as batch_op:
        batch_op.drop_index('ix_historial_medico_paciente_fecha')
        batch_op.drop_index(batch_op.f('ix_historial_medico_medico_id'))
        batch_op.drop_index(batch_op.f('ix_historial_medico_cita_id'))

    op.drop_table('historial_medico', schema='medical')
    with op.batch_alter_table('citas_estados', schema='medical') as batch_op:
        batch_op.drop_index('ix_citas_estados_cita_id')

    op.drop_table('citas_estados', schema='medical')
    with op.batch_alter_table('facturas', schema='billing') as batch_op:
        batch_op.drop_index('uq_facturas_cita_activa', postgresql_where=sa.text("estado <> 'anulada'"))
        batch_op.drop_index('ix_facturas_sucursal_fecha')
        batch_op.drop_index('ix_facturas_paciente_id')
        batch_op.drop_index('ix_facturas_fecha_emision')

    op.drop_table('facturas', schema='billing')
    with op.batch_alter_table('horarios_medicos', schema='medical') as batch_op:
        batch_op.drop_index(batch_op.f('ix_horarios_medicos_sucursal_id'))

    op.drop_table('horarios_medicos', schema='medical')
    with op.batch_alter_table('citas', schema='medical') as batch_op:
        batch_op.drop_index('ix_citas_sucursal_fecha')
        batch_op.drop_index('idx_citas_paciente')
        batch_op.drop_index('idx_citas_medico')
        batch_op.drop_index('idx_citas_fecha')

    op.drop_table('citas', schema='medical')
    with op.batch_alter_table('tokens_revocados', schema='security') as batch_op:
        batch_op.drop_index(batch_op.f('ix_tokens_revocados_expira'))

    op.drop_table('tokens_revocados', schema='security')
    with op.batch_alter_table('auditoria', schema='security') as batch_op:
        batch_op.drop_index('ix_auditoria_usuario_fecha')
        batch_op.drop_index('ix_auditoria_paciente_fecha')
        batch_op.drop_index('ix_auditoria_fecha')

    op.drop_table('auditoria', schema='security')
    with op.batch_alter_table('medicos', schema='medical') as batch_op:
        batch_op.drop_index(batch_op.f('ix_medicos_especialidad_id'))

    op.drop_table('medicos', schema='medical')
    op.drop_table('usuarios', schema='security')
    op.drop_table('series_factura', schema='billing')
    op.drop_table('roles', schema='security')
    with op.batch_alter_table('intentos_login', schema='security') as batch_op:
        batch_op.drop_index('ix_intentos_login_email_fecha')

    op.drop_table('intentos_login', schema='security')
    op.drop_table('sucursales', schema='medical')
    with op.batch_alter_table('pacientes', schema='medical') as batch_op:
        batch_op.drop_index('ix_pacientes_numero_documento_hash')
        batch_op.drop_index('idx_pacientes_nombre_apellido')

    op.drop_table('pacientes', schema='medical')
    op.drop_table('estados_cita', schema='medical')
    op.drop_table('especialidades', schema='medical')
    op.drop_table('configuracion_clinica', schema='medical')
    op.drop_table('servicios', schema='billing')
    # ### end Alembic commands ###
    for schema in reversed(SCHEMAS):
        op.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")
