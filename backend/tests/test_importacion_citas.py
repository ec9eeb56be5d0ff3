"""Importing future appointments: each row finds its patient, doctor and branch and is booked through the
appointments' service with all its checks; conflicts are reported per row (docs/importacion.md)."""
from datetime import date, time, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cita, Mensaje
from app.services.importaciones import trabajo
from tests.factories import proxima_fecha
from tests.importacion_util import csv_de, importar, subir

CABECERA = ["Documento", "Médico", "Sucursal", "Fecha", "Hora", "Motivo"]


@pytest.fixture(autouse=True)
def _sin_importacion_abierta():
    trabajo.olvidar()
    yield
    trabajo.olvidar()


@pytest.fixture
def agenda(sucursal_factory, medico_factory, horario_factory, paciente_factory):
    sucursal = sucursal_factory(nombre="Centro Norte")
    otra = sucursal_factory(nombre="Sur")
    medico = medico_factory(nombre="Laura", apellido="Gómez", email="laura@clinica.mx")
    otro = medico_factory(nombre="Raúl", apellido="Díaz")
    horario_factory(medico, sucursal, dia_semana=1)
    horario_factory(otro, otra, dia_semana=1)
    ana = paciente_factory(nombre="Ana", apellido="Citas", numero_documento="CIT-001", email="ana@citas.mx",
                           fecha_nacimiento=date(1990, 1, 2))
    beto = paciente_factory(nombre="Beto", apellido="Citas", numero_documento="CIT-002")
    lunes = proxima_fecha(1)
    return {"sucursal": sucursal, "medico": medico, "otro": otro, "ana": ana, "beto": beto, "lunes": lunes,
            "dia": lunes.strftime("%d/%m/%Y")}


def _citas():
    return db.session.scalar(select(func.count()).select_from(Cita))


def test_appointments_are_booked_finding_patient_doctor_and_branch_by_their_names(as_admin, agenda):
    contenido = csv_de([CABECERA,
                        ["CIT-001", "laura@clinica.mx", "Centro Norte", agenda["dia"], "09:00", "Control"],
                        ["cit 002", "LAURA GOMEZ", "centro norte", agenda["lunes"].isoformat(), "10:30", ""],
                        ["CIT-001", "Raúl Díaz", "Sur", agenda["dia"], "11:00", "Revisión"]])
    r = importar(as_admin, contenido, tipo="citas", nombre="citas.csv")
    assert (r["estado"], r["creadas"], r["existentes"], r["con_errores"]) == ("terminada", 3, 0, 0), r["errores"]
    citas = db.session.scalars(select(Cita).order_by(Cita.hora_inicio)).all()
    assert [(c.paciente_id, c.medico_id, c.hora_inicio, c.hora_fin, c.estado_id) for c in citas] == [
        (agenda["ana"].id, agenda["medico"].id, time(9), time(9, 30), 1),
        (agenda["beto"].id, agenda["medico"].id, time(10, 30), time(11), 1),
        (agenda["ana"].id, agenda["otro"].id, time(11), time(11, 30), 1)]
    assert citas[0].motivo == "Control" and citas[0].creado_por == as_admin.usuario.id


def test_a_patient_is_found_by_email_or_by_name_and_birth_date(as_admin, agenda):
    contenido = csv_de([["Correo", "Nombre", "Apellido", "Fecha de nacimiento", "Médico", "Sucursal", "Fecha", "Hora"],
                        ["ANA@citas.mx", "", "", "", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00"],
                        ["", "BETO", "CITAS", "17/05/1985", "Laura Gómez", "Centro Norte", agenda["dia"], "09:30"],
                        ["", "Nadie", "Conocido", "01/01/1970", "Laura Gómez", "Centro Norte", agenda["dia"], "10:00"]])
    r = importar(as_admin, contenido, tipo="citas")
    assert (r["creadas"], r["con_errores"]) == (2, 1)
    assert r["errores"] == [{"fila": 4, "columna": "Nombre", "campo": "paciente_nombre",
                             "mensaje": "No hay ningún paciente registrado con esos datos."}]


def test_conflicts_are_reported_per_row_and_the_other_rows_booked(as_admin, agenda):
    pasado = (date.today() - timedelta(days=365)).strftime("%d/%m/%Y")  # replace(year=…) fails on 29 February
    contenido = csv_de([CABECERA,
                        ["CIT-001", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00", ""],
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00", ""],  # doctor busy
                        ["CIT-001", "Laura Gómez", "Centro Norte", agenda["dia"], "18:00", ""],  # out of schedule
                        ["CIT-001", "Laura Gómez", "Centro Norte", pasado, "09:00", ""],  # past date
                        ["CIT-999", "Laura Gómez", "Centro Norte", agenda["dia"], "10:00", ""],  # unknown patient
                        ["CIT-002", "Nadie", "Centro Norte", agenda["dia"], "10:00", ""],  # unknown doctor
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "25:00", ""],  # not a time
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "11:00", ""]])
    r = importar(as_admin, contenido, tipo="citas")
    assert (r["creadas"], r["existentes"], r["con_errores"]) == (2, 0, 6)
    errores = {e["fila"]: (e["columna"], e["campo"], e["mensaje"]) for e in r["errores"]}
    assert errores[3] == ("Hora", "hora_inicio", "El médico ya tiene una cita en ese horario")
    assert errores[4] == ("Hora", "hora_inicio", "El médico no atiende en esa sucursal, día y horario")
    assert errores[5] == ("Fecha", "fecha", "No se puede agendar una cita en una fecha u hora pasada")
    assert errores[6][:2] == ("Documento", "paciente_documento")
    assert errores[7][:2] == ("Médico", "medico")
    assert errores[8][:2] == ("Hora", "hora_inicio")
    assert _citas() == 2


def test_a_row_reports_the_error_of_every_field_not_only_the_first(as_admin, agenda):
    contenido = csv_de([CABECERA, ["CIT-999", "Nadie", "Ninguna", "31/02/2030", "25:00", ""]])
    r = importar(as_admin, contenido, tipo="citas")
    assert (r["creadas"], r["con_errores"]) == (0, 1)
    assert sorted((e["fila"], e["columna"], e["campo"]) for e in r["errores"]) == [
        (2, "Documento", "paciente_documento"), (2, "Fecha", "fecha"), (2, "Hora", "hora_inicio"),
        (2, "Médico", "medico"), (2, "Sucursal", "sucursal")]


def test_a_bad_birth_date_is_the_patients_error_without_a_second_one_for_the_lookup(as_admin, agenda):
    contenido = csv_de([["Nombre", "Apellido", "Fecha de nacimiento", "Médico", "Sucursal", "Fecha", "Hora"],
                        ["Ana", "Citas", "nunca", "Laura Gómez", "Centro Norte", agenda["dia"], "25:00"]])
    r = importar(as_admin, contenido, tipo="citas")
    assert sorted((e["campo"], e["mensaje"][:14]) for e in r["errores"]) == [
        ("hora_inicio", "Hora no válida"), ("paciente_fecha_nacimiento", "Fecha no válid")]


def test_an_identical_active_appointment_is_existing_and_reimporting_creates_nothing(as_admin, agenda):
    contenido = csv_de([CABECERA, ["CIT-001", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00", ""],
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "09:30", ""],
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "09:30", ""]])
    primera = importar(as_admin, contenido, tipo="citas")
    segunda = importar(as_admin, contenido, tipo="citas")
    assert (primera["creadas"], primera["existentes"], primera["con_errores"]) == (2, 1, 0)
    assert (segunda["creadas"], segunda["existentes"], segunda["con_errores"]) == (0, 3, 0)
    assert _citas() == 2


def test_the_dry_run_of_appointments_books_nothing_and_counts_as_the_real_run(as_admin, agenda):
    contenido = csv_de([CABECERA, ["CIT-001", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00", ""],
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "09:15", ""],  # overlaps row 2
                        ["CIT-001", "Laura Gómez", "Centro Norte", agenda["dia"], "09:00", ""],  # identical to row 2
                        ["CIT-002", "Laura Gómez", "Centro Norte", agenda["dia"], "10:00", ""]])
    simulacion = importar(as_admin, contenido, tipo="citas", simular=True, lote=2)
    assert _citas() == 0 and db.session.scalar(select(func.count()).select_from(Mensaje)) == 0
    real = importar(as_admin, contenido, tipo="citas", lote=2)
    assert (simulacion["creadas"], simulacion["existentes"], simulacion["con_errores"]) == (2, 1, 1)
    assert [(k, simulacion[k]) for k in ("creadas", "existentes", "con_errores")] == \
        [(k, real[k]) for k in ("creadas", "existentes", "con_errores")]
    assert [(e["fila"], e["campo"]) for e in simulacion["errores"]] == [(e["fila"], e["campo"]) for e in real["errores"]]
    assert _citas() == 2


def test_an_appointments_map_must_say_how_to_find_the_patient(as_admin, agenda):
    contenido = csv_de([["Médico", "Fecha", "Hora"], ["Laura Gómez", agenda["dia"], "09:00"]])
    r = subir(as_admin, contenido, tipo="citas")
    assert r.status_code == 422 and "mapa" in r.json["errors"]
