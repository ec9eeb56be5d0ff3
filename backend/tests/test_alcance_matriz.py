"""Who sees what: every role, bound to a branch or not, on every endpoint that serves scoped data, compared
with ONE table (the rules of app/services/alcance.py and API.md).

The clinic: branches A and B; the Médico under test has an appointment in A; another doctor has one in B;
an invoice in each branch; one patient with allergies and notes. A bound user is bound to branch A (the
Médico to branch B: a Médico's scope is their own agenda, in every branch, whatever branch their user has).
"""
from datetime import time
from decimal import Decimal

import pytest

from app.models import Estado

# For each (role, bound): the appointments and invoices it sees, the branches whose revenue report it gets,
# whether it sees clinical fields. "—": the role may not call the endpoint at all (403).
TABLA = {
    ("Administrador", False): {"citas": "AB", "facturas": "AB", "reportes": "AB", "clinicos": True},
    ("Administrador", True): {"citas": "AB", "facturas": "AB", "reportes": "AB", "clinicos": True},
    ("Médico", False): {"citas": "A", "facturas": "—", "reportes": "—", "clinicos": True},
    ("Médico", True): {"citas": "A", "facturas": "—", "reportes": "—", "clinicos": True},
    ("Recepcionista", False): {"citas": "AB", "facturas": "—", "reportes": "—", "clinicos": True},
    ("Recepcionista", True): {"citas": "A", "facturas": "—", "reportes": "—", "clinicos": True},
    ("Facturación", False): {"citas": "AB", "facturas": "AB", "reportes": "AB", "clinicos": False},
    ("Facturación", True): {"citas": "A", "facturas": "A", "reportes": "A", "clinicos": False},
}
CASOS = sorted(TABLA, key=str)


@pytest.fixture
def clinica(sucursal_factory, medico_factory, usuario_factory, paciente_factory, cita_factory, servicio_factory,
            factura_factory):
    a, b = sucursal_factory(nombre="Sucursal A"), sucursal_factory(nombre="Sucursal B")
    usuario_medico = usuario_factory(rol="Médico")
    medico, otro = medico_factory(usuario=usuario_medico), medico_factory()
    paciente = paciente_factory(alergias="Penicilina")
    citas = {"A": cita_factory(paciente, medico, a, notas="Nota clínica A"),
             "B": cita_factory(paciente, otro, b, hora_inicio=time(11), notas="Nota clínica B")}
    servicio = servicio_factory(precio=Decimal("100.00"))
    facturas = {"A": factura_factory(paciente, servicio, sucursal=a), "B": factura_factory(paciente, servicio, sucursal=b)}
    return {"A": a, "B": b, "usuario_medico": usuario_medico, "paciente": paciente, "citas": citas,
            "facturas": facturas}


@pytest.fixture
def cliente_de(api_as, client, clinica, usuario_factory):
    from tests.conftest import ApiClient

    def make(rol, ligado):
        if rol == "Médico":
            usuario = clinica["usuario_medico"]
            if ligado:
                usuario.sucursal_id = clinica["B"].id
            return ApiClient(client, usuario)
        return api_as(rol, sucursal=clinica["A"] if ligado else None)

    return make


def _ramas(clinica, ids, tipo):
    return "".join(rama for rama in "AB" if clinica[tipo][rama].id in ids)


@pytest.mark.parametrize("rol,ligado", CASOS)
def test_appointments_follow_the_table(cliente_de, clinica, rol, ligado):
    api, esperado = cliente_de(rol, ligado), TABLA[(rol, ligado)]
    lista = api.get("/api/citas").json["items"]
    assert _ramas(clinica, {c["id"] for c in lista}, "citas") == esperado["citas"]
    paciente = clinica["paciente"].id
    del_paciente = api.get(f"/api/pacientes/{paciente}/citas").json["items"]
    assert _ramas(clinica, {c["id"] for c in del_paciente}, "citas") == esperado["citas"]
    for rama in "AB":
        cita = clinica["citas"][rama]
        detalle = api.get(f"/api/citas/{cita.id}")
        assert detalle.status_code == (200 if rama in esperado["citas"] else 404)
        assert api.get(f"/api/citas/{cita.id}/estados").status_code == detalle.status_code
    # Clinical fields: present exactly when the table says so, in lists and details alike.
    for cita in lista + del_paciente + [api.get(f"/api/citas/{c['id']}").json for c in lista]:
        assert ("notas" in cita) is esperado["clinicos"]
    ficha = api.get(f"/api/pacientes/{paciente}").json
    assert ("alergias" in ficha) is esperado["clinicos"]
    listado = [p for p in api.get("/api/pacientes", query_string={"per_page": 100}).json["items"] if p["id"] == paciente]
    assert len(listado) == 1 and ("alergias" in listado[0]) is esperado["clinicos"]


@pytest.mark.parametrize("rol,ligado", CASOS)
def test_invoices_and_payments_follow_the_table(cliente_de, clinica, rol, ligado):
    api, esperado = cliente_de(rol, ligado), TABLA[(rol, ligado)]["facturas"]
    lista = api.get("/api/facturacion/facturas")
    del_paciente = api.get(f"/api/pacientes/{clinica['paciente'].id}/facturas")
    if esperado == "—":
        assert lista.status_code == del_paciente.status_code == 403
        return
    assert _ramas(clinica, {f["id"] for f in lista.json["items"]}, "facturas") == esperado
    assert _ramas(clinica, {f["id"] for f in del_paciente.json["items"]}, "facturas") == esperado
    for rama in "AB":
        factura = clinica["facturas"][rama].id
        visible = 200 if rama in esperado else 404
        assert api.get(f"/api/facturacion/facturas/{factura}").status_code == visible
        assert api.get(f"/api/facturacion/facturas/{factura}/pdf").status_code == visible
        pago = api.post(f"/api/facturacion/facturas/{factura}/pagos", json={"monto": "1.00", "metodo": "efectivo"})
        assert pago.status_code == (201 if rama in esperado else 404)


@pytest.mark.parametrize("rol,ligado", CASOS)
def test_reports_follow_the_table(cliente_de, clinica, rol, ligado):
    api, esperado = cliente_de(rol, ligado), TABLA[(rol, ligado)]["reportes"]
    for rama in "AB":
        r = api.get("/api/reportes/ingresos", query_string={"sucursal_id": clinica[rama].id})
        if esperado == "—":
            assert r.status_code == 403
        else:
            assert r.status_code == (200 if rama in esperado else 404)
    if esperado == "A":  # without a branch a limited user gets their own
        assert api.get("/api/reportes/ingresos").json["sucursal_id"] == clinica["A"].id


def test_the_table_covers_every_role_bound_and_unbound():
    from app.utils.auth import ROLES

    assert set(TABLA) == {(rol, ligado) for rol in ROLES for ligado in (False, True)}


@pytest.mark.parametrize("rol,ligado", CASOS)
def test_every_read_of_appointments_and_invoices_is_audited(cliente_de, clinica, rol, ligado, db_session):
    from sqlalchemy import select

    from app.models import Auditoria

    api, esperado = cliente_de(rol, ligado), TABLA[(rol, ligado)]
    usuario_id = api.usuario.id
    cita = clinica["citas"]["A"]
    api.get(f"/api/citas/{cita.id}")
    api.get("/api/citas")
    if esperado["facturas"] != "—":
        factura = clinica["facturas"]["A"]
        api.get(f"/api/facturacion/facturas/{factura.id}")
        api.get(f"/api/facturacion/facturas/{factura.id}/pdf")
        api.get("/api/facturacion/facturas")
    filas = db_session.execute(select(Auditoria.accion, Auditoria.entidad_id, Auditoria.paciente_id, Auditoria.detalle)
                               .where(Auditoria.usuario_id == usuario_id).order_by(Auditoria.id)).all()
    acciones = [f.accion for f in filas]
    assert acciones[:2] == ["cita_consultada", "citas_listadas"]
    assert filas[0].entidad_id == cita.id and filas[0].paciente_id == clinica["paciente"].id
    assert cita.id in filas[1].detalle["ids"]
    if esperado["facturas"] != "—":
        assert acciones[2:] == ["factura_consultada", "factura_pdf_descargada", "facturas_listadas"]
        assert filas[3].entidad_id == clinica["facturas"]["A"].id


def test_a_state_change_keeps_the_clinic_scope_of_the_new_state(cliente_de, clinica):
    # A Recepcionista of branch A may not move branch B's appointment (it looks absent).
    api = cliente_de("Recepcionista", True)
    cita_b = clinica["citas"]["B"]
    r = api.post(f"/api/citas/{cita_b.id}/estado", json={"estado_id": Estado.CONFIRMADA})
    assert r.status_code == 404
