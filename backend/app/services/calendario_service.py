"""A doctor's agenda as an iCalendar feed (API.md "Calendar feed"; docs/comunicaciones.md "Calendario").

Calendar apps (Google Calendar, Apple Calendar, Outlook) subscribe to a URL and cannot send a bearer token, so
the URL carries a secret per doctor. Only a keyed hash of it is stored (HMAC-SHA256 under a key derived from
SECRET_KEY): a copy of the database does not give the feeds away. Rotating the token replaces the hash, so the
old URL stops working at once. A wrong or missing token, an unknown or inactive doctor: one same 404.

The feed shows what a calendar needs and nothing that identifies the patient: when, where, the patient's
initials and whether the appointment is confirmed. No names, notes or reasons.
"""
import functools
import hashlib
import hmac
import secrets
from datetime import UTC, datetime, timedelta

from flask import current_app
from icalendar import Calendar, Timezone, vDuration
from sqlalchemy import bindparam, select

from app.extensions import db
from app.models import Cita, Estado, Medico, Paciente, Sucursal
from app.services import auditoria_service
from app.utils.errors import Conflicto, NoEncontrado
from app.utils.sql import por_id

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
    medico = por_id(Medico, medico_id)
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


# The feed's two statements, built once with their values bound (docs/architecture.md).
_MEDICO = (select(Medico.nombre, Medico.apellido, Medico.agenda_token_hash)
           .where(Medico.id == bindparam("medico_id"), Medico.activo.is_not(False)))


def _medico_del_token(medico_id: int, token: str | None):
    """The doctor whose feed the token opens, or None. Compared in constant time; a missing token costs the same."""
    fila = db.session.execute(_MEDICO, {"medico_id": medico_id}).first()
    esperado = fila.agenda_token_hash if fila is not None and fila.agenda_token_hash else None
    recibido = huella(token or "")
    valido = hmac.compare_digest(esperado or "0" * 64, recibido)
    return fila if valido and esperado is not None and token else None


# --- the feed ---------------------------------------------------------------------------------------

def iniciales(nombre: str | None, apellido: str | None) -> str:
    """'Juana', 'Pérez López' → 'J. P.'"""
    return " ".join(f"{parte.strip()[0].upper()}." for parte in (nombre, apellido) if parte and parte.strip())


_CITAS = (select(Cita.id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin, Cita.estado_id,
                 Paciente.nombre.label("paciente_nombre"), Paciente.apellido.label("paciente_apellido"),
                 Sucursal.nombre.label("sucursal_nombre"), Sucursal.direccion, Sucursal.zona_horaria)
          .join(Paciente, Paciente.id == Cita.paciente_id)
          .join(Sucursal, Sucursal.id == Cita.sucursal_id)
          .where(Cita.medico_id == bindparam("medico_id"), Cita.fecha.between(bindparam("desde"), bindparam("hasta")),
                 Cita.estado_id.not_in(Estado.LIBERAN))
          .order_by(Cita.fecha, Cita.hora_inicio, Cita.id))


def _citas(medico_id, desde, hasta):
    """The doctor's active appointments of the window, with only what the feed shows: one query."""
    return db.session.execute(_CITAS, {"medico_id": medico_id, "desde": desde, "hasta": hasta}).all()


# The events are written here, not through icalendar's Event: the library took ~150 µs an event (its property and
# parameter objects, its folding), 0.6 s for a busy doctor's 2,400 appointments of the window (issue 23). The text
# is the library's, byte for byte (tests/test_calendario_ics.py parses it back with the library).

def _texto(valor: str) -> str:
    """An iCalendar TEXT value (RFC 5545 §3.3.11): backslash, semicolon, comma and line breaks escaped."""
    return (valor.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
            .replace("\r\n", "\\n").replace("\n", "\\n"))


def _linea(linea: str) -> str:
    """One content line, folded as RFC 5545 §3.1 asks (no line longer than 75 octets), with its CRLF; an escape
    (a backslash) is never split from the character it escapes."""
    if len(linea.encode()) < 75:
        return linea + "\r\n"
    partes, actual, octetos = [], [], 0
    for caracter in linea:
        largo = len(caracter.encode())
        if actual and octetos + largo >= 75:
            arrastre = [actual.pop()] if len(actual) > 1 and actual[-1] in "\\^" else []
            partes.append("".join(actual))
            actual, octetos = arrastre, sum(len(c.encode()) for c in arrastre)
        actual.append(caracter)
        octetos += largo
    partes.append("".join(actual))
    return "\r\n ".join(partes) + "\r\n"


def _hora_local(fecha, hora) -> str:
    return f"{fecha:%Y%m%d}T{hora:%H%M%S}"


def _evento(fila, sello: str) -> str:
    """One VEVENT: when (the branch's wall-clock time, with its TZID), where, the patient's initials, the state."""
    zona = fila.zona_horaria
    siglas = iniciales(fila.paciente_nombre, fila.paciente_apellido)
    lugar = ", ".join(p for p in (fila.sucursal_nombre, fila.direccion) if p)
    return "".join((
        "BEGIN:VEVENT\r\n",
        _linea(f"SUMMARY:{_texto(f'Cita — {siglas}' if siglas else 'Cita')}"),
        _linea(f"DTSTART;TZID={zona}:{_hora_local(fila.fecha, fila.hora_inicio)}"),
        _linea(f"DTEND;TZID={zona}:{_hora_local(fila.fecha, fila.hora_fin)}"),
        sello,
        f"UID:cita-{fila.id}@clinica-erp\r\n",
        _linea(f"LOCATION:{_texto(lugar)}") if lugar else "",
        "STATUS:CONFIRMED\r\n" if fila.estado_id in CONFIRMADAS else "STATUS:TENTATIVE\r\n",
        "TRANSP:OPAQUE\r\n",
        "END:VEVENT\r\n",
    ))


@functools.lru_cache(maxsize=64)
def _vtimezone(zona: str, desde, hasta) -> str:
    """The VTIMEZONE of a branch's zone covering the window only (not 1970–2038: smaller and faster), built by the
    library once per zone and window (it took ~200 ms)."""
    return Timezone.from_tzid(zona, first_date=desde - timedelta(days=1),
                              last_date=hasta + timedelta(days=2)).to_ical().decode()


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
    cabecera = calendario.to_ical().decode().removesuffix("END:VCALENDAR\r\n")
    zonas = "".join(_vtimezone(zona, desde, hasta) for zona in dict.fromkeys(f.zona_horaria for f in filas))
    sello = f"DTSTAMP:{ahora.astimezone(UTC):%Y%m%dT%H%M%SZ}\r\n"
    eventos = "".join(_evento(fila, sello) for fila in filas)

    auditoria_service.registrar("agenda_ics_leida", entidad="medico", entidad_id=medico_id,
                                detalle={"citas": len(filas), "desde": desde.isoformat(), "hasta": hasta.isoformat()})
    return f"{cabecera}{zonas}{eventos}END:VCALENDAR\r\n".encode()
