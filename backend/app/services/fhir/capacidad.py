"""The CapabilityStatement of GET /api/fhir/metadata: what this server reads and searches."""
from app.services.fhir.comun import FHIR_JSON, FHIR_VERSION

# The date this statement last changed (not the time of the request: it describes the software).
FECHA = "2025-01-01"
LECTURA = {"code": "read"}
BUSQUEDA = {"code": "search-type"}


def _parametro(nombre, tipo, texto):
    return {"name": nombre, "type": tipo, "documentation": texto}


def declaracion(url_base: str, nombre_clinica: str | None = None) -> dict:
    return {
        "resourceType": "CapabilityStatement",
        "status": "active",
        "date": FECHA,
        "publisher": nombre_clinica or "Clínica ERP",
        "kind": "instance",
        "software": {"name": "Clínica ERP"},
        "implementation": {"description": "API FHIR de solo lectura de Clínica ERP", "url": url_base},
        "fhirVersion": FHIR_VERSION,
        "format": [FHIR_JSON, "json"],
        "rest": [{
            "mode": "server",
            "documentation": "Solo lectura. Los mismos roles, alcance y auditoría que el resto de la API.",
            "security": {"description": "Token Bearer (JWT) de POST /api/auth/login en la cabecera Authorization; "
                                        "solo metadata es pública."},
            "resource": [
                {"type": "Patient", "interaction": [LECTURA, BUSQUEDA],
                 "searchParam": [
                     _parametro("name", "string", "Cualquier palabra del nombre o los apellidos, sin importar "
                                                  "acentos ni mayúsculas"),
                     _parametro("identifier", "token", "system|value o value; system urn:clinica-erp:doc:{TIPO}"),
                     _parametro("birthdate", "date", "Fecha de nacimiento; prefijos eq, ne, ge, gt, le, lt"),
                 ],
                 "operation": [{"name": "everything",
                                "definition": "http://hl7.org/fhir/OperationDefinition/Patient-everything",
                                "documentation": "Solo Administrador"}]},
                {"type": "Practitioner", "interaction": [LECTURA]},
                {"type": "Appointment", "interaction": [BUSQUEDA],
                 "searchParam": [
                     _parametro("patient", "reference", "Patient/{id} o el id"),
                     _parametro("practitioner", "reference", "Practitioner/{id} o el id"),
                     _parametro("date", "date", "Inicio de la cita; prefijos eq, ne, ge, gt, le, lt"),
                 ]},
            ],
        }],
    }
