"""The link to an appointment's public page (API.md "Public appointment page"): a signed token that names one
appointment. It carries no expiry of its own: the page stops answering after the appointment's end, which
is read from the appointment itself, so a rescheduled appointment keeps its link."""
from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

_SAL = "cita-publica"


def _firmante():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SAL)


def token_de(cita_id: int) -> str:
    return _firmante().dumps(cita_id)


def cita_id_de(token: str) -> int | None:
    """The appointment a token names, or None for a token this clinic did not sign."""
    try:
        valor = _firmante().loads(token)
    except BadSignature:
        return None
    return valor if isinstance(valor, int) and not isinstance(valor, bool) else None


def url_de(cita_id: int) -> str:
    """The public page's URL (the web UI's /c/{token}), for messages and for staff."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/c/{token_de(cita_id)}"
