"""User accounts (Administrador only). Role, password and activation changes kill the user's tokens."""
from sqlalchemy import or_, select

from app.extensions import db
from app.models import Rol, Sucursal, Usuario
from app.services import auditoria_service
from app.utils.auth import ADMIN, hash_password
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint, restricciones
from app.utils.pagination import paginate
from app.utils.sql import contiene, por_id

register_constraint("uq_usuarios_email", "EMAIL_DUPLICADO", "Ya existe un usuario con ese correo")


def _rol(nombre):
    return db.session.scalar(select(Rol).where(Rol.nombre == nombre))


def _validar_sucursal(sucursal_id):
    if sucursal_id is not None and por_id(Sucursal, sucursal_id) is None:
        raise Invalido({"sucursal_id": ["La sucursal no existe."]})


def listar(*, page, per_page, q=None, rol=None, activo=None, sucursal_id=None):
    stmt = select(Usuario).order_by(Usuario.apellido, Usuario.nombre, Usuario.id)
    if q:
        patron = contiene(q)
        stmt = stmt.where(or_(Usuario.nombre.ilike(patron), Usuario.apellido.ilike(patron), Usuario.email.ilike(patron)))
    if rol:
        stmt = stmt.join(Usuario.rol).where(Rol.nombre == rol)
    if activo is not None:
        stmt = stmt.where(Usuario.activo.is_(activo))
    if sucursal_id is not None:
        stmt = stmt.where(Usuario.sucursal_id == sucursal_id)
    return paginate(stmt, page, per_page)


def obtener(usuario_id):
    usuario = por_id(Usuario, usuario_id)
    if usuario is None:
        raise NoEncontrado("El usuario no existe")
    return usuario


def crear(actor, *, nombre, apellido, email, password, rol, sucursal_id=None):
    _validar_sucursal(sucursal_id)
    email = email.strip().lower()
    if db.session.scalar(select(Usuario.id).where(Usuario.email == email)):
        raise Conflicto("EMAIL_DUPLICADO", "Ya existe un usuario con ese correo")
    usuario = Usuario(
        nombre=nombre, apellido=apellido, email=email, password_hash=hash_password(password),
        rol=_rol(rol), sucursal_id=sucursal_id, activo=True, version_token=0,
    )
    with restricciones():  # uq_usuarios_email decides a concurrent duplicate
        db.session.add(usuario)
    auditoria_service.registrar("usuario_creado", usuario=actor, entidad="usuario", entidad_id=usuario.id,
                                detalle={"rol": rol, "sucursal_id": sucursal_id})
    return usuario


def _administradores_activos_bloqueados():
    """Ids of the active Administradores, their rows locked until the end of the transaction: two
    concurrent changes that would each leave one Administrador queue here, and the second one sees
    the first one's result (READ COMMITTED re-checks a locked row that changed meanwhile)."""
    return set(db.session.scalars(
        select(Usuario.id).join(Rol, Usuario.rol_id == Rol.id)
        .where(Rol.nombre == ADMIN, Usuario.activo.is_(True))
        .order_by(Usuario.id).with_for_update(of=Usuario)
    ))


def editar(actor, usuario_id, **cambios):
    usuario = obtener(usuario_id)
    if usuario.id == actor.id and ("rol" in cambios and cambios["rol"] != usuario.rol.nombre
                                   or cambios.get("activo") is False or "password" in cambios):
        raise Conflicto("OPERACION_SOBRE_SI_MISMO",
                        "No puede cambiar su propio rol, desactivar su propia cuenta ni cambiar aquí su propia "
                        "contraseña (use «Cambiar contraseña», que pide la actual)")
    if cambios.get("activo") is False or cambios.get("rol", ADMIN) != ADMIN:
        administradores = _administradores_activos_bloqueados()
        if administradores == {usuario.id}:
            raise Conflicto("ULTIMO_ADMINISTRADOR",
                            "Es el único Administrador activo: no puede desactivarse ni cambiar de rol")
    if "sucursal_id" in cambios:
        _validar_sucursal(cambios["sucursal_id"])
    detalle = {}
    invalidar = False
    for campo in ("nombre", "apellido", "sucursal_id"):
        if campo in cambios and getattr(usuario, campo) != cambios[campo]:
            detalle[campo] = cambios[campo]
            setattr(usuario, campo, cambios[campo])
    if "rol" in cambios and cambios["rol"] != usuario.rol.nombre:
        detalle["rol"] = {"antes": usuario.rol.nombre, "despues": cambios["rol"]}
        usuario.rol = _rol(cambios["rol"])
        invalidar = True
    if "activo" in cambios and cambios["activo"] != usuario.activo:
        detalle["activo"] = cambios["activo"]
        usuario.activo = cambios["activo"]
        invalidar = True
    if cambios.get("password"):
        detalle["password"] = "cambiada"
        usuario.password_hash = hash_password(cambios["password"])
        invalidar = True
    if invalidar:
        usuario.invalidar_tokens()
    if detalle:
        accion = "rol_cambiado" if "rol" in detalle else "usuario_modificado"
        auditoria_service.registrar(accion, usuario=actor, entidad="usuario", entidad_id=usuario.id, detalle=detalle)
    db.session.flush()
    return usuario
