"""The appointment lists are built from rows (citas_service.listar), not dumped by CitaSchema: they must give
exactly what CitaSchema gives for the same appointment, for every role (Facturación without `notas`)."""
from datetime import time, timedelta

import pytest
from sqlalchemy import func, select

from app.models import Cita, Estado
from tests.conftest import ApiClient
from tests.consultas import sentencias_ejecutadas
from tests.factories import proxima_fecha


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


@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación"])
def test_later_pages_chosen_ids_first_hold_the_same_items_in_order(api_as, citas_variadas, cita_factory,
                                                                   paciente_factory, rol):
    """Pages after the first choose their ids before joining (citas_service._sentencias_lista): together they are
    the one long page, item for item, with the notes only for whom may read them."""
    sucursal, citas = citas_variadas
    medico = citas[0].medico_id
    for hora in (14, 15, 16):
        cita_factory(paciente_factory(), citas[0].medico, sucursal, hora_inicio=time(hora), notas=f"Nota {hora}")
    api = api_as(rol, sucursal=sucursal)
    consulta = {"sucursal_id": sucursal.id, "medico_id": medico}
    entera = api.get("/api/citas", query_string={**consulta, "per_page": 100}).json
    paginas = [api.get("/api/citas", query_string={**consulta, "per_page": 2, "page": p}).json for p in (1, 2, 3, 4)]
    assert [c for p in paginas for c in p["items"]] == entera["items"] and len(entera["items"]) == 6
    assert [(p["total"], p["pages"]) for p in paginas] == [(6, 3)] * 4 and paginas[3]["items"] == []
    assert all(("notas" in c) == (rol != "Facturación") for c in entera["items"])


def test_the_patients_appointment_list_has_the_same_items(api_as, citas_variadas):
    sucursal, citas = citas_variadas
    api = api_as("Recepcionista", sucursal=sucursal)
    del_paciente = api.get(f"/api/pacientes/{citas[0].paciente_id}/citas")
    assert del_paciente.status_code == 200
    assert del_paciente.json["items"] == [api.get(f"/api/citas/{citas[0].id}").json]
    assert del_paciente.json["total"] == 1


def test_the_total_counts_every_matching_appointment_whatever_the_filters_and_scope(
        client, api_as, usuario_factory, medico_factory, sucursal_factory, paciente_factory, cita_factory, db_session):
    """A list filtered only by dates, branch, doctor and state counts the daily summary
    (citas_service._contar_en_resumen), any other the appointments: the total is the number of matching appointments
    either way, after a cancellation and a move to another day too, within a doctor's and a branch's scope, on a page
    that carries the count and on one past the last."""
    centro, norte = sucursal_factory(), sucursal_factory()
    usuario_medico = usuario_factory("Médico")
    ana, luis = medico_factory(usuario=usuario_medico), medico_factory()
    lunes = proxima_fecha(1)
    dias = [lunes, lunes + timedelta(days=1), lunes + timedelta(days=2)]  # in order whatever today's weekday
    citas = [cita_factory(paciente_factory(), medico, sucursal, fecha=dia, hora_inicio=time(8 + i), estado_id=estado)
             for i, (medico, sucursal, dia, estado) in enumerate([
                 (ana, centro, dias[0], Estado.NUEVA), (ana, centro, dias[0], Estado.CONFIRMADA),
                 (ana, norte, dias[1], Estado.NUEVA), (luis, centro, dias[1], Estado.COMPLETADA),
                 (luis, centro, dias[2], Estado.NUEVA), (luis, norte, dias[2], Estado.CONFIRMADA)])]
    citas[1].estado_id = Estado.CANCELADA
    citas[4].fecha = dias[0]
    db_session.flush()

    clientes = {"admin": (api_as("Administrador"), True),
                "recepción del centro": (api_as("Recepcionista", sucursal=centro), Cita.sucursal_id == centro.id),
                "médica": (ApiClient(client, usuario_medico), Cita.medico_id == ana.id)}
    filtros = [{"sucursal_id": centro.id}, {"sucursal_id": centro.id, "fecha_desde": dias[0], "fecha_hasta": dias[1]},
               {"medico_id": ana.id, "estado_id": Estado.NUEVA}, {"fecha_desde": dias[1]}, {"estado_id": Estado.CANCELADA},
               {"sucursal_id": norte.id, "medico_id": luis.id, "estado_id": Estado.CONFIRMADA, "fecha_hasta": dias[2]},
               {"paciente_id": citas[3].paciente_id}]
    columnas = {"sucursal_id": Cita.sucursal_id.__eq__, "medico_id": Cita.medico_id.__eq__,
                "estado_id": Cita.estado_id.__eq__, "paciente_id": Cita.paciente_id.__eq__,
                "fecha_desde": Cita.fecha.__ge__, "fecha_hasta": Cita.fecha.__le__}
    for nombre, (api, alcance) in clientes.items():
        for filtro in filtros:
            esperado = db_session.scalar(select(func.count()).select_from(Cita).where(
                alcance, *(columnas[campo](valor) for campo, valor in filtro.items())))
            for pagina in (1, 999):
                r = api.get("/api/citas", query_string={**filtro, "per_page": 1, "page": pagina})
                assert r.status_code == 200, (nombre, filtro, r.json)
                assert r.json["total"] == esperado, (nombre, filtro, pagina)
    with sentencias_ejecutadas() as por_resumen:
        clientes["admin"][0].get("/api/citas", query_string=filtros[1])
    with sentencias_ejecutadas() as por_citas:
        clientes["admin"][0].get("/api/citas", query_string=filtros[-1])
    assert any("medical.citas_por_dia" in s for s in por_resumen)
    assert not any("medical.citas_por_dia" in s for s in por_citas)
