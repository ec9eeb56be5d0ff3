"""Doctors and their weekly schedule blocks."""

from sqlalchemy import bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Especialidad, HorarioMedico, Medico, Sucursal, Usuario
from app.services import auditoria_service
from app.utils.auth import MEDICO
from app.utils.errors import Invalido, NoEncontrado, register_constraint, restricciones
from app.utils.pagination import paginate
from app.utils.sql import contiene, por_id

register_constraint("uq_medicos_email", "EMAIL_DUPLICADO", "Ya existe un médico con ese correo")
register_constraint("uq_medicos_usuario_id", "USUARIO_YA_VINCULADO",
                    "Esa cuenta de usuario ya está vinculada a otro médico")
register_constraint("horarios_medicos_sin_solape", "HORARIO_SOLAPADO",
                    "El bloque se solapa con otro horario del médico ese mismo día", kind="exclusion")


def listar(*, page, per_page, especialidad_id=None, sucursal_id=None, activo=None, q=None):
    stmt = select(Medico).options(joinedload(Medico.especialidad)).order_by(Medico.apellido, Medico.nombre, Medico.id)
    if especialidad_id is not None:
        stmt = stmt.where(Medico.especialidad_id == especialidad_id)
    if sucursal_id is not None:
        # Doctors who attend at that branch: at least one schedule block there.
        stmt = stmt.where(exists().where(HorarioMedico.medico_id == Medico.id, HorarioMedico.sucursal_id == sucursal_id))
    if activo is not None:
        stmt = stmt.where(Medico.activo.is_(activo))
    if q:
        patron = func.unaccent(contiene(q))
        stmt = stmt.where(or_(
            func.unaccent(Medico.nombre + " " + Medico.apellido).ilike(patron),
            func.unaccent(Medico.apellido + " " + Medico.nombre).ilike(patron),
            Medico.email.ilike(contiene(q)),
        ))
    return paginate(stmt, page, per_page)


# The detail's answer shows the specialty: it comes joined, in the doctor's own statement (built once).
_CON_ESPECIALIDAD = select(Medico).options(joinedload(Medico.especialidad)).where(Medico.id == bindparam("medico_id"))


def obtener(medico_id):
    """The doctor with its specialty loaded; 404 when it does not exist."""
    medico = db.session.scalar(_CON_ESPECIALIDAD, {"medico_id": medico_id})
    if medico is None:
        raise NoEncontrado("El médico no existe")
    return medico


def comprobar_que_existe(medico_id):
    """404 unless the doctor exists, for reads that need only that (the identity map answers when it holds it)."""
    if por_id(Medico, medico_id) is None:
        raise NoEncontrado("El médico no existe")


def de_usuario(usuario):
    """The doctor row linked to a user account (None when there is none)."""
    return db.session.scalar(select(Medico).where(Medico.usuario_id == usuario.id))


def _validar_referencias(datos):
    errores = {}
    if datos.get("especialidad_id") is not None and por_id(Especialidad, datos["especialidad_id"]) is None:
        errores["especialidad_id"] = ["La especialidad no existe."]
    if datos.get("usuario_id") is not None:
        usuario = por_id(Usuario, datos["usuario_id"])
        if usuario is None:
            errores["usuario_id"] = ["El usuario no existe."]
        elif usuario.rol.nombre != MEDICO:
            errores["usuario_id"] = ["El usuario debe tener el rol Médico."]
    if errores:
        raise Invalido(errores)


def crear(actor, **datos):
    _validar_referencias(datos)
    if datos.get("email"):
        datos["email"] = datos["email"].lower()
    medico = Medico(activo=True, **datos)
    with restricciones():
        db.session.add(medico)
    auditoria_service.registrar("medico_creado", usuario=actor, entidad="medico", entidad_id=medico.id,
                                detalle={"usuario_id": medico.usuario_id})
    return medico


def editar(actor, medico_id, **cambios):
    medico = obtener(medico_id)
    _validar_referencias(cambios)
    if cambios.get("email"):
        cambios["email"] = cambios["email"].lower()
    detalle = {}
    with restricciones():
        for campo, valor in cambios.items():
            if getattr(medico, campo) != valor:
                detalle[campo] = valor
                setattr(medico, campo, valor)
    if detalle:
        auditoria_service.registrar("medico_modificado", usuario=actor, entidad="medico", entidad_id=medico.id,
                                    detalle=detalle)
    return medico


def listar_horarios(medico_id, *, page, per_page):
    comprobar_que_existe(medico_id)
    stmt = (select(HorarioMedico).where(HorarioMedico.medico_id == medico_id)
            .order_by(HorarioMedico.dia_semana, HorarioMedico.hora_inicio, HorarioMedico.id))
    return paginate(stmt, page, per_page)


def crear_horario(actor, medico_id, **datos):
    comprobar_que_existe(medico_id)
    if por_id(Sucursal, datos["sucursal_id"]) is None:
        raise Invalido({"sucursal_id": ["La sucursal no existe."]})
    horario = HorarioMedico(medico_id=medico_id, **datos)
    with restricciones():  # horarios_medicos_sin_solape → 409 HORARIO_SOLAPADO
        db.session.add(horario)
    auditoria_service.registrar("horario_creado", usuario=actor, entidad="horario_medico", entidad_id=horario.id,
                                detalle={"medico_id": medico_id, "sucursal_id": horario.sucursal_id,
                                         "dia_semana": horario.dia_semana})
    return horario


def eliminar_horario(actor, medico_id, horario_id):
    """Existing appointments stay; only future bookings stop fitting in the removed block."""
    horario = por_id(HorarioMedico, horario_id)
    if horario is None or horario.medico_id != medico_id:
        raise NoEncontrado("El horario no existe")
    db.session.delete(horario)
    db.session.flush()
    auditoria_service.registrar("horario_eliminado", usuario=actor, entidad="horario_medico", entidad_id=horario_id,
                                detalle={"medico_id": medico_id})
