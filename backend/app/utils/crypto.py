"""Encryption at rest with pgcrypto, and blind indexes for exact lookups.

``EncryptedText`` columns are ``bytea`` in PostgreSQL: values are encrypted by the database on
write (``pgp_sym_encrypt``) and decrypted on read (``pgp_sym_decrypt``), so the application and
its clients only ever see text. The key is a random secret, not a passphrase, so the S2K
options skip key stretching (``s2k-mode=1``: salted, not iterated) to keep reads cheap.
A wrong key makes PostgreSQL raise "Wrong key or corrupt data": it fails loudly.
"""
import hashlib
import hmac
import unicodedata

from flask import current_app
from sqlalchemy import LargeBinary, String, bindparam, func, type_coerce
from sqlalchemy.types import TypeDecorator

PGP_OPTIONS = "cipher-algo=aes256, s2k-mode=1, s2k-digest-algo=sha256"


def _data_key():
    return bindparam("clave_datos", value=current_app.config["DATA_ENCRYPTION_KEY"], type_=String, unique=False)


def parametros_cifrado():
    """The key's parameter, for a statement built once and kept (its bound key is the one of the app that
    built it)."""
    return {"clave_datos": current_app.config["DATA_ENCRYPTION_KEY"]}


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
