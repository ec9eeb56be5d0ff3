"""Login throttling is counted in PostgreSQL, so it holds across app processes."""
import multiprocessing

import pytest

from tests.factories import PASSWORD


def _fallar_logins(database_url, email, veces, resultados):
    from app import create_app

    app = create_app("testing", SQLALCHEMY_DATABASE_URI=database_url)
    client = app.test_client()
    codigos = [client.post("/api/auth/login", json={"email": email, "password": "equivocada-99"}).status_code
               for _ in range(veces)]
    resultados.put(codigos)


@pytest.mark.committed
def test_failures_in_two_processes_add_up_to_the_limit(app, client, database_url, usuario_factory, db_session):
    usuario = usuario_factory()
    email = usuario.email
    db_session.commit()
    ctx = multiprocessing.get_context("spawn")
    resultados = ctx.Queue()
    procesos = [ctx.Process(target=_fallar_logins, args=(database_url, email, 5, resultados)) for _ in range(2)]
    for p in procesos:
        p.start()
    codigos = [resultados.get(timeout=120) for _ in procesos]
    for p in procesos:
        p.join(timeout=60)
        assert p.exitcode == 0
    assert sorted(c for lote in codigos for c in lote) == [401] * 10
    r = client.post("/api/auth/login", json={"email": email, "password": PASSWORD})
    assert r.status_code == 429
