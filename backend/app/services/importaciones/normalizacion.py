"""Turning a cell's text into what the API's schemas take: dates, times, yes/no, names written sensibly.

Each function takes the trimmed text of a cell and returns the value, or raises ValueError with the Spanish
message shown for that row and column (never the value itself).
"""
import re
from datetime import date, datetime, time, timedelta

_EPOCA_EXCEL = date(1899, 12, 30)  # serial 1 = 1900-01-01 with Excel's 1900 leap-year bug accounted for
_HORA_SUFIJO = r"(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
_DMA = re.compile(rf"^(\d{{1,2}})[/.-](\d{{1,2}})[/.-](\d{{4}}){_HORA_SUFIJO}$")
_AMD = re.compile(rf"^(\d{{4}})[/.-](\d{{1,2}})[/.-](\d{{1,2}}){_HORA_SUFIJO}$")
_SERIAL = re.compile(r"^\d{1,6}(?:\.\d+)?$")
# A date's serial has five digits or more (10000 = 1927-05-18): "1985" is a year, not 1905-06-07.
_SERIAL_FECHA = re.compile(r"^\d{5,6}(?:\.\d+)?$")
_ANO = re.compile(r"^\d{4}(?:\.0+)?$")
_HORA = re.compile(r"^(\d{1,2})[:.h](\d{2})(?::(\d{2}))?\s*([ap]\.?\s?m\.?)?$", re.IGNORECASE)
_HORA_SOLA = re.compile(r"^(\d{1,2})\s*([ap]\.?\s?m\.?)$", re.IGNORECASE)

MENSAJE_FECHA = "Fecha no válida: use dd/mm/aaaa, aaaa-mm-dd o una fecha de Excel."
MENSAJE_SOLO_ANO = "Fecha no válida: un año solo no es una fecha; use dd/mm/aaaa o aaaa-mm-dd."
MENSAJE_HORA = "Hora no válida: use HH:MM (24 horas) o una hora de Excel."
MENSAJE_SI_NO = "Use sí o no."

SI = {"si", "sí", "s", "yes", "y", "true", "verdadero", "1", "x"}
NO = {"no", "n", "false", "falso", "0"}
PARTICULAS = {"de", "del", "la", "las", "los", "y", "e", "van", "von", "der", "den", "da", "das", "do", "dos"}


def fecha(texto):
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd (also with / or .), either with a time after it (a spreadsheet's
    datetime), or an Excel serial number (days since 1899-12-30) of five digits or more. A four-digit number is a
    year alone, refused as such (read as a serial it would be a date of 1905)."""
    try:
        if m := _DMA.match(texto):
            return date(int(m[3]), int(m[2]), int(m[1]))
        if m := _AMD.match(texto):
            return date(int(m[1]), int(m[2]), int(m[3]))
        if _SERIAL_FECHA.match(texto) and float(texto) < 2958466:
            return _EPOCA_EXCEL + timedelta(days=int(float(texto)))
    except (ValueError, OverflowError):
        pass
    raise ValueError(MENSAJE_SOLO_ANO if _ANO.match(texto) else MENSAJE_FECHA)


def hora(texto):
    """HH:MM or HH:MM:SS (also 9.30, 9h30), with an optional am/pm, or an Excel time (a fraction of a day)."""
    m = _HORA.match(texto)
    if m:
        horas, minutos, segundos = int(m[1]), int(m[2]), int(m[3] or 0)
        meridiano = m[4]
    elif m := _HORA_SOLA.match(texto):
        horas, minutos, segundos, meridiano = int(m[1]), 0, 0, m[2]
    elif _SERIAL.match(texto) and float(texto) < 1:
        segundos_dia = round(float(texto) * 86400)
        horas, resto = divmod(segundos_dia, 3600)
        minutos, segundos = divmod(resto, 60)
        meridiano = None
    else:
        raise ValueError(MENSAJE_HORA)
    if meridiano:
        if not 1 <= horas <= 12:
            raise ValueError(MENSAJE_HORA)
        horas = horas % 12 + (12 if meridiano[0].lower() == "p" else 0)
    try:
        return time(horas, minutos, segundos)
    except ValueError:
        raise ValueError(MENSAJE_HORA) from None


def si_no(texto):
    valor = texto.strip().lower()
    if valor in SI:
        return True
    if valor in NO:
        return False
    raise ValueError(MENSAJE_SI_NO)


def _capitalizar_palabra(palabra):
    # "o'brien" → "O'Brien", "maria-jose" → "Maria-Jose"
    return re.sub(r"(^|[-'’])(\w)", lambda m: m[1] + m[2].upper(), palabra)


def nombre(texto):
    """Trimmed, inner spaces collapsed; written all in upper or all in lower case it is capitalised word by word
    with the particles (de, del, la, y, van, von…) in lower case unless first: "JOSÉ DE LA CRUZ" → "José de la
    Cruz". A name already in mixed case ("McDonald", "O'Brien", "de la Fuente") is left as written."""
    texto = " ".join(texto.split())
    if texto != texto.upper() and texto != texto.lower():
        return texto
    palabras = texto.lower().split(" ")
    return " ".join(p if i and p in PARTICULAS else _capitalizar_palabra(p) for i, p in enumerate(palabras))


def como_texto_iso(valor):
    """A date or time as the text the API's schemas take."""
    if isinstance(valor, (date, datetime)):
        return valor.isoformat()
    if isinstance(valor, time):
        return valor.strftime("%H:%M:%S")
    return valor
