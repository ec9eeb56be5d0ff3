"""Login throttling: per address, per account with growing delays, atomic under bursts, a cap on hashing."""
import threading
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text, update

from app.extensions import db
from app.models import IntentoLogin
from app.services import limite_login
from tests.carreras import a_la_vez
from tests.factories import PASSWORD


def login(client, email, password=PASSWORD, ip="127.0.0.1", **kw):
    return client.post("/api/auth/login", json={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": ip}, **kw)


def envejecer(segundos, **filtro):
    """Move the matching attempts ``segundos`` into the past (the clock of the throttling is the rows')."""
    condiciones = [getattr(IntentoLogin, k) == v for k, v in filtro.items()]
    db.session.execute(update(IntentoLogin).where(*condiciones)
                       .values(fecha=IntentoLogin.fecha - timedelta(seconds=segundos)))
    db.session.commit()


# --- per address ----------------------------------------------------------------------------------------

def test_fifty_failures_from_one_address_close_it_even_for_other_accounts(app, client, usuario_factory):
    usuario = usuario_factory()
    limite = app.config["LOGIN_IP_MAX_FAILURES"]
    assert limite == 50
    for i in range(limite):  # password spraying: one try per account
        assert login(client, f"rociado{i}@prueba.local", "equivocada-123", ip="203.0.113.7").status_code == 401
    r = login(client, usuario.email, ip="203.0.113.7")
    assert r.status_code == 429
    assert r.json["reason"] == "DEMASIADOS_INTENTOS" and r.json["code"] == 429 and "dirección" in r.json["message"]
    assert 800 < int(r.headers["Retry-After"]) <= 900
    # another address is not affected
    assert login(client, usuario.email, ip="198.51.100.4").status_code == 200


def test_the_address_opens_again_when_its_failures_leave_the_window(app, client, usuario_factory):
    usuario = usuario_factory()
    for i in range(50):
        login(client, f"rociado{i}@prueba.local", "equivocada-123", ip="203.0.113.8")
    assert login(client, usuario.email, ip="203.0.113.8").status_code == 429
    envejecer(15 * 60 + 1, ip="203.0.113.8")
    assert login(client, usuario.email, ip="203.0.113.8").status_code == 200


def test_x_forwarded_for_is_ignored_without_a_proxy(client, usuario_factory):
    usuario = usuario_factory()
    for i in range(50):
        login(client, f"rociado{i}@prueba.local", "equivocada-123", ip="203.0.113.9",
              headers={"X-Forwarded-For": f"10.0.{i}.1"})
    # a forged header does not give the attacker a fresh address
    r = login(client, usuario.email, ip="203.0.113.9", headers={"X-Forwarded-For": "10.9.9.9"})
    assert r.status_code == 429
    assert db.session.scalar(select(func.count()).where(IntentoLogin.ip == "203.0.113.9")) == 50


def test_behind_a_proxy_the_forwarded_address_is_counted(app, usuario_factory):
    from app import create_app

    detras = create_app("testing", SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                        DATABASE_OWNER_URL=app.config.get("DATABASE_OWNER_URL"), PROXY_FIX_HOPS=1)
    try:
        client = detras.test_client()
        usuario = usuario_factory()
        for i in range(50):
            login(client, f"rociado{i}@prueba.local", "equivocada-123", ip="192.0.2.1",
                  headers={"X-Forwarded-For": "203.0.113.50"})
        assert db.session.scalar(select(func.count()).where(IntentoLogin.ip == "203.0.113.50")) == 50
        assert login(client, usuario.email, ip="192.0.2.1", headers={"X-Forwarded-For": "203.0.113.50"}).status_code == 429
        # the proxy's other clients are not affected
        assert login(client, usuario.email, ip="192.0.2.1", headers={"X-Forwarded-For": "203.0.113.51"}).status_code == 200
    finally:
        with detras.app_context():
            db.engine.dispose()


# --- per account: growing delays ------------------------------------------------------------------------

def test_the_delay_after_ten_failures_doubles_with_each_further_failure(client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(10):
        assert login(client, usuario.email, "equivocada-123").status_code == 401
    r = login(client, usuario.email)
    assert r.status_code == 429 and r.json["reason"] == "DEMASIADOS_INTENTOS"
    assert 55 <= int(r.headers["Retry-After"]) <= 60
    # refusals are not failures: waiting the minute is enough
    envejecer(61, email=usuario.email)
    assert login(client, usuario.email, "equivocada-123").status_code == 401  # the 11th failure
    r = login(client, usuario.email)
    assert r.status_code == 429 and 115 <= int(r.headers["Retry-After"]) <= 120
    envejecer(121, email=usuario.email)
    assert login(client, usuario.email, "equivocada-123").status_code == 401  # the 12th
    assert 235 <= int(login(client, usuario.email).headers["Retry-After"]) <= 240
    envejecer(241, email=usuario.email)
    assert login(client, usuario.email).status_code == 200


def test_the_delay_stops_growing_at_the_maximum(app, client, usuario_factory):
    usuario = usuario_factory()
    db.session.add_all(IntentoLogin(email=usuario.email, ip="203.0.113.20", exito=False) for _ in range(30))
    db.session.commit()
    r = login(client, usuario.email)
    assert r.status_code == 429
    assert int(r.headers["Retry-After"]) == app.config["LOGIN_DELAY_MAX"].total_seconds() == 900


def test_the_owner_logs_in_from_a_known_address_while_an_attacker_is_delayed(client, usuario_factory):
    usuario = usuario_factory()
    assert login(client, usuario.email, ip="198.51.100.10").status_code == 200  # the clinic's address
    for _ in range(15):
        login(client, usuario.email, "equivocada-123", ip="203.0.113.66")
    assert login(client, usuario.email, ip="203.0.113.66").status_code == 429  # the attacker
    assert login(client, usuario.email, ip="203.0.113.67").status_code == 429  # any unknown address
    assert login(client, usuario.email, ip="198.51.100.10").status_code == 200  # the owner


def test_failures_from_the_known_address_itself_still_delay_it(client, usuario_factory):
    usuario = usuario_factory()
    assert login(client, usuario.email, ip="198.51.100.11").status_code == 200
    for _ in range(10):
        login(client, usuario.email, "equivocada-123", ip="198.51.100.11")
    assert login(client, usuario.email, ip="198.51.100.11").status_code == 429


def test_once_the_attacker_stops_the_owner_gets_in_from_anywhere(client, usuario_factory):
    usuario = usuario_factory()
    for _ in range(40):
        login(client, usuario.email, "equivocada-123", ip="203.0.113.70")
        envejecer(1000, email=usuario.email)  # the attacker waits out every delay
    assert login(client, usuario.email, ip="203.0.113.71").status_code == 200


def test_a_refused_attempt_is_audited_and_not_counted(client, usuario_factory, db_session):
    from app.models import Auditoria

    usuario = usuario_factory()
    for _ in range(10):
        login(client, usuario.email, "equivocada-123")
    for _ in range(3):
        assert login(client, usuario.email).status_code == 429
    assert db_session.scalar(select(func.count()).where(IntentoLogin.email == usuario.email)) == 10
    assert db_session.scalar(select(func.count()).where(Auditoria.accion == "login_bloqueado")) == 3


# --- atomic check-and-count -----------------------------------------------------------------------------

def _rafaga(app, peticiones):
    """Send the requests from as many threads at once; their status codes."""
    def enviar(cuerpo, ip):
        return lambda: app.test_client().post("/api/auth/login", json=cuerpo,
                                              environ_base={"REMOTE_ADDR": ip}).status_code

    return a_la_vez([enviar(*p) for p in peticiones], timeout=120)


@pytest.mark.committed
def test_a_burst_on_one_account_gets_exactly_the_allowed_failures(app, usuario_factory, db_session):
    usuario = usuario_factory()
    db_session.commit()
    codigos = _rafaga(app, [({"email": usuario.email, "password": "equivocada-123"}, f"203.0.113.{i}")
                            for i in range(25)])
    assert sorted(codigos) == [401] * 10 + [429] * 15
    assert db_session.scalar(select(func.count()).where(IntentoLogin.email == usuario.email)) == 10


@pytest.mark.committed
def test_a_burst_from_one_address_gets_exactly_the_allowed_failures(app, db_session):
    anterior = app.config["LOGIN_IP_MAX_FAILURES"]
    app.config["LOGIN_IP_MAX_FAILURES"] = 8
    try:
        codigos = _rafaga(app, [({"email": f"rafaga{i}@prueba.local", "password": "equivocada-123"}, "203.0.113.99")
                                for i in range(24)])
    finally:
        app.config["LOGIN_IP_MAX_FAILURES"] = anterior
    assert sorted(codigos) == [401] * 8 + [429] * 16
    assert db_session.scalar(select(func.count()).where(IntentoLogin.ip == "203.0.113.99")) == 8


# --- the cap on hashing ---------------------------------------------------------------------------------

def test_hashes_wait_for_a_turn_per_process(app, monkeypatch):
    # The per-process semaphore alone: the deployment's slots are locks in each request's transaction, and these
    # threads share the test's one connection.
    monkeypatch.setitem(app.config, "LOGIN_HASH_SLOTS", 0)
    dentro, maximo, cerrojo = [0], [0], threading.Lock()

    def hashear():
        with app.app_context(), limite_login.turno_de_hash():
            with cerrojo:
                dentro[0] += 1
                maximo[0] = max(maximo[0], dentro[0])
            threading.Event().wait(0.15)
            with cerrojo:
                dentro[0] -= 1

    a_la_vez([hashear] * 6)
    assert maximo[0] == app.config["LOGIN_HASH_PER_PROCESS"] == 2


def test_with_every_slot_of_the_deployment_taken_a_login_answers_503(app, client, usuario_factory):
    usuario = usuario_factory()
    ranuras = app.config["LOGIN_HASH_SLOTS"]
    otro_proceso = db.engine.connect()  # what the other app processes hold while they hash
    app.config["LOGIN_HASH_WAIT_S"] = 0.3
    try:
        for r in range(ranuras):
            otro_proceso.execute(text("SELECT pg_advisory_lock(:ns, :r)"), {"ns": limite_login._NS_HASH, "r": r})
        ocupado = login(client, usuario.email)
        assert ocupado.status_code == 503
        assert ocupado.json["reason"] == "SERVIDOR_OCUPADO" and ocupado.headers["Retry-After"] == "1"
        otro_proceso.execute(text("SELECT pg_advisory_unlock(:ns, 0)"), {"ns": limite_login._NS_HASH})
        assert login(client, usuario.email).status_code == 200
    finally:
        app.config["LOGIN_HASH_WAIT_S"] = 5.0
        otro_proceso.execute(text("SELECT pg_advisory_unlock_all()"))
        otro_proceso.close()
