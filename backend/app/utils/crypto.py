"""Encryption at rest with pgcrypto, and blind indexes for exact lookups.

``EncryptedText`` columns are ``bytea`` in PostgreSQL: values are encrypted by the database on
write (``pgp_sym_encrypt``) and decrypted on read (``pgp_sym_decrypt``), so the application and
its clients only ever see text. The key is a random secret, not a passphrase, so the S2K
options skip key stretching (``s2k-mode=1``: salted, not iterated) to keep reads cheap.
A wrong key makes PostgreSQL raise "Wrong key or corrupt data": it fails loudly.

The key never appears in statement text (pg_stat_activity, pg_stat_statements, statement logs): each
connection of the app's engine receives it once, at connection start-up, as the session setting
``clinica.clave_datos`` (``connection_options``), and statements read it with ``current_setting``. A session's
settings are visible to that session only. Design and test: docs/security.md ("Keys out of statement text").
"""
import hashlib
import hmac
import unicodedata

from flask import current_app
from sqlalchemy import LargeBinary, String, func, literal_column, type_coerce
from sqlalchemy.types import TypeDecorator

PGP_OPTIONS = "cipher-algo=aes256, s2k-mode=1, s2k-digest-algo=sha256"
# The session setting holding the data key (set at connection start-up, never in a statement).
AJUSTE_CLAVE = "clinica.clave_datos"


def _data_key():
    # A literal column keeps the statement's cache key free of any value: the key is the session's.
    return literal_column(f"current_setting('{AJUSTE_CLAVE}')", String)


def _opcion(valor: str) -> str:
    """A value inside libpq's ``options``: spaces and backslashes escaped with a backslash."""
    return valor.replace("\\", "\\\\").replace(" ", "\\ ")


def connection_options(engine_options: dict, data_key: str) -> dict:
    """The engine options with the data key added to every connection's start-up ``options``
    (``-c clinica.clave_datos=…``): sent once per connection in the start-up packet, which no view shows."""
    opciones = dict(engine_options or {})
    connect_args = dict(opciones.get("connect_args") or {})
    previas = connect_args.get("options", "")
    connect_args["options"] = f"{previas} -c {AJUSTE_CLAVE}={_opcion(data_key)}".strip()
    opciones["connect_args"] = connect_args
    return opciones


class EncryptedText(TypeDecorator):
    """Text encrypted with pgcrypto in a bytea column."""

    impl = LargeBinary
    cache_ok = True

    def bind_expression(self, bindvalue):
        return func.pgp_sym_encrypt(type_coerce(bindvalue, String), _data_key(), PGP_OPTIONS, type_=self)

    def column_expression(self, column):
        return func.pgp_sym_decrypt(column, _data_key(), type_=String)

    # Values travel as text: PostgreSQL encrypts and decrypts them, so no bytes processing here.
    def bind_processor(self, dialect):
        return None

    def result_processor(self, dialect, coltype):
        return None


def normalise_identifier(value: str) -> str:
    """Canonical form of a document number: no spaces, dots or dashes, upper case, no accents."""
    value = unicodedata.normalize("NFKD", value or "")
    value = "".join(c for c in value if not unicodedata.combining(c))
    return "".join(c for c in value.upper() if c.isalnum())


def blind_index(value: str) -> str | None:
    """HMAC-SHA256 of the normalised value under BLIND_INDEX_KEY (hex), for equality lookups."""
    if not value:
        return None
    key = current_app.config["BLIND_INDEX_KEY"].encode()
    return hmac.new(key, normalise_identifier(value).encode(), hashlib.sha256).hexdigest()


def hash_con_clave(proposito: bytes, valor: str) -> str:
    """HMAC-SHA256 (hex) of ``valor`` under a key derived from BLIND_INDEX_KEY for ``proposito`` (domain
    separation: the same value hashed for two purposes gives unrelated hashes). For values that must be compared
    or counted without being kept, and that a list of candidates must not reverse: e-mail addresses, short codes."""
    clave = hmac.new(current_app.config["BLIND_INDEX_KEY"].encode(), proposito, hashlib.sha256).digest()
    return hmac.new(clave, valor.encode(), hashlib.sha256).hexdigest()
