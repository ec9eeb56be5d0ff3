"""utils.sql.por_id answers what Session.get answers, with its statement built once."""
from sqlalchemy import delete, update

from app.extensions import db
from app.models import Sucursal
from app.utils.sql import por_id
from tests.consultas import contar_consultas


def test_an_object_the_session_holds_comes_back_without_a_query(sucursal_factory):
    sucursal = sucursal_factory()
    encontrada = []

    assert contar_consultas(lambda: encontrada.append(por_id(Sucursal, sucursal.id))) == 0
    assert encontrada == [sucursal]


def test_a_row_the_session_does_not_hold_is_loaded_with_one_statement_and_a_missing_one_is_none(sucursal_factory):
    sucursal_id = sucursal_factory(nombre="Sucursal Norte").id
    db.session.expunge_all()
    cargadas = []

    assert contar_consultas(lambda: cargadas.append(por_id(Sucursal, sucursal_id))) == 1
    assert cargadas[0].nombre == "Sucursal Norte" and cargadas[0] is por_id(Sucursal, sucursal_id)
    assert por_id(Sucursal, sucursal_id + 10_000) is None


def test_an_expired_object_is_read_again_and_is_none_once_its_row_is_gone(sucursal_factory):
    sucursal = sucursal_factory(nombre="Antes")
    sucursal_id, tabla = sucursal.id, Sucursal.__table__  # Core statements: the session's object is not told of them
    db.session.execute(update(tabla).where(tabla.c.id == sucursal_id).values(nombre="Después"))
    assert sucursal.nombre == "Antes"
    db.session.expire(sucursal)

    assert por_id(Sucursal, sucursal_id) is sucursal and sucursal.nombre == "Después"

    db.session.execute(delete(tabla).where(tabla.c.id == sucursal_id))
    db.session.expire(sucursal)
    assert por_id(Sucursal, sucursal_id) is None
