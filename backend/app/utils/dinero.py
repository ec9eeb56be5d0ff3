"""Money written the way the clinic's country writes it: the one formatter of the backend (PDFs).

``formatear(Decimal("1160.5"), "MXN")`` → ``"$1,160.50"``; EUR → ``"1.160,50 €"``; COP → ``"$ 1.160,50"``.

The UI formats the same amounts with ``Intl.NumberFormat`` (frontend/src/utils/money.js) in the locale
of each currency's country; this table holds exactly the forms the browser's CLDR data produces for
those locales (CLDR 48: Chromium 150, Node 20's ICU), so an invoice reads the same on screen and on
paper. Both sides are checked against the same cases: frontend/src/utils/money.casos.json.

Why a table and not Babel's ``format_currency``: Babel carries its own CLDR release, and it disagrees
with the browsers on the very forms we need (Babel 2.19 writes COP "$1.160,50" and ARS "$1.160,50"
where the browser writes "$ 1.160,50"), so the PDF would drift from the screen with every upgrade of
either; it would also add a dependency with megabytes of locale data to print two dozen patterns.
The table is small, reviewable, and changes only when we decide it does.

Conventions (the same in money.js):
- Always two decimals, also for the currencies whose ISO 4217 minor unit is 0 (CLP, PYG): amounts are
  stored and computed to the cent, and showing fewer digits would make lines that do not add up to
  the total they print next to. A clinic that charges whole pesos simply sees ",00".
- Rounded half-up (away from zero) to the cent; an amount that rounds to zero has no minus sign.
- The minus goes where the locale puts it: "-$1,160.50", "-1.160,50 €", but Chile, Paraguay and
  Venezuela write it after the symbol ("$-1.160,50"), as CLDR and the browser do.
- The space between a symbol and the number is a no-break space (U+00A0), as in the browser: an
  amount never wraps in a narrow cell. Costa Rica also groups thousands with it ("₡1 160,50").
- USD uses es-US ("$1,160.50", as in Puerto Rico, El Salvador and Panama); Ecuador, which writes
  "$1.160,50", gets the same form.
- Unknown codes: "1,160.50 XXX" (negative "-1,160.50 XXX").
"""
from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

CENTIMO = Decimal("0.01")
NBSP = "\u00a0"


def para_api(valor) -> str | None:
    """An amount as the API writes it: a string with two decimals ("1160.00"); None stays None."""
    return None if valor is None else str(Decimal(valor).quantize(CENTIMO, rounding=ROUND_HALF_UP))


class Formato(NamedTuple):
    locale: str  # the locale money.js hands to Intl.NumberFormat for this currency
    positivo: str  # "{}" is the number without sign
    negativo: str
    miles: str
    decimal: str


# The currencies of the Spanish-speaking countries (plus USD), in the locales of LOCALES in money.js (a test
# compares them).
FORMATOS = {
    "MXN": Formato("es-MX", "${}", "-${}", ",", "."),
    "USD": Formato("es-US", "${}", "-${}", ",", "."),
    "EUR": Formato("es-ES", "{}" + NBSP + "€", "-{}" + NBSP + "€", ".", ","),
    "COP": Formato("es-CO", "$" + NBSP + "{}", "-$" + NBSP + "{}", ".", ","),
    "ARS": Formato("es-AR", "$" + NBSP + "{}", "-$" + NBSP + "{}", ".", ","),
    "CLP": Formato("es-CL", "${}", "$-{}", ".", ","),
    "PEN": Formato("es-PE", "S/" + NBSP + "{}", "-S/" + NBSP + "{}", ",", "."),
    "UYU": Formato("es-UY", "$" + NBSP + "{}", "-$" + NBSP + "{}", ".", ","),
    "GTQ": Formato("es-GT", "Q" + NBSP + "{}", "-Q" + NBSP + "{}", ",", "."),
    "DOP": Formato("es-DO", "RD${}", "-RD${}", ",", "."),
    "BOB": Formato("es-BO", "Bs" + NBSP + "{}", "-Bs" + NBSP + "{}", ".", ","),
    "PYG": Formato("es-PY", "Gs." + NBSP + "{}", "Gs." + NBSP + "-{}", ".", ","),
    "CRC": Formato("es-CR", "₡{}", "-₡{}", NBSP, ","),
    "HNL": Formato("es-HN", "L" + NBSP + "{}", "-L" + NBSP + "{}", ",", "."),
    "NIO": Formato("es-NI", "C${}", "-C${}", ",", "."),
    "PAB": Formato("es-PA", "B/." + NBSP + "{}", "-B/." + NBSP + "{}", ",", "."),
    "VES": Formato("es-VE", "Bs.S" + NBSP + "{}", "Bs.S-{}", ".", ","),
    "CUP": Formato("es-CU", "${}", "-${}", ",", "."),
    "XAF": Formato("es-GQ", "FCFA" + NBSP + "{}", "-FCFA" + NBSP + "{}", ".", ","),
}
DESCONOCIDA = Formato("en-US", "{} {moneda}", "-{} {moneda}", ",", ".")


def _cifras(absoluto: Decimal, miles: str, decimal: str) -> str:
    """1160.50 → "1,160.50" with the given separators (``absoluto`` is already rounded and ≥ 0)."""
    entero, _, centimos = f"{absoluto:,.2f}".partition(".")
    return entero.replace(",", miles) + decimal + centimos


def formatear(valor, moneda: str, codificacion: str | None = None) -> str:
    """``valor`` (Decimal, str or int; None → "—") written in ``moneda``'s country's way.

    ``codificacion``: when the text goes somewhere that only speaks that encoding (the PDFs' core
    fonts speak windows-1252) and the symbol does not fit in it (CRC's "₡"), the ISO code follows the
    number instead: "1 160,50 CRC".
    """
    if valor is None:
        return "—"
    cantidad = (valor if isinstance(valor, Decimal) else Decimal(str(valor))).quantize(CENTIMO, ROUND_HALF_UP)
    codigo = (moneda or "").strip().upper()
    formato = FORMATOS.get(codigo, DESCONOCIDA)
    if formato is not DESCONOCIDA and codificacion and not _cabe(formato, codificacion):
        formato = DESCONOCIDA._replace(miles=formato.miles, decimal=formato.decimal)
    plantilla = formato.negativo if cantidad < 0 else formato.positivo  # -0.00 is not < 0
    return plantilla.format(_cifras(abs(cantidad), formato.miles, formato.decimal), moneda=codigo)


def formatear_numero(valor, moneda: str) -> str:
    """A plain number (a tax rate) with two decimals and ``moneda``'s country's separators: "16.00" / "16,00"."""
    formato = FORMATOS.get((moneda or "").strip().upper(), DESCONOCIDA)
    cantidad = Decimal(str(valor)).quantize(CENTIMO, ROUND_HALF_UP)
    return ("-" if cantidad < 0 else "") + _cifras(abs(cantidad), formato.miles, formato.decimal)


def _cabe(formato: Formato, codificacion: str) -> bool:
    try:
        (formato.positivo + formato.negativo + formato.miles).encode(codificacion)
    except UnicodeEncodeError:
        return False
    return True
