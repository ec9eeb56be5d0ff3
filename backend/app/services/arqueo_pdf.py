"""The closing report (arqueo) of a cash session in PDF: branch, who opened and closed it and when, the float,
the totals per payment method, cash in and out, expected vs counted vs difference, the bills and coins counted,
and every movement."""
from flask import current_app
from fpdf.enums import XPos, YPos

from app.extensions import db
from app.models import ConfiguracionClinica
from app.services.pdf_service import CODIFICACION, METODOS
from app.services.pdf_service import _Documento as Documento, _fecha as fecha_local, _texto as texto
from app.utils import dinero

TIPOS = {"pago": "Cobro", "devolucion": "Devolución", "ingreso": "Entrada", "egreso": "Salida"}


def generar(sesion, comprimir=True):
    """Bytes of the PDF of ``sesion`` as caja_service.consultar returns it (with totals and movements)."""
    config = db.session.get(ConfiguracionClinica, 1)
    moneda = (config.moneda if config else None) or current_app.config.get("DEFAULT_CURRENCY", "MXN")
    zona = sesion.sucursal.zona_horaria or current_app.config["DEFAULT_TIME_ZONE"]
    importe = lambda v: dinero.formatear(v, moneda, codificacion=CODIFICACION)  # noqa: E731
    cerrada = sesion.estado == "cerrada"
    esperado = sesion.esperado if cerrada else sesion.totales.esperado

    pdf = Documento(format="Letter")
    pdf.set_compression(comprimir)
    pdf.set_title(texto(f"Arqueo de caja {sesion.id}"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    salto = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(0, 8, texto(config.nombre if config else "Clínica"), **salto)
    pdf.set_font("Helvetica", "B", 12)
    titulo = "ARQUEO DE CAJA" if cerrada else "ARQUEO DE CAJA (SESIÓN ABIERTA, PROVISIONAL)"
    pdf.cell(0, 7, texto(f"{titulo} - Sesión {sesion.id}"), **salto)
    pdf.set_font("Helvetica", "", 10)
    apertura = sesion.usuario_apertura
    pdf.cell(0, 5, texto(f"Sucursal: {sesion.sucursal.nombre}"), **salto)
    pdf.cell(0, 5, texto(f"Apertura: {fecha_local(sesion.abierta_en, zona)} por {apertura.nombre} "
                         f"{apertura.apellido}"), **salto)
    if cerrada:
        cierre = sesion.usuario_cierre
        pdf.cell(0, 5, texto(f"Cierre: {fecha_local(sesion.cerrada_en, zona)} por {cierre.nombre} "
                             f"{cierre.apellido}"), **salto)
    pdf.ln(3)

    def fila(etiqueta, valor, negrita=False):
        pdf.set_font("Helvetica", "B" if negrita else "", 10)
        pdf.cell(90, 6, texto(etiqueta), border="B")
        pdf.cell(50, 6, texto(valor), border="B", align="R", **salto)

    totales = sesion.totales
    fila("Fondo inicial", importe(sesion.fondo_inicial))
    for metodo, nombre in METODOS.items():
        fila(f"Cobros netos en {nombre.lower()}", importe(totales.por_metodo[metodo]))
    fila("Entradas de efectivo", importe(totales.ingresos))
    fila("Salidas de efectivo", importe(-totales.egresos))
    fila("Efectivo esperado", importe(esperado), negrita=True)
    if cerrada:
        fila("Efectivo contado", importe(sesion.efectivo_contado), negrita=True)
        fila("Diferencia", importe(sesion.efectivo_contado - sesion.esperado), negrita=True)
    if sesion.conteo:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, "Conteo de billetes y monedas", **salto)
        for denominacion, cantidad in sorted(sesion.conteo.items(), key=lambda d: -float(d[0])):
            if cantidad:
                fila(f"{cantidad} x {importe(denominacion)}", importe(float(denominacion) * cantidad))
    if sesion.notas:
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 10)
        pdf.multi_cell(0, 5, texto(f"Notas: {sesion.notas}"), **salto)

    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Movimientos", **salto)
    anchos = (32, 26, 30, 62, 40)
    pdf.set_font("Helvetica", "B", 9)
    for ancho, titulo in zip(anchos, ("Hora", "Tipo", "Método", "Factura / concepto", "Importe"), strict=True):
        pdf.cell(ancho, 6, texto(titulo), border=1, align="R" if titulo == "Importe" else "L")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    if not sesion.movimientos:
        pdf.cell(sum(anchos), 6, "Sin movimientos", border=1, **salto)
    for m in sesion.movimientos:
        valores = (fecha_local(m["fecha"], zona), TIPOS[m["tipo"]], METODOS.get(m["metodo"], m["metodo"]),
                   m["numero_factura"] or m["concepto"] or "", importe(m["monto"]))
        for i, (ancho, valor) in enumerate(zip(anchos, valores, strict=True)):
            pdf.cell(ancho, 6, texto(valor)[:40], border=1, align="R" if i == 4 else "L")
        pdf.ln()
    if cerrada:
        pdf.ln(14)
        pdf.cell(80, 5, "_______________________________", new_x=XPos.RIGHT)
        pdf.cell(20, 5, "")
        pdf.cell(80, 5, "_______________________________", **salto)
        pdf.cell(80, 5, "Entrega", new_x=XPos.RIGHT)
        pdf.cell(20, 5, "")
        pdf.cell(80, 5, "Recibe / supervisa", **salto)
    return bytes(pdf.output())
