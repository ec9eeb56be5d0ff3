"""A doctor's agenda as an iCalendar feed (API.md "Calendar feed"; docs/comunicaciones.md "Calendario").

Calendar apps (Google Calendar, Apple Calendar, Outlook) subscribe to a URL and cannot send a bearer token, so
the URL carries a secret per doctor. Only a keyed hash of it is stored (HMAC-SHA256 under a key derived from
SECRET_KEY): a copy of the database does not give the feeds away. Rotating the token replaces the hash, so the
old URL stops working at once. A wrong or missing token, an unknown or inactive doctor: one same 404.

The feed shows what a calendar needs and nothing that identifies the patient: when, where, the patient's
initials and whether the appointment is confirmed. No names, notes or reasons.
"""
import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from icalendar import Calendar, Event, vDuration
from sqlalchemy import select

from app.extensions import db
from app.models import Cita, Estado, Medico, Paciente, Sucursal
from app.services import auditoria_service
from app.utils.errors import Conflicto, NoEncontrado

DIAS_ATRAS = 30
DIAS_ADELANTE = 90
# Suggested refresh period of subscribed clients (most apps pick their own, e.g. Google every few hours).
REFRESCO = timedelta(minutes=15)
# Appointments shown as CONFIRMED; the others (Nueva) as TENTATIVE.
CONFIRMADAS = (Estado.CONFIRMADA, Estado.EN_ESPERA, Estado.EN_CONSULTA, Estado.COMPLETADA)
_NO_ENCONTRADO = "El calendario no existe"


# --- the secret -------------------------------------------------------------------------------------

def _clave() -> bytes:
    """A key of its own for the feed tokens, derived from SECRET_KEY (domain-separated)."""
    return hmac.new(current_app.config["SECRET_KEY"].encode(), b"clinica-erp/agenda-ics/v1", hashlib.sha256).digest()


def huella(token: str) -> str:
    """What is stored of a token: HMAC-SHA256 under the feed key, hex (64 characters)."""
    return hmac.new(_clave(), token.encode(), hashlib.sha256).hexdigest()


def url_de(medico_id: int, token: str) -> str:
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/api/medicos/{medico_id}/agenda.ics?token={token}"


def rotar_token(alcance, medico_id: int) -> str:
    """Create or replace the doctor's feed token (Administrador, or the doctor themself) → the feed's URL.

    The token is returned once, inside the URL; from now on only its hash exists and the previous URL is dead."""
    medico = db.session.get(Medico, medico_id)
    if medico is None:
        raise NoEncontrado("El médico no existe")
    alcance.verificar_calendario(medico)
    if medico.activo is False:
        raise Conflicto("INACTIVO", "El médico está inactivo")
    token = secrets.token_urlsafe(32)
    medico.agenda_token_hash = huella(token)
    medico.agenda_token_rotado = alcance.ahora
    db.session.flush()
    auditoria_service.registrar("agenda_token_rotado", usuario=alcance.usuario, entidad="medico",
                                entidad_id=medico.id)
    return url_de(medico.id, token)


def _medico_del_token(medico_id: int, token: str | None):
    """The doctor whose feed the token opens, or None. Compared in constant time; a missing token costs the same."""
    fila = db.session.execute(
        select(Medico.nombre, Medico.apellido, Medico.agenda_token_hash)
        .where(Medico.id == medico_id, Medico.activo.is_not(False))
    ).first()
    esperado = fila.agenda_token_hash if fila is not None and fila.agenda_token_hash else None
    recibido = huella(token or "")
    valido = hmac.compare_digest(esperado or "0" * 64, recibido)
    return fila if valido and esperado is not None and token else None


# --- the feed ---------------------------------------------------------------------------------------

def iniciales(nombre: str | None, apellido: str | None) -> str:
    """'Juana', 'Pérez López' → 'J. P.'"""
    return " ".join(f"{parte.strip()[0].upper()}." for parte in (nombre, apellido) if parte and parte.strip())


def _citas(medico_id, desde, hasta):
    """The doctor's active appointments of the window, with only what the feed shows: one query."""
    return db.session.execute(
        select(Cita.id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin, Cita.estado_id,
               Paciente.nombre.label("paciente_nombre"), Paciente.apellido.label("paciente_apellido"),
               Sucursal.nombre.label("sucursal_nombre"), Sucursal.direccion, Sucursal.zona_horaria)
        .join(Paciente, Paciente.id == Cita.paciente_id)
        .join(Sucursal, Sucursal.id == Cita.sucursal_id)
        .where(Cita.medico_id == medico_id, Cita.fecha.between(desde, hasta), Cita.estado_id.not_in(Estado.LIBERAN))
        .order_by(Cita.fecha, Cita.hora_inicio, Cita.id)
    ).all()


def _evento(fila, ahora) -> Event:
    zona = ZoneInfo(fila.zona_horaria)  # ZoneInfo caches its instances
    evento = Event()
    evento.add("uid", f"cita-{fila.id}@clinica-erp")
    evento.add("dtstamp", ahora)
    evento.add("dtstart", datetime.combine(fila.fecha, fila.hora_inicio, tzinfo=zona))
    evento.add("dtend", datetime.combine(fila.fecha, fila.hora_fin, tzinfo=zona))
    siglas = iniciales(fila.paciente_nombre, fila.paciente_apellido)
    evento.add("summary", f"Cita — {siglas}" if siglas else "Cita")
    evento.add("location", ", ".join(p for p in (fila.sucursal_nombre, fila.direccion) if p))
    evento.add("status", "CONFIRMED" if fila.estado_id in CONFIRMADAS else "TENTATIVE")
    evento.add("transp", "OPAQUE")
    return evento


def feed(medico_id: int, token: str | None, *, ahora: datetime) -> bytes:
    """The doctor's agenda from DIAS_ATRAS days back to DIAS_ADELANTE days ahead, as iCalendar (RFC 5545) bytes.

    ``ahora`` is the request's clock (UTC). The read is audited without a user: the token is the only credential."""
    medico = _medico_del_token(medico_id, token)
    if medico is None:
        raise NoEncontrado(_NO_ENCONTRADO)
    hoy = ahora.date()
    desde, hasta = hoy - timedelta(days=DIAS_ATRAS), hoy + timedelta(days=DIAS_ADELANTE)
    filas = _citas(medico_id, desde, hasta)

    calendario = Calendar()
    calendario.add("prodid", "-//Clínica ERP//Agenda del médico//ES")
    calendario.add("version", "2.0")
    calendario.add("calscale", "GREGORIAN")
    calendario.add("method", "PUBLISH")
    calendario.add("x-wr-calname", f"Agenda — {medico.nombre} {medico.apellido}")
    calendario.add("refresh-interval", REFRESCO, parameters={"VALUE": "DURATION"})
    # Outlook's name of the same hint; an X- property is text, so the duration is written out.
    calendario.add("x-published-ttl", vDuration(REFRESCO).to_ical().decode())
    for fila in filas:
        calendario.add_component(_evento(fila, ahora))
    # VTIMEZONE of each branch's zone, covering the window only (not 1970–2038: smaller and faster).
    calendario.add_missing_timezones(first_date=desde - timedelta(days=1), last_date=hasta + timedelta(days=2))

    auditoria_service.registrar("agenda_ics_leida", entidad="medico", entidad_id=medico_id,
                                detalle={"citas": len(filas), "desde": desde.isoformat(), "hasta": hasta.isoformat()})
    return calendario.to_ical()
