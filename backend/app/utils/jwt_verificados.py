"""flask-jwt-extended's manager, remembering the tokens it has verified (issue 23, docs/performance.md).

To decode a request's token the library parses it three times (the unverified claims, the unverified header,
the verified decode, each checking every character of it) and checks its HMAC: ~100 µs of the ~1 ms of CPU of an
authenticated request that does nothing else (one more parse, of the header it keeps in ``flask.g``, stays). The
same token comes back on every request of a session, and its signature, issuer, audience, ``nbf`` and ``iat``
cannot change once they passed; only ``exp`` can. So the claims of a token that passed are kept, keyed by the
token's exact text and the configuration it was checked with (secret, algorithms, audience, issuer, leeway), and
each later request checks its expiry again. Anything else goes through the library: a token not seen, one that has
expired (the library raises its usual error, with the claims its expired-token callback reads), a CSRF value or an
``allow_expired`` check.

What a token cannot tell — revocation, deactivation, role and password changes — is checked in the database on
every request, as before (app/utils/tokens.py).
"""
import threading
import time

from flask_jwt_extended import JWTManager
from flask_jwt_extended.config import config

MAXIMO = 4096  # tokens kept per process; the oldest is dropped first


class JWTManagerConMemoria(JWTManager):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._verificados = {}
        self._al_guardar = threading.Lock()  # gthread workers: one thread at a time drops and adds

    def _decode_jwt_from_config(self, encoded_token, csrf_value=None, allow_expired=False):
        if csrf_value is not None or allow_expired:
            return super()._decode_jwt_from_config(encoded_token, csrf_value, allow_expired)
        clave = (encoded_token, config.decode_key, tuple(config.decode_algorithms), repr(config.decode_audience),
                 repr(config.decode_issuer), config.leeway)
        datos = self._verificados.get(clave)
        if datos is not None and ("exp" not in datos or time.time() < datos["exp"] + config.leeway):
            return dict(datos)  # the caller keeps it in flask.g and may change it
        self._verificados.pop(clave, None)
        datos = super()._decode_jwt_from_config(encoded_token)  # raises on any problem: nothing is kept
        with self._al_guardar:
            if len(self._verificados) >= MAXIMO:
                del self._verificados[next(iter(self._verificados))]
            self._verificados[clave] = dict(datos)
        return datos
