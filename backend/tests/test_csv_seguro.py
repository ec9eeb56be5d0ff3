"""The CSV for spreadsheets shared by the reports and the imports' errors (app/utils/csv_seguro.py)."""
from app.utils.csv_seguro import celda, csv_bytes


def test_a_cell_that_starts_like_a_formula_becomes_plain_text_and_none_is_empty():
    assert [celda(v) for v in ("=1+1", "+52", "-3", "@SUM(A1)", "\tx", "\rx", "Ana", None, 3, 2.5)] == [
        "'=1+1", "'+52", "'-3", "'@SUM(A1)", "'\tx", "'\rx", "Ana", "", 3, 2.5]


def test_the_file_is_utf_8_with_a_bom_crlf_lines_and_every_cell_converted():
    contenido = csv_bytes(["fila", "mensaje"], [(2, "=peligro"), (3, "Peña, sí")])
    assert contenido == '\ufefffila,mensaje\r\n2,\'=peligro\r\n3,"Peña, sí"\r\n'.encode()
    assert csv_bytes(["a"], [(1.5,)], convertir=lambda v: f"{v:.2f}") == "\ufeffa\r\n1.50\r\n".encode()
