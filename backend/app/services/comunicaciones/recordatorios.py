"""Which messages an appointment causes, written in the transaction of the change (API.md "Patient messages"):

- booked → ``confirmacion_cita`` and one ``recordatorio`` per ``horas_antes`` value still ahead (a series: the
  confirmation for its first booked date only, the reminders for every date — ``avisar``);
- rescheduled → its pending messages are cancelled, ``reprogramacion`` and the new reminders are enqueued;
- cancelled → pending messages cancelled and ``cancelacion`` enqueued (cancelling the rest of a series: one
  ``cancelacion``, for its first cancelled date); a no-show → pending messages cancelled;
- the worker's sweep (``programar``) adds the reminders of appointments that lack them (appointments loaded
  in bulk, changed settings) — the same rules, for a period instead of one appointment.

Who gets a message, and which reminders an appointment has, is decided in the database, by the functions of
migration 0028 (their plans kept per connection: sent from here, the statement was planned on every booking,
1.1 ms of planning for 0.5 ms of work): the patient's channel (theirs, else the clinic's), its destination (e-mail or
phone), and ``omitido`` when the patient refused messages or has no contact for that channel; an offer of a freed
slot asks ``destino_de``. A reminder is unique per appointment, offset and start (uq_mensajes_recordatorio): ON
CONFLICT DO NOTHING makes a second sweep, a second worker or a retried booking harmless.
"""
from datetime import datetime, timedelta

from sqlalchemy import text

from app.extensions import db
from app.models import Estado

_ENCOLAR = text("SELECT medical.encolar_mensajes(:citas, :ahora, :aviso, :con_recordatorios)")
_PROGRAMAR = text("SELECT medical.programar_recordatorios(:ahora, :hasta_instante, :desde, :hasta)")
_DESTINO_DE_PACIENTE = text("SELECT canal, destino, omision FROM medical.destino_de_paciente(:paciente_id)")

_CANCELAR = text("""
UPDATE medical.mensajes SET estado = 'cancelado', ultimo_error = :motivo
WHERE cita_id = :cita_id AND estado = 'pendiente'
""")


def destino_de(paciente_id: int):
    """(canal, destino, omision) of a message to the patient that is not an appointment's (an offer of a freed slot,
    app/services/lista_espera_service.py): the same rules as the appointments' messages (migration 0028)."""
    return tuple(db.session.execute(_DESTINO_DE_PACIENTE, {"paciente_id": paciente_id}).one())


def _encolar(citas: list[int], ahora: datetime, aviso: str | None, con_recordatorios: bool) -> None:
    db.session.execute(_ENCOLAR, {"citas": citas, "ahora": ahora, "aviso": aviso,
                                  "con_recordatorios": con_recordatorios})


def _cancelar_pendientes(cita_id: int, motivo: str) -> None:
    db.session.execute(_CANCELAR, {"cita_id": cita_id, "motivo": motivo})


def al_agendar(cita, ahora: datetime, avisar: bool = True) -> None:
    """Its reminders, and the confirmation unless ``avisar`` is false (a series' later dates: the patient is told
    once, app/services/series_citas.py)."""
    _encolar([cita.id], ahora, "confirmacion_cita" if avisar else None, True)


def al_agendar_varias(citas, ahora: datetime) -> None:
    """A series' booked dates (in date order): the confirmation for the first one, the reminders for all."""
    primera, *resto = citas
    al_agendar(primera, ahora)
    if resto:
        _encolar([cita.id for cita in resto], ahora, None, True)


def al_reprogramar(cita, ahora: datetime) -> None:
    _cancelar_pendientes(cita.id, "La cita fue reprogramada")
    _encolar([cita.id], ahora, "reprogramacion", True)


def al_cambiar_estado(cita, ahora: datetime, avisar: bool = True) -> None:
    """A cancellation tells the patient (unless ``avisar`` is false: a series' rest is cancelled with one message);
    a cancellation or a no-show ends what was pending."""
    if cita.estado_id == Estado.CANCELADA:
        _cancelar_pendientes(cita.id, "La cita fue cancelada")
        if avisar:
            _encolar([cita.id], ahora, "cancelacion", False)
    elif cita.estado_id == Estado.NO_ASISTIO:
        _cancelar_pendientes(cita.id, "El paciente no asistió")


def programar(ahora: datetime, dias: int = 7) -> int:
    """The reminders due for the appointments of the next ``dias`` days that do not have them yet; how many
    were added. Idempotent (the unique reminder rule)."""
    hasta = ahora + timedelta(days=dias)
    return db.session.scalar(_PROGRAMAR, {
        "ahora": ahora, "hasta_instante": hasta,
        # Dates are the branches' wall-clock dates: a day of margin either side covers every time zone.
        "desde": (ahora - timedelta(days=1)).date(), "hasta": (hasta + timedelta(days=1)).date(),
    })
