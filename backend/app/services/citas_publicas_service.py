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

from app.models import Cita, ConfiguracionClinica, Especialidad, Estado, Medico, Sucursal
from app.services import auditoria_service, citas_service, enlace_cita
from app.services.citas_service import TRANSICIONES_DEL_PACIENTE, hora_en
from app.utils.errors import Conflicto, NoEncontrado
from app.utils.sql import ejecutar, por_id

NO_ENCONTRADA = "El enlace no es válido o la cita ya pasó"
MOTIVO_CANCELACION = "Cancelada por el paciente desde el enlace"
CANCELACION_MINIMA_HORAS = 2  # when the clinic's settings row is missing (its column's default)


# What the page shows, one row built once (rebuilt, a statement pays its cache key on every request: docs/
# performance.md, «Sexta pasada»): the appointment, its doctor, specialty and branch, and the clinic's minimum notice
# for a cancellation. No ORM objects: the page is read far more than it is changed («Decimotercera pasada»). A change
# reads it locked: a reschedule cannot slip between its checks and the change.
_PAGINA = (select(Cita.id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin, Cita.estado_id,
                  Medico.nombre.label("medico_nombre"), Medico.apellido.label("medico_apellido"),
                  Especialidad.nombre.label("especialidad"), Sucursal.nombre.label("sucursal_nombre"),
                  Sucursal.direccion, Sucursal.telefono, Sucursal.zona_horaria,
                  select(ConfiguracionClinica.cancelacion_minima_horas).where(ConfiguracionClinica.id == 1)
                  .scalar_subquery().label("cancelacion_minima_horas"))
           .join(Medico, Medico.id == Cita.medico_id).outerjoin(Especialidad, Especialidad.id == Medico.especialidad_id)
           .join(Sucursal, Sucursal.id == Cita.sucursal_id).where(Cita.id == bindparam("cita_id")))
_PAGINA_BLOQUEADA = _PAGINA.with_for_update(of=Cita)


def _pagina(cita_id: int, bloquear=False) -> Row | None:
    return ejecutar(_PAGINA_BLOQUEADA if bloquear else _PAGINA, {"cita_id": cita_id}).first()


def _vigente(token: str, ahora: datetime, bloquear=False) -> Row:
    """The page's row of the appointment the token names; 404 once it has ended in its branch's time zone."""
    cita_id = enlace_cita.cita_id_de(token)
    fila = _pagina(cita_id, bloquear) if cita_id is not None else None
    if fila is None or hora_en(fila.zona_horaria, ahora) >= datetime.combine(fila.fecha, fila.hora_fin):
        raise NoEncontrado(NO_ENCONTRADA)
    return fila


def _cancelacion_minima(fila: Row) -> timedelta:
    horas = fila.cancelacion_minima_horas
    return timedelta(hours=CANCELACION_MINIMA_HORAS if horas is None else horas)


def _a_tiempo_para_cancelar(fila: Row, ahora: datetime) -> bool:
    inicio = datetime.combine(fila.fecha, fila.hora_inicio)
    return hora_en(fila.zona_horaria, ahora) < inicio - _cancelacion_minima(fila)


def _json(fila: Row, ahora: datetime) -> dict:
    """A row of _PAGINA as CitaPublicaSchema shows it."""
    return {
        "fecha": fila.fecha, "hora_inicio": fila.hora_inicio, "hora_fin": fila.hora_fin,
        "zona_horaria": fila.zona_horaria,
        "estado": Estado.NOMBRES[fila.estado_id][0],
        "medico": {"nombre": fila.medico_nombre, "apellido": fila.medico_apellido},
        "especialidad": fila.especialidad,
        "sucursal": {"nombre": fila.sucursal_nombre, "direccion": fila.direccion, "telefono": fila.telefono},
        # Not ended: _vigente answered 404 otherwise.
        "puede_confirmar": (fila.estado_id, Estado.CONFIRMADA) in TRANSICIONES_DEL_PACIENTE,
        "puede_cancelar": ((fila.estado_id, Estado.CANCELADA) in TRANSICIONES_DEL_PACIENTE
                           and _a_tiempo_para_cancelar(fila, ahora)),
    }


def consultar(token: str, *, ahora: datetime) -> dict:
    return _json(_vigente(token, ahora), ahora)


def _cambiar(fila: Row, estado_id: int, motivo: str | None, ahora: datetime) -> dict:
    """The patient's change of the locked appointment, answered with its page as it is now."""
    citas_service.cambiar_estado_por_paciente(por_id(Cita, fila.id), estado_id=estado_id, motivo=motivo, ahora=ahora)
    return _json(_pagina(fila.id), ahora)


def confirmar(token: str, *, ahora: datetime) -> dict:
    """Nueva → Confirmada, recorded as done by the patient (409 TRANSICION_INVALIDA from any other state)."""
    return _cambiar(_vigente(token, ahora, bloquear=True), Estado.CONFIRMADA, None, ahora)


def cancelar(token: str, *, motivo: str | None = None, ahora: datetime) -> dict:
    """→ Cancelada, recorded as done by the patient; refused within cancelacion_minima_horas of the start."""
    fila = _vigente(token, ahora, bloquear=True)
    if not _a_tiempo_para_cancelar(fila, ahora):
        horas = int(_cancelacion_minima(fila).total_seconds() // 3600)
        raise Conflicto("CANCELACION_TARDIA",
                        f"La cita ya no se puede cancelar desde el enlace (hay que hacerlo con al menos {horas} "
                        f"{'hora' if horas == 1 else 'horas'} de anticipación); comuníquese con la sucursal")
    return _cambiar(fila, Estado.CANCELADA, motivo or MOTIVO_CANCELACION, ahora)


def enlace(alcance, cita_id: int) -> dict:
    """The public page's URL of an appointment, for the staff to send it by other means. The appointment must be in
    the caller's scope (404 otherwise: a Médico's scope is their own appointments, Alcance.filtrar_citas). Audited:
    the link works like a key to the appointment."""
    paciente_id = citas_service.paciente_de(alcance, cita_id)
    auditoria_service.registrar("cita_enlace_entregado", usuario=alcance.usuario, entidad="cita", entidad_id=cita_id,
                                paciente_id=paciente_id)
    return {"url": enlace_cita.url_de(cita_id)}
