"""What every mapping shares: the identifier systems of the clinic, references, instants and amounts."""
import functools
from datetime import datetime
from decimal import Decimal
from urllib.parse import quote, unquote
from zoneinfo import ZoneInfo

FHIR_JSON = "application/fhir+json"
# The version of the models the resources are validated with (fhir.resources.R4B.__fhir_version__).
FHIR_VERSION = "4.3.0"

# Identifier and code systems of this product (URNs: they name, they are not meant to be resolved).
SISTEMA_DOCUMENTO = "urn:clinica-erp:doc:"  # + the document type, percent-encoded (INE, CURP, Pasaporte…)
SISTEMA_FACTURA = "urn:clinica-erp:factura"
SISTEMA_CONDICION = "urn:clinica-erp:condicion-dental"
SISTEMA_SUPERFICIE = "urn:clinica-erp:superficie-dental"
SISTEMA_ESPECIALIDAD = "urn:clinica-erp:especialidad"
SISTEMA_MOTIVO = "urn:clinica-erp:motivo-error"
# FDI (ISO 3950) two-digit tooth codes: the code system of HL7's oral-health value set "Tooth Codes".
SISTEMA_PIEZA = "http://terminology.hl7.org/CodeSystem/ex-tooth"


def sistema_documento(tipo: str) -> str:
    """``urn:clinica-erp:doc:INE``; a type with spaces or accents ("Carné de extranjería") is percent-encoded,
    as a URI may carry neither."""
    return SISTEMA_DOCUMENTO + quote(tipo, safe="")


def tipo_de_sistema(sistema: str) -> str | None:
    """The document type a system names, or None when it is not one of ours."""
    if not sistema.startswith(SISTEMA_DOCUMENTO):
        return None
    return unquote(sistema[len(SISTEMA_DOCUMENTO):]) or None


def ref(tipo: str, id_, display: str | None = None) -> dict:
    referencia = {"reference": f"{tipo}/{id_}"}
    if display:
        referencia["display"] = display
    return referencia


@functools.cache
def zona(nombre: str) -> ZoneInfo:
    return ZoneInfo(nombre)


def instante(fecha, hora, zona_horaria: str) -> str:
    """A branch's wall-clock date and time as an instant with its offset (``2031-03-04T09:00:00-06:00``)."""
    return datetime.combine(fecha, hora, tzinfo=zona(zona_horaria)).isoformat()


def fecha_hora(valor: datetime | None) -> str | None:
    """A stored timestamp (with time zone) as a FHIR dateTime/instant."""
    return valor.isoformat() if valor is not None else None


def dinero(valor: Decimal, moneda: str) -> dict:
    # JSON numbers: FHIR decimals keep their digits on the wire, a float of two decimals prints them back
    return {"value": float(valor), "currency": moneda}


def nombre_completo(fila) -> str:
    return f"{fila.nombre} {fila.apellido}".strip()


def nombre_humano(nombre: str, apellido: str) -> dict:
    humano = {"use": "official", "text": f"{nombre} {apellido}".strip(), "family": apellido}
    dados = nombre.split()
    if dados:
        humano["given"] = dados
    return humano


def contactos(telefono: str | None, email: str | None) -> list[dict]:
    telecom = []
    if telefono:
        telecom.append({"system": "phone", "value": telefono})
    if email:
        telecom.append({"system": "email", "value": email})
    return telecom
