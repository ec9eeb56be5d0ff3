"""The reception's list of online bookings (GET /api/reservas-en-linea): the appointments patients booked
themselves, from today on, with what reception must look at — a patient registered by that very booking
(``paciente_nuevo``: registered online, and this is their first appointment) and other active patients with the
same name and birth date (``posibles_duplicados``), for a merge decision (POST /api/pacientes/{id}/fusionar).

The appointments are the appointment list's (citas_service.listar, filtered by ``origen``): the same scope, shape,
order and audit. The flags of the whole page come from one more statement.
"""
import functools
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import ARRAY, Integer, and_, any_, bindparam, func, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Cita, Paciente, Sucursal
from app.services import citas_service


_ZONAS_DE_UNA = select(Sucursal.zona_horaria).where(Sucursal.id == bindparam("sucursal_id"))
_ZONAS_ACTIVAS = select(Sucursal.zona_horaria).distinct().where(Sucursal.activo.is_(True))


def hoy(alcance, sucursal_id=None):
    """The first date that is still today in some branch the list covers (``sucursal_id``, else the caller's own
    branch, else every active branch), by the request's clock: a booking for tonight in a branch west of the others
    is not left out; a few hours of another branch's yesterday may show."""
    sucursal_id = sucursal_id or alcance.sucursal_limitada
    zonas = db.session.scalars(_ZONAS_DE_UNA if sucursal_id else _ZONAS_ACTIVAS, {"sucursal_id": sucursal_id}).all()
    zonas = zonas or [current_app.config["DEFAULT_TIME_ZONE"]]
    return min(alcance.ahora.astimezone(ZoneInfo(zona)).date() for zona in zonas)


def _marcas(paciente_ids):
    """{paciente_id: (first appointment's id if the patient registered online else None, [possible duplicates])}
    for the given patients, in one statement: a duplicate is another active patient with the same normalised name
    (``busqueda``) and birth date."""
    if not paciente_ids:
        return {}
    filas = db.session.execute(_consulta_marcas(), {"ids": list(paciente_ids)}).all()
    marcas = {}
    for paciente_id, origen, primera_cita, otro_id, nombre, apellido, nacimiento in filas:
        _, duplicados = marcas.setdefault(paciente_id, (primera_cita if origen == "en_linea" else None, []))
        if otro_id is not None:
            duplicados.append({"id": otro_id, "nombre": nombre, "apellido": apellido,
                               "fecha_nacimiento": nacimiento.isoformat()})
    return marcas


@functools.cache
def _consulta_marcas():
    """_marcas' statement, built once (an alias and its joins cost ~1 ms of CPU to build per request)."""
    otro = aliased(Paciente)
    primera = select(func.min(Cita.id)).where(Cita.paciente_id == Paciente.id).scalar_subquery()
    return (select(Paciente.id, Paciente.origen, primera, otro.id, otro.nombre, otro.apellido, otro.fecha_nacimiento)
            .outerjoin(otro, and_(otro.busqueda == Paciente.busqueda, otro.fecha_nacimiento == Paciente.fecha_nacimiento,
                                  otro.id != Paciente.id, otro.activo.is_(True)))
            .where(Paciente.id == any_(bindparam("ids", type_=ARRAY(Integer))))
            .order_by(Paciente.id, otro.apellido, otro.nombre, otro.id))


def listar(alcance, *, page, per_page, fecha_desde=None, fecha_hasta=None, sucursal_id=None):
    """One page of online bookings in the caller's scope (a branch-bound receptionist: her branch), by date and
    time, from ``fecha_desde`` (default today) on."""
    pagina = citas_service.listar(alcance, page=page, per_page=per_page, accion="reservas_en_linea_listadas",
                                  origen="en_linea", fecha_desde=fecha_desde or hoy(alcance, sucursal_id),
                                  fecha_hasta=fecha_hasta, sucursal_id=sucursal_id)
    marcas = _marcas({c["paciente_id"] for c in pagina["items"]})
    for cita in pagina["items"]:
        primera_cita, cita["posibles_duplicados"] = marcas[cita["paciente_id"]]
        # New: registered by their online booking, and this is that booking (their first appointment).
        cita["paciente_nuevo"] = primera_cita == cita["id"]
    return pagina
