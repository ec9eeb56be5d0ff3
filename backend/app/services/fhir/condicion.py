"""Condition: one per finding of the odontogram, coded with the condition catalogue, on an FDI tooth."""
import functools

from app.models import CondicionDental, HallazgoOdontograma, RegistroOdontograma
from app.services.fhir.comun import SISTEMA_CONDICION, SISTEMA_PIEZA, SISTEMA_SUPERFICIE, fecha_hora, ref

CONFIRMADA = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-ver-status",
                          "code": "confirmed"}]}
# A finding is charted during a visit: an encounter diagnosis, not a problem-list item (whose clinicalStatus
# FHIR requires). Whether it still holds is the chart's business (later findings supersede it, docs/odontologia.md).
CATEGORIA = [{"coding": [{"system": "http://terminology.hl7.org/CodeSystem/condition-category",
                          "code": "encounter-diagnosis", "display": "Encounter Diagnosis"}]}]
SUPERFICIES = {"M": "mesial", "D": "distal", "O": "oclusal", "I": "incisal", "V": "vestibular", "L": "lingual",
               "P": "palatino"}
COLUMNAS = (HallazgoOdontograma.id, HallazgoOdontograma.pieza, HallazgoOdontograma.superficies,
            HallazgoOdontograma.condicion, HallazgoOdontograma.nota, CondicionDental.nombre.label("condicion_nombre"),
            RegistroOdontograma.paciente_id, RegistroOdontograma.medico_id, RegistroOdontograma.fecha)


@functools.lru_cache(maxsize=4096)
def sitio(pieza: int, superficies: str) -> list[dict]:
    """bodySite of a tooth and its surfaces (a few hundred combinations: built once each, shared by the
    resources, which are never changed after they are built)."""
    conceptos = [{"coding": [{"system": SISTEMA_PIEZA, "code": str(pieza), "display": f"Pieza {pieza}"}],
                  "text": f"Pieza {pieza}"}]
    for letra in superficies or "":
        conceptos.append({"coding": [{"system": SISTEMA_SUPERFICIE, "code": letra, "display": SUPERFICIES[letra]}],
                          "text": f"Superficie {SUPERFICIES[letra]} de la pieza {pieza}"})
    return conceptos


@functools.lru_cache(maxsize=256)
def codigo(condicion: str, nombre: str) -> dict:
    return {"coding": [{"system": SISTEMA_CONDICION, "code": condicion, "display": nombre}], "text": nombre}


def a_fhir(h, paciente_id=None) -> dict:
    """A Condition from a finding row of COLUMNAS (``paciente_id``: as in encuentro.a_fhir)."""
    recurso = {"resourceType": "Condition", "id": str(h.id), "verificationStatus": CONFIRMADA,
               "category": CATEGORIA, "code": codigo(h.condicion, h.condicion_nombre),
               "bodySite": sitio(h.pieza, h.superficies), "subject": ref("Patient", paciente_id or h.paciente_id),
               "recordedDate": fecha_hora(h.fecha), "recorder": ref("Practitioner", h.medico_id)}
    if h.nota:
        recurso["note"] = [{"text": h.nota}]
    return recurso
