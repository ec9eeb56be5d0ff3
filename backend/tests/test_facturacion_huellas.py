"""The SHA-256 fingerprint chain of invoices and `flask facturas verificar`."""
import hashlib
import json
from decimal import Decimal

import pytest
from sqlalchemy import select, text

from app.extensions import db
from app.models import Factura, SerieFactura
from tests.conftest import como_dueno

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
    with como_dueno():  # the application role may not change an invoice's amounts
        db.session.execute(text("UPDATE billing.facturas SET subtotal = 400.00, impuesto = 64.00, total = 464.00 "
                                "WHERE id = :id"), {"id": segunda["id"]})
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1
    assert f"eslabón roto en factura {segunda['numero_factura']}" in resultado.output
    assert "alterada" in resultado.output
    assert tres_facturas[2]["numero_factura"] not in resultado.output


def test_the_verifier_detects_an_edited_invoice_line(app, tres_facturas):
    with como_dueno():
        db.session.execute(text("UPDATE billing.detalle_factura SET descripcion = 'Otra cosa' "
                                "WHERE factura_id = :id"), {"id": tres_facturas[0]["id"]})
    db.session.expire_all()

    resultado = verificar(app)

    assert resultado.exit_code == 1 and tres_facturas[0]["numero_factura"] in resultado.output


def test_a_recomputed_fingerprint_still_breaks_the_next_link(app, tres_facturas):
    from app.services.huellas_service import calcular_huella

    with como_dueno():
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
    with como_dueno():
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


def _reescribir_cadena(serie):
    """What someone holding the owner's password could do: change an invoice and recompute every fingerprint
    of its series from there on, counter included. The chain alone is consistent again."""
    from app.services.huellas_service import calcular_huella

    with como_dueno():
        facturas = db.session.scalars(select(Factura).where(Factura.serie == serie).order_by(Factura.numero)).all()
        facturas[0].paciente_id = facturas[-1].paciente_id
        anterior = None
        for factura in facturas:
            factura.huella_anterior = anterior
            factura.huella = anterior = calcular_huella(factura, factura.detalles, anterior)
        db.session.scalar(select(SerieFactura).where(SerieFactura.serie == serie)).ultima_huella = anterior
        db.session.flush()
    db.session.expire_all()


def test_a_whole_rewritten_chain_is_caught_by_the_exported_head(app, tres_facturas, tmp_path):
    runner = app.test_cli_runner()
    cabeza = tmp_path / "cabeza.json"
    exportada = runner.invoke(args=["facturas", "verificar", "--exportar-cabeza", str(cabeza)])
    assert exportada.exit_code == 0, exportada.output
    serie = tres_facturas[0]["serie"]
    assert f"Cabeza de la serie {serie}: número 3, huella {tres_facturas[2]['huella']}" in exportada.output
    assert oct(cabeza.stat().st_mode)[-3:] == "600"
    assert runner.invoke(args=["facturas", "verificar", "--cabeza", str(cabeza)]).exit_code == 0

    _reescribir_cadena(serie)

    assert verificar(app).exit_code == 0  # the chain by itself cannot tell
    resultado = runner.invoke(args=["facturas", "verificar", "--cabeza", str(cabeza)])
    assert resultado.exit_code == 1
    assert "número 3 no tiene la huella exportada" in resultado.output and "reescrita" in resultado.output


def test_an_exported_head_still_matches_after_more_invoices(app, tres_facturas, as_admin, tmp_path):
    runner = app.test_cli_runner()
    cabeza = tmp_path / "cabeza.json"
    assert runner.invoke(args=["facturas", "verificar", "--exportar-cabeza", str(cabeza)]).exit_code == 0
    primera = db.session.get(Factura, tres_facturas[0]["id"])
    r = as_admin.post(URL, json={"paciente_id": primera.paciente_id, "sucursal_id": primera.sucursal_id,
                                 "detalles": [{"servicio_id": primera.detalles[0].servicio_id, "cantidad": 1}]})
    assert r.status_code == 201
    assert runner.invoke(args=["facturas", "verificar", "--cabeza", str(cabeza)]).exit_code == 0


def test_a_head_whose_invoice_disappeared_is_reported(app, tres_facturas, tmp_path):
    cabeza = tmp_path / "cabeza.json"
    cabeza.write_text(json.dumps({"exportada": "2026-01-01T00:00:00+00:00",
                                  "series": {tres_facturas[0]["serie"]: {"numero": 9, "huella": "0" * 64}}}))
    resultado = app.test_cli_runner().invoke(args=["facturas", "verificar", "--cabeza", str(cabeza)])
    assert resultado.exit_code == 1 and "falta la factura número 9" in resultado.output
