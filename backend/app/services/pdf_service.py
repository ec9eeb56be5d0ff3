"""The PDF of an invoice (fpdf2, core fonts: no system dependencies)."""
from zoneinfo import ZoneInfo

from flask import current_app
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from app.models import ConfiguracionClinica
from app.utils import dinero
from app.utils.sql import por_id

# The core fonts are written with WinAnsiEncoding (windows-1252): Latin-1 plus "€", "—", "…", curly quotes.
CODIFICACION = "windows-1252"
ESTADOS = {"pendiente": "PENDIENTE DE PAGO", "pagada": "PAGADA", "anulada": "ANULADA"}
METODOS = {"efectivo": "Efectivo", "tarjeta": "Tarjeta", "transferencia": "Transferencia"}


def texto(valor):
    """Core PDF fonts speak windows-1252 (Spanish and "€" fit); anything else becomes '?'."""
    return ("" if valor is None else str(valor)).encode(CODIFICACION, "replace").decode(CODIFICACION)


def ajustar(pdf, valor, ancho):
    """``valor`` as text cut with "..." to fit a cell of ``ancho`` millimetres in the current font."""
    cadena = texto(valor)
    while pdf.ancho(cadena) > ancho - 2 and len(cadena) > 3:
        cadena = cadena[:-4] + "..."
    return cadena


def fecha_local(momento, zona, formato="%d/%m/%Y %H:%M"):
    """``momento`` (aware) as the wall clock of ``zona`` reads it; "" for None."""
    return momento.astimezone(ZoneInfo(zona)).strftime(formato) if momento else ""


class Documento(FPDF):
    """A Letter-or-other page of the core fonts written as windows-1252, with "Página n/N" at the foot."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # fpdf2 encodes core-font text as Latin-1 by default, which has no "€"; the fonts themselves are
        # declared WinAnsiEncoding, so windows-1252 bytes print as what they are.
        self.core_fonts_encoding = CODIFICACION

    def ancho(self, cadena):
        """``get_string_width`` of ``cadena`` in the current core font (these documents use no stretching nor
        character spacing), from the font's width table: fpdf2's own builds text fragments to measure, ~30 µs."""
        anchos = self.current_font.cw
        return sum(anchos[c] for c in self.normalize_text(cadena)) * self.font_size_pt * 0.001 / self.k

    def fila(self, valores, columnas, alto):
        """One row of a bordered table: each value cut to its column (``columnas``: the table's column definitions,
        each ending in its width in mm and its alignment "L"|"C"|"R", after a title or not) and
        written as ``cell(border=1, align=…)`` writes it, with fpdf2's plain ``rect`` and ``text``: ``cell`` lays out
        styled text for every call, ~55 µs, so a cash session's 170 movements spent 55 ms in it. A row that does
        not fit starts a new page; the next row starts below this one, at the left margin."""
        if self.will_page_break(alto):
            self.add_page()
        x, y = self.l_margin, self.y
        linea_base = y + 0.5 * alto + 0.3 * self.font_size
        for valor, (*_, ancho, alineacion) in zip(valores, columnas, strict=True):
            self.rect(x, y, ancho, alto)
            cadena = ajustar(self, valor, ancho)
            if cadena:
                libre = ancho - self.ancho(cadena)
                desde = {"L": self.c_margin, "C": libre / 2, "R": libre - self.c_margin}[alineacion]
                self.text(x + desde, linea_base, cadena)
            x += ancho
        self.set_xy(self.l_margin, y + alto)

    def footer(self):
        self.set_y(-12)
        self.set_font("Helvetica", "I", 8)
        self.set_text_color(120)
        self.cell(0, 6, f"Página {self.page_no()}/{{nb}}", align="C")


def moneda_clinica(config):
    """The clinic's currency (ISO code) its documents are written in."""
    return (config.moneda if config else None) or current_app.config.get("DEFAULT_CURRENCY", "MXN")


def generar(factura, comprimir=True):
    """Bytes of the invoice's PDF: clinic and branch data, number, date, patient, lines, taxes, totals and
    state (a cancelled invoice is marked ANULADA). A credit note (rectificativa) is titled FACTURA RECTIFICATIVA
    and names the invoice it corrects and why; an ordinary invoice lists its credit notes, its payments and
    refunds (negative) and its balance (``Factura.saldo``).

    ``factura`` as facturacion_service.consultar returns it (lines, payments, credit notes and the corrected
    invoice loaded)."""
    config = por_id(ConfiguracionClinica, 1)
    moneda = moneda_clinica(config)
    sucursal = factura.sucursal
    zona = (sucursal.zona_horaria if sucursal else None) or current_app.config["DEFAULT_TIME_ZONE"]
    importe = lambda v: dinero.formatear(v, moneda, codificacion=CODIFICACION)  # noqa: E731
    rectificativa = factura.tipo == "rectificativa"
    titulo = "FACTURA RECTIFICATIVA" if rectificativa else "FACTURA"

    pdf = Documento(format="Letter")
    pdf.set_compression(comprimir)
    pdf.set_title(texto(f"{titulo.capitalize()} {factura.numero_factura}"))
    pdf.set_author(texto(config.nombre if config else "Clínica"))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    salto = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    derecha = {"align": "R", "new_x": XPos.RIGHT, "new_y": YPos.NEXT}

    # Issuer
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(120, 8, ajustar(pdf, config.nombre if config else "Clínica", 120), **salto)
    pdf.set_font("Helvetica", "", 9)
    if config:
        for linea in (config.razon_social, config.identificacion_fiscal and f"Id. fiscal: {config.identificacion_fiscal}",
                      config.direccion, " · ".join(x for x in (config.telefono, config.email) if x)):
            if linea:
                pdf.cell(120, 4.5, ajustar(pdf, linea, 120), **salto)
    if sucursal:
        pdf.cell(120, 4.5, ajustar(pdf, f"Sucursal: {sucursal.nombre} - {sucursal.direccion}", 120), **salto)
        if sucursal.telefono:
            pdf.cell(120, 4.5, texto(f"Tel. sucursal: {sucursal.telefono}"), **salto)

    # Title, number, date, state (top right). A credit note has nothing to collect: no state.
    pdf.set_xy(135, 12)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, titulo, **derecha)
    pdf.set_x(135)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, texto(f"No. {factura.numero_factura}"), **derecha)
    pdf.set_x(135)
    pdf.cell(0, 5, texto(f"Fecha: {fecha_local(factura.fecha_emision, zona)}"), **derecha)
    anulada = factura.estado == "anulada"
    if not rectificativa:
        pdf.set_x(135)
        pdf.set_font("Helvetica", "B", 11)
        if anulada:
            pdf.set_text_color(200, 0, 0)
        pdf.cell(0, 6, texto(f"Estado: {ESTADOS.get(factura.estado, factura.estado)}"), **derecha)
        pdf.set_text_color(0)

    # Patient
    pdf.set_y(max(pdf.get_y(), 44) + 4)
    paciente = factura.paciente
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Paciente", **salto)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, texto(f"{paciente.nombre} {paciente.apellido}"), **salto)
    if paciente.numero_documento:
        pdf.cell(0, 5, texto(f"{paciente.tipo_documento or 'Documento'}: {paciente.numero_documento}"), **salto)
    if factura.cita_id:
        pdf.cell(0, 5, texto(f"Cita No. {factura.cita_id}"), **salto)
    pdf.ln(3)

    # What a credit note corrects, and why
    if rectificativa:
        original = factura.factura_rectificada
        pdf.set_fill_color(242)
        pdf.set_font("Helvetica", "B", 10)
        pdf.cell(0, 6, texto(f"Rectificativa de {original.numero_factura}, emitida el "
                             f"{fecha_local(original.fecha_emision, zona, '%d/%m/%Y')}"), fill=True, **salto)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, texto(f"Motivo: {factura.motivo_rectificacion}"), fill=True, align="L", **salto)
        pdf.ln(3)

    # Lines (a credit note's: negative quantities, subtotals and taxes at the original unit price)
    anchos = (76, 16, 28, 28, 16, 32)
    columnas = [(ancho, "L" if i == 0 else "R") for i, ancho in enumerate(anchos)]
    cabecera = ("Descripción", "Cant.", "Precio unit.", "Subtotal", "Imp. %", "Impuesto")
    pdf.set_font("Helvetica", "B", 9)
    pdf.set_fill_color(230)
    for ancho, rotulo in zip(anchos, cabecera, strict=True):
        pdf.cell(ancho, 7, texto(rotulo), border=1, fill=True, align="L" if rotulo == "Descripción" else "R")
    pdf.ln()
    pdf.set_font("Helvetica", "", 9)
    for d in factura.detalles:
        valores = (d.descripcion, str(d.cantidad), importe(d.precio_unitario), importe(d.subtotal),
                   dinero.formatear_numero(d.impuesto_porcentaje, moneda), importe(d.impuesto))
        pdf.fila(valores, columnas, 6)

    # Totals
    pdf.ln(2)
    etiqueta_ancho, valor_ancho = anchos[-3] + anchos[-2], anchos[-1]
    totales = [("Subtotal", factura.subtotal, False), ("Impuestos", factura.impuesto, False),
               ("Total", factura.total, True)]
    if factura.rectificado:
        totales += [("Rectificado", -factura.rectificado, False),
                    ("Total tras rectificativas", factura.total - factura.rectificado, True)]
    for etiqueta, valor, negrita in totales:
        pdf.set_font("Helvetica", "B" if negrita else "", 10)
        pdf.cell(sum(anchos) - etiqueta_ancho - valor_ancho, 6, "")
        pdf.cell(etiqueta_ancho, 6, texto(etiqueta), align="R")
        pdf.cell(valor_ancho, 6, texto(importe(valor)), align="R", **salto)

    if not rectificativa:
        _rectificativas(pdf, factura, zona, importe, salto)
        _pagos(pdf, factura, zona, importe, salto)

    if anulada:
        pdf.ln(4)
        pdf.set_text_color(200, 0, 0)
        pdf.set_font("Helvetica", "B", 20)
        pdf.cell(0, 10, "FACTURA ANULADA", align="C", **salto)
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, texto(f"Anulada el {fecha_local(factura.fecha_anulacion, zona)}. "
                                   f"Motivo: {factura.motivo_anulacion}"), **salto)
        pdf.set_text_color(0)

    pdf.ln(6)
    pdf.set_font("Courier", "", 7)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 3.5, texto(f"Huella SHA-256: {factura.huella}"), **salto)
    return bytes(pdf.output())


def _rectificativas(pdf, factura, zona, importe, salto):
    """The credit notes issued against an ordinary invoice, and the amount they took back."""
    notas = list(factura.rectificativas)
    if not notas:
        return
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Facturas rectificativas", **salto)
    pdf.set_font("Helvetica", "", 9)
    for nota in notas:
        pdf.cell(40, 5, texto(nota.numero_factura))
        pdf.cell(40, 5, texto(fecha_local(nota.fecha_emision, zona)))
        pdf.cell(40, 5, texto(importe(nota.total)), align="R", **salto)
    pdf.set_font("Helvetica", "B", 9)
    pdf.cell(80, 5, "Importe rectificado")
    pdf.cell(40, 5, texto(importe(factura.rectificado)), align="R", **salto)


def _pagos(pdf, factura, zona, importe, salto):
    """Payments and refunds (negative, as «Devolución»), what was paid net and the balance."""
    pdf.ln(4)
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Pagos y devoluciones" if factura.devuelto else "Pagos", **salto)
    pdf.set_font("Helvetica", "", 9)
    if not factura.pagos:
        pdf.cell(0, 5, "Sin pagos registrados.", **salto)
    for p in factura.pagos:
        pdf.cell(40, 5, texto(fecha_local(p.fecha, zona)))
        pdf.cell(25, 5, texto("Devolución" if p.monto < 0 else "Pago"))
        pdf.cell(30, 5, texto(METODOS.get(p.metodo, p.metodo)))
        pdf.cell(25, 5, texto(importe(p.monto)), align="R", **salto)
    pdf.set_font("Helvetica", "B", 9)
    if factura.devuelto:
        pdf.cell(95, 5, "Total devuelto")
        pdf.cell(25, 5, texto(importe(factura.devuelto)), align="R", **salto)
    pdf.cell(95, 5, "Total pagado menos devoluciones" if factura.devuelto else "Total pagado")
    pdf.cell(25, 5, texto(importe(factura.pagado)), align="R", **salto)
    saldo = factura.saldo
    # A negative balance is money the clinic owes the patient (refund still to be made).
    pdf.cell(95, 5, texto("Saldo a favor del paciente" if saldo < 0 else "Saldo pendiente"))
    pdf.cell(25, 5, texto(importe(abs(saldo))), align="R", **salto)


def nombre_archivo(factura):
    return f"factura-{factura.numero_factura}.pdf"

