"""Money written the way the clinic's country writes it (app/utils/dinero.py)."""
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from app.utils.dinero import FORMATOS, formatear, formatear_numero

NBSP = "\u00a0"
# The cases the UI's formatter (frontend/src/utils/money.js, Intl.NumberFormat) is tested against too.
CASOS_COMPARTIDOS = Path(__file__).resolve().parents[2] / "frontend" / "src" / "utils" / "money.casos.json"


@pytest.mark.parametrize("moneda, valor, esperado", [
    ("MXN", "1160.50", "$1,160.50"),
    ("MXN", "-1160.50", "-$1,160.50"),
    ("EUR", "1160.50", f"1.160,50{NBSP}€"),
    ("EUR", "-1160.50", f"-1.160,50{NBSP}€"),
    ("COP", "1160.50", f"${NBSP}1.160,50"),
    ("COP", "-1160.50", f"-${NBSP}1.160,50"),
    ("USD", "1160.50", "$1,160.50"),
    ("ARS", "1160.50", f"${NBSP}1.160,50"),
    ("CLP", "1160.50", "$1.160,50"),
    ("CLP", "-1160.50", "$-1.160,50"),
    ("PEN", "1160.50", f"S/{NBSP}1,160.50"),
    ("PEN", "-1160.50", f"-S/{NBSP}1,160.50"),
    ("UYU", "1160.50", f"${NBSP}1.160,50"),
    ("GTQ", "1160.50", f"Q{NBSP}1,160.50"),
    ("DOP", "-1160.50", "-RD$1,160.50"),
    ("BOB", "1160.50", f"Bs{NBSP}1.160,50"),
    ("PYG", "-1160.50", f"Gs.{NBSP}-1.160,50"),
    ("CRC", "1160.50", f"₡1{NBSP}160,50"),
    ("HNL", "1160.50", f"L{NBSP}1,160.50"),
    ("NIO", "1160.50", "C$1,160.50"),
    ("PAB", "1160.50", f"B/.{NBSP}1,160.50"),
    ("VES", "-1160.50", "Bs.S-1.160,50"),
])
def test_each_currency_is_written_the_way_its_country_writes_it(moneda, valor, esperado):
    assert formatear(Decimal(valor), moneda) == esperado
    assert formatear(valor, moneda) == esperado


@pytest.mark.parametrize("valor, esperado", [
    ("0.005", "$0.01"), ("-0.005", "-$0.01"), ("1.005", "$1.01"), ("0.004", "$0.00"), ("999.995", "$1,000.00"),
])
def test_amounts_are_rounded_half_up_to_the_cent(valor, esperado):
    assert formatear(Decimal(valor), "MXN") == esperado


@pytest.mark.parametrize("valor", ["0", "0.00", "-0.00", "-0.004"])
def test_zero_is_written_without_a_sign(valor):
    assert formatear(Decimal(valor), "MXN") == "$0.00"
    assert formatear(Decimal(valor), "EUR") == f"0,00{NBSP}€"


def test_large_amounts_are_grouped_by_thousands():
    assert formatear(Decimal("1234567890.12"), "MXN") == "$1,234,567,890.12"
    assert formatear(Decimal("-1234567890.12"), "EUR") == f"-1.234.567.890,12{NBSP}€"
    assert formatear(Decimal("1000"), "EUR") == f"1.000,00{NBSP}€"  # grouped from four digits on, unlike CLDR's es-ES


def test_currencies_without_cents_still_show_two_decimals():
    assert formatear(Decimal("1160"), "CLP") == "$1.160,00"
    assert formatear(Decimal("1160.5"), "PYG") == f"Gs.{NBSP}1.160,50"


def test_an_unknown_currency_follows_the_number_with_its_code():
    assert formatear(Decimal("1160.5"), "CAD") == "1,160.50 CAD"
    assert formatear(Decimal("-1160.5"), "xts") == "-1,160.50 XTS"


def test_integers_and_missing_amounts():
    assert formatear(1160, "mxn") == "$1,160.00"
    assert formatear(None, "MXN") == "—"


def test_a_symbol_the_target_encoding_cannot_write_becomes_the_code():
    assert formatear(Decimal("1160.5"), "CRC", codificacion="windows-1252") == f"1{NBSP}160,50 CRC"
    assert formatear(Decimal("-1160.5"), "EUR", codificacion="windows-1252") == f"-1.160,50{NBSP}€"
    assert formatear(Decimal("1160.5"), "MXN", codificacion="windows-1252") == "$1,160.50"


def test_a_tax_rate_is_written_with_the_country_separators_and_no_symbol():
    assert formatear_numero(Decimal("16"), "MXN") == "16.00"
    assert formatear_numero(Decimal("21"), "EUR") == "21,00"
    assert formatear_numero(Decimal("-1"), "CAD") == "-1.00"


def test_the_backend_writes_every_shared_case_exactly_like_the_ui():
    casos = json.loads(CASOS_COMPARTIDOS.read_text(encoding="utf-8"))["casos"]
    monedas = {moneda for moneda, _, _ in casos}
    assert set(FORMATOS) <= monedas  # every currency of the table is covered
    distintos = [(m, v, e, formatear(v, m)) for m, v, e in casos if formatear(v, m) != e]
    assert distintos == []


def test_each_currency_has_the_locale_the_ui_formats_it_with():
    """The table's locales are money.js's LOCALES: the UI and the PDFs write a currency as the same country."""
    fuente = (Path(__file__).resolve().parents[2] / "frontend" / "src" / "utils" / "money.js").read_text("utf-8")
    tabla_ui = fuente[fuente.index("export const LOCALES = {"):]
    tabla_ui = dict(re.findall(r"^\s*([A-Z]{3}): '([a-z]{2}-[A-Z]{2})'", tabla_ui[:tabla_ui.index("};")], re.M))
    assert tabla_ui == {moneda: formato.locale for moneda, formato in FORMATOS.items()}
