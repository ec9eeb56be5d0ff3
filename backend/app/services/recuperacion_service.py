"""Password reset by e-mail (API.md "Password reset").

``solicitar``: every request is answered the same way (202) whether or not the address belongs to a user, so the
answer tells nothing; the work done is the same shape too (one locked count, one row, one audit row; the
e-mail message is the only extra insert for a real user). For an active user the row carries a single-use
token, valid VIGENCIA: a 32-byte random value of which only the SHA-256 is stored; the link that carries it
goes out through the outbox (``restablecer_password``, encrypted in ``secreto``) in the same transaction, and
puts the token in the URL's fragment, which browsers never send to a server (no access log, no Referer).

At most MAXIMO_POR_HORA requests per address and hour: every request is a row with a keyed hash of the
normalised address (known or not); past the cap nothing is created nor sent, and the answer is still 202.

``restablecer``: the token is spent by one UPDATE … WHERE usado_en IS NULL AND expira > ahora RETURNING, so of
two concurrent uses exactly one wins (the other waits for the row lock, then sees it used). The token is bound
to the user's ``version_token`` of the time it was issued: a later password change, deactivation or role change,
or another reset, leaves it useless. On success the password is set, the token version bumped and every session
revoked (every token of the user dies), and the account's run of failed logins ends.
"""
import hashlib
import logging
import secrets
from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select, update

from app.extensions import db
from app.models import IntentoLogin, RestablecimientoPassword, Usuario
from app.services import auditoria_service, auth_service
from app.services.comunicaciones.outbox import encolar
from app.utils.crypto import hash_con_clave
from app.utils.errors import Conflicto
from app.utils.sql import bloqueo_consultivo

log = logging.getLogger(__name__)

VIGENCIA = timedelta(minutes=30)
MAXIMO_POR_HORA = 5
VENTANA = timedelta(hours=1)
TIPO = "restablecer_password"
TOKEN_INVALIDO = "El enlace no es válido o ya expiró; solicite uno nuevo"

# Namespace (first key) of the advisory lock that serialises the requests of one address.
_NS_RECUPERACION = 0x524543  # "REC"


def normalizar_email(email: str) -> str:
    return email.strip().lower()


def hash_email(email: str) -> str:
    """Keyed hash (HMAC-SHA256 under BLIND_INDEX_KEY, domain-separated) of the normalised address: counts the
    requests of an address without storing it, and cannot be reversed with a list of addresses."""
    return hash_con_clave(b"clinica-erp/recuperacion/v1", normalizar_email(email))


def hash_token(token: str) -> str:
    """SHA-256 of the token: it is 32 random bytes, so no key or stretching is needed to keep it unguessable."""
    return hashlib.sha256(token.encode()).hexdigest()


def url_de(token: str) -> str:
    """The reset page of the web UI, the token in the fragment (never sent to a server)."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/restablecer#token={token}"


def solicitar(email: str, *, ahora, ip=None) -> RestablecimientoPassword | None:
    """Record a reset request for ``email`` and, for an active user, enqueue the e-mail with the link.

    Returns the request's row, or None when the address is over its hourly cap (nothing is created). Never
    raises for an unknown address: the caller answers 202 in every case."""
    email = normalizar_email(email)
    clave = hash_email(email)
    # Two requests of one address at once must not both pass the cap: they take turns on the count.
    bloqueo_consultivo(_NS_RECUPERACION, clave)
    recientes = db.session.scalar(
        select(func.count()).select_from(RestablecimientoPassword)
        .where(RestablecimientoPassword.email_hash == clave, RestablecimientoPassword.creado_en > ahora - VENTANA)
    )
    usuario = db.session.scalar(select(Usuario).where(Usuario.email == email, Usuario.activo.is_(True)))
    if recientes >= MAXIMO_POR_HORA:
        log.info("Solicitud de restablecimiento de contraseña ignorada: más de %d por hora para una dirección",
                 MAXIMO_POR_HORA)
        return None
    token = secrets.token_urlsafe(32)
    fila = RestablecimientoPassword(
        usuario_id=usuario.id if usuario else None, email_hash=clave,
        token_hash=hash_token(token) if usuario else None, version_token=usuario.version_token if usuario else None,
        ip=ip, creado_en=ahora, expira=ahora + VIGENCIA,
    )
    db.session.add(fila)
    if usuario is not None:
        encolar(tipo=TIPO, canal="email", destino=usuario.email, ahora=ahora, usuario_id=usuario.id,
                secreto=url_de(token))
    auditoria_service.registrar("password_recuperacion_solicitada", usuario=usuario, entidad="usuario",
                                entidad_id=usuario.id if usuario else None)
    db.session.flush()
    return fila


def restablecer(token: str, password: str, *, ahora) -> Usuario:
    """Set the password of the user a valid, unused, unexpired token names; spend the token; end every session
    of the user. A token that is none of those → 409 TOKEN_INVALIDO (nothing changes)."""
    gastado = db.session.execute(
        update(RestablecimientoPassword)
        .where(RestablecimientoPassword.token_hash == hash_token(token), RestablecimientoPassword.usado_en.is_(None),
               RestablecimientoPassword.expira > ahora)
        .values(usado_en=ahora)
        .returning(RestablecimientoPassword.usuario_id, RestablecimientoPassword.version_token)
        .execution_options(synchronize_session=False)
    ).first()
    # The user's row, locked: a concurrent change of the password (or another reset) is seen once it commits.
    usuario = db.session.scalar(
        select(Usuario).where(Usuario.id == gastado.usuario_id).with_for_update(of=Usuario)
        .execution_options(populate_existing=True)
    ) if gastado is not None else None
    if usuario is None or not usuario.activo or usuario.version_token != gastado.version_token:
        raise Conflicto("TOKEN_INVALIDO", TOKEN_INVALIDO)
    auth_service.poner_password(usuario, password, "restablecimiento")
    # Proving control of the mailbox ends the account's run of failed logins, as a successful login does (no
    # address is recorded, so no address becomes one the account "knows": limite_login).
    db.session.add(IntentoLogin(email=usuario.email, ip=None, exito=True, fecha=ahora))
    auditoria_service.registrar("password_restablecido", usuario=usuario, entidad="usuario", entidad_id=usuario.id)
    db.session.flush()
    return usuario
