"""Helpers of the FHIR tests: every resource of an answer validated against the R4B models of fhir.resources."""
from fhir.resources.R4B import get_fhir_model_class

FHIR_JSON = "application/fhir+json"


def valido(recurso: dict):
    """The R4B model of the resource (raises when the resource does not validate)."""
    return get_fhir_model_class(recurso["resourceType"]).model_validate(recurso)


def validar_respuesta(r):
    """Check the answer is FHIR JSON and validate it and, for a Bundle, each of its entries' resources; returns
    the body."""
    assert r.mimetype == FHIR_JSON, r.mimetype
    cuerpo = r.get_json(force=True)
    valido(cuerpo)
    for entrada in cuerpo.get("entry", []):
        valido(entrada["resource"])
    return cuerpo


def recursos(cuerpo, tipo=None):
    return [e["resource"] for e in cuerpo.get("entry", []) if tipo is None or e["resource"]["resourceType"] == tipo]


def resultado_de(r, status):
    """The OperationOutcome of an error answer (validated), after checking its status."""
    assert r.status_code == status, (r.status_code, r.get_data(as_text=True)[:300])
    cuerpo = validar_respuesta(r)
    assert cuerpo["resourceType"] == "OperationOutcome"
    return cuerpo
