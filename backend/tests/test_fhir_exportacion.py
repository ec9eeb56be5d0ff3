"""`flask exportar --formato fhir` (docs/fhir.md): one NDJSON file per resource type, every line a valid R4B
resource, the same resources as the API's, and an audit row of the export."""
import json
from datetime import UTC, date, datetime, time

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (Auditoria, Cita, Estado, Factura, HallazgoOdontograma, HistorialMedico, Medico, Paciente,
                        RegistroOdontograma, Sucursal)
from tests.fhir_util import valido, validar_respuesta

TIPOS = {"Patient": Paciente, "Practitioner": Medico, "Location": Sucursal, "Appointment": Cita,
         "Encounter": HistorialMedico, "Condition": HallazgoOdontograma, "Invoice": Factura}


@pytest.fixture
def clinica(sucursal_factory, medico_factory, paciente_factory, cita_factory, historial_factory, servicio_factory,
            factura_factory):
    """A small clinic: two branches, two doctors, five patients (one merged), appointments in several states, a
    history entry, an odontogram record and invoices (one cancelled)."""
    sucursales = [sucursal_factory(), sucursal_factory(zona_horaria="America/Bogota")]
    medicos = [medico_factory(), medico_factory()]
    pacientes = [paciente_factory(nombre=f"Exportado{i}", genero="Femenino" if i % 2 else "Masculino")
                 for i in range(4)]
    pacientes.append(paciente_factory(activo=False, fusionado_con_id=pacientes[0].id, tipo_documento="Carné de "
                                      "extranjería", numero_documento="CE-1"))
    for i, paciente in enumerate(pacientes[:4]):
        for j, estado in enumerate((Estado.COMPLETADA, Estado.CANCELADA, Estado.NUEVA)):
            cita_factory(paciente, medicos[j % 2], sucursales[i % 2], fecha=date(2031, 5, 1 + i),
                         hora_inicio=time(9 + j), estado_id=estado)
    historial_factory(pacientes[0], medicos[0], diagnostico="Gingivitis")
    db.session.add(RegistroOdontograma(paciente_id=pacientes[4].id, medico_id=medicos[1].id, hallazgos=[
        HallazgoOdontograma(pieza=46, superficies="OV", condicion="obturacion_amalgama"),
        HallazgoOdontograma(pieza=85, superficies="", condicion="ausente")]))
    servicio = servicio_factory()
    factura_factory(pacientes[1], servicio, cantidad=2, sucursal=sucursales[0])
    anulada = factura_factory(pacientes[2], servicio, sucursal=sucursales[1])
    anulada.estado, anulada.motivo_anulacion, anulada.fecha_anulacion = "anulada", "Datos erróneos", datetime.now(UTC)
    db.session.flush()
    return pacientes


def _lineas(ruta):
    return [json.loads(linea) for linea in ruta.read_text(encoding="utf-8").splitlines()]


def test_the_command_writes_one_ndjson_file_per_type_with_one_valid_resource_per_row(app, clinica, tmp_path):
    resultado = app.test_cli_runner().invoke(args=["exportar", "--formato", "fhir", "--directorio", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    for tipo, modelo in TIPOS.items():
        ruta = tmp_path / f"{tipo}.ndjson"
        recursos = _lineas(ruta)
        assert len(recursos) == db.session.scalar(select(func.count()).select_from(modelo)), tipo
        assert len(recursos) > 0, tipo
        for recurso in recursos:
            assert recurso["resourceType"] == tipo
            valido(recurso)
        assert f"{tipo}: {len(recursos)} recursos en {ruta}" in resultado.output
    assert "Exportación FHIR terminada" in resultado.output


def test_the_exported_resources_are_the_apis(as_admin, clinica, tmp_path):
    from app.services.fhir import exportacion

    exportacion.exportar(tmp_path, lote=2)  # batches smaller than the data: the cursor is read in several
    pacientes = {p["id"]: p for p in _lineas(tmp_path / "Patient.ndjson")}
    for paciente in clinica:
        assert pacientes[str(paciente.id)] == validar_respuesta(as_admin.get(f"/api/fhir/Patient/{paciente.id}"))
    todo = validar_respuesta(as_admin.get(f"/api/fhir/Patient/{clinica[0].id}/$everything"))
    citas = {c["id"]: c for c in _lineas(tmp_path / "Appointment.ndjson")}
    for entrada in todo["entry"]:
        recurso = entrada["resource"]
        if recurso["resourceType"] == "Appointment":
            exportada = citas[recurso["id"]]
            sin_nombres = [{**p, "actor": {"reference": p["actor"]["reference"]}} for p in recurso["participant"]]
            assert exportada == {**recurso, "participant": sin_nombres}


def test_the_export_keeps_merged_records_and_the_cancelled_invoice(clinica, tmp_path):
    from app.services.fhir import exportacion

    cuentas = exportacion.exportar(tmp_path)
    assert cuentas["Patient"][0] == len(clinica)
    absorbido = next(p for p in _lineas(tmp_path / "Patient.ndjson") if p["id"] == str(clinica[4].id))
    assert absorbido["link"][0]["type"] == "replaced-by"
    assert absorbido["identifier"][0]["system"] == "urn:clinica-erp:doc:Carn%C3%A9%20de%20extranjer%C3%ADa"
    condiciones = _lineas(tmp_path / "Condition.ndjson")
    assert {c["subject"]["reference"] for c in condiciones} == {f"Patient/{clinica[4].id}"}
    assert sorted(c["bodySite"][0]["coding"][0]["code"] for c in condiciones) == ["46", "85"]
    facturas = {f["status"]: f for f in _lineas(tmp_path / "Invoice.ndjson")}
    assert set(facturas) == {"issued", "cancelled"}
    assert facturas["cancelled"]["cancelledReason"] == "Datos erróneos"
    assert facturas["issued"]["lineItem"][0]["priceComponent"][0] == {"type": "base", "factor": 2.0,
                                                                       "amount": {"value": 1000.0, "currency": "MXN"}}
    bogota = [c for c in _lineas(tmp_path / "Appointment.ndjson") if c["start"].endswith("-05:00")]
    assert len(bogota) == 6


def test_the_export_is_audited_with_its_counts(app, clinica, tmp_path):
    app.test_cli_runner().invoke(args=["exportar", "--directorio", str(tmp_path)])
    fila = db.session.scalars(select(Auditoria).where(Auditoria.accion == "clinica_exportada_fhir")
                              .order_by(Auditoria.id.desc())).first()
    assert fila.detalle["Patient"] == len(clinica) and fila.detalle["Appointment"] == 12


def test_the_export_directory_and_files_are_readable_by_their_owner_only(clinica, tmp_path):
    from app.services.fhir import exportacion

    nuevo = tmp_path / "exportacion" / "fhir"
    exportacion.exportar(nuevo)
    assert nuevo.stat().st_mode & 0o777 == 0o700
    assert {ruta.name: ruta.stat().st_mode & 0o777 for ruta in nuevo.iterdir()} == {
        f"{tipo}.ndjson": 0o600 for tipo in TIPOS}
    anterior = tmp_path / "anterior"
    anterior.mkdir()
    (anterior / "Patient.ndjson").write_bytes(b"viejo\n")
    (anterior / "Patient.ndjson").chmod(0o644)  # left by an earlier export
    exportacion.exportar(anterior)
    assert (anterior / "Patient.ndjson").stat().st_mode & 0o777 == 0o600


def test_an_empty_clinic_exports_empty_files(app, tmp_path):
    resultado = app.test_cli_runner().invoke(args=["exportar", "--formato", "fhir", "--directorio", str(tmp_path)])
    assert resultado.exit_code == 0, resultado.output
    assert (tmp_path / "Patient.ndjson").read_bytes() == b""
