"""The SHA-256 fingerprint chain of invoices and `flask facturas verificar`."""
import hashlib
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Factura, SerieFactura

URL = "/api/facturacion/facturas"


@pytest.fixture
def tres_facturas(as_admin, sucursal_factory, paciente_factory, servicio_factory):
    sucursal = sucursal_factory()
    servicio = servicio_factory(precio=Decimal("250.00"), impuesto_porcentaje=Decimal("16.00"))
    facturas = []
    for cantidad in (1, 2, 3):
        r = as_admin.post(URL, json={"paciente_id": paciente_factory().id, "sucursal_id": sucursal.id,
                                     "detalles": [{"servicio_id": servicio.id, "cantidad": cantidad}]})
        assert r.status_code == 201
        facturas.append(r.json)
    return facturas


def verificar(app):
    return app.test_cli_runner().invoke(args=["facturas", "verificar"])


def test_each_invoice_is_chained_to_the_previous_one_of_its_series(tres_facturas):
    primera, segunda, tercera = tres_facturas
    assert primera["huella_anterior"] is None
    assert segunda["huella_anterior"] == primera["huella"] and tercera["huella_anterior"] == segunda["huella"]
    assert all(len(f["huella"]) == 64 and int(f["huella"], 16) >= 0 for f in tres_facturas)
    assert len({f["huella"] for f in tres_facturas}) == 3
    serie = db.session.scalar(select(SerieFactura).where(SerieFactura.serie == primera["serie"]))
    assert serie.ultima_huella == tercera["huella"]


def test_the_verifier_accepts_an_untouched_chain(app, tres_facturas):
    resultado = verificar(app)
    assert resultado.exit_code == 0, resultado.output
    assert "íntegra: 3 facturas en 1 series" in resultado.output


def test_the_verifier_reports_the_first_invoice_edited_in_sql(app, tres_facturas):
    segunda = tres_facturas[1]
    db.session.execute(text("UPDATE billing.facturas SET subtotal = 400.00, impuesto = 64.00, total = 464.00 "
                            "WHERE id = :id"), {"id": segunda["id"]})
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1
    assert f"eslabón roto en factura {segunda['numero_factura']}" in resultado.output
    assert "alterada" in resultado.output
    assert tres_facturas[2]["numero_factura"] not in resultado.output


def test_the_verifier_detects_an_edited_invoice_line(app, tres_facturas):
    db.session.execute(text("UPDATE billing.detalle_factura SET descripcion = 'Otra cosa' WHERE factura_id = :id"),
                       {"id": tres_facturas[0]["id"]})
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1 and tres_facturas[0]["numero_factura"] in resultado.output


def test_a_recomputed_fingerprint_still_breaks_the_next_link(app, tres_facturas):
    from app.services.huellas_service import calcular_huella

    primera = db.session.get(Factura, tres_facturas[0]["id"])
    primera.paciente_id = tres_facturas[2]["paciente_id"]
    primera.huella = calcular_huella(primera, primera.detalles, None)  # a forger recomputes this one's hash
    db.session.flush()
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1
    assert f"eslabón roto en factura {tres_facturas[1]['numero_factura']}" in resultado.output
    assert "huella anterior" in resultado.output


def test_deleting_an_invoice_is_detected(app, tres_facturas):
    db.session.execute(text("DELETE FROM billing.detalle_factura WHERE factura_id = :id"),
                       {"id": tres_facturas[2]["id"]})
    db.session.execute(text("DELETE FROM billing.facturas WHERE id = :id"), {"id": tres_facturas[2]["id"]})
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1 and "final de la serie" in resultado.output


def test_the_fingerprint_is_a_sha256_of_the_invoice_data(tres_facturas):
    from app.services.huellas_service import calcular_huella

    factura = db.session.get(Factura, tres_facturas[0]["id"])
    assert calcular_huella(factura, factura.detalles, None) == factura.huella
    assert hashlib.sha256(b"").hexdigest() != factura.huella
    # Payments and cancellation happen later: they do not change the fingerprint.
    factura.estado = "anulada"
    assert calcular_huella(factura, factura.detalles, None) == factura.huella
