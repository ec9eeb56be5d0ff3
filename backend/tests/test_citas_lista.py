"""The appointment lists are built from rows (citas_service.listar), not dumped by CitaSchema: they must give
exactly what CitaSchema gives for the same appointment, for every role (Facturación without `notas`)."""
from datetime import time

import pytest

from app.models import Estado


@pytest.fixture
def citas_variadas(medico_factory, sucursal_factory, paciente_factory, cita_factory, usuario_factory):
    sucursal = sucursal_factory(nombre="Centro Ñuñoa")
    medico = medico_factory(nombre="José", apellido="Núñez Peña")
    creador = usuario_factory("Recepcionista", sucursal=sucursal)
    return sucursal, [
        cita_factory(paciente_factory(nombre="Ana", apellido="Gómez"), medico, sucursal, hora_inicio=time(9),
                     motivo="Control", notas="Trae estudios", creado_por=creador),
        cita_factory(paciente_factory(nombre="Íñigo", apellido="Ortiz Díaz"), medico, sucursal,
                     hora_inicio=time(9, 45), hora_fin=time(10, 20), estado_id=Estado.CANCELADA),
        cita_factory(paciente_factory(), medico, sucursal, hora_inicio=time(11), estado_id=Estado.CONFIRMADA,
                     motivo=None, notas=None),
    ]


@pytest.mark.parametrize("rol", ["Administrador", "Recepcionista", "Facturación"])
def test_every_listed_appointment_equals_the_single_appointment_answer(api_as, citas_variadas, rol):
    sucursal, citas = citas_variadas
    api = api_as(rol, sucursal=None if rol == "Administrador" else sucursal)
    r = api.get(f"/api/citas?sucursal_id={sucursal.id}")
    assert r.status_code == 200, r.json
    assert [c["id"] for c in r.json["items"]] == [c.id for c in citas]
    assert (r.json["total"], r.json["pages"]) == (3, 1)
    for listada in r.json["items"]:
        sola = api.get(f"/api/citas/{listada['id']}")
        assert sola.status_code == 200
        assert listada == sola.json
    primera = r.json["items"][0]
    if rol == "Facturación":
        assert "notas" not in primera
    else:
        assert primera["notas"] == "Trae estudios"
    assert primera["sucursal"] == {"id": sucursal.id, "nombre": "Centro Ñuñoa"}
    assert r.json["items"][1]["hora_fin"] == "10:20" and r.json["items"][1]["estado"]["nombre"] == "Cancelada"


def test_the_patients_appointment_list_has_the_same_items(api_as, citas_variadas):
    sucursal, citas = citas_variadas
    api = api_as("Recepcionista", sucursal=sucursal)
    del_paciente = api.get(f"/api/pacientes/{citas[0].paciente_id}/citas")
    assert del_paciente.status_code == 200
    assert del_paciente.json["items"] == [api.get(f"/api/citas/{citas[0].id}").json]
    assert del_paciente.json["total"] == 1
