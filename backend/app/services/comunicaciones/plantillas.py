"""The texts of patient messages: the editable templates of appointment messages, the fixed ones of account
messages, the placeholders they may use, and how one message is rendered (plain text, HTML, and the ordered
parameters of a WhatsApp template)."""
import html
import string
from dataclasses import dataclass
from datetime import date, time

from app.utils.errors import Invalido

# The only placeholders a template may use (API.md). A pre-approved WhatsApp template receives their values
# as parameters {{1}}…{{7}} in this order.
MARCADORES = ("paciente_nombre", "fecha", "hora", "medico", "sucursal", "direccion", "enlace")
EDITABLES = ("recordatorio", "confirmacion_cita", "cancelacion", "reprogramacion")

PREDETERMINADAS = {
    "recordatorio": ("Hola {paciente_nombre}: le recordamos su cita del {fecha} a las {hora} con {medico} en "
                     "{sucursal} ({direccion}).\n\nConfirme o cancele su cita aquí: {enlace}"),
    "confirmacion_cita": ("Hola {paciente_nombre}: su cita quedó agendada para el {fecha} a las {hora} con "
                          "{medico} en {sucursal} ({direccion}).\n\nVea, confirme o cancele su cita aquí: {enlace}"),
    "cancelacion": ("Hola {paciente_nombre}: su cita del {fecha} a las {hora} con {medico} en {sucursal} fue "
                    "cancelada.\n\nSi desea una nueva cita, comuníquese con nosotros. Detalles: {enlace}"),
    "reprogramacion": ("Hola {paciente_nombre}: su cita cambió al {fecha} a las {hora} con {medico} en "
                       "{sucursal} ({direccion}).\n\nConfirme o cancele su cita aquí: {enlace}"),
    # A freed slot offered from the waiting list (not editable: not in EDITABLES); the link books it.
    "oferta_hueco": ("Hola {paciente_nombre}: se liberó un horario el {fecha} a las {hora} con {medico} en "
                     "{sucursal} ({direccion}).\n\nSi lo quiere, resérvelo aquí: {enlace}\n\nSe lo asignamos a "
                     "quien lo acepte primero."),
}
# Account messages: fixed texts, their only value is the one-time link or code.
FIJAS = {
    "restablecer_password": ("Recibimos una solicitud para restablecer su contraseña.\n\nPara elegir una nueva, "
                             "abra este enlace (válido 30 minutos): {enlace}\n\nSi no la solicitó, ignore este "
                             "mensaje: su contraseña no cambia."),
    "codigo_verificacion": "Su código de verificación es {enlace}. Vence en 15 minutos; no lo comparta con nadie.",
}
ASUNTOS = {
    "recordatorio": "Recordatorio de su cita",
    "confirmacion_cita": "Su cita quedó agendada",
    "cancelacion": "Su cita fue cancelada",
    "reprogramacion": "Su cita cambió de fecha u hora",
    "oferta_hueco": "Se liberó un horario para usted",
    "restablecer_password": "Restablecer su contraseña",
    "codigo_verificacion": "Su código de verificación",
}

_DIAS = ("lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo")
_MESES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
          "noviembre", "diciembre")


def fecha_larga(dia: date) -> str:
    """"lunes 14 de diciembre de 2026"."""
    return f"{_DIAS[dia.weekday()]} {dia.day} de {_MESES[dia.month - 1]} de {dia.year}"


def hora_corta(hora: time) -> str:
    return hora.strftime("%H:%M")


def _partes(plantilla: str):
    """(literal text, placeholder or None) pairs; ValueError on unbalanced braces."""
    return [(literal, campo) for literal, campo, _formato, _conversion in string.Formatter().parse(plantilla)]


def validar(tipo: str, plantilla: str) -> str:
    """The template as given, or 422 naming the unknown placeholders (or broken braces)."""
    campo = f"plantillas.{tipo}"
    if not isinstance(plantilla, str) or not plantilla.strip():
        raise Invalido({campo: ["La plantilla no puede estar vacía."]})
    if len(plantilla) > 2000:
        raise Invalido({campo: ["La plantilla no puede superar los 2000 caracteres."]})
    try:
        partes = _partes(plantilla)
    except ValueError:
        raise Invalido({campo: ["Llaves desbalanceadas: escriba los marcadores como {paciente_nombre}."]}) from None
    desconocidos = sorted({c for _, c in partes if c is not None and c not in MARCADORES})
    if desconocidos:
        permitidos = " ".join("{" + m + "}" for m in MARCADORES)
        raise Invalido({campo: [f"Marcadores no permitidos: {', '.join('{' + d + '}' for d in desconocidos)}. "
                                f"Use solo {permitidos}."]})
    return plantilla


@dataclass(frozen=True)
class Texto:
    asunto: str
    texto: str
    html: str
    parametros: tuple


def renderizar(plantilla: str, tipo: str, valores: dict, clinica: str) -> Texto:
    """One message: the template with ``valores`` (a value for every placeholder it uses), signed with the
    clinic's name; the HTML part escapes everything but the link it makes of ``enlace``."""
    texto, partes_html = [], []
    for literal, campo in _partes(plantilla):
        texto.append(literal)
        partes_html.append(html.escape(literal))
        if campo is not None:
            valor = str(valores.get(campo, ""))
            texto.append(valor)
            if campo == "enlace" and valor.startswith(("http://", "https://")):
                url = html.escape(valor, quote=True)
                partes_html.append(f'<a href="{url}">{url}</a>')
            else:
                partes_html.append(html.escape(valor))
    firma = f"\n\n{clinica}"
    cuerpo = "".join(texto) + firma
    parrafos = "".join(partes_html).split("\n\n") + [html.escape(clinica)]
    html_doc = ('<!doctype html><html lang="es"><body style="font-family:sans-serif;line-height:1.5">'
                + "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in parrafos) + "</body></html>")
    parametros = tuple(str(valores.get(m, "")) for m in MARCADORES if m in valores)
    return Texto(asunto=f"{ASUNTOS[tipo]} — {clinica}", texto=cuerpo, html=html_doc, parametros=parametros)


def plantilla_de(tipo: str, personalizadas: dict) -> str:
    """The text of a type: the clinic's own (editable types) or the default / fixed one."""
    if tipo in FIJAS:
        return FIJAS[tipo]
    return personalizadas.get(tipo) or PREDETERMINADAS[tipo]
