"""Test fixtures: a real PostgreSQL database built by the migrations once per run; each test runs
inside a transaction that is rolled back (or, for tests marked ``committed``, commits for real and
the tables are truncated afterwards).

Two roles, as in production: the migrations (and the truncation between committed tests) run as the
database owner (``database_url``); the application runs as the application role (``app_database_url``:
the embedded cluster's ``clinica_app``, or ``TEST_DATABASE_APP_URL`` beside ``TEST_DATABASE_URL``).
A rolled-back test's connection logs in as the owner and runs ``SET ROLE`` to the application role for the
whole test, so every privilege check is the application role's; ``como_dueno()`` steps back to the owner
for what only the owner (or a superuser) could do behind the application's back.
"""
import contextlib
import os
import subprocess
import uuid
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker
from sqlalchemy.pool import NullPool

from bench_data.cli import sql_en_servidor

ROOT = Path(__file__).resolve().parents[2]

# The files whose tests take minutes run first: `make test` runs two pytest-xdist workers that take whole files
# (--dist loadfile) in this order, so one of them starts the fuzzer while the other goes through the rest, instead
# of the whole run waiting for it at the end.
LARGOS = ("test_fuzz_api.py",)


def pytest_collection_modifyitems(items):
    items.sort(key=lambda item: item.path.name not in LARGOS)  # stable: the rest keep their order


def _server_url():
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"], False
    subprocess.run([str(ROOT / "scripts" / "localpg.sh"), "start"], check=True)
    from config import embedded_database_url

    # A database of its own for this run, so several runs can share the embedded server.
    return embedded_database_url(f"clinica_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"), True


def _app_credentials():
    """(user, password) of the application role on the test server."""
    if os.environ.get("TEST_DATABASE_URL"):
        if not os.environ.get("TEST_DATABASE_APP_URL"):
            raise RuntimeError("Con TEST_DATABASE_URL defina también TEST_DATABASE_APP_URL (el rol de la aplicación, "
                               "sin privilegios de propietario) en el mismo servidor")
        app = make_url(os.environ["TEST_DATABASE_APP_URL"])
        return app.username, app.password
    from config import EMBEDDED_APP, VAR_DIR

    return EMBEDDED_APP[0], (VAR_DIR / EMBEDDED_APP[1]).read_text().strip()


def url_app(url):
    """The same database as ``url`` for the application role, when ``url`` is on the test server (a server of
    a test's own, like the restart test's, has one role only: the URL is returned as it is)."""
    u, base = make_url(url), make_url(_server_url_base())
    if (u.host, u.port) != (base.host, base.port) or u.username != base.username:
        return url
    usuario, password = _app_credentials()
    return u.set(username=usuario, password=password).render_as_string(hide_password=False)


def _server_url_base():
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"]
    from config import embedded_database_url

    return embedded_database_url("postgres")


@pytest.fixture(scope="session")
def database_url():
    url, own = _server_url()
    name = make_url(url).database
    if own:
        sql_en_servidor(url, f'CREATE DATABASE "{name}"')
    yield url
    if own:
        sql_en_servidor(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app_database_url(database_url):
    return url_app(database_url)


@pytest.fixture(scope="session")
def app(database_url, app_database_url):
    from flask_migrate import upgrade

    from app import create_app

    application = create_app("testing", SQLALCHEMY_DATABASE_URI=app_database_url, DATABASE_OWNER_URL=database_url)
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()


@pytest.fixture(scope="session")
def owner_engine(app, database_url):
    """The owner's connections, with the app's connection settings (the data key among them)."""
    opciones = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    engine = create_engine(database_url, poolclass=NullPool, hide_parameters=opciones.get("hide_parameters", False),
                           connect_args=opciones["connect_args"])
    yield engine
    engine.dispose()


@contextlib.contextmanager
def como_dueno(session=None):
    """Inside a rolled-back test: run the block as the owner (what someone holding the owner's or a superuser's
    password could do), then go back to the application role."""
    from app.extensions import db

    session = session or db.session
    rol = session.scalar(text("SELECT current_user"))
    session.execute(text("RESET ROLE"))
    try:
        yield session
    finally:
        session.execute(text(f'SET ROLE "{rol}"'))


@pytest.fixture(autouse=True)
def db_session(request, app, owner_engine):
    """Every test runs in a transaction rolled back at the end; the app's commits become savepoints."""
    from app.extensions import db

    if request.node.get_closest_marker("committed"):
        with app.app_context():
            yield db.session
            db.session.remove()
            truncate_all(owner_engine)
        return
    with app.app_context():
        connection = owner_engine.connect()
        transaction = connection.begin()
        connection.execute(text(f'SET ROLE "{app.config["DATABASE_APP_ROLE"]}"'))  # undone by the rollback
        original = db.session
        # A plain Session: Flask-SQLAlchemy's own one would pick the engine and ignore this connection.
        factory = sessionmaker(bind=connection, join_transaction_mode="create_savepoint", query_cls=db.Query)
        db.session = scoped_session(factory, scopefunc=original.registry.scopefunc)
        try:
            yield db.session
        finally:
            db.session.remove()
            db.session = original
            transaction.rollback()
            connection.close()


# Reference data that a migration seeds and the application can only read: kept, never emptied.
CATALOGOS_DE_MIGRACION = {"medical.condiciones_dentales"}


def truncate_all(owner_engine):
    """Empty every application table and reload the reference data (after committed tests), as the owner:
    the application role may not truncate (and never empties the audit log)."""
    from app.extensions import db
    from app.services import auditoria_service, seed_service

    auditoria_service.olvidar_reserva()  # ids reserved before the sequences restart would be drawn again
    tablas = ", ".join(f"{t.schema}.{t.name}" for t in db.metadata.sorted_tables
                       if f"{t.schema}.{t.name}" not in CATALOGOS_DE_MIGRACION)
    with owner_engine.connect() as connection:
        connection.execute(text(f"TRUNCATE {tablas} RESTART IDENTITY CASCADE"))
        original = db.session
        db.session = scoped_session(sessionmaker(bind=connection, query_cls=db.Query,
                                                 join_transaction_mode="create_savepoint"),
                                    scopefunc=original.registry.scopefunc)
        try:
            seed_service.cargar_referencia()
            db.session.commit()
        finally:
            db.session.remove()
            db.session = original
        connection.commit()


@pytest.fixture
def client(app):
    return app.test_client()


from tests.sesion import token_de  # noqa: E402


class ApiClient:
    """A test client that sends a user's bearer token and JSON bodies."""

    def __init__(self, client, usuario=None, token=None):
        self.client = client
        self.usuario = usuario
        self.token = token or (token_de(usuario) if usuario is not None else None)

    def _headers(self, headers):
        merged = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        merged.update(headers or {})
        return merged

    def get(self, url, headers=None, **kw):
        return self.client.get(url, headers=self._headers(headers), **kw)

    def post(self, url, json=None, headers=None, **kw):
        return self.client.post(url, json=json, headers=self._headers(headers), **kw)

    def patch(self, url, json=None, headers=None, **kw):
        return self.client.patch(url, json=json, headers=self._headers(headers), **kw)

    def put(self, url, json=None, headers=None, **kw):
        return self.client.put(url, json=json, headers=self._headers(headers), **kw)

    def delete(self, url, headers=None, **kw):
        return self.client.delete(url, headers=self._headers(headers), **kw)


@pytest.fixture
def api_as(client, usuario_factory):
    """api_as("Recepcionista", sucursal=s) → an ApiClient authenticated as a new user of that role."""

    def make(rol="Administrador", **kwargs):
        return ApiClient(client, usuario_factory(rol=rol, **kwargs))

    return make


@pytest.fixture
def as_admin(api_as):
    return api_as("Administrador")


@pytest.fixture
def anonimo(client):
    return ApiClient(client)


@pytest.fixture
def reloj_fijo(monkeypatch):
    """The public routes' limiter (app/services/limite_publico.py) with its clock stopped 20 s into a minute, so that
    a test's requests fall in one window; a one-item list: the test moves the clock by replacing ``reloj_fijo[0]``."""
    from app.services import limite_publico

    ahora = [datetime(2031, 3, 4, 10, 15, 20, tzinfo=UTC)]
    monkeypatch.setattr(limite_publico, "reloj", lambda: ahora[0])
    return ahora


from tests.factories import *  # noqa: E402,F401,F403  (factory fixtures)
from tests.odontologia_util import dental  # noqa: E402,F401  (fixture of the dentistry tests)
