"""Login throttling: per account (growing delays), per address (a cap), and a cap on password hashing.

Every attempt is a row of ``security.intentos_login``. An attempt is *counted before its password is
hashed*: ``reservar`` takes a transaction-scoped advisory lock on the address and on the email, checks the
limits, inserts the attempt with ``exito`` NULL (in progress, counted as a failure) and commits, which
releases the locks. A burst of parallel requests is thus serialised on the check-and-count only, never on
the hash, and no request of the burst sees fewer attempts than were let through before it. ``anotar`` then
records the outcome (or ``descartar`` removes an attempt that was neither, see below).

- The address: LOGIN_IP_MAX_FAILURES failures within LOGIN_WINDOW → 429 for that address.
- The account: after LOGIN_MAX_FAILURES failures since its last success (within LOGIN_ACCOUNT_MEMORY), the
  next attempt must wait LOGIN_DELAY_BASE after the last failure, doubled with every further failure up to
  LOGIN_DELAY_MAX → 429 with Retry-After until then. Failures from other addresses do not count against an
  address that logged into the account within LOGIN_KNOWN_IP_MEMORY, so an attacker cannot keep the owner
  out; once the attacker stops, anyone waits at most LOGIN_DELAY_MAX.
- Hashing: argon2 takes ARGON2_MEMORY_COST KiB (64 MiB in production) and a core for a fraction of a second.
  ``turno_de_hash`` allows LOGIN_HASH_PER_PROCESS hashes at once per process (a semaphore) and
  LOGIN_HASH_SLOTS at once in the whole deployment (transaction-level advisory locks taken in the request's
  transaction and released when it ends: they work behind PgBouncer in transaction mode, where a session lock
  would stay on a server connection that other clients share); no turn within LOGIN_HASH_WAIT_S → 503 with
  Retry-After.

The client address is ``auditoria_service.client_ip()``: ``request.remote_addr``, which ProxyFix (installed by
create_app only when PROXY_FIX_HOPS > 0) sets from X-Forwarded-For. Without a proxy the header is ignored.
"""
import contextlib
import math
import random
import threading
import time
from datetime import UTC, datetime

from flask import current_app
from sqlalchemy import delete, func, select, text, update

from app.extensions import db
from app.models import IntentoLogin
from app.services import auditoria_service
from app.utils.errors import ErrorNegocio, Limite

# Namespaces (first key) of the two-key advisory locks taken here.
_NS_INTENTOS = 0x4C4F47  # "LOG"
_NS_HASH = 0x484153  # "HAS"


class ServidorOcupado(ErrorNegocio):
    status = 503

    def __init__(self):
        super().__init__("SERVIDOR_OCUPADO", "El servidor está atendiendo muchos inicios de sesión; inténtelo de nuevo "
                                             "en unos segundos")
        self.headers = {"Retry-After": "1"}


def _espera_texto(segundos):
    minutos = math.ceil(segundos / 60)
    return "1 minuto" if minutos <= 1 else f"{minutos} minutos"


def _bloqueo_de_ip(ip, ahora):
    """Seconds this address must wait, or None."""
    cfg = current_app.config
    limite = cfg["LOGIN_IP_MAX_FAILURES"]
    # The limit-th most recent failure: when it leaves the window the address is below the limit again.
    fecha = db.session.scalar(
        select(IntentoLogin.fecha)
        .where(IntentoLogin.ip == ip, IntentoLogin.exito.is_not(True), IntentoLogin.fecha >= ahora - cfg["LOGIN_WINDOW"])
        .order_by(IntentoLogin.fecha.desc())
        .offset(limite - 1)
        .limit(1)
    )
    if fecha is None:
        return None
    return (fecha + cfg["LOGIN_WINDOW"] - ahora).total_seconds()


def _bloqueo_de_cuenta(email, ip, ahora):
    """Seconds the account must wait before an attempt from this address, or None."""
    cfg = current_app.config
    desde = ahora - cfg["LOGIN_ACCOUNT_MEMORY"]
    exito = IntentoLogin.exito.is_(True)
    conocida = select(IntentoLogin.id).where(
        IntentoLogin.email == email, IntentoLogin.ip == ip, exito, IntentoLogin.fecha >= ahora - cfg["LOGIN_KNOWN_IP_MEMORY"]
    ).exists()
    ultimo_exito = select(func.max(IntentoLogin.fecha)).where(
        IntentoLogin.email == email, exito, IntentoLogin.fecha >= desde
    ).scalar_subquery()
    es_conocida = db.session.scalar(select(conocida)) if ip is not None else False
    condiciones = [
        IntentoLogin.email == email,
        IntentoLogin.exito.is_not(True),
        IntentoLogin.fecha >= func.greatest(desde, func.coalesce(ultimo_exito, desde)),
    ]
    if es_conocida:
        condiciones.append(IntentoLogin.ip == ip)
    fallos, ultimo = db.session.execute(select(func.count(), func.max(IntentoLogin.fecha)).where(*condiciones)).one()
    exceso = fallos - cfg["LOGIN_MAX_FAILURES"]
    if exceso < 0:
        return None
    base = cfg["LOGIN_DELAY_BASE"].total_seconds()
    espera = min(base * 2 ** min(exceso, 32), cfg["LOGIN_DELAY_MAX"].total_seconds())
    restante = (ultimo - ahora).total_seconds() + espera
    return restante if restante > 0 else None


def reservar(email):
    """Check the limits for this email and the client's address and count the attempt; commits.

    Returns the attempt's id, to be passed to ``anotar`` or ``descartar``. Raises Limite (429 DEMASIADOS_INTENTOS with
    Retry-After, after auditing the refusal in the caller's transaction, which the route commits)."""
    ip = auditoria_service.client_ip()
    # Address first, then email: every request takes them in that order, so two requests never deadlock.
    db.session.execute(
        text("SELECT pg_advisory_xact_lock(:ns, hashtext(:ip)), pg_advisory_xact_lock(:ns, hashtext(:email))"),
        {"ns": _NS_INTENTOS, "ip": "ip:" + (ip or ""), "email": "email:" + email},
    )
    ahora = datetime.now(UTC)
    espera_ip = _bloqueo_de_ip(ip, ahora) if ip is not None else None
    if espera_ip is not None:
        auditoria_service.registrar("login_bloqueado", entidad="usuario", resultado="denegado",
                                    detalle={"email": email, "limite": "ip"})
        raise Limite(espera_ip, "Demasiados intentos fallidos desde esta dirección; inténtelo de nuevo en "
                     + _espera_texto(espera_ip), reason="DEMASIADOS_INTENTOS")
    espera = _bloqueo_de_cuenta(email, ip, ahora)
    if espera is not None:
        auditoria_service.registrar("login_bloqueado", entidad="usuario", resultado="denegado",
                                    detalle={"email": email, "limite": "cuenta"})
        raise Limite(espera, "Demasiados intentos fallidos para este correo; inténtelo de nuevo en "
                     + _espera_texto(espera), reason="DEMASIADOS_INTENTOS")
    intento = IntentoLogin(email=email, ip=ip, exito=None, fecha=ahora)
    db.session.add(intento)
    db.session.flush()
    intento_id = intento.id
    # The one commit outside a route: the attempt must be visible to every other login (and the locks
    # released) before the password is hashed.
    db.session.commit()
    return intento_id


def anotar(intento_id, exito):
    """Record the outcome of a counted attempt (in the caller's transaction)."""
    db.session.execute(update(IntentoLogin).where(IntentoLogin.id == intento_id).values(exito=exito))


def descartar(intento_id):
    """Remove an attempt that was neither a failure nor a success: the right password without the second factor
    (counting it would throttle every TOTP user's normal two-step login; the wrong codes that follow count)."""
    db.session.execute(delete(IntentoLogin).where(IntentoLogin.id == intento_id))


# --- the cap on hashing ---------------------------------------------------------------------------------

_CREAR_SEMAFORO = threading.Lock()


def _semaforo():
    extensiones = current_app.extensions
    semaforo = extensiones.get("limite_login_hash")
    if semaforo is None:
        with _CREAR_SEMAFORO:
            semaforo = extensiones.setdefault(
                "limite_login_hash", threading.BoundedSemaphore(current_app.config["LOGIN_HASH_PER_PROCESS"])
            )
    return semaforo


@contextlib.contextmanager
def _ranura_global(limite_tiempo):
    """Take one of LOGIN_HASH_SLOTS transaction-level advisory locks in the request's own transaction: held until
    it ends (the rest of a login is a few statements), released by its commit or rollback. One connection per
    login: behind PgBouncer in transaction mode a login never holds a server connection while it waits for a
    second one (with a connection of its own for the lock, as many logins as server connections would wait for
    each other until PgBouncer's query_wait_timeout)."""
    ranuras = current_app.config["LOGIN_HASH_SLOTS"]
    if ranuras <= 0:
        yield
        return
    orden = list(range(ranuras))
    while True:
        random.shuffle(orden)
        if any(db.session.scalar(text("SELECT pg_try_advisory_xact_lock(:ns, :r)"), {"ns": _NS_HASH, "r": c})
               for c in orden):
            break
        if time.monotonic() >= limite_tiempo:
            raise ServidorOcupado()
        time.sleep(0.02)
    yield


@contextlib.contextmanager
def turno_de_hash(intento_id=None):
    """Wait for a turn to hash a password (per process and deployment-wide) or raise ServidorOcupado; then
    the attempt ``intento_id`` was not tried and is not counted."""
    limite_tiempo = time.monotonic() + current_app.config["LOGIN_HASH_WAIT_S"]
    semaforo = _semaforo()
    try:
        if not semaforo.acquire(timeout=current_app.config["LOGIN_HASH_WAIT_S"]):
            raise ServidorOcupado()
        try:
            with _ranura_global(limite_tiempo):
                yield
        finally:
            semaforo.release()
    except ServidorOcupado:
        if intento_id is not None:
            descartar(intento_id)
        raise
