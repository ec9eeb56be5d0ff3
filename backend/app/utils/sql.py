"""Small SQL helpers."""
import functools

from sqlalchemy import bindparam, select
from sqlalchemy.orm.util import identity_key
from sqlalchemy.orm.attributes import instance_state


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


def bloqueo_consultivo(espacio: int, *claves: str):
    """Transaction-level advisory locks on ``claves`` in the namespace ``espacio``: the transactions that take one of
    the same keys run one after the other (released at commit or rollback). Several keys are taken in one statement
    in the order of the locks' own numbers, so two transactions taking overlapping sets queue and never deadlock."""
    from sqlalchemy import text

    from app.extensions import db

    if claves:
        # The subquery's ORDER BY keeps it from being merged into the outer query: the locks are taken in that order.
        db.session.execute(text(
            "SELECT pg_advisory_xact_lock(:ns, k) FROM (SELECT DISTINCT hashtext(c) AS k"
            " FROM unnest(CAST(:claves AS text[])) AS c ORDER BY k) AS en_orden"), {"ns": espacio, "claves": list(claves)})


@functools.cache
def _por_id(modelo):
    clave, = modelo.__mapper__.primary_key
    return select(modelo).where(clave == bindparam("id"))


def por_id(modelo, id_):
    """``db.session.get(modelo, id_)`` (a one-column key) with its statement built once: Session.get builds,
    annotates and keys a new statement on every load (~0.2 ms of CPU; docs/performance.md, «Novena pasada»). An
    object the session already holds is returned without a query, as Session.get does; an expired one is left to
    Session.get, which refreshes it (and answers None when its row is gone)."""
    from app.extensions import db

    sesion = db.session()
    presente = sesion.identity_map.get(identity_key(modelo, id_))
    if presente is not None:
        return presente if not instance_state(presente).expired else sesion.get(modelo, id_)
    return sesion.scalars(_por_id(modelo), {"id": id_}).one_or_none()
