"""The request limit of the public routes (app/services/limite_publico.py): a fixed-window counter per key in
PostgreSQL, shared by every process; the HTTP side (429 LIMITE, Retry-After) is in test_publico_citas.py."""
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import LimitePublico
from app.services import limite_publico
from app.utils.errors import Limite
from tests.carreras import a_la_vez
from tests.consultas import sentencias_compiladas, sentencias_ejecutadas


def test_the_counters_keep_no_address_and_are_shared_by_route_group(reloj_fijo):
    ahora = reloj_fijo[0]
    assert [limite_publico.contar("publico_citas", "203.0.113.7", ahora=ahora, limite=5) for _ in range(3)] == [1, 2, 3]
    assert limite_publico.contar("recuperar", "203.0.113.7", ahora=ahora, limite=5) == 1
    filas = db.session.execute(select(LimitePublico.clave, LimitePublico.ventana, LimitePublico.cuenta)
                               .order_by(LimitePublico.cuenta)).all()
    assert {f.ventana for f in filas} == {datetime(2031, 3, 4, 10, 15, tzinfo=UTC)}
    assert sorted(f.cuenta for f in filas) == [1, 3]
    assert all("203.0.113.7" not in f.clave and len(f.clave) == 64 for f in filas)


def test_a_count_is_one_statement_on_a_table_without_wal(reloj_fijo):
    """No ``SET LOCAL synchronous_commit`` round trip before it: the table is UNLOGGED (migration 0026), so the
    commit that follows waits for no WAL flush and no synchronous standby."""
    with sentencias_ejecutadas() as sentencias:
        assert limite_publico.contar("publico_citas", "203.0.113.8", ahora=reloj_fijo[0], limite=5) == 1
    assert len(sentencias) == 1 and sentencias[0].startswith("INSERT INTO security.limites_publicos")
    persistencia = db.session.scalar(text("SELECT relpersistence FROM pg_class "
                                          "WHERE oid = 'security.limites_publicos'::regclass"))
    assert persistencia == "u"


def test_a_count_reuses_its_compiled_statement(reloj_fijo):
    """SQLAlchemy's PostgreSQL insert (ON CONFLICT) has no cache key: built with it, the count compiled on every
    request (~0.3 ms of CPU)."""
    limite_publico.contar("publico_citas", "203.0.113.9", ahora=reloj_fijo[0], limite=5)
    with sentencias_compiladas() as compiladas:
        assert limite_publico.contar("publico_citas", "203.0.113.9", ahora=reloj_fijo[0], limite=5) == 2
    assert compiladas == []


def test_longer_windows_count_for_other_keys(reloj_fijo):
    ahora = reloj_fijo[0]
    for _ in range(5):
        limite_publico.contar("recuperar_email", "ana@correo.local", ahora=ahora, limite=5, ventana=timedelta(hours=1))
    with pytest.raises(Limite) as refusal:
        limite_publico.contar("recuperar_email", "ana@correo.local", ahora=ahora + timedelta(minutes=30), limite=5,
                              ventana=timedelta(hours=1))
    assert (refusal.value.status, refusal.value.reason) == (429, "LIMITE")
    assert refusal.value.headers == {"Retry-After": str(14 * 60 + 40)}  # the hour's window ends at 11:00


def test_old_windows_are_cleaned_up_by_the_requests(app, monkeypatch, reloj_fijo):
    ahora = reloj_fijo[0]
    limite_publico.contar("publico_citas", "198.51.100.1", ahora=ahora - timedelta(days=1, minutes=1), limite=5)
    limite_publico.contar("publico_citas", "198.51.100.2", ahora=ahora - timedelta(hours=23), limite=5)
    monkeypatch.setitem(app.config, "PUBLICO_LIMITE_LIMPIEZA", 1.0)
    limite_publico.contar("publico_citas", "198.51.100.3", ahora=ahora, limite=5)
    ventanas = sorted(db.session.scalars(select(LimitePublico.ventana)))
    assert ventanas == [datetime(2031, 3, 3, 11, 15, tzinfo=UTC), datetime(2031, 3, 4, 10, 15, tzinfo=UTC)]


@pytest.mark.committed
def test_requests_counted_by_separate_connections_add_up(app):
    """Two workers (threads with their own connections, as two processes would have) count into one row."""
    ahora = datetime(2031, 3, 4, 10, 15, 20, tzinfo=UTC)

    def contar():
        with app.app_context():
            cuentas = [limite_publico.contar("publico_citas", "203.0.113.9", ahora=ahora, limite=1000)
                       for _ in range(25)]
            db.session.remove()
        return cuentas

    cuentas = [cuenta for propias in a_la_vez([contar, contar]) for cuenta in propias]  # raises a thread's error
    assert sorted(cuentas) == list(range(1, 51))
    assert db.session.scalar(select(LimitePublico.cuenta)) == 50
