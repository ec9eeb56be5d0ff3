"""The public page of an appointment (API.md "Public appointment page"): what the patient holding the link may see
and do, without logging in.

The signed token names one appointment (app/services/enlace_cita.py); a bad token, an unknown appointment or one
whose end has passed in its branch's time zone all answer the same 404. The answer shows only what API.md lists:
nothing clinical, no patient data. The state change itself is citas_service.cambiar_estado_por_paciente (the state
machine, the history row marked ``por_paciente``, the audit and the patient's messages); this module adds the
patient's own rule, CANCELACION_TARDIA (ConfiguracionClinica.cancelacion_minima_horas before the start).
"""
from datetime import datetime, timedelta

from sqlalchemy import bindparam, select
from sqlalchemy.orm import defer, joinedload

from app.extensions import db
from app.models import Cita, ConfiguracionClinica, Estado, Medico
from app.services import auditoria_service, citas_service, enlace_cita
from app.services.citas_service import TRANSICIONES_DEL_PACIENTE, ahora_local
from app.utils.errors import Conflicto, NoEncontrado

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
    if cita is None or ahora_local(cita.sucursal, ahora) >= datetime.combine(cita.fecha, cita.hora_fin):
        raise NoEncontrado(NO_ENCONTRADA)
    return cita


_CANCELACION_MINIMA = select(ConfiguracionClinica.cancelacion_minima_horas).where(ConfiguracionClinica.id == 1)


def _cancelacion_minima() -> timedelta:
    horas = db.session.scalar(_CANCELACION_MINIMA)
    return timedelta(hours=CANCELACION_MINIMA_HORAS if horas is None else horas)


def _a_tiempo_para_cancelar(cita: Cita, ahora: datetime) -> bool:
    inicio = datetime.combine(cita.fecha, cita.hora_inicio)
    return ahora_local(cita.sucursal, ahora) < inicio - _cancelacion_minima()


def _json(cita: Cita, ahora: datetime) -> dict:
    medico, sucursal = cita.medico, cita.sucursal
    return {
        "fecha": cita.fecha, "hora_inicio": cita.hora_inicio, "hora_fin": cita.hora_fin,
        "zona_horaria": sucursal.zona_horaria,
        "estado": Estado.NOMBRES[cita.estado_id][0],
        "medico": {"nombre": medico.nombre, "apellido": medico.apellido},
        "especialidad": medico.especialidad.nombre if medico.especialidad else None,
        "sucursal": {"nombre": sucursal.nombre, "direccion": sucursal.direccion, "telefono": sucursal.telefono},
        # Not ended: _cita answered 404 otherwise.
        "puede_confirmar": (cita.estado_id, Estado.CONFIRMADA) in TRANSICIONES_DEL_PACIENTE,
        "puede_cancelar": ((cita.estado_id, Estado.CANCELADA) in TRANSICIONES_DEL_PACIENTE
                           and _a_tiempo_para_cancelar(cita, ahora)),
    }


def consultar(token: str, *, ahora: datetime) -> dict:
    return _json(_cita(token, ahora), ahora)


def confirmar(token: str, *, ahora: datetime) -> dict:
    """Nueva → Confirmada, recorded as done by the patient (409 TRANSICION_INVALIDA from any other state)."""
    cita = _cita(token, ahora, bloquear=True)
    cita = citas_service.cambiar_estado_por_paciente(cita, estado_id=Estado.CONFIRMADA, motivo=None, ahora=ahora)
    return _json(cita, ahora)


def cancelar(token: str, *, motivo: str | None = None, ahora: datetime) -> dict:
    """→ Cancelada, recorded as done by the patient; refused within cancelacion_minima_horas of the start."""
    cita = _cita(token, ahora, bloquear=True)
    if not _a_tiempo_para_cancelar(cita, ahora):
        horas = int(_cancelacion_minima().total_seconds() // 3600)
        raise Conflicto("CANCELACION_TARDIA",
                        f"La cita ya no se puede cancelar desde el enlace (hay que hacerlo con al menos {horas} "
                        f"{'hora' if horas == 1 else 'horas'} de anticipación); comuníquese con la sucursal")
    cita = citas_service.cambiar_estado_por_paciente(cita, estado_id=Estado.CANCELADA,
                                                      motivo=motivo or MOTIVO_CANCELACION, ahora=ahora)
    return _json(cita, ahora)


def enlace(alcance, cita_id: int) -> dict:
    """The public page's URL of an appointment, for the staff to send it by other means. The appointment must be in
    the caller's scope (404 otherwise: a Médico's scope is their own appointments, Alcance.filtrar_citas). Audited:
    the link works like a key to the appointment."""
    paciente_id = citas_service.paciente_de(alcance, cita_id)
    auditoria_service.registrar("cita_enlace_entregado", usuario=alcance.usuario, entidad="cita", entidad_id=cita_id,
                                paciente_id=paciente_id)
    return {"url": enlace_cita.url_de(cita_id)}
