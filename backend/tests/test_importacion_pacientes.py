"""Importing patients: the API's rules on every row, duplicates never created, a dry run that writes nothing,
re-import, errors per row and column, interrupted imports, the worker, the limits and roles (docs/importacion.md)."""
import csv
import io
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Auditoria, ErrorImportacion, Importacion, Paciente
from app.services.comunicaciones.trabajador import Trabajador
from app.services.importaciones import trabajo
from app.utils.crypto import blind_index
from tests.importacion_util import csv_de, ejecutar, importar, subir, xlsx_con_fila_lejana, xlsx_de

CABECERA = ["Nombre", "Apellidos", "Fecha de nacimiento", "Teléfono", "Tipo de documento", "Documento", "Correo"]


@pytest.fixture(autouse=True)
def _sin_importacion_abierta():
    trabajo.olvidar()
    yield
    trabajo.olvidar()


def _pacientes():
    return db.session.scalar(select(func.count()).select_from(Paciente))


def _paciente(**filtro):
    return db.session.scalars(select(Paciente).filter_by(**filtro)).one()


def _contadores(r):
    return {k: r[k] for k in ("estado", "total", "procesadas", "creadas", "existentes", "con_errores")}


def test_patients_are_created_with_their_data_normalised(as_admin):
    contenido = csv_de([CABECERA, ["JOSÉ", "DE LA CRUZ", "17/05/1985", "+52 (55) 1234-5678", "INE", "ABC123", "Jose@Ejemplo.MX"],
                        ["ana", "garcía lópez", "1990-01-02", "55-8765-4321", "", "", ""],
                        ["Mary", "McDonald", "31229", "", "", "", ""]])
    r = importar(as_admin, contenido)
    assert _contadores(r) == {"estado": "terminada", "total": 3, "procesadas": 3, "creadas": 3, "existentes": 0,
                              "con_errores": 0}
    assert r["errores"] == [] and r["mensaje"] is None and r["terminado_en"]
    jose = _paciente(email="jose@ejemplo.mx")
    assert (jose.nombre, jose.apellido, str(jose.fecha_nacimiento)) == ("José", "De la Cruz", "1985-05-17")
    assert jose.telefono == "+525512345678" and jose.numero_documento == "ABC123" and jose.tipo_documento == "INE"
    assert jose.numero_documento_hash == blind_index("ABC123") and jose.activo and jose.origen == "recepcion"
    ana = _paciente(apellido="García López")
    assert ana.nombre == "Ana" and ana.telefono == "5587654321" and ana.email is None and ana.numero_documento is None
    assert str(_paciente(apellido="McDonald").fecha_nacimiento) == "1985-07-01"
    importacion = db.session.get(Importacion, r["id"])
    assert importacion.archivo is None  # the file is dropped once imported


@pytest.mark.parametrize("separador", [",", ";", "\t"])
@pytest.mark.parametrize("codificacion,bom", [("utf-8", False), ("utf-8", True), ("latin-1", False)])
def test_every_csv_variant_imports_the_same_patients(as_admin, separador, codificacion, bom):
    contenido = csv_de([["Nombre", "Apellido", "F. Nac."], ["Íñigo", "Muñoz", "03/04/1970"]], separador, codificacion, bom)
    r = importar(as_admin, contenido)
    assert (r["creadas"], r["con_errores"]) == (1, 0)
    assert _paciente(apellido="Muñoz").nombre == "Íñigo"


def test_a_header_name_longer_than_the_errors_column_is_cut_and_its_errors_are_recorded(as_admin):
    largo = "Fecha de nacimiento " + "x" * 300
    r = importar(as_admin, csv_de([["Nombre", "Apellido", largo], ["Ana", "Larga", "nunca"], ["Eva", "Corta", "01/01/1990"]]),
                 mapa={"Nombre": "nombre", "Apellido": "apellido", largo[:100]: "fecha_nacimiento"})
    assert (r["estado"], r["creadas"], r["con_errores"]) == ("terminada", 1, 1)
    assert [(e["fila"], e["columna"], e["campo"]) for e in r["errores"]] == [(2, largo[:100], "fecha_nacimiento")]


def test_a_windows_1252_csv_imports_curly_apostrophes_as_written(as_admin):
    contenido = csv_de([["Nombre", "Apellido", "F. Nac.", "Dirección"],
                        ["Seán", "O’Connor", "03/04/1970", "Calle “La Peña” 5 – 2º"]], ";", "cp1252")
    r = importar(as_admin, contenido)
    assert (r["creadas"], r["con_errores"]) == (1, 0), r["errores"]
    paciente = _paciente(apellido="O’Connor")
    assert (paciente.nombre, paciente.direccion) == ("Seán", "Calle “La Peña” 5 – 2º")


def test_an_xlsx_sheet_imports_with_date_cells_and_numeric_phones(as_admin):
    contenido = xlsx_de([["Nombre", "Apellidos", "Fecha de nacimiento", "Celular", "DNI"],
                         ["Lucía", "Ortega", datetime(1979, 11, 30), 5512345678, "X1234567"],
                         ["Pedro", "Sanz", 31229, None, None]])
    r = importar(as_admin, contenido, nombre="pacientes.xlsx")
    assert (r["creadas"], r["con_errores"]) == (2, 0), r["errores"]
    lucia = _paciente(apellido="Ortega")
    assert str(lucia.fecha_nacimiento) == "1979-11-30" and lucia.telefono == "5512345678"
    assert (lucia.tipo_documento, lucia.numero_documento) == ("DNI", "X1234567")  # the column names the type
    assert str(_paciente(apellido="Sanz").fecha_nacimiento) == "1985-07-01"


def test_an_xlsx_declaring_the_whole_sheet_imports_only_its_rows(as_admin):
    contenido = xlsx_con_fila_lejana([["Nombre", "Apellidos", "Fecha de nacimiento"], ["Lucía", "Ortega", "1979-11-30"]],
                                     ["Pedro", "Lejano", "1985-07-01"], 300_000)
    r = importar(as_admin, contenido, nombre="pacientes.xlsx")
    assert _contadores(r) == {"estado": "terminada", "total": 2, "procesadas": 2, "creadas": 2, "existentes": 0,
                              "con_errores": 0}
    assert str(_paciente(apellido="Lejano").fecha_nacimiento) == "1985-07-01"


def test_a_document_type_taken_from_the_column_name_is_kept_as_written(as_admin):
    r = importar(as_admin, csv_de([["Nombre", "Apellido", "F. Nac.", " Cédula "], ["Rosa", "Tipo", "01/01/1990", "123"]]))
    assert (r["creadas"], r["con_errores"]) == (1, 0), r["errores"]
    assert _paciente(apellido="Tipo").tipo_documento == "Cédula"


def test_a_failing_row_is_reported_by_row_column_and_field_and_the_others_are_imported(as_admin):
    contenido = csv_de([CABECERA, ["Ana", "Uno", "01/01/1990", "", "", "", ""],
                        ["Beto", "", "31/02/1990", "12", "", "", "no-es-correo"],
                        ["Carla", "Tres", "01/01/2999", "", "", "", ""],
                        ["Dani", "Cuatro", "02/02/1992", "", "", "", ""],
                        ["Eva", "Cinco", "02/02/1992", "", "INE", "", ""]])
    r = importar(as_admin, contenido)
    assert _contadores(r) == {"estado": "terminada", "total": 5, "procesadas": 5, "creadas": 2, "existentes": 0,
                              "con_errores": 3}
    errores = {(e["fila"], e["columna"], e["campo"]) for e in r["errores"]}
    assert errores == {(3, "Apellidos", "apellido"), (3, "Fecha de nacimiento", "fecha_nacimiento"),
                       (3, "Teléfono", "telefono"), (3, "Correo", "email"),
                       (4, "Fecha de nacimiento", "fecha_nacimiento"), (6, "Documento", "numero_documento")}
    futura = next(e for e in r["errores"] if e["fila"] == 4 and e["campo"] == "fecha_nacimiento")
    assert futura["mensaje"] == "La fecha de nacimiento no puede ser futura."  # the API's own message
    assert _pacientes() == 2
    assert not db.session.scalars(select(Paciente).where(Paciente.nombre.in_(["Beto", "Carla", "Eva"]))).all()


def test_existing_patients_are_matched_by_document_email_or_name_and_birth_date_and_never_created(
        as_admin, paciente_factory):
    paciente_factory(nombre="Doc", apellido="Umento", tipo_documento="INE", numero_documento="INE-555")
    paciente_factory(nombre="Co", apellido="Rreo", email="ya@existe.mx", numero_documento="OTRO1")
    paciente_factory(nombre="José", apellido="Pérez", fecha_nacimiento=datetime(1980, 1, 2).date(), numero_documento="OTRO2")
    antes = _pacientes()
    contenido = csv_de([CABECERA,
                        ["Otro", "Nombre", "01/01/1970", "", "ine", "ine 555", ""],  # same document, other writing
                        ["Distinto", "Tambien", "01/01/1971", "", "", "", "YA@existe.mx"],  # same e-mail
                        ["JOSE", "PEREZ", "02/01/1980", "", "", "", ""],  # same name (no accents) and birth date
                        ["José", "Pérez", "03/01/1980", "", "", "", ""]])  # another birth date: a new patient
    r = importar(as_admin, contenido)
    assert (r["creadas"], r["existentes"], r["con_errores"]) == (1, 3, 0)
    assert _pacientes() == antes + 1


def test_duplicates_inside_the_file_are_created_once(as_admin):
    contenido = csv_de([CABECERA, ["Ana", "Uno", "01/01/1990", "", "INE", "A1", ""],
                        ["Ana María", "Uno", "01/01/1991", "", "INE", "A1", ""],  # same document
                        ["Berta", "Dos", "01/01/1990", "", "", "", "b@x.mx"],
                        ["Berta B.", "Dos", "01/01/1992", "", "", "", "B@X.MX"],  # same e-mail
                        ["Carla", "Tres", "01/01/1990", "", "", "", ""],
                        ["CARLA", "TRES", "1990-01-01", "", "", "", ""]])  # same name and birth date
    r = importar(as_admin, contenido, lote=2)  # each pair split over two batches, or in one
    assert (r["creadas"], r["existentes"], r["con_errores"]) == (3, 3, 0)
    assert _pacientes() == 3


def test_importing_the_same_file_again_creates_nothing_even_without_documents_or_emails(as_admin):
    contenido = csv_de([["Nombre", "Apellido", "Nacimiento"]] + [[f"Persona{i}", "Sin Datos", "05/06/1977"]
                                                                 for i in range(7)])
    primera = importar(as_admin, contenido)
    segunda = importar(as_admin, contenido)
    assert (primera["creadas"], primera["existentes"]) == (7, 0)
    assert (segunda["creadas"], segunda["existentes"], segunda["con_errores"]) == (0, 7, 0)
    assert _pacientes() == 7


def test_the_dry_run_writes_nothing_and_reports_what_the_real_run_then_does(as_admin, paciente_factory):
    paciente_factory(email="ya@existe.mx")
    contenido = csv_de([CABECERA, ["Ana", "Uno", "01/01/1990", "", "", "", ""],
                        ["Ana", "Uno", "01/01/1990", "", "", "", ""],
                        ["Ya", "Existe", "01/01/1980", "", "", "", "ya@existe.mx"],
                        ["Mal", "Dato", "99/99/1990", "", "", "", ""],
                        ["Berta", "Dos", "01/01/1990", "", "", "", ""]])
    antes = _pacientes()
    simulacion = importar(as_admin, contenido, simular=True, lote=2)
    assert simulacion["simular"] is True and simulacion["estado"] == "terminada"
    assert _pacientes() == antes
    assert not db.session.scalars(select(Auditoria).where(Auditoria.accion == "pacientes_importados")).all()
    real = importar(as_admin, contenido, lote=2)
    assert (simulacion["creadas"], simulacion["existentes"], simulacion["con_errores"]) == (2, 2, 1)
    assert _contadores(simulacion) == _contadores(real)
    assert simulacion["errores"] == real["errores"]
    assert _pacientes() == antes + 2


def _archivo_grande(n):
    return csv_de([["Nombre", "Apellido", "Fecha de nacimiento", "Correo"]]
                  + [[f"Nombre{i}", "Grande", "01/01/1990", f"p{i}@grande.mx" if i != 7 else "malo"] for i in range(n)])


def test_an_import_interrupted_after_a_batch_resumes_without_losing_or_repeating_a_row(as_admin):
    r = subir(as_admin, _archivo_grande(25))
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    trabajo.procesar_lote(ahora, importacion_id, lote=10)  # one batch committed…
    trabajo.olvidar()  # …then the worker dies: its memory and open session are gone
    db.session.rollback()
    db.session.remove()
    a_medias = db.session.get(Importacion, importacion_id)
    assert (a_medias.estado, a_medias.procesadas, a_medias.creadas, a_medias.con_errores) == ("procesando", 10, 9, 1)
    ejecutar(importacion_id, lote=10)
    final = as_admin.get(f"/api/importaciones/{importacion_id}").json
    assert _contadores(final) == {"estado": "terminada", "total": 25, "procesadas": 25, "creadas": 24,
                                  "existentes": 0, "con_errores": 1}
    assert [e["fila"] for e in final["errores"]] == [9]
    assert _pacientes() == 24


def test_a_batch_that_breaks_half_way_leaves_nothing_of_it_and_is_done_again_whole(as_admin, monkeypatch):
    r = subir(as_admin, _archivo_grande(25))
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    trabajo.procesar_lote(ahora, importacion_id, lote=10)
    original = trabajo.ProcesadorPacientes.procesar

    def a_medias(self, filas):
        original(self, filas[:5])  # half the batch written in the transaction…
        raise KeyboardInterrupt  # …and the worker is killed

    monkeypatch.setattr(trabajo.ProcesadorPacientes, "procesar", a_medias)
    with pytest.raises(KeyboardInterrupt):
        trabajo.procesar_lote(ahora, importacion_id, lote=10)
    db.session.rollback()
    trabajo.olvidar()
    assert _pacientes() == 9
    monkeypatch.setattr(trabajo.ProcesadorPacientes, "procesar", original)
    ejecutar(importacion_id, lote=10)
    final = db.session.get(Importacion, importacion_id)
    assert (final.procesadas, final.creadas, final.con_errores, final.existentes) == (25, 24, 1, 0)
    assert _pacientes() == 24
    assert db.session.scalar(select(func.count()).where(ErrorImportacion.importacion_id == importacion_id)) == 1


def _siempre_agotado(monkeypatch, veces=None):
    """Make the batches hit a statement timeout (every time, or the first ``veces`` times)."""
    from sqlalchemy.exc import OperationalError

    original = trabajo.ProcesadorPacientes.procesar
    intentos = []

    def agotado(self, filas):
        intentos.append(len(filas))
        if veces is None or len(intentos) <= veces:
            raise OperationalError("SELECT …", {}, Exception("canceling statement due to statement timeout"))
        return original(self, filas)

    monkeypatch.setattr(trabajo, "_fallos", {})
    monkeypatch.setattr(trabajo.ProcesadorPacientes, "procesar", agotado)
    return intentos


def test_a_batch_the_database_keeps_refusing_ends_the_import_failed_after_five_attempts(as_admin, monkeypatch):
    from sqlalchemy.exc import OperationalError

    r = subir(as_admin, _archivo_grande(25))
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    trabajo.procesar_lote(ahora, importacion_id, lote=10)
    intentos = _siempre_agotado(monkeypatch)
    for _ in range(trabajo.INTENTOS_MAXIMOS - 1):
        with pytest.raises(OperationalError):
            trabajo.procesar_lote(ahora, importacion_id, lote=10)
        db.session.rollback()  # (the worker's loop drops its session and waits)
        assert db.session.get(Importacion, importacion_id, populate_existing=True).estado == "procesando"
    assert trabajo.procesar_lote(ahora, importacion_id, lote=10) == importacion_id
    assert len(intentos) == trabajo.INTENTOS_MAXIMOS
    final = as_admin.get(f"/api/importaciones/{importacion_id}").json
    assert (final["estado"], final["procesadas"], final["creadas"]) == ("fallida", 10, 9)
    assert final["mensaje"] == ("La base de datos rechazó 5 veces seguidas el lote que empieza en la fila de datos 11 "
                                "(tiempo de espera agotado o conexión perdida); las filas ya importadas se conservan.")
    assert db.session.get(Importacion, importacion_id).archivo is None


def test_a_batch_that_times_out_a_few_times_and_then_passes_finishes_the_import(as_admin, monkeypatch):
    from sqlalchemy.exc import OperationalError

    r = subir(as_admin, _archivo_grande(25))
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    _siempre_agotado(monkeypatch, veces=trabajo.INTENTOS_MAXIMOS - 1)
    for _ in range(trabajo.INTENTOS_MAXIMOS - 1):
        with pytest.raises(OperationalError):
            trabajo.procesar_lote(ahora, importacion_id, lote=10)
        db.session.rollback()
    ejecutar(importacion_id, lote=10)
    final = db.session.get(Importacion, importacion_id)
    assert (final.estado, final.procesadas, final.creadas, final.con_errores) == ("terminada", 25, 24, 1)
    assert trabajo._fallos == {}


def test_a_dry_run_taken_over_by_another_worker_after_its_lease_expired_starts_again_and_counts_the_same(as_admin):
    r = subir(as_admin, _archivo_grande(25), simular=True)
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    trabajo.procesar_lote(ahora, importacion_id, lote=10, trabajador="uno:1")
    trabajo.olvidar()  # the worker died
    despues = ahora + trabajo.PLAZO_TOMA + timedelta(seconds=1)
    ejecutar(importacion_id, lote=10, ahora=despues, trabajador="otro:2")
    final = db.session.get(Importacion, importacion_id)
    assert (final.estado, final.procesadas, final.creadas, final.con_errores) == ("terminada", 25, 24, 1)
    assert final.trabajador == "otro:2"
    assert db.session.scalar(select(func.count()).where(ErrorImportacion.importacion_id == importacion_id)) == 1
    assert _pacientes() == 0


@pytest.mark.parametrize("simular", [True, False])
def test_an_import_stays_with_its_worker_while_its_lease_is_fresh(as_admin, simular):
    r = subir(as_admin, _archivo_grande(25), simular=simular)
    importacion_id = r.json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    pasadas = []
    while db.session.get(Importacion, importacion_id, populate_existing=True).estado != "terminada":
        assert len(pasadas) < 10  # (the test's own bound: 3 batches are enough)
        # two workers' passes alternate, each ending after one batch
        pasadas.append((trabajo.procesar_pendientes(ahora, lotes=1, lote=10, trabajador="uno:1"),
                        trabajo.procesar_pendientes(ahora, lotes=1, lote=10, trabajador="otro:2")))
        ahora += timedelta(seconds=30)
    assert pasadas == [(1, 0), (1, 0), (1, 0)]
    final = db.session.get(Importacion, importacion_id)
    assert (final.procesadas, final.creadas, final.existentes, final.con_errores) == (25, 24, 0, 1)
    assert final.trabajador == "uno:1"
    assert db.session.scalar(select(func.count()).where(ErrorImportacion.importacion_id == importacion_id)) == 1
    assert _pacientes() == (0 if simular else 24)


def test_a_worker_takes_another_pending_import_while_the_first_is_leased(as_admin):
    primera = subir(as_admin, _archivo_grande(25)).json["id"]
    segunda = subir(as_admin, csv_de([["Nombre", "Apellido", "DOB"], ["Ana", "Segunda", "01/01/1990"]])).json["id"]
    db.session.commit()
    ahora = datetime.now(UTC)
    assert trabajo.procesar_lote(ahora, lote=10, trabajador="uno:1") == primera
    assert trabajo.procesar_lote(ahora, lote=10, trabajador="otro:2") == segunda
    assert trabajo.procesar_lote(ahora, lote=10, trabajador="otro:2") is None
    assert trabajo.procesar_lote(ahora, lote=10, trabajador="uno:1") == primera


def test_a_real_batch_holds_the_imports_lock_until_it_commits_and_a_dry_run_does_not(as_admin, owner_engine,
                                                                                       monkeypatch):
    from sqlalchemy import text

    from app.services.importaciones.pacientes import CERROJO, ProcesadorPacientes

    libre = []
    original = ProcesadorPacientes._registrados

    def mirando(self, lista):
        # another connection (another worker) tries the lock while this batch matches its rows
        with owner_engine.connect() as otra:
            libre.append(otra.scalar(text("SELECT pg_try_advisory_xact_lock(:ns, hashtext(:clave))"),
                                     {"ns": CERROJO[0], "clave": CERROJO[1]}))
            otra.rollback()
        return original(self, lista)

    monkeypatch.setattr(ProcesadorPacientes, "_registrados", mirando)
    fila = [["Nombre", "Apellido", "DOB"], ["Ana", "Cerrojo", "01/01/1990"]]
    assert importar(as_admin, csv_de(fila), simular=True)["creadas"] == 1
    assert importar(as_admin, csv_de(fila))["creadas"] == 1
    assert libre == [True, False]


def test_the_worker_pass_takes_a_pending_import(app, as_admin):
    r = subir(as_admin, csv_de([["Nombre", "Apellido", "DOB"], ["Ana", "Trabajo", "01/01/1990"]]))
    db.session.commit()
    assert db.session.get(Importacion, r.json["id"]).estado == "en_cola"
    assert Trabajador(app).una_pasada() >= 1
    assert as_admin.get(f"/api/importaciones/{r.json['id']}").json["estado"] == "terminada"
    assert _paciente(apellido="Trabajo").nombre == "Ana"


def test_the_errors_download_as_csv_with_every_error(as_admin):
    filas = [["Nombre", "Apellido", "Fecha de nacimiento"]] + [["Ana", f"=Apellido{i}", "nunca"] for i in range(250)]
    r = importar(as_admin, csv_de(filas))
    assert r["con_errores"] == 250 and len(r["errores"]) == 200  # the detail shows the first 200
    csv_r = as_admin.get(f"/api/importaciones/{r['id']}/errores.csv")
    assert csv_r.status_code == 200 and csv_r.mimetype == "text/csv"
    texto = csv_r.data.decode("utf-8")
    assert texto.startswith("\ufeff")
    filas_csv = list(csv.reader(io.StringIO(texto[1:])))
    assert filas_csv[0] == ["fila", "columna", "campo", "mensaje"]
    assert len(filas_csv) == 251 and filas_csv[1][:3] == ["2", "Fecha de nacimiento", "fecha_nacimiento"]
    assert "=Apellido" not in texto  # errors never carry a cell's value


def test_a_bad_map_is_a_422_on_mapa(as_admin):
    contenido = csv_de([["Nombre", "Apellido", "Nacimiento", "Doc"], ["Ana", "B", "01/01/1990", "1"]])
    casos = [
        {"Nombre": "nombre", "Apellido": "apellido", "Nacimiento": "cumpleaños"},  # unknown field
        {"Nombre": "nombre", "Apellido": "nombre", "Nacimiento": "fecha_nacimiento"},  # mapped twice
        {"Nombre": "nombre", "Nacimiento": "fecha_nacimiento"},  # apellido unmapped
        {"Nombre": "nombre", "Apellido": "apellido", "Nacimiento": "fecha_nacimiento", "Falta": "email"},
        {"Nombre": "nombre", "Apellido": "apellido", "Nacimiento": "fecha_nacimiento", "Doc": "numero_documento"},
    ]
    for mapa in casos:
        r = subir(as_admin, contenido, mapa=mapa)
        assert r.status_code == 422 and "mapa" in r.json["errors"], (mapa, r.json)
    no_json = subir(as_admin, contenido, mapa="{no")
    assert no_json.status_code == 422 and "mapa" in no_json.json["errors"]
    assert subir(as_admin, b"\x00\x01").json["errors"].keys() == {"archivo"}
    assert db.session.scalar(select(func.count()).select_from(Importacion)) == 0


def test_an_explicit_map_wins_over_the_suggestions_and_ignores_unmapped_columns(as_admin):
    contenido = csv_de([["Nombre", "Apellido", "Nacimiento", "Correo"], ["Ana", "Mapa", "01/01/1990", "a@mapa.mx"]])
    r = importar(as_admin, contenido, mapa={"Nombre": "nombre", "Apellido": "apellido",
                                            "Nacimiento": "fecha_nacimiento", "Correo": None})
    assert r["creadas"] == 1 and _paciente(apellido="Mapa").email is None


def test_a_file_over_20_mib_is_a_413(as_admin):
    grande = b"Nombre,Apellido,Fecha\r\n" + b"x" * (20 * 1024 * 1024)
    r = subir(as_admin, grande)
    assert r.status_code == 413 and r.json["code"] == 413 and r.json["message"]
    # the rest of the API keeps its 1 MiB
    assert as_admin.post("/api/sucursales", json={"nombre": "x" * (2 * 1024 * 1024), "direccion": "d"}).status_code == 413


def test_a_file_of_more_than_the_apis_1_mib_is_accepted_here(as_admin):
    filas = [["Nombre", "Apellido", "Fecha de nacimiento", "Direccion"]] + [
        [f"N{i}", "Mediano", "01/01/1990", "d" * 1000] for i in range(1200)]
    r = subir(as_admin, csv_de(filas))
    assert r.status_code == 202, r.json


@pytest.mark.parametrize("rol", ["Recepcionista", "Médico", "Facturación"])
def test_only_an_administrador_may_import(api_as, rol):
    api = api_as(rol)
    db.session.commit()
    contenido = csv_de([["Nombre", "Apellido", "DOB"], ["Ana", "Rol", "01/01/1990"]])
    assert subir(api, contenido).status_code == 403
    assert subir(api, contenido, ruta="/api/importaciones/previsualizar").status_code == 403
    assert api.get("/api/importaciones").status_code == 403


def test_the_list_shows_the_imports_newest_first_and_the_audit_records_them_without_contents(as_admin):
    primera = importar(as_admin, csv_de([["Nombre", "Apellido", "DOB"], ["Ana", "Secreta", "01/01/1990"]]))
    segunda = subir(as_admin, csv_de([["Nombre", "Apellido", "DOB"], ["Eva", "Secreta", "01/01/1990"]]), simular=True)
    lista = as_admin.get("/api/importaciones").json
    assert [i["id"] for i in lista["items"]] == [segunda.json["id"], primera["id"]]
    assert lista["items"][0]["estado"] == "en_cola" and "errores" not in lista["items"][0]
    acciones = db.session.scalars(select(Auditoria).where(Auditoria.entidad == "importacion")).all()
    assert {a.accion for a in acciones} == {"importacion_creada", "importacion_terminada", "pacientes_importados"}
    assert all("Secreta" not in str(a.detalle) for a in acciones)
    importados = next(a for a in acciones if a.accion == "pacientes_importados")
    assert importados.detalle["ids"] == [_paciente(nombre="Ana").id]


def test_an_unknown_import_is_a_404(as_admin):
    assert as_admin.get("/api/importaciones/999999").status_code == 404
    assert as_admin.get("/api/importaciones/999999/errores.csv").status_code == 404
