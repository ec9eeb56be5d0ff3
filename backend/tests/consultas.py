"""The query counter shared by the tests that check a request's statements do not grow with the data."""
from contextlib import contextmanager

from sqlalchemy import event

from app.extensions import db


@contextmanager
def sentencias_ejecutadas():
    """The SQL statements run inside the block, as a list filled while it runs; the savepoints that the test
    fixtures add around each commit are left out (they are not the application's)."""
    sentencias = []

    def anotar(conn, cursor, statement, *args):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE")):
            sentencias.append(statement)

    event.listen(db.engine, "before_cursor_execute", anotar)
    try:
        yield sentencias
    finally:
        event.remove(db.engine, "before_cursor_execute", anotar)


def contar_consultas(fn):
    """How many statements ``fn()`` runs."""
    with sentencias_ejecutadas() as sentencias:
        fn()
    return len(sentencias)
