"""Bundles and OperationOutcomes: the envelopes of the FHIR answers."""
from urllib.parse import urlencode

ISSUE_CODES = {
    400: "structure", 401: "login", 403: "forbidden", 404: "not-found", 405: "not-supported", 409: "conflict",
    413: "too-costly", 415: "not-supported", 422: "invalid", 429: "throttled", 500: "exception", 503: "transient",
}


def searchset(base: str, entradas, *, total: int | None, enlaces: dict | None = None) -> dict:
    """A searchset Bundle. ``entradas``: (resource, mode) pairs, mode ``match`` or ``include``; ``base`` the
    service's base URL (…/api/fhir), for the entries' absolute fullUrl."""
    paquete = {"resourceType": "Bundle", "type": "searchset"}
    if total is not None:
        paquete["total"] = total
    if enlaces:
        paquete["link"] = [{"relation": relacion, "url": url} for relacion, url in enlaces.items()]
    entry = [{"fullUrl": f"{base}/{recurso['resourceType']}/{recurso['id']}", "resource": recurso,
              "search": {"mode": modo}} for recurso, modo in entradas]
    if entry:  # a FHIR JSON array is never empty: no match, no ``entry``
        paquete["entry"] = entry
    return paquete


def enlaces_de_pagina(url: str, parametros: dict, inicio: int, cuantos: int, total: int | None,
                      hay_mas: bool) -> dict:
    """self, first, previous and next links of a page (``_offset`` and ``_count`` in the query)."""

    def a(desde):
        return f"{url}?{urlencode({**parametros, '_count': cuantos, '_offset': desde}, doseq=True)}"

    enlaces = {"self": a(inicio), "first": a(0)}
    if inicio > 0:
        enlaces["previous"] = a(max(0, inicio - cuantos))
    if hay_mas and cuantos > 0:
        enlaces["next"] = a(inicio + cuantos)
    if total is not None and cuantos > 0:
        enlaces["last"] = a(max(0, (total - 1) // cuantos * cuantos))
    return enlaces


def resultado(status: int, mensaje: str, *, reason: str | None = None, errores: dict | None = None) -> dict:
    """An OperationOutcome for an HTTP error: one issue with the message (and the API's reason as a code), plus
    one per field of a validation error, its messages as diagnostics and the field as expression."""
    from app.services.fhir.comun import SISTEMA_MOTIVO

    codigo = ISSUE_CODES.get(status, "processing" if status < 500 else "exception")
    principal = {"severity": "error" if status < 500 else "fatal", "code": codigo, "diagnostics": mensaje,
                 "details": {"text": mensaje}}
    if reason:
        principal["details"]["coding"] = [{"system": SISTEMA_MOTIVO, "code": reason}]
    issues = [principal]
    for campo, mensajes in (errores or {}).items():
        texto = "; ".join(str(m) for m in mensajes) if isinstance(mensajes, list) else str(mensajes)
        issues.append({"severity": "error", "code": "invalid", "diagnostics": texto, "expression": [str(campo)]})
    return {"resourceType": "OperationOutcome", "issue": issues}
