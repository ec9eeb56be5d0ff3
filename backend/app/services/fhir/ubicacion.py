"""Location: a branch of the clinic (where an appointment takes place)."""
from sqlalchemy import bindparam, select

from app.models import Sucursal
from app.services.fhir.comun import contactos
from app.utils.sql import ejecutar

COLUMNAS = (Sucursal.id, Sucursal.nombre, Sucursal.direccion, Sucursal.telefono, Sucursal.email, Sucursal.activo)


def a_fhir(s) -> dict:
    recurso = {"resourceType": "Location", "id": str(s.id), "status": "active" if s.activo else "inactive",
               "name": s.nombre, "mode": "instance"}
    telecom = contactos(s.telefono, s.email)
    if telecom:
        recurso["telecom"] = telecom
    if s.direccion:
        recurso["address"] = {"text": s.direccion}
    return recurso


_VARIAS = select(*COLUMNAS).where(Sucursal.id.in_(bindparam("ids", expanding=True))).order_by(Sucursal.id)  # built once


def varias(ids) -> list[dict]:
    ids = sorted(set(ids))
    if not ids:
        return []
    return [a_fhir(f) for f in ejecutar(_VARIAS, {"ids": ids})]
