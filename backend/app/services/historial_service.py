"""Clinical history: append-only entries written by a Médico as themselves, addenda, scoped reads.

A Médico reads (and writes) the history of a patient they treat: the treatment relationship is the
alcance's rule (Alcance.relacion_de_tratamiento). Otherwise the patient looks absent (404) unless the
request declares an emergency (X-Acceso-Emergencia: <motivo>), which is granted, audited as
"acceso_emergencia" and listed for the Administrador (GET /api/auditoria/emergencias).
"""
from sqlalchemy import bindparam, select
from sqlalchemy.orm import load_only, selectinload

from app.extensions import db
from app.utils.pagination import paginar_acotado
from app.models import AdendaHistorial, Cita, HistorialMedico, Paciente
from app.services import auditoria_service
from app.services.fusion_pacientes import ids_del_paciente
from app.utils.errors import Invalido, NoEncontrado, Prohibido
from app.utils.sql import por_id

FUERA_DE_ALCANCE = "El paciente no existe o no está a su cargo"


# The patient with only its id and birth date loaded, built once (docs/architecture.md): ``session.get`` with these
# options built and keyed its statement on every clinical read (~0.3 ms of CPU).
_SOLO_ID_Y_NACIMIENTO = (select(Paciente).where(Paciente.id == bindparam("paciente_id"))
                         .options(load_only(Paciente.id, Paciente.fecha_nacimiento, raiseload=False)))


def autorizar(alcance, paciente_id, emergencia, accion, entidad_id=None, entidad="historial"):
    """Allow the Administrador, a treating Médico, or a declared emergency; else 404 (audited). The rule of every
    clinical record of a patient: the history, the odontogram, treatment plans. Returns the patient with only its
    id and birth date loaded (nothing to decrypt; other columns load if asked for)."""
    paciente = db.session.execute(_SOLO_ID_Y_NACIMIENTO, {"paciente_id": paciente_id}).scalar_one_or_none()
    if paciente is None:
        raise NoEncontrado("El paciente no existe")
    usuario = alcance.usuario
    if alcance.relacion_de_tratamiento(paciente_id):
        return paciente
    if emergencia:
        auditoria_service.registrar("acceso_emergencia", usuario=usuario, entidad=entidad, entidad_id=entidad_id,
                                    paciente_id=paciente_id, detalle={"motivo": emergencia, "accion": accion})
        return paciente
    auditoria_service.registrar_denegacion(accion, usuario=usuario, entidad=entidad, entidad_id=entidad_id,
                                           paciente_id=paciente_id, detalle={"motivo": "sin relación de tratamiento"})
    raise NoEncontrado(FUERA_DE_ALCANCE)


def _entradas():
    return select(HistorialMedico).options(selectinload(HistorialMedico.adendas))


def listar(alcance, *, paciente_id, page, per_page, emergencia=None):
    autorizar(alcance, paciente_id, emergencia, "historial_consultado")
    # with the entries kept under the patients merged into this one (fusion_pacientes)
    stmt = (_entradas().where(HistorialMedico.paciente_id.in_(ids_del_paciente(paciente_id)))
            .order_by(HistorialMedico.fecha.desc(), HistorialMedico.id.desc()))
    pagina = paginar_acotado(stmt, page, per_page)
    auditoria_service.registrar("historial_consultado", usuario=alcance.usuario, entidad="historial",
                                paciente_id=paciente_id,
                                detalle={"ids": [h.id for h in pagina["items"]], "emergencia": bool(emergencia)})
    return pagina


def _cargar(historial_id):
    entrada = db.session.scalar(_entradas().where(HistorialMedico.id == historial_id))
    if entrada is None:
        raise NoEncontrado("La entrada del historial no existe")
    return entrada


def obtener(alcance, historial_id, emergencia=None):
    entrada = _cargar(historial_id)
    autorizar(alcance, entrada.paciente_id, emergencia, "historial_consultado", entrada.id)
    auditoria_service.registrar("historial_consultado", usuario=alcance.usuario, entidad="historial", entidad_id=entrada.id,
                                paciente_id=entrada.paciente_id, detalle={"emergencia": bool(emergencia)})
    return entrada


def medico_propio(alcance):
    medico = alcance.medico_propio()
    if medico is None:
        raise Prohibido("Su usuario no está vinculado a un médico: no puede escribir registros clínicos")
    return medico


def crear(alcance, *, paciente_id, diagnostico, cita_id=None, tratamiento=None, observaciones=None, emergencia=None):
    """A new entry by the calling Médico; author, doctor and time never come from the body."""
    usuario = alcance.usuario
    medico = medico_propio(alcance)
    if por_id(Paciente, paciente_id) is None:
        raise Invalido({"paciente_id": ["El paciente no existe."]})
    autorizar(alcance, paciente_id, emergencia, "historial_creado")
    if cita_id is not None:
        cita = por_id(Cita, cita_id)
        if cita is None or cita.paciente_id != paciente_id or cita.medico_id != medico.id:
            raise Invalido({"cita_id": ["La cita no existe o no es de este paciente con usted."]})
    entrada = HistorialMedico(paciente_id=paciente_id, cita_id=cita_id, medico_id=medico.id, creado_por=usuario.id,
                              diagnostico=diagnostico, tratamiento=tratamiento, observaciones=observaciones)
    db.session.add(entrada)
    db.session.flush()
    auditoria_service.registrar("historial_creado", usuario=usuario, entidad="historial", entidad_id=entrada.id,
                                paciente_id=paciente_id, detalle={"cita_id": cita_id, "emergencia": bool(emergencia)})
    db.session.refresh(entrada, ["fecha", "adendas"])  # filled by the server; no addendum yet
    return entrada


def adendar(alcance, historial_id, *, texto, motivo, emergencia=None):
    usuario = alcance.usuario
    medico = medico_propio(alcance)
    entrada = _cargar(historial_id)
    autorizar(alcance, entrada.paciente_id, emergencia, "historial_adenda", entrada.id)
    adenda = AdendaHistorial(medico_id=medico.id, texto=texto, motivo=motivo, creado_por=usuario.id)
    entrada.adendas.append(adenda)  # the loaded entry shows it too
    db.session.flush()
    auditoria_service.registrar("historial_adenda", usuario=usuario, entidad="historial_adenda", entidad_id=adenda.id,
                                paciente_id=entrada.paciente_id,
                                detalle={"historial_id": entrada.id, "emergencia": bool(emergencia)})
    db.session.refresh(adenda, ["fecha"])
    return adenda
