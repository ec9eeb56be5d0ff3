"""The patient an online booking is for: matched, never duplicated (API.md "Online booking").

Same document (type and blind index of the number) and birth date, or same e-mail and birth date → that patient
(a merged patient leads to the one that kept their rows). Otherwise a new patient with ``origen: en_linea``. A
match's record is never changed from the public form (whoever fills it in proves only the mailbox of the code):
contact data typed there are used for a new patient only. A new patient whose e-mail or document already belongs
to someone else (a parent booking for a child with their own e-mail) is created without that field — the two
constraints stay unique — and reception sees them flagged when their name and birth date match another patient's
(reservas_recepcion).

Two verifications of the same new person at once must not both create them: each takes transaction-level
advisory locks on its e-mail and document keys (in a fixed order), so the second one finds the first's patient.
"""
from sqlalchemy import select

from app.extensions import db
from app.models import Paciente, SolicitudReserva
from app.services import auditoria_service, citas_service
from app.services.reservas import NO_DISPONIBLE
from app.utils.crypto import blind_index
from app.utils.errors import Conflicto
from app.utils.sql import bloqueo_consultivo, por_id

# Namespace (first key) of the advisory locks of patient matching.
_NS_EMPAREJAR = 0x524553  # "RES"
_MAX_SALTOS_FUSION = 10


def _bloquear(*claves):
    bloqueo_consultivo(_NS_EMPAREJAR, *(c for c in claves if c))


def _vigente(paciente: Paciente) -> Paciente:
    """The patient that holds a merged patient's rows now, locked against a merge under way (read as the merge
    left them)."""
    for _ in range(_MAX_SALTOS_FUSION):
        paciente = citas_service.paciente_para_agendar(paciente.id)
        if paciente.fusionado_con_id is None:
            break
        paciente = por_id(Paciente, paciente.fusionado_con_id)
    if not paciente.activo:
        raise Conflicto(NO_DISPONIBLE,
                        "No podemos completar la reserva en línea con estos datos; comuníquese con la clínica")
    return paciente


def emparejar(solicitud: SolicitudReserva) -> Paciente:
    """The patient the request books for (matched, or created now)."""
    documento = blind_index(solicitud.numero_documento) if solicitud.numero_documento else None
    email = solicitud.email
    _bloquear(f"email:{solicitud.email_hash}", f"doc:{solicitud.tipo_documento}:{documento}" if documento else None)
    if documento:
        paciente = db.session.scalar(select(Paciente).where(
            Paciente.tipo_documento == solicitud.tipo_documento, Paciente.numero_documento_hash == documento,
            Paciente.fecha_nacimiento == solicitud.fecha_nacimiento))
        if paciente is not None:
            return _vigente(paciente)
    paciente = db.session.scalar(select(Paciente).where(Paciente.email == email,
                                                        Paciente.fecha_nacimiento == solicitud.fecha_nacimiento))
    if paciente is not None:
        return _vigente(paciente)
    email_libre = db.session.scalar(select(Paciente.id).where(Paciente.email == email)) is None
    documento_libre = documento is not None and db.session.scalar(select(Paciente.id).where(
        Paciente.tipo_documento == solicitud.tipo_documento, Paciente.numero_documento_hash == documento)) is None
    paciente = Paciente(
        nombre=solicitud.nombre, apellido=solicitud.apellido, fecha_nacimiento=solicitud.fecha_nacimiento,
        telefono=solicitud.telefono, email=email if email_libre else None, origen="en_linea", activo=True,
        tipo_documento=solicitud.tipo_documento if documento_libre else None,
        numero_documento=solicitud.numero_documento if documento_libre else None,
        numero_documento_hash=documento if documento_libre else None,
    )
    db.session.add(paciente)
    db.session.flush()
    auditoria_service.registrar("paciente_creado", entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id, detalle={"origen": "en_linea"})
    return paciente
