"""Tokens for tests, issued the way a login issues them: every token belongs to a session (a row
of security.sesiones, claim ``sid``), and the server refuses any token without one. Also the API client's
login through the route and the bearer header."""
from tests.factories import PASSWORD


def tokens_de(usuario):
    """Access and refresh tokens of a new session of ``usuario``. The session row is flushed in the
    test's transaction: a test whose requests run on other connections commits it."""
    from app.services.auth_service import emitir_tokens

    return emitir_tokens(usuario)


def token_de(usuario):
    """The access token of a new session of ``usuario``."""
    return tokens_de(usuario)["access_token"]


def login(client, email, password=PASSWORD, **campos):
    """An API client's login through the route (the refresh token comes in the body; the browser's cookie:
    test_sesiones.py); ``campos``: more fields of the body (``codigo``…)."""
    return client.post("/api/auth/login", json={"email": email, "password": password, "cliente": "api", **campos})


def bearer(token):
    return {"Authorization": f"Bearer {token}"}
