"""Test fixtures: a real PostgreSQL database built by the migrations once per run; each test runs
inside a transaction that is rolled back (or, for tests marked ``committed``, commits for real and
the tables are truncated afterwards)."""
import os
import subprocess
import uuid
from pathlib import Path

import psycopg2
import pytest
from sqlalchemy.engine import make_url
from sqlalchemy.orm import scoped_session, sessionmaker

ROOT = Path(__file__).resolve().parents[2]


def _server_url():
    if os.environ.get("TEST_DATABASE_URL"):
        return os.environ["TEST_DATABASE_URL"], False
    subprocess.run([str(ROOT / "scripts" / "localpg.sh"), "start"], check=True)
    from config import embedded_database_url

    # A database of its own for this run, so several runs can share the embedded server.
    return embedded_database_url(f"clinica_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"), True


def _admin_execute(url, sql):
    conn = psycopg2.connect(make_url(url).set(database="postgres").render_as_string(hide_password=False))
    conn.autocommit = True
    try:
        conn.cursor().execute(sql)
    finally:
        conn.close()


@pytest.fixture(scope="session")
def database_url():
    url, own = _server_url()
    name = make_url(url).database
    if own:
        _admin_execute(url, f'CREATE DATABASE "{name}"')
    yield url
    if own:
        _admin_execute(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def app(database_url):
    from flask_migrate import upgrade

    from app import create_app

    application = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    with application.app_context():
        upgrade()
    yield application
    with application.app_context():
        from app.extensions import db

        db.engine.dispose()


@pytest.fixture(autouse=True)
def db_session(request, app):
    """Every test runs in a transaction rolled back at the end; the app's commits become savepoints."""
    from app.extensions import db

    if request.node.get_closest_marker("committed"):
        with app.app_context():
            yield db.session
            db.session.remove()
            truncate_all()
        return
    with app.app_context():
        connection = db.engine.connect()
        transaction = connection.begin()
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


def truncate_all():
    """Empty every application table and reload the reference data (after committed tests)."""
    from sqlalchemy import text

    from app.extensions import db
    from app.services import seed_service

    tablas = ", ".join(f"{t.schema}.{t.name}" for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {tablas} RESTART IDENTITY CASCADE"))
    db.session.commit()
    seed_service.cargar_referencia()
    db.session.commit()


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


from tests.factories import *  # noqa: E402,F401,F403  (factory fixtures)
