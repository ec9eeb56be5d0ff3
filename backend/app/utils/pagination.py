"""The list envelope of API.md: {items, total, page, per_page, pages}."""
import math

from flask import current_app
from marshmallow import Schema, fields, validate
from sqlalchemy import func, select

from app.extensions import db
from app.schemas.common import instancia_compartida
from app.utils.sql import ejecutar

MAX_PER_PAGE = 100
# Capped lists report an exact total below this; above it, a lower bound (no COUNT over millions of rows).
TOPE_CONTEO = 1000


class PaginacionArgs(Schema):
    """Query arguments shared by every list; area schemas inherit from it."""

    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=100000, error="Debe estar entre {min} y {max}"))
    per_page = fields.Integer(
        load_default=20, validate=validate.Range(min=1, max=MAX_PER_PAGE, error="Debe estar entre {min} y {max}")
    )


_envelopes = {}


def envelope(item_schema):
    """A response schema wrapping ``item_schema`` in the pagination envelope (one per item schema)."""
    name = item_schema.__name__.replace("Schema", "") + "PageSchema"
    if name not in _envelopes:
        _envelopes[name] = type(
            name,
            (Schema,),
            {
                "items": fields.List(fields.Nested(item_schema), required=True),
                "total": fields.Integer(required=True),
                "page": fields.Integer(required=True),
                "per_page": fields.Integer(required=True),
                "pages": fields.Integer(required=True),
            },
        )
    return _envelopes[name]


def page_of(items, total, page, per_page):
    pages = math.ceil(total / per_page) if total else 0
    return {"items": items, "total": total, "page": page, "per_page": per_page, "pages": pages}


def ya_serializada(pagina, estado=200):
    """The response for a page (or object) a service already gave the schema's shape (long lists built from
    rows, such as the agenda): flask-smorest passes a Response through, so it is not dumped a second time."""
    respuesta = current_app.json.response(pagina)
    respuesta.status_code = estado
    return respuesta


def segun_alcance(alcance, objeto, completo, sin_datos_clinicos):
    """The response for one object, dumped by ``completo`` or, for a user who may not see clinical content
    (Facturación), by ``sin_datos_clinicos``: an output schema without those fields."""
    schema = completo if alcance.ve_datos_clinicos else sin_datos_clinicos
    return current_app.json.response(instancia_compartida(schema).dump(objeto))


def paginate(stmt, page, per_page, a_json=None):
    """Run a select() for one page and count the whole result. The select must be ordered.

    With ``a_json`` the select() reads columns, not ORM objects, and each row becomes its item's answer (the lists
    served from rows, docs/architecture.md): the route returns the page with ``ya_serializada``."""
    items, total = _pagina(stmt, page, per_page, filas=a_json is not None)
    if total is None:
        total = db.session.scalar(select(func.count()).select_from(stmt.order_by(None).subquery()))
    if a_json is not None:
        items = [a_json(fila) for fila in items]
    return page_of(items, total, page, per_page)


def filas_y_total(pagina, contar, valores, page, per_page):
    """The rows of one page and the whole count, from a list shape's statements built once with bound values:
    ``pagina`` (bound ``limite`` and ``inicio``) carries the count as its column ``total``; ``contar`` is run only
    when no row carries it (the first page of nothing is 0; a page past the last counts alone)."""
    filas = ejecutar(pagina, {**valores, "limite": per_page, "inicio": (page - 1) * per_page}).all()
    if filas:
        return filas, filas[0].total
    return filas, 0 if page == 1 else ejecutar(contar, valores).scalar()


def filas_y_total_acotado(pagina, contar, valores, page, per_page, tope=TOPE_CONTEO):
    """``paginar_acotado`` for a list shape's statements built once with bound values: the rows of one page and a
    total that never counts more than needed. ``pagina`` has bound ``limite`` and ``inicio``; ``contar`` counts at
    most its bound ``tope`` rows, and runs only when the page does not tell the total."""
    filas = ejecutar(pagina, {**valores, "limite": per_page + 1, "inicio": (page - 1) * per_page}).all()
    total = _total_de_la_pagina(filas, page, per_page)
    if total is None:
        total = ejecutar(contar, {**valores, "tope": max(tope, page * per_page) + 1}).scalar()
    return filas[:per_page], total


def paginar_acotado(stmt, page, per_page, tope=TOPE_CONTEO, a_json=None):
    """One page of an ordered select() plus a total that never counts more than needed; ``a_json`` as in
    ``paginate``.

    The total is exact while the result has at most ``max(tope, page * per_page)`` rows; beyond that it
    is that number plus one: a lower bound that still tells the client a further page exists.
    """
    items, total = _pagina(stmt, page, per_page, filas=a_json is not None)
    if total is None:
        limite = max(tope, page * per_page)
        contadas = stmt.order_by(None).limit(limite + 1).subquery()
        total = db.session.scalar(select(func.count()).select_from(contadas))
    if a_json is not None:
        items = [a_json(fila) for fila in items]
    return page_of(items, total, page, per_page)


def _pagina(stmt, page, per_page, filas=False):
    """The page's items, and the total when the page tells it: one row more than the page is read, and when it does
    not come the result ends on this page (every catalog, and most lists of a small clinic), so the count's statement
    is not run. The total is None when it must be counted: the result goes on, or the page is past its end."""
    stmt = stmt.limit(per_page + 1).offset((page - 1) * per_page)
    leidas = db.session.execute(stmt).all() if filas else db.session.scalars(stmt).unique().all()
    return leidas[:per_page], _total_de_la_pagina(leidas, page, per_page)


def _total_de_la_pagina(leidas, page, per_page):
    """The total when a page read with one row more than ``per_page`` tells it: that row did not come, so the
    result ends on this page; None when it must be counted (the result goes on, or the page is past its end)."""
    if len(leidas) > per_page or not (leidas or page == 1):
        return None
    return (page - 1) * per_page + len(leidas)
