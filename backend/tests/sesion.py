"""Tokens for tests, issued the way a login issues them: every token belongs to a session (a row
of security.sesiones, claim ``sid``), and the server refuses any token without one."""


def tokens_de(usuario):
    """Access and refresh tokens of a new session of ``usuario``. The session row is flushed in the
    test's transaction: a test whose requests run on other connections commits it."""
    from app.services.auth_service import emitir_tokens

    return emitir_tokens(usuario)


def token_de(usuario):
    """The access token of a new session of ``usuario``."""
    return tokens_de(usuario)["access_token"]
