"""The query counter shared by the tests that check a request's statements do not grow with the data."""
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.interfaces import CacheStats

_AJENAS = ("SAVEPOINT", "RELEASE", "ROLLBACK TO", "SELECT NEXTVAL('SECURITY.AUDITORIA_ID_SEQ')")


def sentencias_ejecutadas():
    """The SQL statements run inside the block (whitespace collapsed), as a list filled while it runs. Left out:
    the savepoints that the test fixtures add around each commit (they are not the application's), and the audit
    log's id reservation (one round trip per block of ids, auditoria_service.RESERVA_BLOQUE: it falls on whichever
    request finds the process's block used up or stale, so counting it would make two equal requests differ).

    It listens on every engine: a rolled-back test's session runs on the owner engine's connection (see
    conftest.db_session), a committed test's on the application's engine."""
    return _anotadas(lambda context: True)


def sentencias_compiladas():
    """The statements SQLAlchemy compiled inside the block instead of taking them from its cache (a statement
    without a cache key compiles on every execution), as a list filled while it runs; left out as in
    ``sentencias_ejecutadas``. Run the code once before the block: a first execution always compiles."""
    return _anotadas(lambda context: context.compiled is not None and context.cache_hit is not CacheStats.CACHE_HIT)


@contextmanager
def _anotadas(incluir):
    anotadas = []

    def anotar(conn, cursor, statement, parameters, context, executemany):
        sentencia = " ".join(statement.split())
        if not sentencia.upper().startswith(_AJENAS) and incluir(context):
            anotadas.append(sentencia)

    event.listen(Engine, "before_cursor_execute", anotar)
    try:
        yield anotadas
    finally:
        event.remove(Engine, "before_cursor_execute", anotar)


def contar_consultas(fn):
    """How many statements ``fn()`` runs."""
    with sentencias_ejecutadas() as sentencias:
        fn()
    return len(sentencias)
