"""An online booking: the request, the code, the verification that books (API.md "Online booking").

``solicitar``: the slot is checked (online booking on, a doctor that takes it, within the notice and horizon, still
free) and a request row is written with a 6-digit code, kept as a keyed hash, that goes to the patient's e-mail
through the outbox in the same transaction (nothing is sent from the request). At most
RESERVA_PENDIENTES_POR_EMAIL unverified, unexpired requests per address (counted under an advisory lock on the
address's keyed hash, so concurrent requests cannot pass it together) → 429 LIMITE. A request that fills the
honeypot field or comes back faster than a person fills the form (``formulario``, a signed time stamp the page
fetched when the form opened) is answered the same 202 once the slot's checks passed, and dropped: nothing is
stored, nothing is sent.

``verificar``: the request's row is locked; a used, locked or expired request is refused; a wrong code counts
(the fifth locks the request) and the count is kept even though the answer is a refusal (``IntentoFallido``:
the route commits, then answers). The right code checks the slot's rules again, then books in a savepoint: the
patient (pacientes.emparejar) and the appointment (citas_service.agendar_en_linea, under the exclusion
constraints: of many verifications for one slot exactly one wins). Any refusal rolls both back and marks the
request ``rechazada``; a slot taken meanwhile is answered 409 MEDICO_OCUPADO with the doctor's next free slots.
"""
import hmac
import logging
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select

from app.extensions import db
from app.models import Medico, SolicitudReserva
from app.services import citas_service, enlace_cita
from app.services.comunicaciones.outbox import encolar
from app.services.reservas import NO_DISPONIBLE, catalogo, pacientes
from app.utils.crypto import hash_con_clave
from app.utils.errors import Conflicto, ErrorNegocio, Limite, NoEncontrado
from app.utils.sql import bloqueo_consultivo, por_id

log = logging.getLogger(__name__)

VIGENCIA = timedelta(minutes=15)
MAX_INTENTOS = 5
# A form older than this is stale: the page fetches a new one.
FORMULARIO_MAXIMO = timedelta(hours=2)
_NS_SOLICITUDES = 0x534F4C  # "SOL": advisory lock of one address's requests
_SAL_FORMULARIO = "reserva-formulario"


def _bloqueada() -> Conflicto:
    return Conflicto("SOLICITUD_BLOQUEADA", "Demasiados códigos incorrectos: solicite la reserva de nuevo")


class IntentoFallido(Exception):
    """A wrong code: the request's attempt count changed and must be committed before ``error`` is answered."""

    def __init__(self, error: ErrorNegocio):
        super().__init__(error.message)
        self.error = error


@dataclass(frozen=True)
class Aceptada:
    """What the 202 answers: a stored request, or a dropped one that looks the same."""

    id: uuid.UUID
    expira_en: datetime


def email_hash(email: str) -> str:
    """Keyed hash of the normalised address (counts an address's requests without keeping it in clear)."""
    return hash_con_clave(b"clinica-erp/reservas/email/v1", email.strip().lower())


def _codigo_hash(solicitud_id: uuid.UUID, codigo: str) -> str:
    """Keyed hash of the code, bound to its request: without the key a million codes are not worth trying."""
    return hash_con_clave(b"clinica-erp/reservas/codigo/v1", f"{solicitud_id}:{codigo}")


def _firmante():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SAL_FORMULARIO)


def formulario(ahora: datetime) -> dict:
    """The token the booking page sends back with its request: when the form was opened, signed."""
    return {"formulario": _firmante().dumps(int(ahora.timestamp())),
            "minimo_s": current_app.config["RESERVA_FORMULARIO_MINIMO_S"]}


def _parece_automatica(datos: dict, ahora: datetime) -> str | None:
    """Why a request looks filled by a program (None: it does not). A client of the API that sends no
    ``formulario`` is held by the address and e-mail limits only."""
    if (datos.get("sitio_web") or "").strip():
        return "campo trampa lleno"
    token = datos.get("formulario")
    if token is None:
        return None
    try:
        abierto = datetime.fromtimestamp(_firmante().loads(token), ahora.tzinfo)
    except (BadSignature, TypeError, ValueError, OverflowError):
        return "formulario sin firma válida"
    transcurrido = ahora - abierto
    if transcurrido < timedelta(seconds=current_app.config["RESERVA_FORMULARIO_MINIMO_S"]):
        return "formulario enviado demasiado rápido"
    if transcurrido > FORMULARIO_MAXIMO:
        return "formulario vencido"
    return None


def _pendientes(clave: str, ahora: datetime) -> int:
    """The address's requests not verified and not yet expired, whatever became of them (one locked by wrong
    codes still counts, so locking and asking again cannot flood a mailbox). The address's appointments are not
    counted: the answer would tell a stranger whether the address has bookings."""
    return db.session.scalar(
        select(func.count()).select_from(SolicitudReserva)
        .where(SolicitudReserva.email_hash == clave, SolicitudReserva.estado != SolicitudReserva.VERIFICADA,
               SolicitudReserva.expira_en > ahora))


def _reglas_del_horario(sucursal_id, medico_id, fecha, hora_inicio, ahora):
    """(settings, branch, doctor) when online booking may book this slot now — on, a doctor that takes it,
    within the notice and horizon — checked at the request and again at the verification (the settings may
    change, and the notice runs on while the patient reads the e-mail)."""
    config = catalogo.activa()
    if config is None:
        raise Conflicto(NO_DISPONIBLE, "La clínica no acepta reservas en línea por ahora")
    sucursal = catalogo.sucursal_abierta(sucursal_id)
    medico = por_id(Medico, medico_id)
    if medico is None or not medico.activo or not medico.reserva_en_linea:
        raise Conflicto(NO_DISPONIBLE, "Ese médico no acepta reservas en línea")
    if not catalogo.Ventana.de(config, ahora).incluye(sucursal, fecha, hora_inicio):
        raise Conflicto(NO_DISPONIBLE, f"Las reservas en línea se hacen con al menos {config.antelacion_minima_horas} "
                                       f"horas de anticipación y hasta {config.horizonte_dias} días antes")
    return config, sucursal, medico


def _ocupado(config, sucursal, medico_id, fecha, ahora) -> Conflicto:
    """409 MEDICO_OCUPADO with the doctor's next free slots."""
    return Conflicto("MEDICO_OCUPADO", "Ese horario ya no está disponible; elija otro",
                     siguientes=catalogo.siguientes(config, sucursal, medico_id, fecha, ahora))


def solicitar(datos: dict, *, ahora: datetime) -> Aceptada:
    """Check the slot, store the request and enqueue its code. ``datos``: the validated public form. A request
    that looks automated is dropped after the slot's checks, so that it is answered as a real one would be."""
    fecha, hora_inicio = datos["fecha"], datos["hora_inicio"]
    config, sucursal, medico = _reglas_del_horario(datos["sucursal_id"], datos["medico_id"], fecha, hora_inicio, ahora)
    if not catalogo.es_libre(config, sucursal, medico.id, fecha, hora_inicio, ahora):
        raise _ocupado(config, sucursal, medico.id, fecha, ahora)
    motivo_descarte = _parece_automatica(datos, ahora)
    if motivo_descarte:
        log.info("Solicitud de reserva en línea descartada: %s", motivo_descarte)
        return Aceptada(uuid.uuid4(), ahora + VIGENCIA)
    email = datos["email"].strip().lower()
    clave = email_hash(email)
    bloqueo_consultivo(_NS_SOLICITUDES, clave)
    if _pendientes(clave, ahora) >= current_app.config["RESERVA_PENDIENTES_POR_EMAIL"]:
        raise Limite(VIGENCIA.total_seconds(), "Este correo ya tiene varias reservas pendientes; confirme o cancele "
                                               "alguna antes de pedir otra")
    solicitud = SolicitudReserva(
        id=uuid.uuid4(), creada_en=ahora, expira_en=ahora + VIGENCIA, sucursal_id=sucursal.id, medico_id=medico.id,
        fecha=fecha, hora_inicio=hora_inicio, nombre=datos["nombre"], apellido=datos["apellido"],
        fecha_nacimiento=datos["fecha_nacimiento"], email=email, email_hash=clave, telefono=datos["telefono"],
        tipo_documento=datos.get("tipo_documento"), numero_documento=datos.get("numero_documento"),
        motivo=datos.get("motivo"),
    )
    codigo = f"{secrets.randbelow(10 ** 6):06d}"
    solicitud.codigo_hash = _codigo_hash(solicitud.id, codigo)
    db.session.add(solicitud)
    encolar(tipo="codigo_verificacion", canal="email", destino=email, ahora=ahora, secreto=codigo)
    db.session.flush()
    return Aceptada(solicitud.id, solicitud.expira_en)


def _abierta(solicitud_id, ahora) -> SolicitudReserva:
    """The request, locked, if it can still be verified."""
    solicitud = db.session.scalar(select(SolicitudReserva).where(SolicitudReserva.id == solicitud_id)
                                  .with_for_update())
    if solicitud is None:
        raise NoEncontrado("La solicitud de reserva no existe")
    if solicitud.estado == SolicitudReserva.VERIFICADA:
        raise Conflicto("SOLICITUD_USADA", "Esta solicitud ya se confirmó; revise su correo para ver su cita")
    if solicitud.estado == SolicitudReserva.BLOQUEADA:
        raise _bloqueada()
    if solicitud.estado == SolicitudReserva.RECHAZADA or ahora >= solicitud.expira_en:
        raise Conflicto("SOLICITUD_EXPIRADA", "La solicitud venció o ese horario se ocupó: solicite la reserva de "
                                              "nuevo")
    return solicitud


def _comprobar_codigo(solicitud, codigo):
    if hmac.compare_digest(solicitud.codigo_hash, _codigo_hash(solicitud.id, codigo)):
        return
    solicitud.intentos += 1
    if solicitud.intentos >= MAX_INTENTOS:
        solicitud.estado = SolicitudReserva.BLOQUEADA
        error = _bloqueada()
    else:
        restantes = MAX_INTENTOS - solicitud.intentos
        error = ErrorNegocio("CODIGO_INVALIDO", f"El código no es correcto; le quedan {restantes} intentos",
                             status=422, intentos_restantes=restantes)
    db.session.flush()
    raise IntentoFallido(error)


def _rechazada(solicitud: SolicitudReserva, error: Conflicto) -> IntentoFallido:
    """The request ends ``rechazada`` (kept although the answer is a refusal)."""
    solicitud.estado = SolicitudReserva.RECHAZADA
    db.session.flush()
    return IntentoFallido(error)


def verificar(solicitud_id, codigo: str, *, ahora: datetime) -> dict:
    """Book the request's slot with the right code → {cita, enlace}."""
    solicitud = _abierta(solicitud_id, ahora)
    _comprobar_codigo(solicitud, codigo)
    try:
        config, sucursal, medico = _reglas_del_horario(solicitud.sucursal_id, solicitud.medico_id, solicitud.fecha,
                                                       solicitud.hora_inicio, ahora)
    except Conflicto as error:
        raise _rechazada(solicitud, error) from None
    try:
        with db.session.begin_nested():
            paciente = pacientes.emparejar(solicitud)
            cita = citas_service.agendar_en_linea(paciente, medico, sucursal, fecha=solicitud.fecha,
                                                  hora_inicio=solicitud.hora_inicio, motivo=solicitud.motivo,
                                                  ahora=ahora)
    except Conflicto as error:
        if error.reason == "MEDICO_OCUPADO":
            error = _ocupado(config, sucursal, medico.id, solicitud.fecha, ahora)
        elif error.reason in ("PACIENTE_OCUPADO", "INACTIVO"):
            # The matched record's own state is not told: whoever typed a document number and birth date would
            # learn about that patient.
            error = Conflicto(NO_DISPONIBLE, "No podemos completar esta reserva en línea; elija otro horario o "
                                             "comuníquese con la clínica")
        raise _rechazada(solicitud, error) from None
    solicitud.estado, solicitud.cita_id, solicitud.verificada_en = SolicitudReserva.VERIFICADA, cita.id, ahora
    db.session.flush()
    return {"cita": {"fecha": cita.fecha, "hora_inicio": cita.hora_inicio, "hora_fin": cita.hora_fin,
                     "zona_horaria": sucursal.zona_horaria,
                     "medico": {"nombre": medico.nombre, "apellido": medico.apellido},
                     "sucursal": {"nombre": sucursal.nombre, "direccion": sucursal.direccion,
                                  "telefono": sucursal.telefono}},
            "enlace": enlace_cita.url_de(cita.id)}
