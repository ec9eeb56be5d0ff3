"""Reads of patient data are audited one way wherever they are served (API, PDF, export): one audit row per
read, with the ids shown and, when they belong to one patient, that patient."""
from app.services import auditoria_service


def registrar_lectura(alcance, accion, entidad, ids, *, paciente_id=None):
    ids = list(ids)
    unico = len(ids) == 1 and paciente_id is not None
    auditoria_service.registrar(accion, usuario=alcance.usuario, entidad=entidad,
                                entidad_id=ids[0] if unico else None, paciente_id=paciente_id,
                                detalle=None if unico else {"ids": ids})
