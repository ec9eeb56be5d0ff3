"""Reading an uploaded file: CSV (UTF-8 with or without BOM, Windows-1252 or Latin-1; ``,`` ``;`` or tab) or XLSX (its first
sheet), as a header and a stream of rows of text.

Rows are produced one at a time (csv.reader over a text stream of the bytes, openpyxl in read-only mode), so a
100,000-row file is never held as Python rows at once. Blank rows are skipped; each row keeps its number in the
file (the header is row 1), which is what the errors report.
"""
import codecs
import csv
import io
import zipfile
from dataclasses import dataclass
from datetime import date, datetime, time
from itertools import islice

from app.utils.errors import Invalido

SEPARADORES = (",", ";", "\t")
FILAS_MUESTRA = 20
# Above this size a CSV's rows are estimated from its line breaks instead of being parsed to count them.
CONTAR_HASTA = 2 * 1024 * 1024
# Hard limits, so that a small crafted file cannot keep the preview or the worker busy for ever: data rows of any
# file, a sheet's row numbers (XLSX's own maximum), columns of the header, and the bytes an XLSX unpacks to.
LIMITE_FILAS = 1_000_000
FILA_MAXIMA_XLSX = 1_048_576
LIMITE_COLUMNAS = 500
# A column's name is cut to this length (the errors' ``columna`` holds 255 characters).
LARGO_NOMBRE_COLUMNA = 100
LIMITE_XLSX_DESCOMPRIMIDO = 200 * 1024 * 1024
MENSAJE_DEMASIADAS_FILAS = f"El archivo tiene demasiadas filas: como máximo {LIMITE_FILAS:,} por importación."
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0"  # the old binary .xls

csv.field_size_limit(1024 * 1024)


def _error(mensaje):
    return Invalido({"archivo": [mensaje]})


@dataclass
class Archivo:
    """A readable file: its format, how it was decoded, its header; ``filas()`` streams its data rows."""

    datos: bytes
    formato: str  # csv | xlsx
    codificacion: str | None  # utf-8 | windows-1252 | latin-1 (CSV)
    separador: str | None  # , ; \t (CSV)
    columnas: list

    def filas(self):
        """(row number in the file, [cells as text]) of every non-blank data row, in order; 422 errors.archivo
        once there are more than LIMITE_FILAS."""
        filas = _filas_csv(self) if self.formato == "csv" else _filas_xlsx(self)
        for n, fila in enumerate(filas, start=1):
            if n > LIMITE_FILAS:
                raise _error(MENSAJE_DEMASIADAS_FILAS)
            yield fila

    def muestra(self, n=FILAS_MUESTRA):
        return [fila for _, fila in islice(self.filas(), n)]

    def contar(self):
        """(data rows, whether the number is an estimate)."""
        if self.formato == "csv" and len(self.datos) > CONTAR_HASTA:
            lineas = self.datos.count(b"\n") + (0 if self.datos.endswith(b"\n") else 1)
            return max(lineas - 1, 0), True
        if self.formato == "xlsx" and len(self.datos) > CONTAR_HASTA:
            hoja, libro = _hoja(self.datos)
            try:
                # the sheet's declared dimension: only an estimate (a file may declare anything)
                if hoja.max_row:
                    return min(max(hoja.max_row - 1, 0), LIMITE_FILAS), True
            finally:
                libro.close()
        return sum(1 for _ in self.filas()), False


def abrir(datos: bytes) -> Archivo:
    """Detect the format (and for CSV the encoding and separator) and read the header; 422 errors.archivo
    for an empty, unreadable or unknown file."""
    if not datos or not datos.strip():
        raise _error("El archivo está vacío.")
    if datos.startswith(_ZIP):
        return _abrir_xlsx(datos)
    if datos.startswith(_OLE):
        raise _error("Formato no admitido: guarde la hoja como .xlsx o .csv.")
    if b"\x00" in datos[:4096]:
        raise _error("Formato no reconocido: use CSV (UTF-8, Windows-1252 o Latin-1) o XLSX.")
    return _abrir_csv(datos)


# --- CSV -----------------------------------------------------------------------------------------

# The bytes Windows-1252 leaves undefined: a file with one of them is not Windows-1252, and is read as Latin-1.
_NO_WINDOWS_1252 = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


def _codificacion(datos):
    """utf-8 when the whole file decodes as UTF-8 (checked incrementally, nothing kept); else windows-1252 (what
    Excel and most Windows programs write: ’ “ ” – € are in 0x80–0x9F, where Latin-1 has control characters),
    unless the file has a byte Windows-1252 does not define: then latin-1."""
    decodificador = codecs.getincrementaldecoder("utf-8")()
    try:
        for inicio in range(0, len(datos), 1 << 20):
            decodificador.decode(datos[inicio:inicio + (1 << 20)])
        decodificador.decode(b"", final=True)
    except UnicodeDecodeError:
        return "latin-1" if any(b in datos for b in _NO_WINDOWS_1252) else "windows-1252"
    return "utf-8"


def _texto(archivo):
    """A text stream over the bytes (the BOM dropped), for csv.reader."""
    codec = "utf-8-sig" if archivo.codificacion == "utf-8" else archivo.codificacion
    return io.TextIOWrapper(io.BytesIO(archivo.datos), encoding=codec, newline="")


def _separador(linea):
    """The separator the header line uses most (outside quotes); ',' when it has none."""
    cuentas = dict.fromkeys(SEPARADORES, 0)
    entre_comillas = False
    for c in linea:
        if c == '"':
            entre_comillas = not entre_comillas
        elif not entre_comillas and c in cuentas:
            cuentas[c] += 1
    mejor = max(SEPARADORES, key=lambda s: cuentas[s])
    return mejor if cuentas[mejor] else ","


def _abrir_csv(datos):
    archivo = Archivo(datos, "csv", _codificacion(datos), None, [])
    texto = _texto(archivo)
    primera = ""
    for linea in texto:
        if linea.strip():
            primera = linea
            break
    archivo.separador = _separador(primera)
    try:
        cabecera = next(_registros_csv(archivo), None)
    except csv.Error:
        raise _error("El archivo CSV no se puede leer (comillas sin cerrar o una celda demasiado grande).") from None
    if cabecera is None:
        raise _error("El archivo está vacío.")
    archivo.columnas = _nombres(cabecera[1])
    return archivo


def _registros_csv(archivo):
    """(row number, cells) of every non-blank record, header included."""
    lector = csv.reader(_texto(archivo), delimiter=archivo.separador)
    for numero, celdas in enumerate(lector, start=1):
        if any(c.strip() for c in celdas):
            yield numero, celdas


def _filas_csv(archivo):
    registros = _registros_csv(archivo)
    next(registros, None)  # the header
    for numero, celdas in registros:
        yield numero, [c.strip() for c in celdas]


# --- XLSX ----------------------------------------------------------------------------------------

def _comprobar_zip(datos):
    """Refuse an XLSX whose parts unpack to more than LIMITE_XLSX_DESCOMPRIMIDO (a zip bomb): the sizes are the
    archive's own, and zipfile never unpacks a part beyond its stated size."""
    try:
        with zipfile.ZipFile(io.BytesIO(datos)) as archivo:
            total = sum(parte.file_size for parte in archivo.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise _error("El archivo no es una hoja XLSX válida.") from None
    if total > LIMITE_XLSX_DESCOMPRIMIDO:
        raise _error(f"La hoja XLSX es demasiado grande una vez descomprimida (más de "
                     f"{LIMITE_XLSX_DESCOMPRIMIDO // (1024 * 1024)} MiB).")


def _hoja(datos):
    from openpyxl import load_workbook

    try:
        libro = load_workbook(io.BytesIO(datos), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError):
        raise _error("El archivo no es una hoja XLSX válida.") from None
    if not libro.worksheets:
        libro.close()
        raise _error("El libro no tiene hojas.")
    return libro.worksheets[0], libro


def celda(valor):
    """A cell's value as text: dates as yyyy-mm-dd (with the time when it has one), times as HH:MM, whole numbers
    without '.0' (a phone typed as a number), nothing as ''."""
    if valor is None:
        return ""
    if isinstance(valor, datetime):
        return valor.strftime("%Y-%m-%d") if valor.time() == time(0) else valor.strftime("%Y-%m-%d %H:%M")
    if isinstance(valor, date):
        return valor.isoformat()
    if isinstance(valor, time):
        return valor.strftime("%H:%M")
    if isinstance(valor, float) and valor.is_integer():
        return str(int(valor))
    if isinstance(valor, bool):
        return "sí" if valor else "no"
    return str(valor).strip()


def _registros_xlsx(datos, columnas=None):
    """(row number, cells) of every non-blank row, header included; ``columnas``: how many cells a row has (the
    header's; None for the header itself, read as it is).

    The sheet's declared dimension is ignored (a file may declare A1:XFD1048576, and openpyxl would pad every
    row to it): rows come as the sheet has them, cut to the header's width. openpyxl yields one shared tuple for
    every row the sheet leaves out, so a gap before a far row is skipped at almost no cost, and a row number
    past XLSX's maximum stops the reading."""
    hoja, libro = _hoja(datos)
    hoja.reset_dimensions()
    vacia = None
    try:
        for numero, valores in enumerate(hoja.iter_rows(max_col=columnas, values_only=True), start=1):
            if numero > FILA_MAXIMA_XLSX:
                raise _error(MENSAJE_DEMASIADAS_FILAS)
            if valores is vacia:
                continue
            celdas = [celda(v) for v in valores]
            if any(celdas):
                yield numero, celdas
            else:
                vacia = valores
    finally:
        libro.close()


def _abrir_xlsx(datos):
    _comprobar_zip(datos)
    archivo = Archivo(datos, "xlsx", None, None, [])
    cabecera = next(_registros_xlsx(datos), None)
    if cabecera is None:
        raise _error("La primera hoja del libro está vacía.")
    archivo.columnas = _nombres(cabecera[1])
    return archivo


def _filas_xlsx(archivo):
    registros = _registros_xlsx(archivo.datos, len(archivo.columnas))
    next(registros, None)
    yield from registros


# --- header --------------------------------------------------------------------------------------

def _nombres(cabecera):
    """The header's names, trimmed and cut to LARGO_NOMBRE_COLUMNA characters, trailing blank ones dropped,
    blanks named "Columna N" and repeated ones numbered ("Teléfono (2)"), so that each column has one name in
    the map."""
    nombres = [c.strip()[:LARGO_NOMBRE_COLUMNA].strip() for c in cabecera]
    while nombres and not nombres[-1]:
        nombres.pop()
    vistos = {}
    resultado = []
    for i, nombre in enumerate(nombres, start=1):
        nombre = nombre or f"Columna {i}"
        if nombre in vistos:
            vistos[nombre] += 1
            nombre = f"{nombre} ({vistos[nombre]})"
        else:
            vistos[nombre] = 1
        resultado.append(nombre)
    if not resultado:
        raise _error("La primera fila debe tener los nombres de las columnas.")
    if len(resultado) > LIMITE_COLUMNAS:
        raise _error(f"El archivo tiene demasiadas columnas: como máximo {LIMITE_COLUMNAS}.")
    return resultado
