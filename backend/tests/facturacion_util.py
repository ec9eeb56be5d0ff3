"""Helpers of the billing and cash register tests: issuing, paying, refunding and rectifying invoices and opening
and closing cash sessions through the API, reading the audit log, and firing requests at once from threads."""
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria
from tests.carreras import a_la_vez
from tests.conftest import ApiClient

FACTURAS = "/api/facturacion/facturas"
CAJA = "/api/caja/sesiones"


def emitir(api, paciente, lineas, sucursal=None):
    """Issue an invoice of ``lineas`` [(servicio, cantidad)] → its JSON (asserting the 201)."""
    cuerpo = {"paciente_id": paciente.id,
              "detalles": [{"servicio_id": s.id, "cantidad": n} for s, n in lineas]}
    if sucursal is not None:
        cuerpo["sucursal_id"] = sucursal.id
    r = api.post(FACTURAS, json=cuerpo)
    assert r.status_code == 201, r.json
    return r.json


def ver(api, factura_id):
    r = api.get(f"{FACTURAS}/{factura_id}")
    assert r.status_code == 200, r.json
    return r.json


def pagar(api, factura_id, monto, metodo="efectivo"):
    return api.post(f"{FACTURAS}/{factura_id}/pagos", json={"monto": monto, "metodo": metodo})


def devolver(api, factura_id, monto, metodo="efectivo"):
    return api.post(f"{FACTURAS}/{factura_id}/devoluciones", json={"monto": monto, "metodo": metodo})


def rectificar(api, factura_id, lineas=None, motivo="Error en la factura"):
    """POST …/rectificar; ``lineas``: [(detalle_id, cantidad)] or None for everything left."""
    cuerpo = {"motivo": motivo}
    if lineas is not None:
        cuerpo["lineas"] = [{"detalle_id": d, "cantidad": n} for d, n in lineas]
    return api.post(f"{FACTURAS}/{factura_id}/rectificar", json=cuerpo)


def abrir_caja(api, sucursal, fondo="0.00"):
    """Open the cash register of ``sucursal`` → the session's JSON (asserting the 201)."""
    r = api.post(CAJA, json={"sucursal_id": sucursal.id, "fondo_inicial": fondo})
    assert r.status_code == 201, r.json
    return r.json


def movimiento(api, sesion_id, tipo, monto, concepto="Cambio"):
    return api.post(f"{CAJA}/{sesion_id}/movimientos", json={"tipo": tipo, "monto": monto, "concepto": concepto})


def cerrar_caja(api, sesion_id, contado, **extra):
    return api.post(f"{CAJA}/{sesion_id}/cerrar", json={"efectivo_contado": contado, **extra})


def auditorias(accion, entidad_id=None):
    """The audit rows of ``accion`` (of ``entidad_id`` when given), oldest first."""
    stmt = select(Auditoria).where(Auditoria.accion == accion).order_by(Auditoria.id)
    if entidad_id is not None:
        stmt = stmt.where(Auditoria.entidad_id == entidad_id)
    return db.session.scalars(stmt).all()


def en_paralelo(app, token, peticiones):
    """POST every (url, body) of ``peticiones`` at once, each from its own thread, client, session and
    connection; answers [(status, json)] in order."""
    def tarea(url, cuerpo):
        def enviar():
            r = ApiClient(app.test_client(), token=token).post(url, json=cuerpo)
            return r.status_code, r.json
        return enviar

    return a_la_vez([tarea(url, cuerpo) for url, cuerpo in peticiones])
