"""FHIR search parameters: date prefixes, references, identifiers and the page of a searchset.

A date parameter may repeat (``birthdate=ge1980&birthdate=lt1990``: both hold). Its value has a precision
(``2024``, ``2024-05``, ``2024-05-01``) and so stands for a range of days; the prefixes compare that range the
way FHIR says (eq: within it, ne: outside, ge/gt/le/lt/sa/eb: against its edges). A date with a time
(``2024-05-01T09:00:00-06:00``) is compared as an instant, where the parameter has one (an appointment's start).
"""
import re
from datetime import date, datetime, timedelta
from typing import NamedTuple

from sqlalchemy import func, select

from app.utils.errors import Invalido
from app.utils.sql import ejecutar

PREFIJOS = ("eq", "ne", "ge", "gt", "le", "lt", "sa", "eb")
_FECHA = re.compile(r"^(?P<prefijo>[a-z]{2})?(?P<valor>\d{4}(-\d{2}(-\d{2}(T.+)?)?)?)$")
POR_PAGINA = 20
MAX_POR_PAGINA = 100
# Above this many matches a search gives no ``total`` (counting a common name among a million, or a year of a busy
# clinic's appointments, costs more than the page); its ``next`` link still says there are more.
TOPE_TOTAL = 10_000


class Rango(NamedTuple):
    """[desde, hasta) of a date parameter's value: dates, or aware datetimes for a value with a time."""
    prefijo: str
    desde: object
    hasta: object
    instante: bool


def _siguiente_mes(d: date) -> date:
    return date(d.year + (d.month == 12), d.month % 12 + 1, 1)


def rango_de_fecha(texto: str, campo: str) -> Rango:
    coincide = _FECHA.match(texto.strip())
    prefijo = (coincide and coincide["prefijo"]) or "eq"
    if not coincide or prefijo not in PREFIJOS:
        raise Invalido({campo: [f"Fecha no válida: «{texto}». Use AAAA, AAAA-MM, AAAA-MM-DD o una fecha y hora con "
                                "zona, con un prefijo opcional (eq, ne, ge, gt, le, lt, sa, eb)."]})
    valor = coincide["valor"]
    try:
        if "T" in valor:
            instante = datetime.fromisoformat(valor.replace("Z", "+00:00"))
            if instante.tzinfo is None:
                raise ValueError
            return Rango(prefijo, instante, instante + timedelta(seconds=1), True)
        partes = [int(p) for p in valor.split("-")]
        if len(partes) == 1:
            return Rango(prefijo, date(partes[0], 1, 1), date(partes[0] + 1, 1, 1), False)
        if len(partes) == 2:
            inicio = date(partes[0], partes[1], 1)
            return Rango(prefijo, inicio, _siguiente_mes(inicio), False)
        dia = date(*partes)
        return Rango(prefijo, dia, dia + timedelta(days=1), False)
    except (ValueError, OverflowError):
        raise Invalido({campo: [f"Fecha no válida: «{texto}» (una fecha y hora necesita su zona)."]}) from None


def condicion_de_fecha(columna, rango: Rango):
    """The SQL condition of one date parameter on ``columna`` (a date, or an instant for a Rango.instante)."""
    p, desde, hasta = rango.prefijo, rango.desde, rango.hasta
    if p == "eq":
        return (columna >= desde) & (columna < hasta)
    if p == "ne":
        return (columna < desde) | (columna >= hasta)
    if p in ("gt", "sa"):
        return columna >= hasta
    if p in ("lt", "eb"):
        return columna < desde
    if p == "ge":
        return columna >= desde
    return columna < hasta  # le


def id_de_referencia(texto: str, tipo: str, campo: str) -> int:
    """``123``, ``Patient/123`` or an absolute URL ending in ``Patient/123`` → 123 (422 otherwise)."""
    valor = texto.strip().rstrip("/")
    prefijo = f"{tipo}/"
    if prefijo in valor:
        valor = valor.rsplit(prefijo, 1)[1]
    if not valor.isdigit() or len(valor) > 9:
        raise Invalido({campo: [f"Referencia no válida: use el id o {tipo}/id."]})
    return int(valor)


def identificador(texto: str) -> tuple[str | None, str]:
    """``system|value`` or ``value`` → (system or None, value); ``|value`` means no system (FHIR)."""
    if "|" in texto:
        sistema, valor = texto.split("|", 1)
        return (sistema or None), valor
    return None, texto


class Pagina(NamedTuple):
    inicio: int
    cuantos: int


def pagina(args) -> Pagina:
    cuantos = args.get("count")
    cuantos = POR_PAGINA if cuantos is None else min(cuantos, MAX_POR_PAGINA)
    return Pagina(args.get("offset") or 0, cuantos)


def pagina_de(stmt, coincidencias, pagina: Pagina):
    """One page of a search: (rows, total or None, whether more follow). ``stmt`` selects the resources' rows in
    order; ``coincidencias`` the matches' ids, counted only when the page itself does not tell the total (a page
    beyond the first, a full page, ``_count=0``), and at most TOPE_TOTAL + 1 of them (above it, no total)."""
    inicio, cuantos = pagina
    filas = ejecutar(stmt.offset(inicio).limit(cuantos + 1)).all() if cuantos else []
    hay_mas = len(filas) > cuantos
    filas = filas[:cuantos]
    if cuantos and not hay_mas and (filas or inicio == 0):
        return filas, inicio + len(filas), False
    total = ejecutar(select(func.count()).select_from(coincidencias.limit(TOPE_TOTAL + 1).subquery())).scalar()
    return filas, (None if total > TOPE_TOTAL else total), hay_mas or total > inicio + len(filas)
