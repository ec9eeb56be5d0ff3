"""The closing report (arqueo) of a cash session in PDF: branch, who opened and closed it and when, the float,
the totals per payment method, cash in and out, expected vs counted vs difference, the bills and coins counted,
and every movement. The session of an open register prints as a provisional report."""
from datetime import datetime
from decimal import Decimal

from flask import current_app
from fpdf.enums import XPos, YPos

from app.models import ConfiguracionClinica
from app.services.caja_service import Totales
from app.services.pdf_service import CODIFICACION, METODOS, Documento, ajustar, fecha_local, moneda_clinica, texto
from app.utils import dinero
from app.utils.sql import por_id

TIPOS = {"pago": "Pago", "devolucion": "Devolución", "ingreso": "Ingreso", "egreso": "Egreso"}  # the UI's words
# The movements' table: 195 mm, the width of a Letter page inside its 10 mm margins.
COLUMNAS = (("Fecha", 28, "L"), ("Tipo", 22, "L"), ("Método", 24, "L"), ("Factura / concepto", 56, "L"),
            ("Usuario", 35, "L"), ("Importe", 30, "R"))


def generar(sesion, movimientos, comprimir=True):
    """Bytes of the PDF of ``sesion``, a row as caja_service.leer reads it, with its ``movimientos``
    (caja_service.movimientos)."""
    config = por_id(ConfiguracionClinica, 1)
    moneda = moneda_clinica(config)
    zona = sesion.zona_horaria or current_app.config["DEFAULT_TIME_ZONE"]
    importe = lambda v: dinero.formatear(v, moneda, codificacion=CODIFICACION)  # noqa: E731
    cerrada = sesion.estado == "cerrada"
    totales = Totales.de_fila(sesion)
    esperado = sesion.esperado if cerrada else totales.esperado

    pdf = Documento(format="Letter")
    pdf.set_compression(comprimir)
    pdf.set_title(texto(f"Arqueo de caja {sesion.id}"))
    pdf.set_author(texto(config.nombre if config else "Clínica"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    salto = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    ancho_util = pdf.w - pdf.l_margin - pdf.r_margin

    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, ajustar(pdf, config.nombre if config else "Clínica", ancho_util), **salto)
    pdf.set_font("Helvetica", "B", 12)
    titulo = "ARQUEO DE CAJA" if cerrada else "ARQUEO DE CAJA PROVISIONAL"
    pdf.cell(0, 7, texto(f"{titulo} - Sesión {sesion.id}"), **salto)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, ajustar(pdf, f"Sucursal: {sesion.sucursal_nombre}", ancho_util), **salto)
    pdf.cell(0, 5, ajustar(pdf, f"Apertura: {fecha_local(sesion.abierta_en, zona)} por "
                                f"{sesion.apertura_nombre} {sesion.apertura_apellido}", ancho_util), **salto)
    if cerrada:
        pdf.cell(0, 5, ajustar(pdf, f"Cierre: {fecha_local(sesion.cerrada_en, zona)} por "
                                    f"{sesion.cierre_nombre} {sesion.cierre_apellido}", ancho_util), **salto)
    else:
        pdf.set_font("Helvetica", "B", 10)
        pdf.set_text_color(200, 0, 0)
        pdf.multi_cell(0, 5, texto("Sesión abierta: las cifras son provisionales y cambian con cada cobro o "
                                   "movimiento; el arqueo definitivo se obtiene al cerrar la caja."), align="L", **salto)
        pdf.set_text_color(0)
    pdf.ln(3)

    def fila(etiqueta, valor, negrita=False):
        pdf.set_font("Helvetica", "B" if negrita else "", 10)
        pdf.cell(100, 6, ajustar(pdf, etiqueta, 100), border="B")
        pdf.cell(45, 6, texto(valor), border="B", align="R", **salto)

    fila("Fondo inicial", importe(sesion.fondo_inicial))
    for metodo, nombre in METODOS.items():
        fila(f"Cobros menos devoluciones en {nombre.lower()}", importe(totales.por_metodo[metodo]))
    fila("Ingresos de efectivo", importe(totales.ingresos))
    fila("Egresos de efectivo", importe(-totales.egresos))
    fila("Efectivo esperado" if cerrada else "Efectivo esperado hasta ahora", importe(esperado), negrita=True)
    if cerrada:
        diferencia = sesion.efectivo_contado - sesion.esperado
        fila("Efectivo contado", importe(sesion.efectivo_contado), negrita=True)
        fila("Diferencia" + (" (sobrante)" if diferencia > 0 else " (faltante)" if diferencia < 0 else ""),
             importe(diferencia), negrita=True)
    if sesion.conteo:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, "Conteo de billetes y monedas", **salto)
        denominaciones = sorted(((Decimal(d), n) for d, n in sesion.conteo.items() if n), reverse=True)
        for valor, cantidad in denominaciones:
            fila(f"{cantidad} x {importe(valor)}", importe(valor * cantidad))
        fila("Total del conteo", importe(sesion.efectivo_contado), negrita=True)  # the schema checked they match
    if sesion.notas:
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, texto(f"Notas: {sesion.notas}"), align="L", **salto)

    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Movimientos", **salto)
    pdf.set_font("Helvetica", "B", 8)
    pdf.set_fill_color(230)
    for rotulo, ancho, alineacion in COLUMNAS:
        pdf.cell(ancho, 6, texto(rotulo), border=1, fill=True, align=alineacion)
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    if not movimientos:
        pdf.cell(sum(ancho for _, ancho, _ in COLUMNAS), 6, "Sin movimientos", border=1, **salto)
    for m in movimientos:
        usuario = m["usuario"]  # the movements come as JSON (caja_service.MOVIMIENTOS_JSON)
        valores = (fecha_local(datetime.fromisoformat(m["fecha"]), zona), TIPOS[m["tipo"]],
                   METODOS.get(m["metodo"], m["metodo"]), m["numero_factura"] or m["concepto"] or "",
                   f"{usuario['nombre']} {usuario['apellido']}" if usuario else "", importe(m["monto"]))
        pdf.fila(valores, COLUMNAS, 6)
    if cerrada:
        pdf.ln(14)
        pdf.set_font("Helvetica", "", 10)
        pdf.cell(80, 5, "_______________________________", new_x=XPos.RIGHT)
        pdf.cell(20, 5, "")
        pdf.cell(80, 5, "_______________________________", **salto)
        pdf.cell(80, 5, "Entrega", new_x=XPos.RIGHT)
        pdf.cell(20, 5, "")
        pdf.cell(80, 5, "Recibe / supervisa", **salto)
    return bytes(pdf.output())
