"""Series of appointments (API.md "Agenda: series and waiting list"): one booking repeated every n weeks or days.

The dates are booked together by citas_service.agendar_varias (partes_de_la_reserva once: the patient, doctor and
branch exist and the writer's scope; then every date with a single booking's rules — INACTIVO, FECHA_PASADA,
FUERA_DE_HORARIO, MEDICO_OCUPADO / PACIENTE_OCUPADO as the exclusion constraints decide them, history, audit and
messages — in a few statements for the whole series), so a refused date leaves nothing behind and the others go
on. The whole series runs in one more savepoint: ``modo`` todas keeps the appointments only when no date was refused
(else 409 SERIE_CON_CONFLICTOS listing them, nothing booked); las_posibles keeps those that could be booked (none →
the same 409). ``simular`` books every date and then rolls the series' savepoint back: the answer is what a real run
would do at that instant, and nothing is written. (The dates of a series never overlap one another: same times,
different days.) The patient gets one confirmation, for the first date booked (the templates' placeholders name one
appointment), and every date its reminders. Cancelling the rest of a series goes through the normal state change, one
appointment at a time (each one's pending reminders are cancelled), and the patient gets one cancellation message, for
the first date cancelled.
"""
from datetime import datetime, timedelta

from sqlalchemy import select

from app.extensions import db
from app.models import Cita, Estado, SerieCitas, Sucursal
from app.services import citas_service
from app.services.citas_service import ahora_local
from app.utils.errors import Conflicto, NoEncontrado
from app.utils.sql import por_id

SERIE_CON_CONFLICTOS = "SERIE_CON_CONFLICTOS"


def fechas(fecha, repeticion):
    """The dates of the occurrences, the first one included."""
    paso = (timedelta(weeks=repeticion["cada_semanas"]) if repeticion.get("cada_semanas")
            else timedelta(days=repeticion["cada_dias"]))
    return [fecha + paso * i for i in range(repeticion["veces"])]


def _conflicto(fecha, hora_inicio, error):
    return {"fecha": fecha.isoformat(), "hora_inicio": hora_inicio.strftime("%H:%M"), "reason": error.reason,
            "message": error.message}


def crear(alcance, *, repeticion, modo, simular=False, fecha, hora_inicio, **cita):
    """Book the series → {serie_id, creadas, conflictos} (simular: {serie_id: None, posibles, conflictos})."""
    todo = db.session.begin_nested()  # "todas" refused, or a simulation: nothing of the series stays
    serie = None
    try:
        partes = citas_service.partes_de_la_reserva(alcance, cita.pop("paciente_id"), cita.pop("medico_id"),
                                                    cita.pop("sucursal_id"))
        if not simular:
            serie = SerieCitas(cada_semanas=repeticion.get("cada_semanas"), cada_dias=repeticion.get("cada_dias"),
                               veces=repeticion["veces"], creado_por=alcance.usuario.id)
            db.session.add(serie)
            db.session.flush()
        creadas, rechazos = citas_service.agendar_varias(alcance, *partes, fechas=fechas(fecha, repeticion),
                                                         hora_inicio=hora_inicio, serie_id=serie and serie.id,
                                                         **cita)
    except Exception:
        todo.rollback()
        raise
    conflictos = [_conflicto(dia, hora_inicio, rechazos[dia]) for dia in sorted(rechazos)]
    if simular:
        posibles = [{"fecha": c.fecha, "hora_inicio": c.hora_inicio, "hora_fin": c.hora_fin} for c in creadas]
        todo.rollback()
        return {"serie_id": None, "posibles": posibles, "conflictos": conflictos}
    if conflictos and (modo == "todas" or not creadas):
        todo.rollback()
        mensaje = ("Ninguna cita de la serie se puede agendar" if not creadas
                   else f"{len(conflictos)} de {repeticion['veces']} citas de la serie no se pueden agendar")
        raise Conflicto(SERIE_CON_CONFLICTOS, mensaje, conflictos=conflictos)
    todo.commit()
    return {"serie_id": serie.id, "creadas": creadas, "conflictos": conflictos}


def cancelar(alcance, serie_id, *, motivo, desde=None):
    """Cancel the series' appointments in the caller's scope that are still to come (Nueva or Confirmada, not
    started, on or after ``desde``: by default today in their branch) → {canceladas, citas}."""
    filas = db.session.execute(alcance.filtrar_citas(
        select(Cita.id, Cita.fecha, Cita.hora_inicio, Cita.sucursal_id, Cita.estado_id)
        .where(Cita.serie_id == serie_id).order_by(Cita.fecha, Cita.hora_inicio, Cita.id))).all()
    if not filas:  # no such series, or none of its appointments is the caller's to see
        raise NoEncontrado("La serie no existe")
    canceladas = []
    for fila in filas:
        if fila.estado_id not in citas_service.EDITABLES:
            continue
        ahora = ahora_local(por_id(Sucursal, fila.sucursal_id), alcance.ahora)
        if fila.fecha < (desde or ahora.date()) or datetime.combine(fila.fecha, fila.hora_inicio) <= ahora:
            continue
        citas_service.cambiar_estado(alcance, fila.id, estado_id=Estado.CANCELADA, motivo=motivo,
                                     avisar=not canceladas)
        canceladas.append(fila.id)
    return {"canceladas": len(canceladas), "citas": canceladas}
