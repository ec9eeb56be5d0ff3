"""Reference data and the first administrator. Idempotent."""
import secrets

from sqlalchemy import select, text
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.models import ConfiguracionClinica, ConfiguracionComunicaciones, Estado, EstadoCita, Rol, Usuario
from app.utils.auth import ADMIN, ROLES, hash_password

DESCRIPCION_ROLES = {
    "Administrador": "Acceso completo al sistema",
    "Médico": "Acceso a módulos médicos y consultas",
    "Recepcionista": "Gestión de citas y pacientes",
    "Facturación": "Acceso a módulos de facturación",
}


def cargar_referencia():
    """Roles, the seven appointment states with their fixed ids, and the settings rows."""
    for nombre in ROLES:
        db.session.execute(
            insert(Rol).values(nombre=nombre, descripcion=DESCRIPCION_ROLES[nombre]).on_conflict_do_nothing(
                index_elements=["nombre"]
            )
        )
    for estado_id, (nombre, descripcion) in Estado.NOMBRES.items():
        db.session.execute(
            insert(EstadoCita)
            .values(id=estado_id, nombre=nombre, descripcion=descripcion)
            .on_conflict_do_update(index_elements=["id"], set_={"nombre": nombre, "descripcion": descripcion})
        )
    db.session.execute(text(
        "SELECT setval(pg_get_serial_sequence('medical.estados_cita', 'id'),"
        " (SELECT max(id) FROM medical.estados_cita))"
    ))
    db.session.execute(insert(ConfiguracionClinica).values(id=1).on_conflict_do_nothing(index_elements=["id"]))
    db.session.execute(insert(ConfiguracionComunicaciones).values(id=1).on_conflict_do_nothing(index_elements=["id"]))


def hay_administrador():
    return db.session.scalar(
        select(Usuario.id).join(Usuario.rol).where(Rol.nombre == ADMIN, Usuario.activo.is_(True)).limit(1)
    ) is not None


def crear_admin(email, password=None, nombre="Administrador", apellido="Principal"):
    """Return (created, generated_password_or_None)."""
    email = email.strip().lower()
    if db.session.scalar(select(Usuario.id).where(Usuario.email == email)):
        return False, None
    generada = None
    if not password:
        generada = password = secrets.token_urlsafe(12)
    if len(password) < 10:
        raise ValueError("La contraseña debe tener al menos 10 caracteres")
    rol = db.session.scalar(select(Rol).where(Rol.nombre == ADMIN))
    db.session.add(Usuario(nombre=nombre, apellido=apellido, email=email, password_hash=hash_password(password),
                           rol=rol, activo=True, version_token=0))
    db.session.flush()
    return True, generada
