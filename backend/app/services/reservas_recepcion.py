"""The reception's list of online bookings (GET /api/reservas-en-linea): the appointments patients booked
themselves, from today on, with what reception must look at — a patient registered by that booking
(``paciente_nuevo``) and other active patients with the same name and birth date (``posibles_duplicados``), for a
merge decision (POST /api/pacientes/{id}/fusionar).

The appointments are the appointment list's (citas_service.listar, filtered by ``origen``): the same scope, shape,
order and audit. The flags of the whole page come from one more statement.
"""
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import and_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Paciente
from app.services import citas_service


def hoy(alcance):
    """Today in the clinic's default time zone, by the request's clock."""
    return alcance.ahora.astimezone(ZoneInfo(current_app.config["DEFAULT_TIME_ZONE"])).date()


def _marcas(paciente_ids):
    """{paciente_id: (is new, [possible duplicates])} for the given patients, in one statement: a duplicate is
    another active patient with the same normalised name (``busqueda``) and birth date."""
    if not paciente_ids:
        return {}
    otro = aliased(Paciente)
    filas = db.session.execute(
        select(Paciente.id, Paciente.origen, otro.id, otro.nombre, otro.apellido, otro.fecha_nacimiento)
        .outerjoin(otro, and_(otro.busqueda == Paciente.busqueda, otro.fecha_nacimiento == Paciente.fecha_nacimiento,
                              otro.id != Paciente.id, otro.activo.is_(True)))
        .where(Paciente.id.in_(paciente_ids))
        .order_by(Paciente.id, otro.apellido, otro.nombre, otro.id)).all()
    marcas = {}
    for paciente_id, origen, otro_id, nombre, apellido, nacimiento in filas:
        _, duplicados = marcas.setdefault(paciente_id, (origen == "en_linea", []))
        if otro_id is not None:
            duplicados.append({"id": otro_id, "nombre": nombre, "apellido": apellido,
                               "fecha_nacimiento": nacimiento.isoformat()})
    return marcas


def listar(alcance, *, page, per_page, fecha_desde=None, fecha_hasta=None, sucursal_id=None):
    """One page of online bookings in the caller's scope (a branch-bound receptionist: her branch), by date and
    time, from ``fecha_desde`` (default today) on."""
    pagina = citas_service.listar(alcance, page=page, per_page=per_page, accion="reservas_en_linea_listadas",
                                  origen="en_linea", fecha_desde=fecha_desde or hoy(alcance),
                                  fecha_hasta=fecha_hasta, sucursal_id=sucursal_id)
    marcas = _marcas({c["paciente_id"] for c in pagina["items"]})
    for cita in pagina["items"]:
        cita["paciente_nuevo"], cita["posibles_duplicados"] = marcas[cita["paciente_id"]]
    return pagina
