"""THE arithmetic of a priced line, shared by invoices and treatment plans (API.md "Billing", "Dentistry"):
``subtotal = precio × cantidad − descuento``, its tax rounded half-up to the cent."""
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
CIEN = Decimal("100")


def porcentaje_de(importe, porcentaje):
    """``porcentaje`` % of ``importe``, rounded half-up to the cent."""
    return (Decimal(importe) * Decimal(porcentaje) / CIEN).quantize(CENT, rounding=ROUND_HALF_UP)


def importes_linea(precio, porcentaje, cantidad, descuento=Decimal("0.00")):
    """(subtotal, impuesto) of a line: subtotal = price × quantity − discount; its tax rounded half-up."""
    subtotal = (Decimal(precio) * cantidad).quantize(CENT) - descuento
    return subtotal, porcentaje_de(subtotal, porcentaje)
