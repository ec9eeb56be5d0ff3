"""CSV for spreadsheets: UTF-8 with a BOM (so Excel reads the accents) and CRLF lines, with every text cell that
a spreadsheet would run as a formula (CSV injection) made plain text by a leading apostrophe."""
import csv
import io

# Cells starting with these characters are formulas for spreadsheets.
_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def celda(valor):
    """A value as a safe cell: None → '', a text that starts like a formula → with a leading apostrophe."""
    if isinstance(valor, str) and valor.startswith(_FORMULA):
        return "'" + valor
    return "" if valor is None else valor


def csv_bytes(cabecera, filas, convertir=celda) -> bytes:
    """The CSV file of ``cabecera`` and ``filas`` (iterables of values, each passed through ``convertir``)."""
    salida = io.StringIO()
    salida.write("\ufeff")
    escritor = csv.writer(salida, lineterminator="\r\n")
    escritor.writerow(cabecera)
    escritor.writerows([convertir(v) for v in fila] for fila in filas)
    return salida.getvalue().encode("utf-8")
