"""Branches, specialties, appointment states."""
import functools

from sqlalchemy import bindparam, func, select

from app.extensions import db
from app.models import Especialidad, EstadoCita, Sucursal
from app.utils.errors import NoEncontrado, register_constraint, restricciones
from app.utils.pagination import filas_y_total, page_of, paginate
from app.utils.sql import contiene, por_id

register_constraint("uq_especialidades_nombre", "ESPECIALIDAD_DUPLICADA", "Ya existe una especialidad con ese nombre")


# The branch and specialty catalogs feed every screen's selectors: their lists are read as rows and given the
# schemas' shape here (SucursalSchema, EspecialidadSchema; tests/test_catalogos.py compares them), not dumped.
_COLUMNAS_SUCURSAL = (Sucursal.id, Sucursal.nombre, Sucursal.direccion, Sucursal.telefono, Sucursal.email,
                      Sucursal.activo, Sucursal.zona_horaria, Sucursal.fecha_creacion)
_COLUMNAS_ESPECIALIDAD = (Especialidad.id, Especialidad.nombre, Especialidad.descripcion)


def _sucursal_json(fila):
    sucursal = {columna.key: getattr(fila, columna.key) for columna in _COLUMNAS_SUCURSAL}
    sucursal["fecha_creacion"] = fila.fecha_creacion.isoformat() if fila.fecha_creacion else None
    return sucursal


def _especialidad_json(fila):
    return fila._asdict()


@functools.cache
def _lista_de_sucursales(por_activo, por_nombre):
    """The branch list's page (with the count as its column ``total``) and count, for one combination of filters:
    built once, every value bound (the list feeds every screen's branch selector)."""
    condiciones = []
    if por_activo:
        condiciones.append(Sucursal.activo == bindparam("activo"))
    if por_nombre:
        condiciones.append(Sucursal.nombre.ilike(bindparam("patron")))
    contar = select(func.count()).select_from(Sucursal).where(*condiciones)
    pagina = (select(*_COLUMNAS_SUCURSAL, contar.scalar_subquery().label("total")).where(*condiciones)
              .order_by(Sucursal.nombre, Sucursal.id).limit(bindparam("limite")).offset(bindparam("inicio")))
    return pagina, contar


def listar_sucursales(*, page, per_page, activo=None, q=None):
    pagina, contar = _lista_de_sucursales(activo is not None, bool(q))
    valores = {}
    if activo is not None:
        valores["activo"] = activo
    if q:
        valores["patron"] = contiene(q)
    filas, total = filas_y_total(pagina, contar, valores, page, per_page)
    return page_of([_sucursal_json(f) for f in filas], total, page, per_page)


def obtener_sucursal(sucursal_id):
    sucursal = por_id(Sucursal, sucursal_id)
    if sucursal is None:
        raise NoEncontrado("La sucursal no existe")
    return sucursal


def crear_sucursal(datos):
    sucursal = Sucursal(**datos)
    db.session.add(sucursal)
    db.session.flush()
    return sucursal


def editar_sucursal(sucursal_id, datos):
    sucursal = obtener_sucursal(sucursal_id)
    for campo, valor in datos.items():
        setattr(sucursal, campo, valor)
    db.session.flush()
    return sucursal


def listar_especialidades(*, page, per_page, q=None, activo=None):
    stmt = select(*_COLUMNAS_ESPECIALIDAD).order_by(Especialidad.nombre, Especialidad.id)
    if q:
        stmt = stmt.where(Especialidad.nombre.ilike(contiene(q)))
    return paginate(stmt, page, per_page, _especialidad_json)


def obtener_especialidad(especialidad_id):
    especialidad = por_id(Especialidad, especialidad_id)
    if especialidad is None:
        raise NoEncontrado("La especialidad no existe")
    return especialidad


def crear_especialidad(datos):
    especialidad = Especialidad(**datos)
    with restricciones():  # uq_especialidades_nombre
        db.session.add(especialidad)
    return especialidad


def editar_especialidad(especialidad_id, datos):
    especialidad = obtener_especialidad(especialidad_id)
    with restricciones():
        for campo, valor in datos.items():
            setattr(especialidad, campo, valor)
    return especialidad


def listar_estados(*, page, per_page, **_):
    return paginate(select(EstadoCita).order_by(EstadoCita.id), page, per_page)
