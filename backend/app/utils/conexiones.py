"""Connections beyond one database server (docs/escalado.md).

- **A dropped connection is retried once.** The pool does not ping before each checkout (a round trip on every
  request); connections are replaced after ``pool_recycle`` seconds instead. A request whose first statement on a
  newly checked-out connection finds it dropped by the server (a restart, a failover) — or whose replica read
  fails — is dispatched once more, before anything was committed; SQLAlchemy has by then discarded the pool's
  older connections. Anything else the database refuses answers 503 with Retry-After (utils/errors.py).
- **PgBouncer in transaction mode** (``DATABASE_POOLER=transaccion``): PgBouncer does not pass start-up
  ``options`` on, and a server connection serves another client after each transaction, so the settings the
  engine would send at start-up (statement_timeout, lock_timeout, the data key…) are set with
  ``set_config(…, true)`` (SET LOCAL) as the first statement of every transaction.
- **A read replica** (``DATABASE_REPLICA_URL``): views decorated with ``lee_de_replica`` send their reads
  (SELECTs) to the replica while it is up and less than ``REPLICA_MAX_LAG_S`` behind; writes (flushes, DML,
  ``nextval``, locks) go to the primary. Read-your-writes: a request that committed a write answers the
  primary's WAL position after its commit (cookie ``clinica_lsn`` and header ``X-Clinica-LSN``); a later
  request carrying it reads from the replica only once the replica has replayed that position, from whichever
  app process or host it reaches.
"""
import contextlib
import functools
import logging
import re
import threading
import time

from flask import current_app, g, has_request_context, request
from flask_sqlalchemy.session import Session
from sqlalchemy import event, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.sql import Select
from sqlalchemy.sql.elements import TextClause

log = logging.getLogger(__name__)

REPLICA = "replica"
COOKIE_LSN = "clinica_lsn"
CABECERA_LSN = "X-Clinica-LSN"
CABECERA_ORIGEN = "X-Clinica-Lectura"
# How long a replica's state (up, lag, replayed position) is trusted before it is asked again, per process.
COMPROBAR_CADA_S = 1.0
ESCRITURAS = ("POST", "PUT", "PATCH", "DELETE")


# --- configuration (before the engines exist) ----------------------------------------------------------------

def _ajustes(opciones: str) -> dict:
    """``-c name=value`` pairs of libpq's ``options`` (backslash escapes undone)."""
    ajustes = {}
    for par in re.findall(r"-c\s+((?:\\.|[^\s\\])+)", opciones or ""):
        nombre, _, valor = re.sub(r"\\(.)", r"\1", par).partition("=")
        ajustes[nombre] = valor
    return ajustes


def configurar(config):
    """Engine options for PgBouncer's transaction mode and the replica's engine (Config.init_app)."""
    opciones = dict(config["SQLALCHEMY_ENGINE_OPTIONS"])
    connect_args = dict(opciones.get("connect_args") or {})
    config["AJUSTES_POR_TRANSACCION"] = None
    # The owner's commands (migrations, setup, backups) connect to the server directly, settings at start-up.
    config["CONNECT_ARGS_DIRECTOS"] = dict(connect_args)
    if config.get("DATABASE_POOLER") == "transaccion":
        config["AJUSTES_POR_TRANSACCION"] = _ajustes(connect_args.pop("options", ""))
        opciones["connect_args"] = connect_args
        config["SQLALCHEMY_ENGINE_OPTIONS"] = opciones
    if config.get("DATABASE_REPLICA_URL"):
        # A replica that does not answer is given up on quickly: the primary can serve the read.
        config["SQLALCHEMY_BINDS"] = {**(config.get("SQLALCHEMY_BINDS") or {}), REPLICA: {
            **opciones, "url": config["DATABASE_REPLICA_URL"], "pool_size": 5, "max_overflow": 5,
            "connect_args": {**connect_args, "connect_timeout": 2}}}


# --- the session: reads of a replica view go to the replica ---------------------------------------------------

_ESCRIBE = re.compile(r"\b(for\s+(no\s+key\s+)?update|for\s+(key\s+)?share|nextval|setval|pg_advisory\w*|set_config|"
                      r"pg_notify|insert\s+into|delete\s+from|update\s+[\w.\"]+\s+set)\b", re.IGNORECASE)


def es_lectura(clausula) -> bool:
    """A statement a hot standby can run: a SELECT without row locks, sequences or writes in it."""
    if isinstance(clausula, Select):
        return clausula._for_update_arg is None
    if isinstance(clausula, TextClause):
        sql = clausula.text.lstrip().lower()
        return sql.startswith(("select", "with")) and not _ESCRIBE.search(sql)
    return False


class SesionEnrutada(Session):
    """Flask-SQLAlchemy's session; inside a ``lee_de_replica`` view its reads use the replica's engine."""

    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if (bind is None and has_request_context() and g.get("_lectura") == REPLICA and not self._flushing
                and es_lectura(clause)):
            return self._db.engines[REPLICA]
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)


# --- the replica's state ----------------------------------------------------------------------------------------

_SONDA = text("""
SELECT pg_is_in_recovery(),
       (CASE WHEN pg_is_in_recovery() THEN pg_last_wal_replay_lsn() ELSE pg_current_wal_lsn() END)::text,
       CASE WHEN NOT pg_is_in_recovery() OR pg_last_wal_receive_lsn() IS NULL
                 OR pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn() THEN 0
            ELSE coalesce(extract(epoch FROM clock_timestamp() - pg_last_xact_replay_timestamp()), 0) END""")


def lsn_a_entero(lsn: str | None) -> int | None:
    """PostgreSQL's ``X/Y`` WAL position as one integer (None when absent or malformed)."""
    if not lsn or "/" not in lsn:
        return None
    alto, _, bajo = lsn.partition("/")
    try:
        return (int(alto, 16) << 32) | int(bajo, 16)
    except ValueError:
        return None


class EstadoReplica:
    """What this process last learnt of the replica: "ok", "atrasada" (more than REPLICA_MAX_LAG_S behind) or
    "caida" (no answer), the lag in seconds and the WAL position it has replayed."""

    def __init__(self):
        self._cerrojo = threading.Lock()
        self.estado, self.lag_s, self.lsn, self.cuando = "caida", None, 0, 0.0

    def marcar_caida(self):
        self.estado, self.lag_s, self.cuando = "caida", None, time.monotonic()

    def comprobar(self, forzar=False):
        if not forzar and time.monotonic() - self.cuando < COMPROBAR_CADA_S:
            return self
        with self._cerrojo:
            if not forzar and time.monotonic() - self.cuando < COMPROBAR_CADA_S:
                return self  # another thread asked meanwhile
            from app.extensions import db

            try:
                with db.engines[REPLICA].connect() as conexion:
                    _, lsn, lag = conexion.execute(_SONDA).one()
            except DBAPIError as exc:
                log.warning("réplica no disponible: %s", type(exc.orig).__name__)
                self.marcar_caida()
                return self
            lag = round(float(lag), 3)
            maximo = current_app.config["REPLICA_MAX_LAG_S"]
            self.estado, self.lag_s, self.lsn = ("atrasada" if lag > maximo else "ok"), lag, lsn_a_entero(lsn) or 0
            self.cuando = time.monotonic()
        return self


def estado_replica(forzar=False):
    """The replica's EstadoReplica (checked at most once a second unless ``forzar``); None without a replica."""
    if not current_app.config.get("DATABASE_REPLICA_URL"):
        return None
    return current_app.extensions["clinica_replica"].comprobar(forzar)


def _lsn_del_cliente():
    return lsn_a_entero(request.headers.get(CABECERA_LSN) or request.cookies.get(COOKIE_LSN))


def usar_replica() -> bool:
    """Whether this request may read from the replica: it is up, not lagging, and has replayed this client's
    last write (if the client wrote recently)."""
    estado = estado_replica()
    if estado is None or estado.estado != "ok":
        return False
    propio = _lsn_del_cliente()
    if propio is not None and propio > estado.lsn:
        estado = estado_replica(forzar=True)  # it may have caught up since it was last asked
        return estado.estado == "ok" and propio <= estado.lsn
    return True


def conexion_de_replica(**opciones):
    """For a command's long read (``flask exportar``): the session's connection to the replica, without the
    statement timeout, when one is configured and usable (else None: read from the primary). Part of the session's
    transaction: committed or rolled back with it."""
    estado = estado_replica(forzar=True)
    if estado is None or estado.estado != "ok":
        return None
    from app.extensions import db

    conexion = db.session.connection(bind_arguments={"bind": db.engines[REPLICA]}, execution_options=opciones)
    conexion.execute(text("SET LOCAL statement_timeout = 0"))
    return conexion


def lee_de_replica(vista):
    """Reports, exports and the audit list: their reads may be served by the replica (see the module's doc)."""

    @functools.wraps(vista)
    def envoltura(*args, **kwargs):
        if not current_app.config.get("DATABASE_REPLICA_URL"):
            return vista(*args, **kwargs)
        g._lectura = REPLICA if usar_replica() else "primaria"
        try:
            return vista(*args, **kwargs)
        finally:
            g._origen = g.pop("_lectura")

    return envoltura


# --- events -------------------------------------------------------------------------------------------------------

def _estado_peticion():
    return g.get("_conexiones") if has_request_context() else None


def _al_sacar(_dbapi, registro, _proxy):
    registro.info["estrenada"] = True


def _tras_sentencia(conexion, *_args):
    conexion.info["estrenada"] = False


def _al_confirmar(_conexion):
    estado = _estado_peticion()
    if estado is not None:
        estado["confirmada"] = True


def _replica_no_disponible(contexto) -> bool:
    """The replica could not serve the read: unreachable or lost (a client-side error, no SQLSTATE), shutting down
    or starting up (57P0x), or a query cancelled by a conflict with recovery (40001, a standby only). Not a statement
    timeout nor an error of the statement itself: the primary would answer the same, at the cost of running it
    twice."""
    codigo = getattr(contexto.original_exception, "pgcode", None)
    return contexto.is_disconnect or codigo is None or codigo.startswith("57P0") or codigo == "40001"


def _al_fallar(contexto):
    estado = _estado_peticion()
    de_replica = (contexto.engine is not None and contexto.engine.url == _url_replica()
                  and _replica_no_disponible(contexto))
    if de_replica:
        current_app.extensions["clinica_replica"].marcar_caida()
    if estado is None or not isinstance(contexto.original_exception, Exception):
        return
    if de_replica:
        estado["reintentable"] = True  # the primary will serve the read
        return
    estrenada = False
    with contextlib.suppress(Exception):
        estrenada = contexto.connection is not None and contexto.connection.info.get("estrenada", False)
    if contexto.is_disconnect and estrenada:
        estado["reintentable"] = True


def _url_replica():
    return current_app.extensions.get("clinica_replica_url") if has_request_context() else None


def _ajustar_transaccion(ajustes):
    sql = "SELECT " + ", ".join(f"set_config(%(n{i})s, %(v{i})s, true)" for i in range(len(ajustes)))
    parametros = {}
    for i, (nombre, valor) in enumerate(ajustes.items()):
        parametros[f"n{i}"], parametros[f"v{i}"] = nombre, valor

    def al_empezar(conexion):
        conexion.exec_driver_sql(sql, parametros)

    return al_empezar


def init_app(app):
    """Events on the app's engines, the one retry of a request, the read-your-writes mark (after db.init_app)."""
    from app.extensions import db

    with app.app_context():
        motores = dict(db.engines)
    ajustes = app.config.get("AJUSTES_POR_TRANSACCION")
    for motor in motores.values():
        event.listen(motor.pool, "checkout", _al_sacar)
        event.listen(motor, "after_cursor_execute", _tras_sentencia)
        event.listen(motor, "commit", _al_confirmar)
        event.listen(motor, "handle_error", _al_fallar)
        if ajustes:
            event.listen(motor, "begin", _ajustar_transaccion(ajustes))
    if REPLICA in motores:
        app.extensions["clinica_replica"] = EstadoReplica()
        app.extensions["clinica_replica_url"] = motores[REPLICA].url
        app.after_request(_marcar_lectura_y_escritura)
    app.dispatch_request = _con_un_reintento(app.dispatch_request)
    # Registered after db.init_app, so it runs before Flask-SQLAlchemy's own teardown (they run in reverse order).
    app.teardown_appcontext(_cerrar_sesion)


def _cerrar_sesion(_exc):
    """End the request's session; if its connection was dropped by the server (a restart, a failover), discard it
    without the rollback that would raise from the teardown (gunicorn would turn the request's 503 into a 500)."""
    from app.extensions import db

    try:
        db.session.close()
    except DBAPIError:
        with contextlib.suppress(Exception):
            db.session.invalidate()


def _con_un_reintento(despachar):
    def dispatch_request():
        estado = g._conexiones = {"confirmada": False, "reintentable": False}
        previas = set(g)
        try:
            return despachar()
        except DBAPIError:
            if not estado["reintentable"] or estado["confirmada"]:
                raise
        from app.extensions import db

        log.warning("conexión con la base de datos perdida antes de usarla: se repite la petición")
        with contextlib.suppress(Exception):
            db.session.rollback()
        for clave in set(g) - previas:  # what the first attempt left behind (the loaded user…)
            g.pop(clave, None)
        estado["reintentable"] = False
        return despachar()

    return dispatch_request


def _marcar_lectura_y_escritura(response):
    """After a committed write, the primary's WAL position for the client's next reads; and where a replica
    view read from (X-Clinica-Lectura: replica | primaria)."""
    origen = g.pop("_origen", None)
    if origen:
        response.headers[CABECERA_ORIGEN] = origen
    estado = g.get("_conexiones") or {}
    if request.method not in ESCRITURAS or not estado.get("confirmada") or response.status_code >= 400:
        return response
    from app.extensions import db

    # On the request's own session (any position read after the commit is at or past it): a second connection
    # while the session still holds one (the answer's lazy loads open a transaction) could wait forever behind
    # PgBouncer, every server connection held by requests waiting for a second one.
    try:
        lsn = db.session.scalar(text("SELECT pg_current_wal_lsn()::text"),
                                bind_arguments={"bind": db.engine})
    except DBAPIError:
        with contextlib.suppress(Exception):
            db.session.rollback()
        return response  # the write is committed; without its position the next reads may lag (≤ the max lag)
    response.headers[CABECERA_LSN] = lsn
    response.set_cookie(COOKIE_LSN, lsn, max_age=300, path="/api", httponly=True, samesite="Strict",
                        secure=request.is_secure)
    return response
