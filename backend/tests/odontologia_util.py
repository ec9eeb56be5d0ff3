"""Helpers of the dentistry tests: a dentist who treats a patient, charting findings and building plans through
the API."""
from decimal import Decimal

import pytest

from tests.conftest import ApiClient

PLANES = "/api/planes"


def odontograma_url(paciente, sufijo=""):
    return f"/api/pacientes/{paciente.id}/odontograma{sufijo}"


def planes_url(paciente):
    return f"/api/pacientes/{paciente.id}/planes"


@pytest.fixture
def dental(client, usuario_factory, medico_factory, paciente_factory, sucursal_factory, cita_factory,
           servicio_factory):
    """A dentist (with their login) who has an appointment with a patient at a branch, and three services: a resin
    filling (leaves ``obturacion_resina``), a root canal (leaves ``endodoncia``) and a cleaning (leaves nothing)."""
    usuario = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=usuario)
    paciente = paciente_factory()
    sucursal = sucursal_factory()
    cita = cita_factory(paciente, medico, sucursal)
    return {
        "api": ApiClient(client, usuario), "usuario": usuario, "medico": medico, "paciente": paciente,
        "sucursal": sucursal, "cita": cita,
        "resina": servicio_factory(nombre="Obturación de resina", precio=Decimal("100.00"),
                                   impuesto_porcentaje=Decimal("16.00"), condicion_resultante="obturacion_resina"),
        "endodoncia": servicio_factory(nombre="Endodoncia", precio=Decimal("45.50"),
                                       impuesto_porcentaje=Decimal("16.00"), condicion_resultante="endodoncia"),
        "limpieza": servicio_factory(nombre="Limpieza", precio=Decimal("30.00"), impuesto_porcentaje=Decimal("0.00")),
    }


def registrar(api, paciente, *hallazgos, esperado=201, **extra):
    """POST a chart record of ``hallazgos`` (dicts or (pieza, superficies, condicion) tuples) → the response."""
    cuerpo = {"hallazgos": [h if isinstance(h, dict) else {"pieza": h[0], "superficies": list(h[1]), "condicion": h[2]}
                            for h in hallazgos], **extra}
    r = api.post(odontograma_url(paciente, "/registros"), json=cuerpo)
    assert r.status_code == esperado, r.json
    return r


def carta(api, paciente, **params):
    r = api.get(odontograma_url(paciente), query_string=params)
    assert r.status_code == 200, r.json
    return r.json


def item(servicio, **kw):
    return {"servicio_id": servicio.id, **kw}


def crear_plan(d, *items, titulo="Plan de tratamiento", **extra):
    """A draft plan of the dentist of ``d`` (the ``dental`` fixture) for its patient → its JSON."""
    cuerpo = {"titulo": titulo, "sucursal_id": d["sucursal"].id, "items": list(items), **extra}
    r = d["api"].post(planes_url(d["paciente"]), json=cuerpo)
    assert r.status_code == 201, r.json
    return r.json


def mover(api, plan_id, estado, **extra):
    return api.post(f"{PLANES}/{plan_id}/estado", json={"estado": estado, **extra})


def aceptado(d, *items):
    """A plan presented and accepted by the patient → its JSON."""
    plan = crear_plan(d, *items)
    assert mover(d["api"], plan["id"], "presentado").status_code == 200
    r = mover(d["api"], plan["id"], "aceptado", aceptado_por="Ana Pérez")
    assert r.status_code == 200, r.json
    return r.json


def realizar(api, plan_id, item_id, **cuerpo):
    return api.post(f"{PLANES}/{plan_id}/items/{item_id}/realizar", json=cuerpo)
