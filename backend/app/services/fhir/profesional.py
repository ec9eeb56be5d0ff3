"""Practitioner: a doctor with their specialty as qualification."""
from sqlalchemy import bindparam, select

from app.models import Especialidad, Medico
from app.services.fhir.comun import SISTEMA_ESPECIALIDAD, contactos, nombre_humano
from app.utils.errors import NoEncontrado
from app.utils.sql import ejecutar

COLUMNAS = (Medico.id, Medico.nombre, Medico.apellido, Medico.email, Medico.telefono, Medico.activo,
            Medico.especialidad_id, Especialidad.nombre.label("especialidad"))


def consulta():
    return select(*COLUMNAS).outerjoin(Especialidad, Especialidad.id == Medico.especialidad_id)


def a_fhir(m) -> dict:
    """A Practitioner from a row of COLUMNAS."""
    recurso = {"resourceType": "Practitioner", "id": str(m.id), "active": bool(m.activo),
               "name": [nombre_humano(m.nombre, m.apellido)]}
    telecom = contactos(m.telefono, m.email)
    if telecom:
        recurso["telecom"] = telecom
    if m.especialidad_id is not None:
        recurso["qualification"] = [{"code": {
            "coding": [{"system": SISTEMA_ESPECIALIDAD, "code": str(m.especialidad_id), "display": m.especialidad}],
            "text": m.especialidad}}]
    return recurso


def leer(medico_id) -> dict:
    """Practitioner/{id} (any user, as GET /api/medicos/{id}: doctors are not patient data, no audit)."""
    fila = ejecutar(consulta().where(Medico.id == medico_id)).first()
    if fila is None:
        raise NoEncontrado("El médico no existe")
    return a_fhir(fila)


_VARIOS = consulta().where(Medico.id.in_(bindparam("ids", expanding=True))).order_by(Medico.id)  # built once


def varios(ids) -> list[dict]:
    ids = sorted(set(ids))
    if not ids:
        return []
    return [a_fhir(f) for f in ejecutar(_VARIOS, {"ids": ids})]


