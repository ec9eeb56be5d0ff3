"""Invoice numbers: correlative per series with no gaps or repeats, under concurrency and after failures.

The concurrent tests commit for real (marker ``committed``) and run real threads, each with its own
test client, request, session and database connection.
"""
import threading
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import ConfiguracionClinica, Factura, SerieFactura
from app.services import huellas_service
from tests.carreras import a_la_vez
from tests.conftest import ApiClient
from tests.sesion import token_de

URL = "/api/facturacion/facturas"


def _cuerpo(paciente, servicio, **extra):
    return {"paciente_id": paciente.id, "detalles": [{"servicio_id": servicio.id, "cantidad": 1}], **extra}


def _en_paralelo(app, token, cuerpos, url=URL):
    """POST every body at once from its own thread; answers (status, json) in order."""
    def enviar(cuerpo):
        def tarea():
            r = ApiClient(app.test_client(), token=token).post(url if isinstance(url, str) else url(cuerpo), json=cuerpo)
            return r.status_code, r.json
        return tarea

    return a_la_vez([enviar(c) for c in cuerpos])


@pytest.fixture
def escenario(sucursal_factory, paciente_factory, servicio_factory, usuario_factory):
    """A branch, patients, a service and a billing clerk, committed so that other connections see them."""
    sucursal = sucursal_factory()
    pacientes = [paciente_factory() for _ in range(4)]
    servicio = servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00"))
    token = token_de(usuario_factory(rol="Facturación"))
    db.session.commit()
    return sucursal, pacientes, servicio, token


@pytest.mark.committed
def test_dozens_of_concurrent_invoices_in_one_series_get_numbers_one_to_n(app, escenario):
    sucursal, pacientes, servicio, token = escenario
    n = 30
    cuerpos = [_cuerpo(pacientes[i % 4], servicio, sucursal_id=sucursal.id) for i in range(n)]

    respuestas = _en_paralelo(app, token, cuerpos)

    assert [s for s, _ in respuestas] == [201] * n, [j for s, j in respuestas if s != 201][:1]
    assert sorted(j["numero"] for _, j in respuestas) == list(range(1, n + 1))
    db.session.expire_all()
    numeros = db.session.scalars(select(Factura.numero_factura).order_by(Factura.numero)).all()
    assert numeros == [f"S{sucursal.id:03d}-{i:06d}" for i in range(1, n + 1)]
    serie = db.session.scalar(select(SerieFactura))
    assert serie.ultimo_numero == n and serie.sucursal_id == sucursal.id
    # The chain is consistent too: each invoice points at the one numbered just before it.
    assert huellas_service.verificar().integra


@pytest.mark.committed
def test_concurrent_invoices_for_one_appointment_issue_exactly_one_and_leave_no_gap(
        app, escenario, medico_factory, cita_factory):
    sucursal, pacientes, servicio, token = escenario
    cita = cita_factory(pacientes[0], medico_factory(), sucursal)
    db.session.commit()

    respuestas = _en_paralelo(app, token, [_cuerpo(pacientes[0], servicio, cita_id=cita.id)] * 6)

    estados = sorted(s for s, _ in respuestas)
    assert estados == [201] + [409] * 5
    assert {j["reason"] for s, j in respuestas if s == 409} == {"CITA_YA_FACTURADA"}
    siguiente = ApiClient(app.test_client(), token=token).post(URL, json=_cuerpo(pacientes[1], servicio,
                                                                                 sucursal_id=sucursal.id))
    assert siguiente.json["numero"] == 2
    db.session.expire_all()
    assert db.session.scalars(select(Factura.numero).order_by(Factura.numero)).all() == [1, 2]


def _en_otro_hilo(app, token, cuerpo):
    """POST from a thread of its own, as a real server would: its own app context, session and teardown
    (in the test's thread the request would share the test's app context and session)."""
    resultado = {}

    def enviar():
        try:
            resultado["respuesta"] = ApiClient(app.test_client(), token=token).post(URL, json=cuerpo)
        except Exception as error:  # noqa: BLE001  (handed to the test)
            resultado["error"] = error

    hilo = threading.Thread(target=enviar)
    hilo.start()
    hilo.join()
    return resultado


@pytest.mark.committed
def test_a_failure_in_the_middle_of_issuing_leaves_no_gap(app, escenario, monkeypatch):
    sucursal, pacientes, servicio, token = escenario
    primera = _en_otro_hilo(app, token, _cuerpo(pacientes[0], servicio, sucursal_id=sucursal.id))
    assert primera["respuesta"].json["numero"] == 1

    def falla(*_args, **_kwargs):
        raise RuntimeError("fallo simulado después de numerar e insertar la factura")

    # The audit row is written after the number is taken and the invoice row is inserted.
    monkeypatch.setattr("app.services.auditoria_service.registrar", falla)
    fallida = _en_otro_hilo(app, token, _cuerpo(pacientes[1], servicio, sucursal_id=sucursal.id))
    monkeypatch.undo()
    assert isinstance(fallida.get("error"), RuntimeError)

    siguiente = _en_otro_hilo(app, token, _cuerpo(pacientes[2], servicio, sucursal_id=sucursal.id))["respuesta"]

    assert siguiente.status_code == 201 and siguiente.json["numero"] == 2
    db.session.expire_all()
    assert db.session.scalars(select(Factura.numero).order_by(Factura.numero)).all() == [1, 2]
    assert db.session.scalar(select(SerieFactura.ultimo_numero)) == 2
    assert huellas_service.verificar().integra


@pytest.mark.committed
def test_concurrent_payments_never_exceed_the_total(app, escenario):
    sucursal, pacientes, servicio, token = escenario
    api = ApiClient(app.test_client(), token=token)
    factura = api.post(URL, json=_cuerpo(pacientes[0], servicio, sucursal_id=sucursal.id)).json  # 116.00

    respuestas = _en_paralelo(app, token, [{"monto": "29.00", "metodo": "efectivo"}] * 8,
                              url=f"{URL}/{factura['id']}/pagos")

    assert sorted(s for s, _ in respuestas) == [201] * 4 + [409] * 4
    vista = api.get(f"{URL}/{factura['id']}").json
    assert vista["saldo"] == "0.00" and vista["estado"] == "pagada" and len(vista["pagos"]) == 4


def test_each_branch_has_its_own_series(as_admin, sucursal_factory, paciente_factory, servicio_factory):
    norte, sur = sucursal_factory(), sucursal_factory()
    paciente, servicio = paciente_factory(), servicio_factory()

    numeros = [as_admin.post(URL, json=_cuerpo(paciente, servicio, sucursal_id=s.id)).json["numero_factura"]
               for s in (norte, sur, norte)]

    assert numeros == [f"S{norte.id:03d}-000001", f"S{sur.id:03d}-000001", f"S{norte.id:03d}-000002"]


def test_in_single_series_mode_every_branch_shares_one_series(as_admin, sucursal_factory, paciente_factory,
                                                             servicio_factory):
    config = db.session.get(ConfiguracionClinica, 1)
    config.modo_series = "unica"
    db.session.flush()
    norte, sur = sucursal_factory(), sucursal_factory()
    paciente, servicio = paciente_factory(), servicio_factory()

    numeros = [as_admin.post(URL, json=_cuerpo(paciente, servicio, sucursal_id=s.id)).json["numero_factura"]
               for s in (norte, sur, norte)]

    assert numeros == ["F-000001", "F-000002", "F-000003"]


def test_an_invoice_without_branch_uses_the_clinic_wide_series(as_admin, paciente_factory, servicio_factory):
    r = as_admin.post(URL, json=_cuerpo(paciente_factory(), servicio_factory()))
    assert r.status_code == 201 and r.json["numero_factura"] == "F-000001" and r.json["sucursal_id"] is None


def test_an_existing_series_continues_from_its_counter(as_admin, sucursal_factory, paciente_factory,
                                                       servicio_factory, serie_factory):
    sucursal = sucursal_factory()
    serie_factory(serie="NORTE", sucursal=sucursal, ultimo_numero=41)

    r = as_admin.post(URL, json=_cuerpo(paciente_factory(), servicio_factory(), sucursal_id=sucursal.id))

    assert r.json["numero_factura"] == "NORTE-000042" and r.json["serie"] == "NORTE"
