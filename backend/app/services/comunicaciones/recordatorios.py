"""Which messages an appointment causes, written in the transaction of the change (API.md "Patient messages"):

- booked → ``confirmacion_cita`` and one ``recordatorio`` per ``horas_antes`` value still ahead (a series: the
  confirmation for its first booked date only, the reminders for every date — ``avisar``);
- rescheduled → its pending messages are cancelled, ``reprogramacion`` and the new reminders are enqueued;
- cancelled → pending messages cancelled and ``cancelacion`` enqueued (cancelling the rest of a series: one
  ``cancelacion``, for its first cancelled date); a no-show → pending messages cancelled;
- the worker's sweep (``programar``) adds the reminders of appointments that lack them (appointments loaded
  in bulk, changed settings) — the same statement, for a period instead of one appointment.

Who gets a message is decided here, in SQL (``_DESTINO``; ``destino_de`` for an offer of a freed slot), for all of
them: the patient's channel (theirs, else the
clinic's), its destination (e-mail or phone), and ``omitido`` when the patient refused messages or has no
contact for that channel. A reminder is unique per appointment, offset and start (uq_mensajes_recordatorio):
ON CONFLICT DO NOTHING makes a second sweep, a second worker or a retried booking harmless.
"""
from datetime import datetime, timedelta

from sqlalchemy import text

from app.extensions import db
from app.models import Estado

# The patient's channel (theirs, else the clinic's), its destination and why the message is omitted (or NULL), as
# ``d.canal, d.destino, d.omision`` of a patient ``p`` and the clinic's settings ``k``: every patient message
# decides it with this fragment (the appointments' below, an offer's through destino_de).
_DESTINO = """
CROSS JOIN LATERAL (
    SELECT x.canal,
           CASE WHEN x.canal = 'email' THEN nullif(btrim(p.email), '') ELSE nullif(btrim(p.telefono), '') END AS destino
    FROM (SELECT coalesce(p.canal_preferido, k.canal_preferido) AS canal) x
) e
CROSS JOIN LATERAL (
    SELECT e.canal, e.destino,
           CASE WHEN NOT p.acepta_recordatorios THEN 'El paciente no acepta mensajes'
                WHEN e.destino IS NULL THEN CASE WHEN e.canal = 'email' THEN 'El paciente no tiene correo electrónico'
                                                 ELSE 'El paciente no tiene teléfono' END END AS omision
) d
"""

_INSERTAR = """
INSERT INTO medical.mensajes (tipo, canal, destino, paciente_id, cita_id, horas_antes, cita_inicio, estado,
                              ultimo_error, programado_para)
SELECT t.tipo, d.canal, d.destino, c.paciente_id, c.id, t.horas_antes, c.fecha + c.hora_inicio,
       CASE WHEN d.omision IS NULL THEN 'pendiente' ELSE 'omitido' END, d.omision, t.programado_para
FROM medical.citas c
JOIN medical.pacientes p ON p.id = c.paciente_id
JOIN medical.sucursales s ON s.id = c.sucursal_id
CROSS JOIN medical.configuracion_comunicaciones k
CROSS JOIN LATERAL (SELECT (c.fecha + c.hora_inicio) AT TIME ZONE s.zona_horaria AS inicio) i
""" + _DESTINO + """
CROSS JOIN LATERAL (
    SELECT CAST(:aviso AS varchar) AS tipo, CAST(NULL AS smallint) AS horas_antes,
           CAST(:ahora AS timestamptz) AS programado_para
    WHERE :aviso IS NOT NULL
    UNION ALL
    SELECT 'recordatorio', h, i.inicio - make_interval(hours => h)
    FROM unnest(k.horas_antes) AS h
    WHERE :con_recordatorios AND k.recordatorios_activos AND c.estado_id IN (1, 2)  -- Nueva, Confirmada
      AND i.inicio - make_interval(hours => h) > :ahora
) t
WHERE k.id = 1 AND {filtro}
ON CONFLICT DO NOTHING
"""
_POR_CITA = text(_INSERTAR.format(filtro="c.id = :cita_id"))
_POR_CITAS = text(_INSERTAR.format(filtro="c.id = ANY(:citas)"))
# The sweep: appointments of the next days (by date, an index range; the exact horizon on the start instant).
_POR_PERIODO = text(_INSERTAR.format(
    filtro="c.fecha BETWEEN :desde AND :hasta AND c.estado_id IN (1, 2) AND i.inicio > :ahora "
           "AND i.inicio <= :hasta_instante"))

_DESTINO_DE_PACIENTE = text("""
SELECT d.canal, d.destino, d.omision
FROM medical.pacientes p
CROSS JOIN medical.configuracion_comunicaciones k
""" + _DESTINO + """
WHERE k.id = 1 AND p.id = :paciente_id
""")

_CANCELAR = text("""
UPDATE medical.mensajes SET estado = 'cancelado', ultimo_error = :motivo
WHERE cita_id = :cita_id AND estado = 'pendiente'
""")


def destino_de(paciente_id: int):
    """(canal, destino, omision) of a message to the patient that is not an appointment's (an offer of a freed slot,
    app/services/lista_espera_service.py): the same rules as the appointments' messages, from the same SQL."""
    return tuple(db.session.execute(_DESTINO_DE_PACIENTE, {"paciente_id": paciente_id}).one())


def _encolar_de_cita(cita_id: int, ahora: datetime, aviso: str | None, con_recordatorios: bool) -> None:
    db.session.execute(_POR_CITA, {"cita_id": cita_id, "ahora": ahora, "aviso": aviso,
                                   "con_recordatorios": con_recordatorios})


def _cancelar_pendientes(cita_id: int, motivo: str) -> None:
    db.session.execute(_CANCELAR, {"cita_id": cita_id, "motivo": motivo})


def al_agendar(cita, ahora: datetime, avisar: bool = True) -> None:
    """Its reminders, and the confirmation unless ``avisar`` is false (a series' later dates: the patient is told
    once, app/services/series_citas.py)."""
    _encolar_de_cita(cita.id, ahora, "confirmacion_cita" if avisar else None, True)


def al_agendar_varias(citas, ahora: datetime) -> None:
    """A series' booked dates (in date order): the confirmation for the first one, the reminders for all."""
    primera, *resto = citas
    al_agendar(primera, ahora)
    if resto:
        db.session.execute(_POR_CITAS, {"citas": [cita.id for cita in resto], "ahora": ahora, "aviso": None,
                                        "con_recordatorios": True})


def al_reprogramar(cita, ahora: datetime) -> None:
    _cancelar_pendientes(cita.id, "La cita fue reprogramada")
    _encolar_de_cita(cita.id, ahora, "reprogramacion", True)


def al_cambiar_estado(cita, ahora: datetime, avisar: bool = True) -> None:
    """A cancellation tells the patient (unless ``avisar`` is false: a series' rest is cancelled with one message);
    a cancellation or a no-show ends what was pending."""
    if cita.estado_id == Estado.CANCELADA:
        _cancelar_pendientes(cita.id, "La cita fue cancelada")
        if avisar:
            _encolar_de_cita(cita.id, ahora, "cancelacion", False)
    elif cita.estado_id == Estado.NO_ASISTIO:
        _cancelar_pendientes(cita.id, "El paciente no asistió")


def programar(ahora: datetime, dias: int = 7) -> int:
    """The reminders due for the appointments of the next ``dias`` days that do not have them yet; how many
    were added. Idempotent (the unique reminder rule)."""
    hasta = ahora + timedelta(days=dias)
    resultado = db.session.execute(_POR_PERIODO, {
        "ahora": ahora, "aviso": None, "con_recordatorios": True, "hasta_instante": hasta,
        # Dates are the branches' wall-clock dates: a day of margin either side covers every time zone.
        "desde": (ahora - timedelta(days=1)).date(), "hasta": (hasta + timedelta(days=1)).date(),
    })
    return resultado.rowcount
