"""Encounter: one per entry of the clinical history, on the entry's date, with its diagnosis."""
from html import escape

from app.models import HistorialMedico
from app.services.fhir.comun import fecha_hora, ref

AMBULATORIO = {"system": "http://terminology.hl7.org/CodeSystem/v3-ActCode", "code": "AMB", "display": "ambulatory"}
COLUMNAS = (HistorialMedico.id, HistorialMedico.paciente_id, HistorialMedico.medico_id, HistorialMedico.cita_id,
            HistorialMedico.fecha, HistorialMedico.diagnostico, HistorialMedico.tratamiento,
            HistorialMedico.observaciones)
_RUBROS = (("diagnostico", "Diagnóstico"), ("tratamiento", "Tratamiento"), ("observaciones", "Observaciones"))


def _narrativa(h) -> str | None:
    """The entry's texts as the resource's XHTML narrative: FHIR has no element for a free-text treatment or
    observations, and an export for leaving the product must not lose them."""
    partes = [f"<p><b>{titulo}:</b> {escape(getattr(h, campo))}</p>" for campo, titulo in _RUBROS
              if getattr(h, campo)]
    return f'<div xmlns="http://www.w3.org/1999/xhtml">{"".join(partes)}</div>' if partes else None


def a_fhir(h, paciente_id=None) -> dict:
    """An Encounter from a history entry row. ``paciente_id``: the patient it is read as (an entry kept under a
    patient merged into that one belongs to the kept record, fusion_pacientes)."""
    recurso = {"resourceType": "Encounter", "id": str(h.id)}
    narrativa = _narrativa(h)
    if narrativa:
        recurso["text"] = {"status": "generated", "div": narrativa}
    recurso |= {"status": "finished", "class": AMBULATORIO,
                "subject": ref("Patient", paciente_id or h.paciente_id),
                "participant": [{"individual": ref("Practitioner", h.medico_id)}],
                "period": {"start": fecha_hora(h.fecha)}}
    if h.cita_id:
        recurso["appointment"] = [ref("Appointment", h.cita_id)]
    if h.diagnostico:
        recurso["diagnosis"] = [{"condition": {"display": h.diagnostico}, "rank": 1}]
    return recurso
