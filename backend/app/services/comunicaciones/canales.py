"""Delivery channels behind one interface: ``canal_configurado(nombre, config)`` gives the channel object for
email / whatsapp / sms when its settings are present (None otherwise: the message goes to the outbox only,
canal "registro"), and ``Canal.enviar(entrega)`` sends one message or raises ErrorEntrega.

Every channel marks a message with a key derived from its id (the e-mail's Message-ID, the HTTP APIs'
``Idempotency-Key``), so a relay or provider that honours it drops the resend that follows a crash between the
send and its recording. Error texts are short, in Spanish, and never carry a credential."""
import base64
import hashlib
import http.client
import json
import smtplib
import ssl
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, formatdate


@dataclass(frozen=True)
class Entrega:
    """What a channel needs to send one message (rendered by plantillas.py)."""

    mensaje_id: int
    tipo: str             # Mensaje.tipo: also the WhatsApp template's name
    destino: str          # e-mail address or phone number (E.164 or as stored)
    asunto: str           # e-mail subject
    texto: str            # plain text (SMS, e-mail's text part)
    html: str             # e-mail's HTML part
    parametros: tuple     # the template's values in placeholder order (WhatsApp template parameters)
    remitente: str        # the clinic's name, for the From display name


class ErrorEntrega(Exception):
    """The channel could not deliver: the message is retried with backoff (its text is the recorded error)."""


class Canal:
    """One delivery channel, built from the app's config. ``requiere``: the settings without which it is off."""

    nombre: str
    requiere: tuple[str, ...]

    def __init__(self, config: Mapping):
        self.config = config
        self.timeout = float(config.get("CANAL_TIMEOUT_S") or 10)

    def enviar(self, entrega: Entrega) -> None:
        raise NotImplementedError


def _corto(texto, limite=200) -> str:
    texto = " ".join(str(texto).split())
    return texto if len(texto) <= limite else texto[:limite - 1] + "…"


def _sin_destino(texto: str, *destinos: str) -> str:
    """An error text without the destination in it: the message log shows destinations masked only."""
    for destino in sorted(filter(None, destinos), key=len, reverse=True):
        texto = texto.replace(destino, "<destino>")
    return texto


class CanalEmail(Canal):
    nombre = "email"
    requiere = ("SMTP_HOST", "SMTP_FROM")

    def mensaje(self, entrega: Entrega) -> EmailMessage:
        """multipart/alternative (text, then HTML) with a Message-ID that is the same on every resend."""
        desde = self.config["SMTP_FROM"]
        mensaje = EmailMessage()
        mensaje["Subject"] = " ".join(entrega.asunto.split())  # a header is one line
        mensaje["From"] = formataddr((" ".join(entrega.remitente.split()), desde))
        mensaje["To"] = entrega.destino
        mensaje["Date"] = formatdate(usegmt=True)
        # The hash tells apart two installations that send from the same domain (their message ids collide).
        huella = hashlib.sha256(f"{self.config.get('PUBLIC_BASE_URL')}|{desde}".encode()).hexdigest()[:12]
        mensaje["Message-ID"] = f"<mensaje-{entrega.mensaje_id}.{huella}@{desde.rpartition('@')[2] or 'localhost'}>"
        mensaje.set_content(entrega.texto)
        mensaje.add_alternative(entrega.html, subtype="html")
        return mensaje

    def enviar(self, entrega: Entrega) -> None:
        try:
            mensaje = self.mensaje(entrega)
        except ValueError as exc:  # e.g. a line break in the destination (its text would repeat the address)
            raise ErrorEntrega("SMTP: destinatario o encabezado no válido") from exc
        try:
            with self._conectar() as smtp:
                if self.config.get("SMTP_USER"):
                    smtp.login(self.config["SMTP_USER"], self.config.get("SMTP_PASSWORD") or "")
                smtp.send_message(mensaje, from_addr=self.config["SMTP_FROM"], to_addrs=[entrega.destino])
        except OSError as exc:  # smtplib.SMTPException and ssl.SSLError are OSErrors
            raise ErrorEntrega(_sin_destino(self._descripcion(exc), entrega.destino)) from exc

    def _conectar(self) -> smtplib.SMTP:
        host, puerto = self.config["SMTP_HOST"], int(self.config.get("SMTP_PORT") or 587)
        seguridad = self.config.get("SMTP_SEGURIDAD") or "starttls"
        if seguridad not in ("starttls", "ssl", "ninguna"):
            raise ErrorEntrega(f"SMTP_SEGURIDAD desconocida: {_corto(seguridad, 40)} (starttls, ssl o ninguna)")
        contexto = self._contexto_tls()
        if seguridad == "ssl":
            return smtplib.SMTP_SSL(host, puerto, timeout=self.timeout, context=contexto)
        smtp = smtplib.SMTP(host, puerto, timeout=self.timeout)
        if seguridad == "starttls":
            try:
                smtp.ehlo()
                if not smtp.has_extn("starttls"):  # never fall back to plain text
                    raise ErrorEntrega("SMTP: el servidor no ofrece STARTTLS")
                smtp.starttls(context=contexto)
            except BaseException:
                smtp.close()
                raise
        return smtp

    def _contexto_tls(self) -> ssl.SSLContext:
        """A private relay's CA (SMTP_CA_FILE) replaces the system's; verification is never turned off."""
        try:
            return ssl.create_default_context(cafile=self.config.get("SMTP_CA_FILE") or None)
        except OSError as exc:  # missing, unreadable or not PEM
            raise ErrorEntrega(f"SMTP: no se pudo leer SMTP_CA_FILE ({_corto(exc.strerror or exc)})") from exc

    def _descripcion(self, exc: OSError) -> str:
        donde = f"{self.config['SMTP_HOST']}:{self.config.get('SMTP_PORT') or 587}"
        if isinstance(exc, smtplib.SMTPAuthenticationError):
            return f"SMTP: usuario o contraseña rechazados ({exc.smtp_code})"
        if isinstance(exc, smtplib.SMTPRecipientsRefused):
            codigo, texto = next(iter(exc.recipients.values()))
            return f"SMTP: destinatario rechazado ({codigo} {_corto(texto.decode(errors='replace'))})"
        if isinstance(exc, smtplib.SMTPResponseException):
            return f"SMTP: el servidor respondió {exc.smtp_code} {_corto(exc.smtp_error.decode(errors='replace'))}"
        if isinstance(exc, smtplib.SMTPServerDisconnected):
            return f"SMTP: {donde} cerró la conexión"
        if isinstance(exc, smtplib.SMTPException):
            return f"SMTP: {_corto(exc)}"
        if isinstance(exc, ssl.SSLCertVerificationError):
            return f"SMTP: el certificado de {donde} no es válido ({_corto(exc.verify_message)})"
        if isinstance(exc, TimeoutError):
            return f"SMTP: {donde} no respondió en {self.timeout:g} s"
        return f"SMTP: no se pudo conectar con {donde} ({_corto(exc.strerror or exc)})"


class _SinRedirecciones(urllib.request.HTTPRedirectHandler):
    """A redirected POST would be resent as a GET without its body: an API that redirects is an error."""

    def redirect_request(self, *args, **kwargs):
        return None


_abrir = urllib.request.build_opener(_SinRedirecciones).open


class _CanalHttp(Canal):
    """A JSON or form POST to a provider's REST API; anything but 2xx is an ErrorEntrega."""

    servicio: str  # for error texts

    def _post(self, url: str, entrega: Entrega, *, destino: str, cuerpo: bytes, tipo: str, autorizacion: str) -> None:
        """``destino``: the destination as sent (kept out of error texts, like ``entrega.destino``)."""
        peticion = urllib.request.Request(url, data=cuerpo, method="POST", headers={
            "Content-Type": tipo, "Accept": "application/json", "Authorization": autorizacion,
            "Idempotency-Key": f"mensaje-{entrega.mensaje_id}"})
        try:
            with _abrir(peticion, timeout=self.timeout) as respuesta:
                respuesta.read()
        except urllib.error.HTTPError as exc:
            with exc:
                detalle = _sin_destino(_mensaje_de_error(exc.read()), entrega.destino, destino)
            raise ErrorEntrega(f"{self.servicio}: HTTP {exc.code}" + (f": {detalle}" if detalle else "")) from exc
        except http.client.HTTPException as exc:  # not even an HTTP answer
            raise ErrorEntrega(f"{self.servicio}: respuesta no válida ({type(exc).__name__})") from exc
        except ValueError as exc:  # the configured URL
            raise ErrorEntrega(f"{self.servicio}: URL de la API no válida") from exc
        except OSError as exc:
            motivo = exc.reason if isinstance(exc, urllib.error.URLError) else exc
            if isinstance(motivo, TimeoutError):
                raise ErrorEntrega(f"{self.servicio}: sin respuesta en {self.timeout:g} s") from exc
            texto = getattr(motivo, "strerror", None) or motivo
            raise ErrorEntrega(f"{self.servicio}: no se pudo conectar ({_corto(texto)})") from exc


def _mensaje_de_error(cuerpo: bytes) -> str:
    """The API's own error message: WhatsApp's ``{"error": {"message"}}``, Twilio's ``{"message"}``."""
    try:
        datos = json.loads(cuerpo)
    except ValueError:
        return _corto(cuerpo.decode(errors="replace"))
    if not isinstance(datos, dict):
        return ""
    error = datos.get("error")
    texto = error.get("message") if isinstance(error, dict) else datos.get("message") or error
    return _corto(texto) if texto else ""


class CanalWhatsApp(_CanalHttp):
    """WhatsApp Cloud API: a pre-approved template named after the message's tipo, in Spanish."""

    nombre = servicio = "whatsapp"
    requiere = ("WHATSAPP_TOKEN", "WHATSAPP_PHONE_ID")

    def enviar(self, entrega: Entrega) -> None:
        base = (self.config.get("WHATSAPP_API_URL") or "https://graph.facebook.com/v21.0").rstrip("/")
        destino = "".join(c for c in entrega.destino if c.isdigit())
        cuerpo = {"messaging_product": "whatsapp", "to": destino,
                  "type": "template",
                  "template": {"name": entrega.tipo, "language": {"code": "es"}, "components": [
                      {"type": "body", "parameters": [{"type": "text", "text": str(p)} for p in entrega.parametros]}]}}
        self._post(f"{base}/{self.config['WHATSAPP_PHONE_ID']}/messages", entrega, destino=destino,
                   cuerpo=json.dumps(cuerpo).encode(), tipo="application/json",
                   autorizacion=f"Bearer {self.config['WHATSAPP_TOKEN']}")


class CanalSms(_CanalHttp):
    """A Twilio-compatible Messages API (Twilio itself, or a provider that copies its interface)."""

    nombre = "sms"
    servicio = "SMS"
    requiere = ("SMS_API_URL", "SMS_ACCOUNT", "SMS_TOKEN", "SMS_FROM")

    def enviar(self, entrega: Entrega) -> None:
        cuenta = self.config["SMS_ACCOUNT"]
        destino = "".join(c for c in entrega.destino if c.isdigit() or c == "+")
        cuerpo = urllib.parse.urlencode({"To": destino, "From": self.config["SMS_FROM"], "Body": entrega.texto})
        credencial = base64.b64encode(f"{cuenta}:{self.config['SMS_TOKEN']}".encode()).decode()
        self._post(f"{self.config['SMS_API_URL'].rstrip('/')}/Accounts/{urllib.parse.quote(cuenta)}/Messages.json",
                   entrega, destino=destino, cuerpo=cuerpo.encode(), tipo="application/x-www-form-urlencoded",
                   autorizacion=f"Basic {credencial}")


_CANALES = {c.nombre: c for c in (CanalEmail, CanalWhatsApp, CanalSms)}


def canal_configurado(nombre: str, config: Mapping) -> Canal | None:
    """The channel ``nombre`` (email, whatsapp, sms) when all its settings are present; None otherwise."""
    clase = _CANALES.get(nombre)
    if clase is None or not all(config.get(clave) for clave in clase.requiere):
        return None
    return clase(config)
