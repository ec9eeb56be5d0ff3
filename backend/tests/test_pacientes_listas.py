"""A patient's appointments, invoices and history lists, and the data export."""
from datetime import time

import pytest

from app.extensions import db
from tests.consultas import contar_consultas


@pytest.fixture
def clinica(paciente_factory, medico_factory, sucursal_factory, usuario_factory, cita_factory, servicio_factory,
            factura_factory, pago_factory, historial_factory, adenda_factory):
    paciente = paciente_factory(alergias="Polen")
    norte, sur = sucursal_factory(nombre="Norte"), sucursal_factory(nombre="Sur")
    medico_usuario = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=medico_usuario)
    otro = medico_factory()
    cita_norte = cita_factory(paciente, medico, norte, hora_inicio=time(9), notas="Nota clínica", motivo="Control")
    cita_sur = cita_factory(paciente, otro, sur, hora_inicio=time(11))
    factura = factura_factory(paciente, servicio_factory(), cantidad=2, sucursal=norte, cita=cita_norte)
    pago_factory(factura, "100.00")
    entrada = historial_factory(paciente, medico, cita=cita_norte)
    adenda_factory(entrada)
    return {"paciente": paciente, "norte": norte, "sur": sur, "medico": medico, "medico_usuario": medico_usuario,
            "cita_norte": cita_norte, "cita_sur": cita_sur, "factura": factura, "entrada": entrada}


def test_the_appointments_list_has_the_fields_of_the_appointments_area(as_admin, clinica):
    respuesta = as_admin.get(f"/api/pacientes/{clinica['paciente'].id}/citas")
    assert respuesta.status_code == 200
    assert [c["id"] for c in respuesta.json["items"]] == [clinica["cita_norte"].id, clinica["cita_sur"].id]
    cita = respuesta.json["items"][0]
    assert set(cita) == {"id", "paciente_id", "medico_id", "sucursal_id", "fecha", "hora_inicio", "hora_fin",
                         "estado_id", "motivo", "notas", "creado_por", "fecha_creacion", "paciente", "medico",
                         "estado", "sucursal", "confirmada_por_paciente", "origen", "serie_id"}
    assert cita["hora_inicio"] == "09:00" and cita["notas"] == "Nota clínica"
    assert cita["estado"] == {"id": 1, "nombre": "Nueva"} and cita["sucursal"]["nombre"] == "Norte"


def test_a_doctor_sees_only_their_own_appointments_of_the_patient(client, clinica):
    from tests.conftest import ApiClient

    medico = ApiClient(client, clinica["medico_usuario"])
    items = medico.get(f"/api/pacientes/{clinica['paciente'].id}/citas").json["items"]
    assert [c["id"] for c in items] == [clinica["cita_norte"].id]


def test_branch_staff_see_only_their_branch_and_billing_sees_no_notes(api_as, clinica):
    recepcion = api_as("Recepcionista", sucursal=clinica["sur"])
    items = recepcion.get(f"/api/pacientes/{clinica['paciente'].id}/citas").json["items"]
    assert [c["id"] for c in items] == [clinica["cita_sur"].id]
    facturacion = api_as("Facturación")
    items = facturacion.get(f"/api/pacientes/{clinica['paciente'].id}/citas").json["items"]
    assert len(items) == 2 and all("notas" not in c for c in items)


def test_the_invoices_list_carries_lines_payments_and_balance(api_as, clinica):
    respuesta = api_as("Facturación").get(f"/api/pacientes/{clinica['paciente'].id}/facturas")
    assert respuesta.status_code == 200
    factura = respuesta.json["items"][0]
    assert factura["numero_factura"] == clinica["factura"].numero_factura
    assert factura["subtotal"] == "1000.00" and factura["total"] == "1160.00" and factura["saldo"] == "1060.00"
    assert factura["detalles"][0]["cantidad"] == 2 and factura["pagos"][0]["monto"] == "100.00"


def test_the_history_list_of_a_patient_comes_with_its_addenda(client, clinica):
    from tests.conftest import ApiClient

    respuesta = ApiClient(client, clinica["medico_usuario"]).get(f"/api/pacientes/{clinica['paciente'].id}/historial")
    assert respuesta.status_code == 200
    entrada = respuesta.json["items"][0]
    assert entrada["id"] == clinica["entrada"].id and entrada["adendas"][0]["motivo"] == "Error de transcripción"


def test_a_doctor_without_a_treatment_relationship_gets_404_on_the_patients_history(api_as, medico_factory, clinica):
    ajeno = api_as("Médico")
    medico_factory(usuario=ajeno.usuario)
    db.session.commit()  # a refused read rolls the request back before auditing the refusal
    assert ajeno.get(f"/api/pacientes/{clinica['paciente'].id}/historial").status_code == 404


def test_lists_of_an_unknown_patient_are_404(as_admin):
    for lista in ("citas", "facturas", "historial", "exportar"):
        assert as_admin.get(f"/api/pacientes/999999/{lista}").status_code == 404


def test_the_export_holds_everything_stored_about_the_patient(as_admin, clinica):
    respuesta = as_admin.get(f"/api/pacientes/{clinica['paciente'].id}/exportar")
    assert respuesta.status_code == 200
    datos = respuesta.json
    assert datos["paciente"]["alergias"] == "Polen"
    assert {c["id"] for c in datos["citas"]} == {clinica["cita_norte"].id, clinica["cita_sur"].id}
    assert datos["facturas"][0]["detalles"] and datos["facturas"][0]["pagos"]
    assert datos["historial"][0]["diagnostico"] == "Diagnóstico de prueba"
    assert datos["historial"][0]["adendas"][0]["texto"] == "Corrección"
    assert "auditoria" in datos and "cambios_estado_citas" in datos


@pytest.mark.parametrize("lista", ["citas", "facturas", "historial"])
def test_the_patients_lists_take_the_same_number_of_queries_for_1_or_5_items(
        as_admin, paciente_factory, medico_factory, sucursal_factory, cita_factory, servicio_factory, factura_factory,
        historial_factory, adenda_factory, pago_factory, serie_factory, lista):
    def poblar(n):
        paciente, medico, sucursal, servicio = paciente_factory(), medico_factory(), sucursal_factory(), servicio_factory()
        serie = serie_factory(sucursal=sucursal)
        for i in range(n):
            cita = cita_factory(paciente, medico, sucursal, hora_inicio=time(8 + i))
            pago_factory(factura_factory(paciente, servicio, sucursal=sucursal, cita=cita, serie=serie), "1.00")
            adenda_factory(historial_factory(paciente, medico, cita=cita))
        return paciente

    uno, cinco = poblar(1), poblar(5)
    consultas_uno = contar_consultas(lambda: as_admin.get(f"/api/pacientes/{uno.id}/{lista}"))
    consultas_cinco = contar_consultas(lambda: as_admin.get(f"/api/pacientes/{cinco.id}/{lista}"))
    assert consultas_uno == consultas_cinco
