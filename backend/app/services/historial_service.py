"""Clinical history: append-only entries written by a Médico as themselves, addenda, scoped reads.

A Médico reads (and writes) the history of a patient they treat: an appointment with them or an
entry by them. Otherwise the patient looks absent (404) unless the request declares an emergency
(X-Acceso-Emergencia: <motivo>), which is granted and audited as "acceso_emergencia".
"""
from sqlalchemy import exists, or_, select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.utils.pagination import paginar_acotado
from app.models import AdendaHistorial, Cita, HistorialMedico, Medico, Paciente
from app.services import auditoria_service
from app.utils.auth import ADMIN, rol_de
from app.utils.errors import Invalido, NoEncontrado, Prohibido

FUERA_DE_ALCANCE = "El paciente no existe o no está a su cargo"


def medico_de(usuario):
    return db.session.scalar(select(Medico).where(Medico.usuario_id == usuario.id))


def _trata(medico, paciente_id):
    if medico is None:
        return False
    return db.session.scalar(select(or_(
        exists().where(Cita.paciente_id == paciente_id, Cita.medico_id == medico.id),
        exists().where(HistorialMedico.paciente_id == paciente_id, HistorialMedico.medico_id == medico.id),
    )))


def _autorizar(usuario, paciente_id, emergencia, accion, entidad_id=None):
    """Allow the Administrador, a treating Médico, or a declared emergency; else 404 (audited)."""
    if db.session.get(Paciente, paciente_id) is None:
        raise NoEncontrado("El paciente no existe")
    if rol_de(usuario) == ADMIN or _trata(medico_de(usuario), paciente_id):
        return
    if emergencia:
        auditoria_service.registrar("acceso_emergencia", usuario=usuario, entidad="historial", entidad_id=entidad_id,
                                    paciente_id=paciente_id, detalle={"motivo": emergencia, "accion": accion})
        return
    auditoria_service.registrar_denegacion(accion, usuario=usuario, entidad="historial", entidad_id=entidad_id,
                                           paciente_id=paciente_id, detalle={"motivo": "sin relación de tratamiento"})
    raise NoEncontrado(FUERA_DE_ALCANCE)


def _entradas():
    return select(HistorialMedico).options(selectinload(HistorialMedico.adendas))


def listar(usuario, *, paciente_id, page, per_page, emergencia=None):
    _autorizar(usuario, paciente_id, emergencia, "historial_consultado")
    stmt = (_entradas().where(HistorialMedico.paciente_id == paciente_id)
            .order_by(HistorialMedico.fecha.desc(), HistorialMedico.id.desc()))
    pagina = paginar_acotado(stmt, page, per_page)
    auditoria_service.registrar("historial_consultado", usuario=usuario, entidad="historial", paciente_id=paciente_id,
                                detalle={"ids": [h.id for h in pagina["items"]], "emergencia": bool(emergencia)})
    return pagina


def _cargar(historial_id):
    entrada = db.session.scalar(_entradas().where(HistorialMedico.id == historial_id))
    if entrada is None:
        raise NoEncontrado("La entrada del historial no existe")
    return entrada


def obtener(usuario, historial_id, emergencia=None):
    entrada = _cargar(historial_id)
    _autorizar(usuario, entrada.paciente_id, emergencia, "historial_consultado", entrada.id)
    auditoria_service.registrar("historial_consultado", usuario=usuario, entidad="historial", entidad_id=entrada.id,
                                paciente_id=entrada.paciente_id, detalle={"emergencia": bool(emergencia)})
    return entrada


def _medico_propio(usuario):
    medico = medico_de(usuario)
    if medico is None:
        raise Prohibido("Su usuario no está vinculado a un médico: no puede escribir en el historial")
    return medico


def crear(usuario, *, paciente_id, diagnostico, cita_id=None, tratamiento=None, observaciones=None, emergencia=None):
    """A new entry by the calling Médico; author, doctor and time never come from the body."""
    medico = _medico_propio(usuario)
    if db.session.get(Paciente, paciente_id) is None:
        raise Invalido({"paciente_id": ["El paciente no existe."]})
    _autorizar(usuario, paciente_id, emergencia, "historial_creado")
    if cita_id is not None:
        cita = db.session.get(Cita, cita_id)
        if cita is None or cita.paciente_id != paciente_id or cita.medico_id != medico.id:
            raise Invalido({"cita_id": ["La cita no existe o no es de este paciente con usted."]})
    entrada = HistorialMedico(paciente_id=paciente_id, cita_id=cita_id, medico_id=medico.id, creado_por=usuario.id,
                              diagnostico=diagnostico, tratamiento=tratamiento, observaciones=observaciones)
    db.session.add(entrada)
    db.session.flush()
    auditoria_service.registrar("historial_creado", usuario=usuario, entidad="historial", entidad_id=entrada.id,
                                paciente_id=paciente_id, detalle={"cita_id": cita_id, "emergencia": bool(emergencia)})
    return _recargar(entrada.id)


def _recargar(historial_id):
    db.session.expire_all()
    return _cargar(historial_id)


def adendar(usuario, historial_id, *, texto, motivo, emergencia=None):
    medico = _medico_propio(usuario)
    entrada = _cargar(historial_id)
    _autorizar(usuario, entrada.paciente_id, emergencia, "historial_adenda", entrada.id)
    adenda = AdendaHistorial(historial_id=entrada.id, medico_id=medico.id, texto=texto, motivo=motivo,
                             creado_por=usuario.id)
    db.session.add(adenda)
    db.session.flush()
    auditoria_service.registrar("historial_adenda", usuario=usuario, entidad="historial_adenda", entidad_id=adenda.id,
                                paciente_id=entrada.paciente_id,
                                detalle={"historial_id": entrada.id, "emergencia": bool(emergencia)})
    db.session.refresh(adenda)
    return adenda
