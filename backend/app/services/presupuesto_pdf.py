"""The budget (presupuesto) of a treatment plan in PDF, the paper a patient signs: the clinic and the plan's branch,
the patient, the professional, the plan's title and number, the day it is issued and until when it holds, its items
phase by phase (tooth in FDI notation, surfaces, service, quantity, unit price, discount, tax, total), the plan's
totals, its state (a draft is marked BORRADOR across every page) and the two signature lines.

Amounts are the plan's own (computed and frozen by app/services/odontologia/planes.py): nothing is recomputed here
but the per-phase sums, which add up the items' totals."""
from datetime import timedelta
from decimal import Decimal

from flask import current_app
from fpdf.enums import XPos, YPos

from app.models import ConfiguracionClinica
from app.services.odontologia.fdi import NOMBRES_SUPERFICIES, ORDEN
from app.services.pdf_service import CODIFICACION, Documento, ajustar, fecha_local, moneda_clinica, texto
from app.utils import dinero
from app.utils.sql import por_id

ESTADOS = {"borrador": "Borrador", "presentado": "Presentado", "aceptado": "Aceptado", "rechazado": "Rechazado",
           "en_curso": "En curso", "terminado": "Terminado", "cancelado": "Cancelado"}
# The items' table: 195 mm, the width of a Letter page inside its 10 mm margins.
COLUMNAS = (("Pieza", 13, "C"), ("Superficies", 21, "C"), ("Servicio", 57, "L"), ("Cant.", 11, "R"),
            ("Precio unit.", 24, "R"), ("Descuento", 23, "R"), ("Impuesto", 21, "R"), ("Total", 25, "R"))
ANCHO_TABLA = sum(ancho for _, ancho, _ in COLUMNAS)
FILA = 6
LEYENDA_SUPERFICIES = "Superficies: " + ", ".join(f"{s} {NOMBRES_SUPERFICIES[s]}" for s in ORDEN) + "."
CONFORMIDAD = ("He sido informado/a del diagnóstico, del tratamiento propuesto, de sus alternativas y de su costo, "
               "y acepto este presupuesto.")


class _Presupuesto(Documento):
    """A Documento that, for a draft, prints "BORRADOR" in light grey across every page before its content."""

    borrador = False

    def header(self):
        if not self.borrador:
            return
        self.set_font("Helvetica", "B", 90)
        self.set_text_color(225)
        with self.rotation(35, self.w / 2, self.h / 2):
            ancho = self.get_string_width("BORRADOR")
            self.text(self.w / 2 - ancho / 2, self.h / 2 + 12, "BORRADOR")
        self.set_text_color(0)


def _persona(p):
    return f"{p.nombre} {p.apellido}" if p else ""


def _superficies(item):
    return ", ".join(item.lista_superficies)


def generar(plan, ahora, comprimir=True):
    """Bytes of the budget of ``plan`` (as planes.obtener returns it: items with their services, doctor and branch),
    printed at ``ahora`` (aware): valid ``vigencia_dias`` days from when it was presented to the patient (a draft,
    not presented yet, from ``ahora``), so a reprint never extends it."""
    config = por_id(ConfiguracionClinica, 1)
    moneda = moneda_clinica(config)
    sucursal = plan.sucursal
    zona = (sucursal.zona_horaria if sucursal else None) or current_app.config["DEFAULT_TIME_ZONE"]
    importe = lambda v: dinero.formatear(v, moneda, codificacion=CODIFICACION)  # noqa: E731
    emitido = fecha_local(ahora, zona, "%d/%m/%Y")
    valido_hasta = (plan.presentado_en or ahora) + timedelta(days=plan.vigencia_dias)
    clinica = (config.nombre if config else None) or "Clínica"

    pdf = _Presupuesto(format="Letter")
    pdf.borrador = plan.estado == "borrador"
    pdf.set_compression(comprimir)
    pdf.set_title(texto(f"Presupuesto {plan.id}"))
    pdf.set_author(texto(clinica))
    pdf.set_auto_page_break(True, margin=18)
    pdf.add_page()
    salto = {"new_x": XPos.LMARGIN, "new_y": YPos.NEXT}
    derecha = {"align": "R", "new_x": XPos.RIGHT, "new_y": YPos.NEXT}

    # Issuer: the clinic and the plan's branch
    pdf.set_font("Helvetica", "B", 15)
    pdf.cell(120, 8, ajustar(pdf, clinica, 120), **salto)
    pdf.set_font("Helvetica", "", 9)
    if config:
        for linea in (config.razon_social, config.identificacion_fiscal and f"Id. fiscal: {config.identificacion_fiscal}",
                      config.direccion, " · ".join(x for x in (config.telefono, config.email) if x)):
            if linea:
                pdf.cell(120, 4.5, ajustar(pdf, linea, 120), **salto)
    if sucursal:
        pdf.cell(120, 4.5, ajustar(pdf, f"Sucursal: {sucursal.nombre}", 120), **salto)
        pdf.cell(120, 4.5, ajustar(pdf, sucursal.direccion, 120), **salto)
        if sucursal.telefono:
            pdf.cell(120, 4.5, texto(f"Tel. sucursal: {sucursal.telefono}"), **salto)
    fin_emisor = pdf.get_y()

    # Title, number, dates, state (top right)
    pdf.set_xy(135, 12)
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(0, 7, "PRESUPUESTO", **derecha)
    pdf.set_font("Helvetica", "", 10)
    for linea in (f"Plan No. {plan.id}", f"Fecha: {emitido}",
                  f"Válido hasta: {fecha_local(valido_hasta, zona, '%d/%m/%Y')}"):
        pdf.set_x(135)
        pdf.cell(0, 5, texto(linea), **derecha)
    pdf.set_x(135)
    pdf.set_font("Helvetica", "B", 11)
    if plan.estado in ("borrador", "rechazado", "cancelado"):
        pdf.set_text_color(200, 0, 0)
    pdf.cell(0, 6, texto(f"Estado: {ESTADOS.get(plan.estado, plan.estado)}"), **derecha)
    pdf.set_text_color(0)

    # Patient, professional, plan
    pdf.set_y(max(pdf.get_y(), fin_emisor, 44) + 4)
    paciente = plan.paciente
    pdf.set_font("Helvetica", "B", 10)
    pdf.cell(0, 6, "Paciente", **salto)
    pdf.set_font("Helvetica", "", 10)
    pdf.cell(0, 5, texto(_persona(paciente)), **salto)
    if paciente.numero_documento:
        pdf.cell(0, 5, texto(f"{paciente.tipo_documento or 'Documento'}: {paciente.numero_documento}"), **salto)
    especialidad = plan.medico.especialidad
    pdf.cell(0, 5, ajustar(pdf, f"Profesional: {_persona(plan.medico)}"
                                + (f" ({especialidad.nombre})" if especialidad else ""), 195), **salto)
    pdf.set_font("Helvetica", "B", 11)
    pdf.multi_cell(0, 6, texto(f"Plan de tratamiento: {plan.titulo}"), align="L", **salto)
    _estado(pdf, plan, zona, salto)
    pdf.ln(2)

    # Items, phase by phase
    _tabla(pdf, plan, zona, importe, salto)

    # Totals
    pdf.ln(2)
    etiqueta, valor = COLUMNAS[-3][1] + COLUMNAS[-2][1], COLUMNAS[-1][1]
    for rotulo, cantidad, negrita in (("Subtotal", plan.subtotal, False), ("Descuento", -plan.descuento, False),
                                      ("Impuestos", plan.impuesto, False), ("Total", plan.total, True)):
        pdf.set_font("Helvetica", "B" if negrita else "", 10)
        pdf.cell(ANCHO_TABLA - etiqueta - valor, 6, "")
        pdf.cell(etiqueta, 6, texto(rotulo), align="R", border="T" if negrita else 0)
        pdf.cell(valor, 6, texto(importe(cantidad)), align="R", border="T" if negrita else 0, **salto)
    pdf.ln(2)
    pdf.set_font("Helvetica", "", 8)
    pdf.set_text_color(90)
    pdf.multi_cell(0, 4, texto(f"{LEYENDA_SUPERFICIES} Piezas en notación FDI. Precios válidos hasta el "
                               f"{fecha_local(valido_hasta, zona, '%d/%m/%Y')}."), align="L", **salto)
    pdf.set_text_color(0)

    _firmas(pdf, plan, zona, salto)
    return bytes(pdf.output())


def _estado(pdf, plan, zona, salto):
    """What the plan's state means for the paper: a draft is not an offer yet; a decided plan says when and who."""
    dia = lambda momento: fecha_local(momento, zona, "%d/%m/%Y")  # noqa: E731
    pdf.set_font("Helvetica", "B", 10)
    if plan.estado == "borrador":
        pdf.set_text_color(200, 0, 0)
        linea = "BORRADOR: presupuesto aún no presentado al paciente; sus ítems y precios pueden cambiar."
    elif plan.estado == "rechazado":
        pdf.set_text_color(200, 0, 0)
        linea = f"RECHAZADO por el paciente el {dia(plan.rechazado_en)}."
    elif plan.estado == "cancelado":
        pdf.set_text_color(200, 0, 0)
        linea = f"CANCELADO el {dia(plan.cancelado_en)}. Motivo: {plan.motivo}"
    elif plan.aceptado_en:
        linea = f"Aceptado el {dia(plan.aceptado_en)} por {plan.aceptado_por}."
        if plan.estado == "terminado":
            linea += f" Tratamiento terminado el {dia(plan.terminado_en)}."
    else:
        linea = f"Presentado el {dia(plan.presentado_en)}." if plan.presentado_en else ""
    if linea:
        pdf.multi_cell(0, 5, texto(linea), align="L", **salto)
    pdf.set_text_color(0)


def _cabecera(pdf):
    pdf.set_font("Helvetica", "B", 8)
    pdf.set_fill_color(230)
    for rotulo, ancho, alineacion in COLUMNAS:
        pdf.cell(ancho, FILA, texto(rotulo), border=1, fill=True, align=alineacion)
    pdf.ln()


def _cabe(pdf, alto):
    """Start a new page (with the table's header) when ``alto`` mm do not fit on this one."""
    if pdf.get_y() + alto > pdf.page_break_trigger:
        pdf.add_page()
        _cabecera(pdf)


def _tabla(pdf, plan, zona, importe, salto):
    _cabecera(pdf)
    fases = {}
    for item in plan.items:
        fases.setdefault(item.fase, []).append(item)
    for fase in sorted(fases):
        _cabe(pdf, 3 * FILA)  # a phase's title never ends a page alone
        pdf.set_font("Helvetica", "B", 9)
        pdf.set_fill_color(242)
        pdf.cell(ANCHO_TABLA, FILA, f"Fase {fase}", border=1, fill=True, **salto)
        total_fase = Decimal("0.00")
        for item in sorted(fases[fase], key=lambda i: i.id):
            nota = " · ".join(x for x in (item.nota, item.realizado_en and "Realizado el "
                                          + fecha_local(item.realizado_en, zona, "%d/%m/%Y")) if x)
            _cabe(pdf, FILA * (2 if nota else 1))
            pdf.set_font("Helvetica", "", 8)
            descuento = importe(-item.descuento) if item.descuento else "-"
            valores = ("" if item.pieza is None else str(item.pieza), _superficies(item), item.servicio.nombre,
                       str(item.cantidad), importe(item.precio_unitario), descuento, importe(item.impuesto),
                       importe(item.total))
            pdf.fila(valores, COLUMNAS, FILA)
            if nota:
                pdf.set_font("Helvetica", "I", 7.5)
                pdf.cell(COLUMNAS[0][1] + COLUMNAS[1][1], FILA - 1, "", border="LB")
                pdf.cell(ANCHO_TABLA - COLUMNAS[0][1] - COLUMNAS[1][1], FILA - 1,
                         ajustar(pdf, nota, ANCHO_TABLA - COLUMNAS[0][1] - COLUMNAS[1][1]), border="RB", **salto)
            total_fase += item.total
        pdf.set_font("Helvetica", "B", 8)
        pdf.cell(ANCHO_TABLA - COLUMNAS[-1][1], FILA, texto(f"Total fase {fase}"), border=1, align="R")
        pdf.cell(COLUMNAS[-1][1], FILA, texto(importe(total_fase)), border=1, align="R", **salto)


def _firmas(pdf, plan, zona, salto):
    """The patient's consent and the two signature lines, kept together on one page."""
    if pdf.get_y() + 48 > pdf.page_break_trigger:
        pdf.add_page()
    pdf.ln(6)
    pdf.set_font("Helvetica", "", 9)
    pdf.multi_cell(0, 4.5, texto(CONFORMIDAD), align="L", **salto)
    pdf.ln(16)
    pdf.set_font("Helvetica", "", 10)
    linea, hueco = 85, 25
    pdf.cell(linea, 5, "_" * 40, new_x=XPos.RIGHT)
    pdf.cell(hueco, 5, "")
    pdf.cell(linea, 5, "_" * 40, **salto)
    pdf.cell(linea, 5, "Firma del paciente", new_x=XPos.RIGHT)
    pdf.cell(hueco, 5, "")
    pdf.cell(linea, 5, "Firma del profesional", **salto)
    pdf.set_font("Helvetica", "", 9)
    if plan.aceptado_por and plan.aceptado_en:
        firmante = f"Aceptado por: {plan.aceptado_por}"
        fecha = f"Fecha: {fecha_local(plan.aceptado_en, zona, '%d/%m/%Y')}"
    else:
        firmante, fecha = "Nombre: " + _persona(plan.paciente), "Fecha:"
    pdf.cell(linea, 5, ajustar(pdf, firmante, linea), new_x=XPos.RIGHT)
    pdf.cell(hueco, 5, "")
    pdf.cell(linea, 5, ajustar(pdf, _persona(plan.medico), linea), **salto)
    pdf.cell(linea, 5, texto(fecha), **salto)
