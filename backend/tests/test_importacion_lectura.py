"""Imports: reading every kind of file, normalising cells, and the header suggestions (docs/importacion.md)."""
from datetime import date, datetime, time

import pytest

from app.services.importaciones import campos, lectura, normalizacion
from app.utils.errors import Invalido
from tests.importacion_util import csv_de, subir, xlsx_con_fila_lejana, xlsx_de

CABECERA = ["Nombre", "Apellidos", "Fecha de nacimiento", "Teléfono"]
FILAS = [["José", "Núñez", "17/05/1985", "55 1234 5678"], ["Ana", "Peña", "1990-01-02", ""]]


@pytest.mark.parametrize("separador", [",", ";", "\t"])
@pytest.mark.parametrize("codificacion,bom", [("utf-8", False), ("utf-8", True), ("latin-1", False)])
def test_a_csv_is_read_in_any_of_its_encodings_and_separators(separador, codificacion, bom):
    archivo = lectura.abrir(csv_de([CABECERA, *FILAS], separador, codificacion, bom))
    assert archivo.formato == "csv"
    # the accents of a Latin-1 file are the same bytes in Windows-1252, which is what it is read as
    assert archivo.codificacion == ("windows-1252" if codificacion == "latin-1" else "utf-8")
    assert archivo.separador == separador
    assert archivo.columnas == CABECERA
    assert list(archivo.filas()) == [(2, FILAS[0]), (3, [*FILAS[1][:3], ""])]


def test_a_windows_1252_csv_keeps_its_quotes_dashes_and_euro_sign():
    filas = [["Nombre", "Apellidos", "Notas"], ["Ñoño", "O’Brien Álvarez", "“Paga” 20 € – sin cita"]]
    archivo = lectura.abrir(csv_de(filas, ";", "cp1252"))
    assert archivo.codificacion == "windows-1252"
    assert archivo.columnas == filas[0]
    assert archivo.muestra() == [filas[1]]


def test_a_csv_with_a_byte_windows_1252_does_not_define_is_read_as_latin_1():
    contenido = "Nombre;Notas\r\nPeña;á".encode("latin-1") + b"\x81\r\n"
    archivo = lectura.abrir(contenido)
    assert archivo.codificacion == "latin-1"
    assert archivo.muestra() == [["Peña", "á\x81"]]


def test_a_separator_inside_quotes_does_not_count_and_quoted_cells_keep_it():
    contenido = 'Nombre;"Apellidos, ambos";Fecha\r\nAna;"García; López";1990-01-02\r\n'.encode()
    archivo = lectura.abrir(contenido)
    assert archivo.separador == ";"
    assert archivo.columnas == ["Nombre", "Apellidos, ambos", "Fecha"]
    assert archivo.muestra() == [["Ana", "García; López", "1990-01-02"]]


def test_blank_rows_are_skipped_but_rows_keep_their_number_in_the_file():
    archivo = lectura.abrir(csv_de([CABECERA, FILAS[0], ["", "", "", ""], FILAS[1]]))
    assert [numero for numero, _ in archivo.filas()] == [2, 4]
    assert archivo.contar() == (2, False)


def test_an_xlsx_first_sheet_is_read_with_dates_and_numbers_as_text():
    contenido = xlsx_de([CABECERA + ["Hora"], ["José", "Núñez", datetime(1985, 5, 17), 5512345678, time(9, 30)],
                         ["Ana", "Peña", "02/01/1990", None, None]])
    archivo = lectura.abrir(contenido)
    assert (archivo.formato, archivo.codificacion, archivo.separador) == ("xlsx", None, None)
    assert archivo.columnas == CABECERA + ["Hora"]
    assert archivo.muestra() == [["José", "Núñez", "1985-05-17", "5512345678", "09:30"],
                                 ["Ana", "Peña", "02/01/1990", "", ""]]


def test_an_xlsx_declaring_the_whole_sheet_is_read_as_far_as_its_cells_and_as_wide_as_its_header():
    contenido = xlsx_con_fila_lejana([CABECERA[:3], FILAS[0][:3]], ["Ana", "Peña", "1990-01-02"], 300_000)
    archivo = lectura.abrir(contenido)
    assert archivo.columnas == CABECERA[:3]
    assert list(archivo.filas()) == [(2, FILAS[0][:3]), (300_000, ["Ana", "Peña", "1990-01-02"])]
    assert archivo.contar() == (2, False)


def test_an_xlsx_row_past_the_sheets_maximum_is_too_many_rows():
    archivo = lectura.abrir(xlsx_con_fila_lejana([CABECERA[:3]], ["Ana", "Peña", "1990-01-02"],
                                                 lectura.FILA_MAXIMA_XLSX + 1))
    with pytest.raises(Invalido) as error:
        archivo.contar()
    assert "demasiadas filas" in error.value.errors["archivo"][0]


def test_more_data_rows_than_the_limit_are_refused(monkeypatch):
    monkeypatch.setattr(lectura, "LIMITE_FILAS", 1)
    for contenido in (csv_de([CABECERA, *FILAS]), xlsx_de([CABECERA, *FILAS])):
        archivo = lectura.abrir(contenido)
        assert archivo.muestra(1) == [FILAS[0]]
        with pytest.raises(Invalido) as error:
            archivo.contar()
        assert "demasiadas filas" in error.value.errors["archivo"][0]


def test_an_xlsx_that_unpacks_to_more_than_the_limit_is_refused(monkeypatch):
    monkeypatch.setattr(lectura, "LIMITE_XLSX_DESCOMPRIMIDO", 1000)
    with pytest.raises(Invalido) as error:
        lectura.abrir(xlsx_de([CABECERA, *FILAS]))
    assert "descomprimida" in error.value.errors["archivo"][0]


def test_a_header_of_more_columns_than_the_limit_is_refused():
    with pytest.raises(Invalido) as error:
        lectura.abrir(csv_de([[f"c{i}" for i in range(lectura.LIMITE_COLUMNAS + 1)], ["x"]]))
    assert "demasiadas columnas" in error.value.errors["archivo"][0]


def test_header_names_are_cut_to_100_characters():
    archivo = lectura.abrir(csv_de([["N" * 300, "Apellido"], ["Ana", "Peña"]]))
    assert archivo.columnas == ["N" * 100, "Apellido"]


def test_repeated_and_blank_header_names_get_a_name_of_their_own():
    archivo = lectura.abrir(csv_de([["Teléfono", "", "Teléfono"], ["1", "2", "3"]]))
    assert archivo.columnas == ["Teléfono", "Columna 2", "Teléfono (2)"]


@pytest.mark.parametrize("contenido,mensaje", [
    (b"", "vacío"), (b"  \r\n", "vacío"), (b"\xd0\xcf\x11\xe0" + b"\x00" * 100, "xlsx"),
    (b"\x00\x01\x02binario", "Formato"), (b"PK\x03\x04roto", "XLSX"),
])
def test_an_empty_unreadable_or_unknown_file_is_refused_on_archivo(contenido, mensaje):
    with pytest.raises(Invalido) as error:
        lectura.abrir(contenido)
    assert mensaje.lower() in error.value.errors["archivo"][0].lower()


@pytest.mark.parametrize("texto,esperada", [
    ("17/05/1985", date(1985, 5, 17)), ("7/5/1985", date(1985, 5, 7)), ("17-05-1985", date(1985, 5, 17)),
    ("17.05.1985", date(1985, 5, 17)), ("1985-05-17", date(1985, 5, 17)), ("1985/5/7", date(1985, 5, 7)),
    ("1985-05-17 00:00:00", date(1985, 5, 17)), ("31229", date(1985, 7, 1)), ("31229.0", date(1985, 7, 1)),
    ("45658", date(2025, 1, 1)),
])
def test_dates_are_read_as_dd_mm_yyyy_yyyy_mm_dd_or_excel_serials(texto, esperada):
    assert normalizacion.fecha(texto) == esperada


@pytest.mark.parametrize("texto", ["31/02/1990", "05/17/85", "mañana", "1985-13-01", "0", "", "365", "9999.5"])
def test_a_date_that_is_not_one_is_refused_with_the_formats_accepted(texto):
    with pytest.raises(ValueError, match="dd/mm/aaaa"):
        normalizacion.fecha(texto)


@pytest.mark.parametrize("texto", ["1985", "2001", "1985.0"])
def test_a_year_alone_is_refused_as_a_date_and_not_read_as_an_excel_serial(texto):
    with pytest.raises(ValueError, match="un año solo no es una fecha"):
        normalizacion.fecha(texto)


@pytest.mark.parametrize("texto,esperada", [
    ("09:30", time(9, 30)), ("9:30", time(9, 30)), ("9.30", time(9, 30)), ("14:15:00", time(14, 15)),
    ("2:30 pm", time(14, 30)), ("12 am", time(0, 0)), ("0.375", time(9, 0)),
])
def test_times_are_read_as_hh_mm_with_am_pm_or_as_excel_fractions(texto, esperada):
    assert normalizacion.hora(texto) == esperada


@pytest.mark.parametrize("texto,esperado", [
    ("JOSÉ DE LA CRUZ", "José de la Cruz"), ("maría   de los ángeles", "María de los Ángeles"),
    ("  ana  ", "Ana"), ("VAN DER BERG", "Van der Berg"), ("LUDWIG VAN BEETHOVEN", "Ludwig van Beethoven"),
    ("O'BRIEN", "O'Brien"), ("maría-josé", "María-José"), ("DEL VALLE Y ROJAS", "Del Valle y Rojas"),
    ("McDonald", "McDonald"), ("O'Brien", "O'Brien"), ("de la Fuente", "de la Fuente"),
])
def test_names_are_trimmed_and_capitalised_only_when_written_all_upper_or_lower(texto, esperado):
    assert normalizacion.nombre(texto) == esperado


@pytest.mark.parametrize("texto,valor", [("Sí", True), ("si", True), ("X", True), ("yes", True), ("1", True),
                                         ("No", False), ("0", False), ("false", False)])
def test_yes_and_no_are_read_in_spanish_and_english(texto, valor):
    assert normalizacion.si_no(texto) is valor


def test_patient_headers_in_spanish_and_english_suggest_their_fields_whatever_accents_case_and_punctuation():
    columnas = ["NOMBRE", "Apellidos", "F. Nac.", "Teléfono", "Correo", "DNI", "Sexo", "Domicilio", "Otra cosa"]
    assert campos.sugerir("pacientes", columnas) == {
        "NOMBRE": "nombre", "Apellidos": "apellido", "F. Nac.": "fecha_nacimiento", "Teléfono": "telefono",
        "Correo": "email", "DNI": "numero_documento", "Sexo": "genero", "Domicilio": "direccion", "Otra cosa": None}
    ingles = ["First name", "Last name", "DOB", "Phone", "E-mail", "Document type", "Document number", "Allergies"]
    assert campos.sugerir("pacientes", ingles) == {
        "First name": "nombre", "Last name": "apellido", "DOB": "fecha_nacimiento", "Phone": "telefono",
        "E-mail": "email", "Document type": "tipo_documento", "Document number": "numero_documento",
        "Allergies": "alergias"}
    otros = ["Nombres", "Apellido", "Fecha de nacimiento", "Celular", "Correo electrónico", "CURP", "birthdate"]
    sugeridas = campos.sugerir("pacientes", otros)
    assert sugeridas["Fecha de nacimiento"] == "fecha_nacimiento" and sugeridas["birthdate"] is None  # one column
    assert sugeridas["Celular"] == "telefono" and sugeridas["CURP"] == "numero_documento"
    assert sugeridas["Correo electrónico"] == "email" and sugeridas["Nombres"] == "nombre"


def test_appointment_headers_suggest_their_fields():
    columnas = ["Documento", "Médico", "Sucursal", "Fecha", "Hora", "Hora fin", "Motivo"]
    assert campos.sugerir("citas", columnas) == {
        "Documento": "paciente_documento", "Médico": "medico", "Sucursal": "sucursal", "Fecha": "fecha",
        "Hora": "hora_inicio", "Hora fin": "hora_fin", "Motivo": "motivo"}


def test_the_preview_reads_the_start_of_the_file_and_suggests_the_map(as_admin):
    filas = [["Nombre", "Apellidos", "F. Nac.", "Tel.", "Notas"]] + [[f"N{i}", "Pérez", "01/02/1990", "555", "x"]
                                                                    for i in range(30)]
    r = subir(as_admin, csv_de(filas, ";", "latin-1"), ruta="/api/importaciones/previsualizar")
    assert r.status_code == 200, r.json
    assert (r.json["formato"], r.json["codificacion"], r.json["separador"]) == ("csv", "windows-1252", ";")
    assert r.json["columnas"] == filas[0]
    assert r.json["sugerencias"] == {"Nombre": "nombre", "Apellidos": "apellido", "F. Nac.": "fecha_nacimiento",
                                     "Tel.": "telefono", "Notas": None}
    assert r.json["filas"] == filas[1:21]
    assert r.json["total_filas"] == 30 and r.json["total_estimado"] is False
    assert {"campo": "nombre", "etiqueta": "Nombre", "obligatorio": True} in r.json["campos"]
    assert len(r.json["campos"]) == 13


def test_the_preview_of_an_xlsx_declaring_the_whole_sheet_reads_only_its_cells(as_admin):
    contenido = xlsx_con_fila_lejana([CABECERA[:3], FILAS[0][:3]], ["Ana", "Peña", "1990-01-02"], 300_000)
    r = subir(as_admin, contenido, nombre="pacientes.xlsx", ruta="/api/importaciones/previsualizar")
    assert r.status_code == 200, r.json
    assert r.json["columnas"] == CABECERA[:3]
    assert r.json["filas"] == [FILAS[0][:3], ["Ana", "Peña", "1990-01-02"]]
    assert (r.json["total_filas"], r.json["total_estimado"]) == (2, False)


def test_the_preview_of_an_unreadable_file_is_a_422_on_archivo(as_admin):
    r = subir(as_admin, b"", ruta="/api/importaciones/previsualizar")
    assert r.status_code == 422 and "archivo" in r.json["errors"]
    r = subir(as_admin, csv_de([["a"], ["b"]]), tipo="facturas", ruta="/api/importaciones/previsualizar")
    assert r.status_code == 422 and "tipo" in r.json["errors"]
