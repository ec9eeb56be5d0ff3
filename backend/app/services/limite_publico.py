"""Request limits of the public (no-login) routes, and of any route that wants one: a fixed-window counter in
PostgreSQL, so that every process of the app counts together.

Each request adds one to the row of its key and window with ``INSERT … ON CONFLICT DO UPDATE SET cuenta = cuenta + 1
RETURNING cuenta`` (one statement: two processes never lose a count) and commits at once, before the route does its
work: a request that is refused later (404, 409…) still counts, and the row lock is held for a moment only. The key
is a SHA-256 of the route group and the client (``cliente``: the address ``request.remote_addr``, which ProxyFix
sets from X-Forwarded-For when PROXY_FIX_HOPS > 0, or its /64 network for IPv6), so the table never holds an
address. Above the limit → 429 ``LIMITE`` with
Retry-After (the seconds left in the window).

A fixed window lets a client make up to twice the limit across a window's edge: enough to stop enumeration and
floods of the public pages, which is what it is for. Clean-up: a share of the requests
(PUBLICO_LIMITE_LIMPIEZA, 1 %) also deletes the windows that started more than a day ago; nothing else is needed
(a worker may do it instead later).

Usage: ``@limitar("publico_citas")`` on a route (outermost, so that malformed requests count too; a group with a
limit of its own names its setting: ``@limitar("agenda_ics", "AGENDA_ICS_LIMITE_POR_MINUTO")``), or
``contar(grupo, valor, ahora=…, limite=…, ventana=…)`` from a route for other keys (an e-mail address, an hour).
"""
import hashlib
import ipaddress
import random
from datetime import UTC, datetime, timedelta
from functools import wraps

from flask import current_app, request
from sqlalchemy import DateTime, String, bindparam, delete, text

from app.extensions import db
from app.models import LimitePublico
from app.utils.errors import Limite

MINUTO = timedelta(minutes=1)
# Windows are at most this long; rows of windows that started before it are deleted by the clean-up.
CONSERVAR = timedelta(days=1)


def reloj():
    """The time requests are counted at (the HTTP boundary's clock; tests replace it to stay in one window)."""
    return datetime.now(UTC)


def cliente(direccion: str | None) -> str:
    """The client a request is counted for: its IPv4 address, or the /64 network of an IPv6 one (a single host
    commonly holds a whole /64, so counting its addresses one by one would not limit it)."""
    try:
        ip = ipaddress.ip_address(direccion or "")
    except ValueError:
        return direccion or ""
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def clave(grupo: str, valor: str) -> str:
    return hashlib.sha256(f"{grupo}\x00{valor}".encode()).hexdigest()


def inicio_de_ventana(ahora: datetime, ventana: timedelta) -> datetime:
    segundos = ventana.total_seconds()
    instante = ahora.timestamp()
    return datetime.fromtimestamp(instante - instante % segundos, UTC)


# Built once, as text: SQLAlchemy's PostgreSQL insert (ON CONFLICT) has no cache key, so built with it the count was
# compiled again on every request; rebuilt, it paid its cache key (docs/performance.md, «Sexta pasada» and «Séptima
# pasada»). The table is UNLOGGED (migration 0026): a commit that changed only it writes no WAL of its own, so it
# waits neither for the WAL flush nor for a synchronous standby; a crash or a failover empties it, and a counter lost
# that way costs nothing.
_CONTAR = text(
    "INSERT INTO security.limites_publicos AS l (clave, ventana, cuenta) VALUES (:clave, :ventana, 1) "
    "ON CONFLICT (clave, ventana) DO UPDATE SET cuenta = l.cuenta + 1 RETURNING l.cuenta"
).bindparams(bindparam("clave", type_=String), bindparam("ventana", type_=DateTime(timezone=True)))


def contar(grupo: str, valor: str | None, *, ahora: datetime, limite: int, ventana: timedelta = MINUTO) -> int:
    """Count one request of ``valor`` (a client's address, an e-mail…) in ``grupo`` and commit. Returns the count
    of the current window; above ``limite`` raises Limite (429, Retry-After until the window ends).

    Commits the session: call it first thing in a request, before any other work."""
    if ventana > CONSERVAR:
        raise ValueError("ventana mayor que el tiempo que se conservan los contadores")
    inicio = inicio_de_ventana(ahora, ventana)
    cuenta = db.session.scalar(_CONTAR, {"clave": clave(grupo, valor or ""), "ventana": inicio})
    if random.random() < current_app.config["PUBLICO_LIMITE_LIMPIEZA"]:
        limpiar(ahora)
    db.session.commit()
    if cuenta > limite:
        raise Limite((inicio + ventana - ahora).total_seconds())
    return cuenta


def limpiar(ahora: datetime) -> int:
    """Delete the windows that started more than CONSERVAR ago; returns how many."""
    return db.session.execute(delete(LimitePublico).where(LimitePublico.ventana < ahora - CONSERVAR)).rowcount


def limitar(grupo: str, ajuste: str = "PUBLICO_LIMITE_POR_MINUTO", ventana: timedelta = MINUTO):
    """Decorator of a route: at most config[``ajuste``] requests per client (``cliente``) in ``grupo`` and window
    (default a minute); above → 429 LIMITE. Put it outermost; several may be stacked."""

    def decorador(fn):
        @wraps(fn)
        def envoltura(*args, **kwargs):
            contar(grupo, cliente(request.remote_addr), ahora=reloj(), limite=current_app.config[ajuste],
                   ventana=ventana)
            return fn(*args, **kwargs)

        respuestas = envoltura.__dict__.setdefault("_apidoc", {}).setdefault("manual_doc", {}) \
            .setdefault("responses", {})
        respuestas.setdefault(429, {
            "description": "LIMITE: demasiadas solicitudes desde esta dirección (cabecera Retry-After)",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
        })
        return envoltura

    return decorador
