"""The documents' fast table rows (pdf_service.Documento.fila, .ancho) draw what fpdf2's cells draw."""
import re
import zlib

import pytest

from app.services.pdf_service import Documento, ajustar, texto
from tests.pdf_util import texto_pdf

COLUMNAS = [(30, "L"), (20, "C"), (25, "R"), (15, "L")]
VALORES = ["Devolución", "€ 20", "$1,234.00", "Un concepto largo que no cabe en su columna"]


def _contenido(dibujar):
    pdf = Documento(format="Letter")
    pdf.set_compression(False)
    pdf.add_page()
    pdf.set_font("Helvetica", "", 8)
    pdf.set_y(40)
    dibujar(pdf)
    return pdf, pdf.pages[1].contents.decode("latin-1")


def _trazos(contenido):
    """The rectangles and the placed texts of a page, in order."""
    return (re.findall(r"[\d.]+ [\d.]+ [\d.]+ -[\d.]+ re S", contenido),
            re.findall(r"BT [\d.]+ [\d.]+ Td \(.*?\) Tj ET", contenido))


@pytest.mark.parametrize("estilo,tamano", [("", 8), ("B", 10), ("I", 7.5)])
def test_the_fast_width_is_fpdf2s_width(estilo, tamano):
    pdf = Documento(format="Letter")
    pdf.set_font("Helvetica", estilo, tamano)
    for cadena in ("", "Factura S001-000123", "Devolución de €20,00 — ñandú", "WWWiii…", texto("Ω no es windows-1252")):
        assert pdf.ancho(cadena) == pytest.approx(pdf.get_string_width(cadena), abs=1e-9), cadena


def test_a_row_draws_what_its_cells_draw():
    def con_celdas(pdf):
        for valor, (ancho, alineacion) in zip(VALORES, COLUMNAS, strict=True):
            pdf.cell(ancho, 6, ajustar(pdf, valor, ancho), border=1, align=alineacion)
        pdf.ln()

    celdas, con_cell = _contenido(con_celdas)
    fila, con_fila = _contenido(lambda pdf: pdf.fila(VALORES, COLUMNAS, 6))
    rectangulos, textos = _trazos(con_fila)
    assert len(rectangulos) == 4 and "(Un conc...) Tj" in textos[-1]
    assert (rectangulos, textos) == _trazos(con_cell)
    assert (fila.x, fila.y) == (celdas.x, celdas.y)


def test_a_row_that_does_not_fit_starts_a_new_page():
    def hasta_el_pie(pdf):
        pdf.set_auto_page_break(True, margin=18)
        pdf.set_y(pdf.page_break_trigger - 4)
        pdf.fila(VALORES, COLUMNAS, 6)

    pdf, primera = _contenido(hasta_el_pie)
    assert pdf.page_no() == 2 and _trazos(primera) == ([], [])
    rectangulos, textos = _trazos(pdf.pages[2].contents.decode("latin-1"))
    assert len(rectangulos) == 4 and "(Devolución) Tj" in textos[0]
    assert pdf.y == pytest.approx(pdf.t_margin + 6)


def test_the_tests_read_a_compressed_stream_that_ends_in_a_carriage_return():
    """tests/pdf_util.texto_pdf: the byte before the file's "\nendstream" may be the stream's own "\r" (a page's text
    went missing once in CI, 1 stream in 256)."""
    contenido = b"BT 31.18 667.71 Td (Paciente99 Prueba) Tj ET" * 3
    flujo = zlib.compress(contenido)
    assert flujo.endswith(b"\r")
    assert texto_pdf(b"1 0 obj\nstream\n" + flujo + b"\nendstream\nendobj\n") == "Paciente99 Prueba" * 3
