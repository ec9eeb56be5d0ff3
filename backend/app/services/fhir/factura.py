"""Invoice: an invoice or credit note with its lines (snapshots of the service, price and tax when issued)."""
from decimal import Decimal

from app.models import Factura
from app.services.fhir.comun import SISTEMA_FACTURA, dinero, fecha_hora, ref

ESTADOS = {"pendiente": "issued", "pagada": "balanced", "anulada": "cancelled"}
TIPOS = {"ordinaria": "Factura", "rectificativa": "Factura rectificativa"}
COLUMNAS = (Factura.id, Factura.numero_factura, Factura.paciente_id, Factura.fecha_emision, Factura.subtotal,
            Factura.impuesto, Factura.total, Factura.estado, Factura.tipo, Factura.motivo_anulacion,
            Factura.factura_rectificada_id)


def _componentes(d, moneda):
    """A line's price: the base (unit price × quantity), its discount and its tax."""
    componentes = [{"type": "base", "factor": float(d["cantidad"]), "amount": dinero(Decimal(str(d["precio_unitario"]))
                                                                                     * d["cantidad"], moneda)}]
    if Decimal(str(d["descuento"])):
        componentes.append({"type": "discount", "amount": dinero(-Decimal(str(d["descuento"])), moneda)})
    componentes.append({"type": "tax", "factor": float(Decimal(str(d["impuesto_porcentaje"])) / 100),
                        "amount": dinero(Decimal(str(d["impuesto"])), moneda)})
    return componentes


def a_fhir(f, detalles, moneda, paciente_id=None) -> dict:
    """An Invoice from an invoice row of COLUMNAS and its lines (dicts: descripcion, cantidad, precio_unitario,
    descuento, impuesto_porcentaje, impuesto), in the clinic's currency ``moneda``."""
    recurso = {"resourceType": "Invoice", "id": str(f.id),
               "identifier": [{"system": SISTEMA_FACTURA, "value": f.numero_factura}],
               "status": ESTADOS[f.estado], "type": {"text": TIPOS.get(f.tipo, f.tipo)},
               "subject": ref("Patient", paciente_id or f.paciente_id), "date": fecha_hora(f.fecha_emision)}
    if f.estado == "anulada" and f.motivo_anulacion:
        recurso["cancelledReason"] = f.motivo_anulacion
    if detalles:
        recurso["lineItem"] = [{"sequence": i, "chargeItemCodeableConcept": {"text": d["descripcion"]},
                                "priceComponent": _componentes(d, moneda)} for i, d in enumerate(detalles, 1)]
    recurso["totalNet"] = dinero(f.subtotal, moneda)
    recurso["totalGross"] = dinero(f.total, moneda)
    if f.factura_rectificada_id:
        recurso["note"] = [{"text": f"Rectifica la factura {f.factura_rectificada_id}"}]
    return recurso
