"""Reading the text of the PDFs the app draws (fpdf2 core fonts), for the tests of invoices and closing reports."""
import re
import zlib


def texto_pdf(contenido: bytes) -> str:
    """The text drawn by the PDF's content streams (inflated when compressed), read as the core fonts'
    WinAnsiEncoding (windows-1252: byte 0x80 is "€")."""
    partes = []
    # Only the "\n" before "endstream" is the file's: a compressed stream may itself end in a byte "\r".
    for flujo in re.findall(rb"stream\r?\n(.*?)\nendstream", contenido, re.S):
        try:
            partes.append(zlib.decompress(flujo))
        except zlib.error:
            partes.append(flujo)
    crudo = b"\n".join(partes).decode("windows-1252", "replace")
    return "".join(re.findall(r"\((.*?)\)\s*Tj", crudo.replace("\\(", "[").replace("\\)", "]")))
