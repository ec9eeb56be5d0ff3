"""What the public booking pages offer: only branches, specialties and doctors that take online bookings (an
active doctor with ``reserva_en_linea`` and a schedule block in an active branch), and their free slots.

A slot is offered when it starts at least ``antelacion_minima_horas`` and at most ``horizonte_dias`` from now
(``ventana``); dates and times are the branch's wall-clock time, and every answer names its time zone. With online
booking turned off, every list is empty."""
import functools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import ConfiguracionClinica, Especialidad, HorarioMedico, Medico, Sucursal
from app.services import configuracion_service, disponibilidad_service
from app.services.citas_service import ahora_local
from app.utils.errors import Invalido, NoEncontrado
from app.utils.sql import por_id

MAX_DIAS = 14
# A specialty's 14 days in a big branch can hold thousands of slots; the page shows the earliest ones and says so.
MAX_SLOTS = 400
SIGUIENTES = 5


@dataclass(frozen=True)
class Ventana:
    """The instants between which an online booking may start."""

    no_antes: datetime
    no_despues: datetime

    @classmethod
    def de(cls, config: ConfiguracionClinica, ahora: datetime) -> "Ventana":
        return cls(ahora + timedelta(hours=config.antelacion_minima_horas),
                   ahora + timedelta(days=config.horizonte_dias))

    def incluye(self, sucursal: Sucursal, fecha: date, hora) -> bool:
        inicio = datetime.combine(fecha, hora, ZoneInfo(sucursal.zona_horaria))
        return self.no_antes <= inicio <= self.no_despues


def _ofrece(por_sucursal=False):
    """Doctors that take online bookings, with a block in an active branch (``por_sucursal``: the one bound as
    ``sucursal_id``)."""
    bloque = (select(HorarioMedico.id).join(Sucursal, Sucursal.id == HorarioMedico.sucursal_id)
              .where(HorarioMedico.medico_id == Medico.id, Sucursal.activo.is_(True)))
    if por_sucursal:
        bloque = bloque.where(HorarioMedico.sucursal_id == bindparam("sucursal_id"))
    return select(Medico).where(Medico.activo.is_(True), Medico.reserva_en_linea.is_(True), exists(bloque))


def activa() -> ConfiguracionClinica | None:
    """The clinic's settings when online booking is on, else None."""
    config = configuracion_service.obtener()
    return config if config.reserva_en_linea_activa else None


# The lists' statements, built once per shape with their filters bound (docs/architecture.md).
_SUCURSALES = select(Sucursal).where(Sucursal.activo.is_(True), exists(
    select(HorarioMedico.id).where(HorarioMedico.sucursal_id == Sucursal.id,
                                   HorarioMedico.medico_id.in_(_ofrece().with_only_columns(Medico.id).scalar_subquery()))
)).order_by(Sucursal.nombre)


@functools.cache
def _especialidades(por_sucursal):
    medicos = _ofrece(por_sucursal).with_only_columns(Medico.especialidad_id).scalar_subquery()
    return select(Especialidad).where(Especialidad.id.in_(medicos)).order_by(Especialidad.nombre)


@functools.cache
def _medicos(por_sucursal, por_especialidad):
    consulta = _ofrece(por_sucursal)
    if por_especialidad:
        consulta = consulta.where(Medico.especialidad_id == bindparam("especialidad_id"))
    return consulta.options(joinedload(Medico.especialidad)).order_by(Medico.apellido, Medico.nombre, Medico.id)


def sucursales():
    if activa() is None:
        return []
    return db.session.scalars(_SUCURSALES).all()


def especialidades(sucursal_id=None):
    if activa() is None:
        return []
    return db.session.scalars(_especialidades(sucursal_id is not None), {"sucursal_id": sucursal_id}).all()


def medicos(sucursal_id=None, especialidad_id=None):
    if activa() is None:
        return []
    return db.session.scalars(_medicos(sucursal_id is not None, especialidad_id is not None),
                              {"sucursal_id": sucursal_id, "especialidad_id": especialidad_id}).unique().all()


def sucursal_abierta(sucursal_id) -> Sucursal:
    sucursal = por_id(Sucursal, sucursal_id)
    if sucursal is None or not sucursal.activo:
        raise NoEncontrado("La sucursal no existe")
    return sucursal


def _con_medicos(filas):
    """The slots already in SlotPublicoSchema's JSON shape (a 14-day answer holds hundreds: dumping them with
    marshmallow cost more than finding them), with their doctors' names (one query for all)."""
    ids = {f["medico_id"] for f in filas}
    medicos = {m.id: {"id": m.id, "nombre": m.nombre, "apellido": m.apellido} for m in db.session.execute(
        select(Medico.id, Medico.nombre, Medico.apellido).where(Medico.id.in_(ids)))} if ids else {}
    return [{"fecha": f["fecha"].isoformat(), "hora_inicio": f["hora_inicio"].strftime("%H:%M"),
             "hora_fin": f["hora_fin"].strftime("%H:%M"), "medico_id": f["medico_id"],
             "medico": medicos[f["medico_id"]]} for f in filas]


def disponibilidad(*, sucursal_id, ahora, especialidad_id=None, medico_id=None, desde=None, hasta=None):
    """{zona_horaria, items, completo} in DisponibilidadPublicaSchema's JSON shape: the free slots of [desde, hasta]
    (at most MAX_DIAS days; default the two weeks from today) that online booking offers; ``completo`` is false
    when only the first MAX_SLOTS are shown."""
    sucursal = sucursal_abierta(sucursal_id)
    desde = desde or ahora_local(sucursal, ahora).date()
    hasta = hasta or desde + timedelta(days=MAX_DIAS - 1)
    if hasta < desde:
        raise Invalido({"hasta": ["Debe ser igual o posterior a desde."]})
    if (hasta - desde).days >= MAX_DIAS:
        raise Invalido({"hasta": [f"El rango no puede superar {MAX_DIAS} días."]})
    respuesta = {"zona_horaria": sucursal.zona_horaria, "items": [], "completo": True}
    config = activa()
    if config is None:
        return respuesta
    ventana = Ventana.de(config, ahora)
    filas = disponibilidad_service.libres(
        desde=desde, hasta=hasta, no_antes=ventana.no_antes, no_despues=ventana.no_despues, limite=MAX_SLOTS + 1,
        sucursal_id=sucursal.id, especialidad_id=especialidad_id, medico_id=medico_id, en_linea=True)
    respuesta["completo"] = len(filas) <= MAX_SLOTS
    respuesta["items"] = _con_medicos(filas[:MAX_SLOTS])
    return respuesta


def siguientes(config, sucursal: Sucursal, medico_id: int, fecha: date, ahora: datetime):
    """The doctor's next free slots in the branch from ``fecha`` on (for a 409 MEDICO_OCUPADO), in JSON form."""
    ventana = Ventana.de(config, ahora)
    filas = disponibilidad_service.libres(
        desde=max(fecha, ahora_local(sucursal, ahora).date()), hasta=fecha + timedelta(days=MAX_DIAS - 1),
        no_antes=ventana.no_antes, no_despues=ventana.no_despues, limite=SIGUIENTES, sucursal_id=sucursal.id,
        medico_id=medico_id, en_linea=True)
    return _con_medicos(filas)


def es_libre(config, sucursal: Sucursal, medico_id: int, fecha: date, hora_inicio, ahora: datetime) -> bool:
    """Whether ``hora_inicio`` starts one of the doctor's free online slots of that day in the branch."""
    ventana = Ventana.de(config, ahora)
    filas = disponibilidad_service.libres(desde=fecha, hasta=fecha, no_antes=ventana.no_antes,
                                          no_despues=ventana.no_despues, sucursal_id=sucursal.id,
                                          medico_id=medico_id, en_linea=True)
    return any(f["hora_inicio"] == hora_inicio for f in filas)
