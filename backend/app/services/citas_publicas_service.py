"""The public page of an appointment (API.md "Public appointment page"): what the patient holding the link may see
and do, without logging in.

The signed token names one appointment (app/services/enlace_cita.py); a bad token, an unknown appointment or one
whose end has passed in its branch's time zone all answer the same 404. The answer shows only what API.md lists:
nothing clinical, no patient data. The state change itself is citas_service.cambiar_estado_por_paciente (the state
machine, the history row marked ``por_paciente``, the audit and the patient's messages); this module adds the
patient's own rule, CANCELACION_TARDIA (ConfiguracionClinica.cancelacion_minima_horas before the start).
"""
from datetime import datetime, timedelta

from sqlalchemy import Row, bindparam, select
from sqlalchemy.orm import defer, joinedload

from app.extensions import db
from app.models import Cita, ConfiguracionClinica, Especialidad, Estado, Medico, Sucursal
from app.services import auditoria_service, citas_service, enlace_cita
from app.services.citas_service import TRANSICIONES_DEL_PACIENTE, hora_en
from app.utils.errors import Conflicto, NoEncontrado
from app.utils.sql import ejecutar

NO_ENCONTRADA = "El enlace no es válido o la cita ya pasó"
MOTIVO_CANCELACION = "Cancelada por el paciente desde el enlace"
CANCELACION_MINIMA_HORAS = 2  # when the clinic's settings row is missing (its column's default)


# The appointment with its doctor, specialty and branch, built once: rebuilt, it paid its cache key on every request
# (docs/performance.md, «Sexta pasada»). A change reads it locked: a reschedule cannot slip between its checks and
# the change.
_CITA = (select(Cita).where(Cita.id == bindparam("cita_id"))
         .options(defer(Cita.notas), joinedload(Cita.medico, innerjoin=True).joinedload(Medico.especialidad),
                  joinedload(Cita.sucursal, innerjoin=True)))
_CITA_BLOQUEADA = _CITA.with_for_update(of=Cita)


def _cita(token: str, ahora: datetime, bloquear=False) -> Cita:
    """The appointment the token names, with its doctor, specialty and branch; 404 once it has ended."""
    cita_id = enlace_cita.cita_id_de(token)
    if cita_id is None:
        raise NoEncontrado(NO_ENCONTRADA)
    cita = db.session.scalars(_CITA_BLOQUEADA if bloquear else _CITA, {"cita_id": cita_id}).unique().first()
    if cita is None or _terminada(cita.fecha, cita.hora_fin, cita.sucursal.zona_horaria, ahora):
        raise NoEncontrado(NO_ENCONTRADA)
    return cita


_CANCELACION_MINIMA = select(ConfiguracionClinica.cancelacion_minima_horas).where(ConfiguracionClinica.id == 1)

# What the page shows, one row built once: the appointment, its doctor, specialty and branch, and the clinic's
# minimum notice for a cancellation. The page is read far more than it is changed: no ORM objects for it
# (docs/performance.md, «Decimotercera pasada»).
_PAGINA = (select(Cita.id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin, Cita.estado_id,
                  Medico.nombre.label("medico_nombre"), Medico.apellido.label("medico_apellido"),
                  Especialidad.nombre.label("especialidad"), Sucursal.nombre.label("sucursal_nombre"),
                  Sucursal.direccion, Sucursal.telefono, Sucursal.zona_horaria,
                  _CANCELACION_MINIMA.scalar_subquery().label("cancelacion_minima_horas"))
           .join(Medico, Medico.id == Cita.medico_id).outerjoin(Especialidad, Especialidad.id == Medico.especialidad_id)
           .join(Sucursal, Sucursal.id == Cita.sucursal_id).where(Cita.id == bindparam("cita_id")))


def _pagina(cita_id: int) -> Row | None:
    return ejecutar(_PAGINA, {"cita_id": cita_id}).first()


def _terminada(fecha, hora_fin, zona_horaria, ahora: datetime) -> bool:
    return hora_en(zona_horaria, ahora) >= datetime.combine(fecha, hora_fin)


def _minima(horas) -> timedelta:
    return timedelta(hours=CANCELACION_MINIMA_HORAS if horas is None else horas)


def _cancelacion_minima() -> timedelta:
    return _minima(db.session.scalar(_CANCELACION_MINIMA))


def _a_tiempo_para_cancelar(fecha, hora_inicio, zona_horaria, minima: timedelta, ahora: datetime) -> bool:
    return hora_en(zona_horaria, ahora) < datetime.combine(fecha, hora_inicio) - minima


def _json(fila: Row, ahora: datetime) -> dict:
    """A row of _PAGINA as CitaPublicaSchema shows it."""
    return {
        "fecha": fila.fecha, "hora_inicio": fila.hora_inicio, "hora_fin": fila.hora_fin,
        "zona_horaria": fila.zona_horaria,
        "estado": Estado.NOMBRES[fila.estado_id][0],
        "medico": {"nombre": fila.medico_nombre, "apellido": fila.medico_apellido},
        "especialidad": fila.especialidad,
        "sucursal": {"nombre": fila.sucursal_nombre, "direccion": fila.direccion, "telefono": fila.telefono},
        # Not ended: the page answered 404 otherwise.
        "puede_confirmar": (fila.estado_id, Estado.CONFIRMADA) in TRANSICIONES_DEL_PACIENTE,
        "puede_cancelar": ((fila.estado_id, Estado.CANCELADA) in TRANSICIONES_DEL_PACIENTE
                           and _a_tiempo_para_cancelar(fila.fecha, fila.hora_inicio, fila.zona_horaria,
                                                       _minima(fila.cancelacion_minima_horas), ahora)),
    }


def consultar(token: str, *, ahora: datetime) -> dict:
    cita_id = enlace_cita.cita_id_de(token)
    fila = _pagina(cita_id) if cita_id is not None else None
    if fila is None or _terminada(fila.fecha, fila.hora_fin, fila.zona_horaria, ahora):
        raise NoEncontrado(NO_ENCONTRADA)
    return _json(fila, ahora)


def confirmar(token: str, *, ahora: datetime) -> dict:
    """Nueva → Confirmada, recorded as done by the patient (409 TRANSICION_INVALIDA from any other state)."""
    cita = _cita(token, ahora, bloquear=True)
    cita = citas_service.cambiar_estado_por_paciente(cita, estado_id=Estado.CONFIRMADA, motivo=None, ahora=ahora)
    return _json(_pagina(cita.id), ahora)


def cancelar(token: str, *, motivo: str | None = None, ahora: datetime) -> dict:
    """→ Cancelada, recorded as done by the patient; refused within cancelacion_minima_horas of the start."""
    cita = _cita(token, ahora, bloquear=True)
    if not _a_tiempo_para_cancelar(cita.fecha, cita.hora_inicio, cita.sucursal.zona_horaria, _cancelacion_minima(),
                                   ahora):
        horas = int(_cancelacion_minima().total_seconds() // 3600)
        raise Conflicto("CANCELACION_TARDIA",
                        f"La cita ya no se puede cancelar desde el enlace (hay que hacerlo con al menos {horas} "
                        f"{'hora' if horas == 1 else 'horas'} de anticipación); comuníquese con la sucursal")
    cita = citas_service.cambiar_estado_por_paciente(cita, estado_id=Estado.CANCELADA,
                                                      motivo=motivo or MOTIVO_CANCELACION, ahora=ahora)
    return _json(_pagina(cita.id), ahora)


def enlace(alcance, cita_id: int) -> dict:
    """The public page's URL of an appointment, for the staff to send it by other means. The appointment must be in
    the caller's scope (404 otherwise: a Médico's scope is their own appointments, Alcance.filtrar_citas). Audited:
    the link works like a key to the appointment."""
    paciente_id = citas_service.paciente_de(alcance, cita_id)
    auditoria_service.registrar("cita_enlace_entregado", usuario=alcance.usuario, entidad="cita", entidad_id=cita_id,
                                paciente_id=paciente_id)
    return {"url": enlace_cita.url_de(cita_id)}
