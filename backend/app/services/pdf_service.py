"""The PDF of an invoice (fpdf2, core fonts: no system dependencies)."""
from decimal import Decimal
from zoneinfo import ZoneInfo

from flask import current_app
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.extensions import db
from app.models import ConfiguracionClinica
from app.utils import dinero

# The core fonts are written with WinAnsiEncoding (windows-1252): Latin-1 plus "€", "—", "…", curly quotes.
CODIFICACION = "windows-1252"
ESTADOS = {"pendiente": "PENDIENTE DE PAGO", "pagada": "PAGADA", "anulada": "ANULADA"}
METODOS = {"efectivo": "Efectivo", "tarjeta": "Tarjeta", "transferencia": "Transferencia"}


def _texto(valor):
    """Core PDF fonts speak windows-1252 (Spanish and "€" fit); anything else becomes '?'."""
    return ("" if valor is None else str(valor)).encode(CODIFICACION, "replace").decode(CODIFICACION)


def _ajustar(pdf, texto, ancho):
    """``texto`` cut with "..." to fit ``ancho`` millimetres in the current font."""
    texto = _texto(texto)
    while pdf.get_string_width(texto) > ancho - 2 and len(texto) > 3:
        texto = texto[:-4] + "..."
    return texto


def _fecha(momento, zona):
    return momento.astimezone(ZoneInfo(zona)).strftime("%d/%m/%Y %H:%M") if momento else ""


class _Documento(FPDF):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # fpdf2 encodes core-font text as Latin-1 by default, which has no "€"; the fonts themselves are
        # declared WinAnsiEncoding, so windows-1252 bytes print as what they are.
        self.core_fonts_encoding = CODIFICACION

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(120)
        self.cell(0, 6, f"Página {self.page_no()}/{{nb}}", align="C")


def generar(factura, comprimir=True):
    """Bytes of the invoice's PDF: clinic and branch data, number, date, patient, lines, taxes,
    totals, payments and state (a cancelled invoice is marked ANULADA)."""
    config = db.session.get(ConfiguracionClinica, 1)
    moneda = (config.moneda if config else None) or current_app.config.get("DEFAULT_CURRENCY", "MXN")
    sucursal = factura.sucursal
    zona = (sucursal.zona_horaria if sucursal else None) or current_app.config["DEFAULT_TIME_ZONE"]
    importe = lambda v: dinero.formatear(v, moneda, codificacion=CODIFICACION)  # noqa: E731

    pdf = _Documento(format="Letter")
    pdf.set_compression(comprimir)
    pdf.set_title(_texto(f"Factura {factura.numero_factura}"))
    pdf.set_author(_texto(config.nombre if config else "Clínica"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    salto = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}

    # Issuer
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(120, 8, _ajustar(pdf, config.nombre if config else "Clínica", 120), **salto)
    pdf.set_font("Helvetica", "", 9)
    if config:
        for linea in (config.razon_social, config.identificacion_fiscal and f"Id. fiscal: {config.identificacion_fiscal}",
                      config.direccion, " · ".join(x for x in (config.telefono, config.email) if x)):
            if linea:
                pdf.cell(120, 4.5, _ajustar(pdf, linea, 120), **salto)
    if sucursal:
        pdf.cell(120, 4.5, _ajustar(pdf, f"Sucursal: {sucursal.nombre} - {sucursal.direccion}", 120), **salto)
        if sucursal.telefono:
            pdf.cell(120, 4.5, _texto(f"Tel. sucursal: {sucursal.telefono}"), **salto)

    # Number, date, state (top right)
    pdf.set_xy(135, 12)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, "FACTURA", align="R", new_x=XPos.RIGHT, new_y=YPos.NEXT)
    pdf.set_x(135)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, _texto(f"No. {factura.numero_factura}"), align="R", new_x=XPos.RIGHT, new_y=YPos.NEXT)
    pdf.set_x(135)
    pdf.cell(0, 5, _texto(f"Fecha: {_fecha(factura.fecha_emision, zona)}"), align="R", new_x=XPos.RIGHT,
             new_y=YPos.NEXT)
    pdf.set_x(135)
    anulada = factura.estado == "anulada"
    pdf.set_font("Helvetica", "B", 11)
    if anulada:
        pdf.set_text_color(200, 0, 0)
    pdf.cell(0, 6, _texto(f"Estado: {ESTADOS.get(factura.estado, factura.estado)}"), align="R",
             new_x=XPos.RIGHT, new_y=YPos.NEXT)
    pdf.set_text_color(0)

    # Patient
    pdf.set_y(max(pdf.get_y(), 44) + 4)
    paciente = factura.paciente
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Paciente", **salto)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, _texto(f"{paciente.nombre} {paciente.apellido}"), **salto)
    if paciente.numero_documento:
        pdf.cell(0, 5, _texto(f"{paciente.tipo_documento or 'Documento'}: {paciente.numero_documento}"), **salto)
    if factura.cita_id:
        pdf.cell(0, 5, _texto(f"Cita No. {factura.cita_id}"), **salto)
    pdf.ln(3)

    # Lines
    anchos = (76, 16, 28, 28, 16, 32)
    cabecera = ("Descripción", "Cant.", "Precio unit.", "Subtotal", "Imp. %", "Impuesto")
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_fill_color(230)
    for ancho, titulo in zip(anchos, cabecera, strict=True):
        pdf.cell(ancho, 7, _texto(titulo), border=1, fill=True, align="L" if titulo == "Descripción" else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for d in factura.detalles:
        valores = (d.descripcion, str(d.cantidad), importe(d.precio_unitario), importe(d.subtotal),
                   dinero.formatear_numero(d.impuesto_porcentaje, moneda), importe(d.impuesto))
        for i, (ancho, valor) in enumerate(zip(anchos, valores, strict=True)):
            pdf.cell(ancho, 6, _ajustar(pdf, valor, ancho), border=1, align="L" if i == 0 else "R")
        pdf.ln()

    # Totals
    pdf.ln(2)
    for etiqueta, valor, negrita in (("Subtotal", factura.subtotal, False), ("Impuestos", factura.impuesto, False),
                                     ("Total", factura.total, True)):
        pdf.set_font("Helvetica", "B" if negrita else "", 10)
        pdf.cell(sum(anchos[:-2]), 6, "")
        pdf.cell(anchos[-2], 6, _texto(etiqueta), align="R")
        pdf.cell(anchos[-1], 6, _texto(importe(valor)), align="R", **salto)

    # Payments
    pagos = list(factura.pagos)
    total_pagado = sum((p.monto for p in pagos), Decimal("0"))
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Pagos", **salto)
    pdf.set_font("Helvetica", "", 9)
    if not pagos:
        pdf.cell(0, 5, "Sin pagos registrados.", **salto)
    for p in pagos:
        pdf.cell(40, 5, _texto(_fecha(p.fecha, zona)))
        pdf.cell(40, 5, _texto(METODOS.get(p.metodo, p.metodo)))
        pdf.cell(40, 5, _texto(importe(p.monto)), align="R", **salto)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(80, 5, "Total pagado")
    pdf.cell(40, 5, _texto(importe(total_pagado)), align="R", **salto)
    pdf.cell(80, 5, "Saldo pendiente")
    pdf.cell(40, 5, _texto(importe(factura.total - total_pagado)), align="R", **salto)

    if anulada:
        pdf.ln(4)
        pdf.set_text_color(200, 0, 0)
        pdf.set_font("Helvetica", "B", 20)
        pdf.cell(0, 10, "FACTURA ANULADA", align="C", **salto)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, _texto(f"Anulada el {_fecha(factura.fecha_anulacion, zona)}. "
                                    f"Motivo: {factura.motivo_anulacion}"), **salto)
        pdf.set_text_color(0)

    pdf.ln(6)
    pdf.set_font("Courier", "", 7)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 3.5, _texto(f"Huella SHA-256: {factura.huella}"), **salto)
    return bytes(pdf.output())


def nombre_archivo(factura):
    return f"factura-{factura.numero_factura}.pdf"

