"""One transaction on the bench's autocommit statistics connection."""
from contextlib import contextmanager


@contextmanager
def transaccion(conn):
    """A cursor in one transaction of ``conn``: committed at the end, rolled back on any error, and the connection
    back to autocommit either way."""
    conn.autocommit = False
    try:
        with conn.cursor() as cur:
            yield cur
        conn.commit()
    except BaseException:
        conn.rollback()
        raise
    finally:
        conn.autocommit = True
