"""Small SQL helpers."""


def contiene(texto: str) -> str:
    """ILIKE pattern matching ``texto`` anywhere, with % _ and \\ taken literally."""
    escapado = texto.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escapado}%"


def sin_limite_de_tiempo():
    """Lift the per-statement timeout meant for web requests, for a CLI command that reads whole tables."""
    from sqlalchemy import text

    from app.extensions import db

    db.session.execute(text("SET statement_timeout = 0"))


def ejecutar(stmt, parametros=None):
    """Run a Core select of columns on the session's connection (same transaction) and return its result.
    Lists built from rows use it: the ORM's result handling costs ~0.4 ms per statement and adds nothing there."""
    from app.extensions import db

    # The statement picks the connection: inside a replica view (utils/conexiones.py) a read goes to the replica.
    return db.session.connection(bind_arguments={"clause": stmt}).execute(stmt, parametros)


def bloqueo_consultivo(espacio: int, clave: str):
    """A transaction-level advisory lock on ``clave`` in the namespace ``espacio``: the transactions that take it
    for the same key run one after the other (released at commit or rollback)."""
    from sqlalchemy import text

    from app.extensions import db

    db.session.execute(text("SELECT pg_advisory_xact_lock(:ns, hashtext(:clave))"), {"ns": espacio, "clave": clave})
