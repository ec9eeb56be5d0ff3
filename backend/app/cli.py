"""flask commands: seed, create-admin, demo-data, setup, backup, restore, worker, exportar.

Commands that load data in bulk or restore run as the database owner (DATABASE_OWNER_URL), like the
migrations; the web application runs as the application role (docs/operations.md).
"""
import contextlib
import functools
from pathlib import Path

import click
from flask import current_app
from sqlalchemy import Connection, create_engine, text
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.pool import NullPool

from app.extensions import db
from app.services import demo_service, seed_service


@contextlib.contextmanager
def sesion_del_propietario():
    """``db.session`` bound to the owner's connection for the duration of a command."""
    url = current_app.config.get("DATABASE_OWNER_URL")
    if not url or url == current_app.config["SQLALCHEMY_DATABASE_URI"]:
        yield
        return
    if isinstance(db.session.get_bind(), Connection):
        # The session already runs inside a caller's transaction (the test suite's, logged in as the owner and
        # acting as the application role): act as the owner on that same connection.
        rol = db.session.scalar(text("SELECT current_user"))
        db.session.execute(text("RESET ROLE"))
        try:
            yield
        finally:
            db.session.execute(text(f'SET ROLE "{rol}"'))
        return
    opciones = current_app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    # Direct to the server (never through PgBouncer): the connection settings go at start-up (utils/conexiones.py).
    connect_args = current_app.config.get("CONNECT_ARGS_DIRECTOS") or opciones.get("connect_args", {})
    engine = create_engine(url, poolclass=NullPool, hide_parameters=opciones.get("hide_parameters", False),
                           connect_args=connect_args)
    original = db.session
    db.session = scoped_session(sessionmaker(bind=engine, query_cls=db.Query), scopefunc=original.registry.scopefunc)
    try:
        yield
    finally:
        db.session.remove()
        db.session = original
        engine.dispose()


def como_propietario(comando):
    @functools.wraps(comando)
    def envoltura(*args, **kwargs):
        with sesion_del_propietario():
            return comando(*args, **kwargs)

    return envoltura


def register_commands(app):
    register_setup_command(app)
    register_backup_commands(app)
    _register_bench_data(app)
    from app.services import huellas_service

    huellas_service.register_cli(app)  # flask facturas verificar
    from app.services import mfa_service

    mfa_service.register_cli(app)  # flask mfa restablecer

    @app.cli.command("worker")
    @click.option("--pidfile", type=click.Path(), default=None,
                  help="Archivo con el pid del proceso (por defecto var/worker.pid; `make stop` lo usa)")
    @click.option("--lote", default=500, show_default=True, type=click.IntRange(1, 10000),
                  help="Mensajes por transacción hacia el registro")
    def worker(pidfile, lote):
        """Deliver patient messages and schedule reminders until Ctrl+C or SIGTERM (docs/comunicaciones.md)."""
        from config import VAR_DIR

        from app.services.comunicaciones import trabajador

        trabajador.ejecutar(app, Path(pidfile) if pidfile else VAR_DIR / "worker.pid", lote=lote)

    @app.cli.command("programar-recordatorios")
    @click.option("--dias", default=7, show_default=True, type=click.IntRange(1, 31),
                  help="Citas de los próximos días que se cubren")
    def programar_recordatorios(dias):
        """Add now the missing reminders of the coming days' appointments (the worker does it every 5 minutes)."""
        import time
        from datetime import UTC, datetime

        from app.services.comunicaciones import recordatorios

        inicio = time.monotonic()
        nuevos = recordatorios.programar(datetime.now(UTC), dias)
        db.session.commit()
        click.echo(f"Recordatorios programados: {nuevos} en {time.monotonic() - inicio:.3f} s")

    @app.cli.command("exportar")
    @click.option("--formato", type=click.Choice(["fhir"]), default="fhir", show_default=True,
                  help="Formato de la exportación (FHIR R4: un NDJSON por tipo de recurso)")
    @click.option("--directorio", required=True, type=click.Path(file_okay=False),
                  help="Directorio donde se escriben Patient.ndjson, Appointment.ndjson, …")
    @click.option("--lote", default=5000, show_default=True, type=click.IntRange(100, 100_000),
                  help="Filas leídas por vez del cursor del servidor")
    def exportar(formato, directorio, lote):
        """Export the whole clinic for leaving the product: FHIR NDJSON, streamed (docs/fhir.md)."""
        from app.services.fhir import exportacion

        exportacion.ejecutar_comando(directorio, lote=lote, eco=click.echo)

    @app.cli.command("seed")
    @como_propietario
    def seed():
        """Load reference data (roles, appointment states, clinic settings). Idempotent."""
        seed_service.cargar_referencia()
        db.session.commit()
        click.echo("Datos de referencia cargados.")

    @app.cli.command("create-admin")
    @click.option("--email", envvar="ADMIN_EMAIL", required=True, help="Correo del administrador (o ADMIN_EMAIL)")
    @click.option("--password", envvar="ADMIN_PASSWORD", default=None,
                  help="Contraseña (o ADMIN_PASSWORD); si falta se genera una y se muestra una vez")
    @click.option("--nombre", default="Administrador")
    @click.option("--apellido", default="Principal")
    @como_propietario
    def create_admin(email, password, nombre, apellido):
        """Create the first Administrador (does nothing if that email exists)."""
        creado, password_mostrada = seed_service.crear_admin(email, password, nombre, apellido)
        db.session.commit()
        if not creado:
            click.echo(f"El usuario {email} ya existe; no se modificó.")
        elif password_mostrada:
            click.echo(f"Administrador creado: {email}  contraseña: {password_mostrada}  (guárdela: no se volverá a mostrar)")
        else:
            click.echo(f"Administrador creado: {email}")

    @app.cli.command("demo-data")
    @click.option("--pacientes", default=200, show_default=True, help="Número de pacientes a generar")
    @click.option("--si-vacia", is_flag=True, help="Cargar solo si la base no tiene sucursales")
    @como_propietario
    def demo_data(pacientes, si_vacia):
        """Load a small demo clinic (branches, specialties, doctors with schedules, patients, services)."""
        cargado = demo_service.cargar_demo(pacientes=pacientes, solo_si_vacia=si_vacia)
        db.session.commit()
        click.echo("Clínica de demostración cargada." if cargado else "La base ya tiene datos; no se cargó la demostración.")


def register_setup_command(app):
    @app.cli.command("setup")
    @click.option("--demo/--no-demo", default=False, help="Cargar la clínica de demostración si la base está vacía")
    @como_propietario
    def setup(demo):
        """After `flask db upgrade`: reference data, the first administrator and the demo clinic (empty database)."""
        import os

        seed_service.cargar_referencia()
        email, creado, generada = os.environ.get("ADMIN_EMAIL"), False, None
        if email:
            creado, generada = seed_service.crear_admin(email, os.environ.get("ADMIN_PASSWORD"))
        elif not seed_service.hay_administrador():
            email = "admin@clinica.local"
            creado, generada = seed_service.crear_admin(email)
        demo_cargada = demo and demo_service.cargar_demo(solo_si_vacia=True)
        db.session.commit()
        if demo_cargada:
            click.echo(f"Clínica de demostración cargada (usuarios *@demo.local, contraseña: {demo_service.DEMO_PASSWORD}).")
        if creado:
            click.echo(f"Administrador: {email}" + (f"  contraseña: {generada}  (se muestra una sola vez)" if generada else ""))


def register_backup_commands(app):
    from app.services import backup_service

    @app.cli.command("backup")
    @click.argument("destino", required=False)
    def backup(destino):
        """Dump the database (pg_dump custom format, encrypted with BACKUP_KEY) to DESTINO or var/backups/."""
        try:
            ruta = backup_service.respaldar(current_app.config["DATABASE_OWNER_URL"], destino,
                                            current_app.config.get("BACKUP_KEY"))
        except backup_service.RestauracionRechazada as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo(f"Respaldo cifrado guardado en {ruta}")

    @app.cli.command("restore")
    @click.argument("origen")
    @click.option("--forzar", is_flag=True, help="Reemplazar el contenido de una base que no está vacía")
    def restore(origen, forzar):
        """Restore a dump made by `flask backup` into the configured (empty) database."""
        try:
            backup_service.restaurar(current_app.config["DATABASE_OWNER_URL"], origen, forzar,
                                     current_app.config.get("BACKUP_KEY"))
        except backup_service.RestauracionRechazada as exc:
            raise click.ClickException(str(exc)) from exc
        click.echo("Restauración completada.")


def _register_bench_data(app):
    """`flask bench-data` lives in backend/bench_data (benchmark tooling, not part of the app)."""
    try:
        from bench_data.cli import register
    except ImportError:  # the app imported from elsewhere than backend/
        return
    register(app)
