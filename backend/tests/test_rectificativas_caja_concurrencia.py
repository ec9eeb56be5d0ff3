"""Credit notes, refunds and the cash register under concurrency: real threads, each with its own client, request,
session and connection, on committed data (marker ``committed``)."""
import threading
from decimal import Decimal
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select, text

from app.extensions import db
from app.models import DetalleFactura, Factura, MovimientoCaja, Pago, SerieFactura, SesionCaja
from app.services import huellas_service
from tests.carreras import espera_un_bloqueo
from tests.conftest import ApiClient
from tests.facturacion_util import CAJA, FACTURAS, abrir_caja, emitir, en_paralelo, movimiento, pagar, ver
from tests.sesion import token_de

pytestmark = pytest.mark.committed


@pytest.fixture
def e(app, sucursal_factory, paciente_factory, servicio_factory, usuario_factory):
    """A branch, a patient, a service of 116.00 (100.00 + 16 %) and a billing clerk, committed so that other
    connections see them; ``api`` calls the app from the test's thread."""
    sucursal, paciente = sucursal_factory(), paciente_factory()
    servicio = servicio_factory(precio=Decimal("100.00"), impuesto_porcentaje=Decimal("16.00"))
    token = token_de(usuario_factory(rol="Facturación"))
    db.session.commit()
    return SimpleNamespace(app=app, sucursal=sucursal, paciente=paciente, servicio=servicio, token=token,
                           api=ApiClient(app.test_client(), token=token))


def _factura(e, unidades=1):
    return emitir(e.api, e.paciente, [(e.servicio, unidades)], e.sucursal)


# --- credit notes --------------------------------------------------------------------------------

def test_concurrent_credit_notes_of_one_branch_get_numbers_one_to_n_without_gaps(e):
    n = 12
    facturas = [_factura(e) for _ in range(n)]

    respuestas = en_paralelo(e.app, e.token, [(f"{FACTURAS}/{f['id']}/rectificar", {"motivo": "Duplicada"})
                                              for f in facturas])

    assert [s for s, _ in respuestas] == [201] * n, [j for s, j in respuestas if s != 201][:1]
    assert sorted(j["numero"] for _, j in respuestas) == list(range(1, n + 1))
    serie = f"R{e.sucursal.id:03d}"
    db.session.expire_all()
    numeros = db.session.scalars(select(Factura.numero_factura).where(Factura.tipo == "rectificativa")
                                 .order_by(Factura.numero)).all()
    assert numeros == [f"{serie}-{i:06d}" for i in range(1, n + 1)]
    assert db.session.scalar(select(SerieFactura.ultimo_numero).where(SerieFactura.serie == serie)) == n
    assert {j["factura_rectificada_id"] for _, j in respuestas} == {f["id"] for f in facturas}
    assert huellas_service.verificar().integra


def test_concurrent_full_rectifications_of_one_invoice_issue_exactly_one(e):
    factura = _factura(e, 2)

    respuestas = en_paralelo(e.app, e.token, [(f"{FACTURAS}/{factura['id']}/rectificar", {"motivo": "Error"})] * 6)

    assert sorted(s for s, _ in respuestas) == [201] + [409] * 5
    assert {j["reason"] for s, j in respuestas if s == 409} == {"RECTIFICACION_EXCEDE"}
    [nota] = [j for s, j in respuestas if s == 201]
    assert (nota["numero"], nota["total"]) == (1, "-232.00")
    original = ver(e.api, factura["id"])
    assert original["rectificado"] == original["total"] == "232.00"
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Factura).where(Factura.tipo == "rectificativa")) == 1
    assert db.session.scalar(select(SerieFactura.ultimo_numero).where(SerieFactura.tipo == "rectificativa")) == 1
    assert huellas_service.verificar().integra


def test_concurrent_partial_credit_notes_of_a_line_take_at_most_the_line(e):
    factura = _factura(e, 3)
    linea = factura["detalles"][0]["id"]
    cuerpo = {"motivo": "Una sesión menos", "lineas": [{"detalle_id": linea, "cantidad": 1}]}

    respuestas = en_paralelo(e.app, e.token, [(f"{FACTURAS}/{factura['id']}/rectificar", cuerpo)] * 6)

    assert sorted(s for s, _ in respuestas) == [201] * 3 + [409] * 3
    db.session.expire_all()
    tomado = db.session.execute(select(func.sum(DetalleFactura.cantidad), func.sum(DetalleFactura.subtotal),
                                       func.sum(DetalleFactura.impuesto))
                                .where(DetalleFactura.detalle_rectificado_id == linea)).one()
    assert tuple(tomado) == (-3, Decimal("-300.00"), Decimal("-48.00"))
    assert ver(e.api, factura["id"])["rectificado"] == "348.00"
    assert sorted(j["numero"] for s, j in respuestas if s == 201) == [1, 2, 3]


# --- refunds -------------------------------------------------------------------------------------

def test_concurrent_refunds_never_give_back_more_than_was_paid(e):
    factura = _factura(e)
    pagar(e.api, factura["id"], "116.00")

    respuestas = en_paralelo(e.app, e.token, [(f"{FACTURAS}/{factura['id']}/devoluciones",
                                               {"monto": "29.00", "metodo": "efectivo"})] * 8)

    assert sorted(s for s, _ in respuestas) == [201] * 4 + [409] * 4
    assert {j["reason"] for s, j in respuestas if s == 409} == {"DEVOLUCION_EXCEDE_PAGADO"}
    vista = ver(e.api, factura["id"])
    assert (vista["pagado"], vista["devuelto"], vista["saldo"], vista["estado"]) == (
        "0.00", "116.00", "116.00", "pendiente")


# --- the cash register ---------------------------------------------------------------------------

def test_concurrent_openings_at_one_branch_leave_exactly_one_open_session(e):
    respuestas = en_paralelo(e.app, e.token, [(CAJA, {"sucursal_id": e.sucursal.id, "fondo_inicial": "100.00"})] * 6)

    assert sorted(s for s, _ in respuestas) == [201] + [409] * 5
    assert {j["reason"] for s, j in respuestas if s == 409} == {"CAJA_YA_ABIERTA"}
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(SesionCaja)) == 1


def test_concurrent_withdrawals_never_take_more_cash_than_the_drawer_holds(e):
    sesion = abrir_caja(e.api, e.sucursal, "100.00")

    respuestas = en_paralelo(e.app, e.token, [(f"{CAJA}/{sesion['id']}/movimientos",
                                               {"tipo": "egreso", "monto": "30.00", "concepto": "Pago a proveedor"})] * 5)

    assert sorted(s for s, _ in respuestas) == [201] * 3 + [409] * 2
    assert {j["reason"] for s, j in respuestas if s == 409} == {"CAJA_SIN_EFECTIVO"}
    assert ApiClient(e.app.test_client(), token=e.token).get(f"{CAJA}/{sesion['id']}").json["esperado"] == "10.00"


def _cobro_y_cierre_a_la_vez(e, factura, sesion):
    return en_paralelo(e.app, e.token, [(f"{FACTURAS}/{factura['id']}/pagos", {"monto": "16.00", "metodo": "efectivo"}),
                                        (f"{CAJA}/{sesion['id']}/cerrar", {"efectivo_contado": "10.00"})])


def test_a_payment_racing_the_close_is_either_counted_by_it_or_outside_the_session(e):
    for _ in range(5):
        sesion = abrir_caja(e.api, e.sucursal, "10.00")
        factura = _factura(e)

        (estado_pago, pago), (estado_cierre, cierre) = _cobro_y_cierre_a_la_vez(e, factura, sesion)

        assert (estado_pago, estado_cierre) == (201, 200), (pago, cierre)
        if pago["sesion_caja_id"] is None:  # it came after the close
            assert (cierre["por_metodo"]["efectivo"], cierre["esperado"]) == ("0.00", "10.00")
        else:  # it joined before: the close counted it
            assert pago["sesion_caja_id"] == sesion["id"]
            assert (cierre["por_metodo"]["efectivo"], cierre["esperado"]) == ("16.00", "26.00")
        db.session.expire_all()
        en_la_sesion = db.session.scalar(select(func.coalesce(func.sum(Pago.monto), 0))
                                         .where(Pago.sesion_caja_id == sesion["id"]))
        assert en_la_sesion == Decimal(cierre["por_metodo"]["efectivo"])


def _en_hilo(e, url, cuerpo):
    """POST from a thread of its own (its own app context, session and connection): (thread, result holder)."""
    resultado = {}

    def enviar():
        try:
            resultado["respuesta"] = ApiClient(e.app.test_client(), token=e.token).post(url, json=cuerpo)
        except Exception as error:  # noqa: BLE001  (handed to the test)
            resultado["error"] = error

    hilo = threading.Thread(target=enviar)
    hilo.start()
    return hilo, resultado


def test_a_payment_that_waits_for_a_close_in_progress_joins_no_session(e, owner_engine):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    factura = _factura(e)
    with owner_engine.connect() as conn:  # a close in progress: the session locked and being closed
        conn.execute(text("SELECT id FROM billing.sesiones_caja WHERE id = :id FOR UPDATE"), {"id": sesion["id"]})
        conn.execute(text("UPDATE billing.sesiones_caja SET estado = 'cerrada', cerrada_por = abierta_por, "
                          "cerrada_en = now(), esperado = 10, efectivo_contado = 10 "
                          "WHERE id = :id"), {"id": sesion["id"]})
        hilo, resultado = _en_hilo(e, f"{FACTURAS}/{factura['id']}/pagos", {"monto": "16.00", "metodo": "efectivo"})
        assert espera_un_bloqueo(owner_engine, hilo)
        conn.commit()
    hilo.join(timeout=60)

    r = resultado["respuesta"]
    assert r.status_code == 201 and r.json["sesion_caja_id"] is None
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Pago).where(Pago.sesion_caja_id == sesion["id"])) == 0


def test_a_close_that_waits_for_a_payment_in_progress_counts_it(e, owner_engine):
    sesion = abrir_caja(e.api, e.sucursal, "10.00")
    factura = _factura(e)
    with owner_engine.connect() as conn:  # a payment in progress: the session held FOR SHARE, the row written
        conn.execute(text("SELECT id FROM billing.sesiones_caja WHERE id = :id FOR SHARE"), {"id": sesion["id"]})
        conn.execute(text("INSERT INTO billing.pagos (factura_id, monto, metodo, sesion_caja_id) "
                          "VALUES (:f, 16, 'efectivo', :s)"), {"f": factura["id"], "s": sesion["id"]})
        hilo, resultado = _en_hilo(e, f"{CAJA}/{sesion['id']}/cerrar", {"efectivo_contado": "26.00"})
        assert espera_un_bloqueo(owner_engine, hilo)
        conn.commit()
    hilo.join(timeout=60)

    r = resultado["respuesta"]
    assert r.status_code == 200, r.json
    assert (r.json["por_metodo"]["efectivo"], r.json["esperado"], r.json["diferencia"]) == ("16.00", "26.00", "0.00")


def test_the_movements_of_a_session_come_oldest_first(e):
    # Each request commits on its own here, so each row has its own time (a rolled-back test shares one).
    sesion = abrir_caja(e.api, e.sucursal, "50.00")
    factura = _factura(e)
    pagar(e.api, factura["id"], "116.00")
    movimiento(e.api, sesion["id"], "egreso", "20.00", "Mensajería")
    e.api.post(f"{FACTURAS}/{factura['id']}/devoluciones", json={"monto": "16.00", "metodo": "efectivo"})
    movimiento(e.api, sesion["id"], "ingreso", "5.00", "Cambio")

    vista = e.api.get(f"{CAJA}/{sesion['id']}").json

    assert [(m["tipo"], m["monto"]) for m in vista["movimientos"]] == [
        ("pago", "116.00"), ("egreso", "-20.00"), ("devolucion", "-16.00"), ("ingreso", "5.00")]
    fechas = [m["fecha"] for m in vista["movimientos"]]
    assert fechas == sorted(fechas)
    assert db.session.scalar(select(func.count()).select_from(MovimientoCaja)) == 2
