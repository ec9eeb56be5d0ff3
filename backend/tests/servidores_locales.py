"""Real local servers for the delivery channels' tests: nothing leaves the machine.

- ``servidor_smtp(seguridad=..., usuario=..., password=...)``: an aiosmtpd server on 127.0.0.1 that records every
  message it accepts. TLS (``starttls`` or ``ssl``) uses a self-signed certificate made for the occasion; its
  ``config()`` gives the app's SMTP_* settings, with SMTP_CA_FILE pointing at that certificate so the client
  verifies it for real. With ``usuario`` it accepts mail only after AUTH (over TLS unless ``ninguna``).
- ``api_falsa()``: an HTTP server standing in for the WhatsApp Cloud API and a Twilio-compatible SMS API. It
  records every request, can fail the next N of them or hold its answers, and honours ``Idempotency-Key``: a
  key it has already delivered counts as a duplicate, not as a new delivery (``entregas`` vs ``duplicadas``).

Waits (``esperar``) are bounded and return what arrived; the caller asserts on that.
"""
import contextlib
import datetime
import ipaddress
import json
import ssl
import sys
import tempfile
import threading
import urllib.parse
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID


def certificado_autofirmado(directorio: Path) -> tuple[Path, Path]:
    """(certificate, key) PEM files for ``localhost`` and 127.0.0.1; the certificate is its own CA bundle."""
    clave = ec.generate_private_key(ec.SECP256R1())
    nombre = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    ahora = datetime.datetime.now(datetime.UTC)
    publica = x509.SubjectKeyIdentifier.from_public_key(clave.public_key())
    certificado = (
        x509.CertificateBuilder().subject_name(nombre).issuer_name(nombre).public_key(clave.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(ahora - datetime.timedelta(minutes=5)).not_valid_after(ahora + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost"),
                                                    x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False, key_agreement=False,
                                     crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(publica, critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_subject_key_identifier(publica), critical=False)
        .sign(clave, hashes.SHA256())
    )
    ruta_cert, ruta_clave = directorio / "smtp.crt", directorio / "smtp.key"
    ruta_cert.write_bytes(certificado.public_bytes(serialization.Encoding.PEM))
    ruta_clave.write_bytes(clave.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
    return ruta_cert, ruta_clave


@dataclass
class CorreoRecibido:
    remitente: str              # the envelope's MAIL FROM
    destinatarios: list[str]    # the envelope's RCPT TO
    mensaje: EmailMessage       # the message as parsed (policy.default: get_body, headers decoded)
    usuario: str | None         # who logged in (AUTH), if anyone
    tls: bool                   # the session was encrypted (STARTTLS or implicit TLS)


class _Esperable:
    """A list that tests can wait on from another thread (bounded)."""

    def __init__(self):
        self._condicion = threading.Condition()

    def _avisar(self):
        with self._condicion:
            self._condicion.notify_all()

    def _esperar(self, lista, n, timeout):
        with self._condicion:
            self._condicion.wait_for(lambda: len(lista) >= n, timeout=timeout)
            return list(lista)


class ServidorSmtp(_Esperable):
    def __init__(self, seguridad, usuario, password):
        super().__init__()
        self.seguridad, self.usuario, self.password = seguridad, usuario, password
        self.recibidos: list[CorreoRecibido] = []
        self.ca_file: Path | None = None
        self.host, self.port = "127.0.0.1", None
        self._fallos: list[str] = []

    def config(self, **extra) -> dict:
        """The app's settings that point the email channel at this server."""
        return {"SMTP_HOST": self.host, "SMTP_PORT": self.port, "SMTP_SEGURIDAD": self.seguridad,
                "SMTP_CA_FILE": str(self.ca_file) if self.ca_file else None, "SMTP_FROM": "citas@clinica.test",
                "SMTP_USER": self.usuario, "SMTP_PASSWORD": self.password, "CANAL_TIMEOUT_S": 10, **extra}

    def fallar(self, veces=1, respuesta="451 4.3.0 Fallo temporal simulado"):
        """The next ``veces`` messages are refused with ``respuesta`` (and not recorded)."""
        self._fallos.extend([respuesta] * veces)

    def esperar(self, n, timeout=15) -> list[CorreoRecibido]:
        """The messages received once there are ``n`` (or when ``timeout`` runs out)."""
        return self._esperar(self.recibidos, n, timeout)

    # aiosmtpd's hooks (run in the server's thread)
    def autenticar(self, server, session, envelope, mecanismo, datos):
        valido = (self.usuario is not None and datos.login.decode() == self.usuario
                  and datos.password.decode() == self.password)
        return AuthResult(success=valido, handled=False, auth_data=self.usuario if valido else None)

    async def handle_RCPT(self, server, session, envelope, direccion, opciones):
        if self.usuario and not session.authenticated:
            return "530 5.7.0 Authentication required"
        envelope.rcpt_tos.append(direccion)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self._fallos:
            return self._fallos.pop(0)
        mensaje = BytesParser(policy=policy.default).parsebytes(envelope.original_content)
        self.recibidos.append(CorreoRecibido(envelope.mail_from, list(envelope.rcpt_tos), mensaje, session.auth_data,
                                             session.ssl is not None or self.seguridad == "ssl"))
        self._avisar()
        return "250 2.0.0 OK"


class _Controlador(Controller):
    """aiosmtpd's Controller on port 0: the port the system chose is read before the first connection."""

    def _trigger_server(self):
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


@contextlib.contextmanager
def servidor_smtp(seguridad="starttls", usuario=None, password=None, puerto=0):
    """An SMTP server on 127.0.0.1 (``puerto`` 0: a free one). ``seguridad``: starttls (required before any
    command), ssl (implicit TLS) or ninguna. Yields a ServidorSmtp."""
    servidor = ServidorSmtp(seguridad, usuario, password)
    with tempfile.TemporaryDirectory() as directorio:
        opciones = {"server_hostname": "localhost", "authenticator": servidor.autenticar,
                    "auth_require_tls": seguridad == "starttls"}
        if seguridad != "ninguna":
            servidor.ca_file, clave = certificado_autofirmado(Path(directorio))
            contexto = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
            contexto.load_cert_chain(servidor.ca_file, clave)
            if seguridad == "ssl":
                opciones["ssl_context"] = contexto
            else:
                opciones.update(tls_context=contexto, require_starttls=True)
        controlador = _Controlador(servidor, hostname=servidor.host, port=puerto, **opciones)
        controlador.start()
        servidor.port = controlador.port
        try:
            yield servidor
        finally:
            controlador.stop()


@dataclass
class Peticion:
    metodo: str
    ruta: str
    cabeceras: dict[str, str]   # names in lower case
    cuerpo: bytes

    @property
    def clave(self) -> str | None:
        return self.cabeceras.get("idempotency-key")

    def json(self):
        return json.loads(self.cuerpo)

    def formulario(self) -> dict[str, str]:
        return dict(urllib.parse.parse_qsl(self.cuerpo.decode(), keep_blank_values=True, strict_parsing=True))


class ApiFalsa(_Esperable):
    def __init__(self, estado_ok):
        super().__init__()
        self.url = None
        self.estado_ok = estado_ok
        self.peticiones: list[Peticion] = []    # every request, in order of arrival
        self.entregas: list[Peticion] = []      # accepted as a new delivery
        self.duplicadas: list[Peticion] = []    # accepted, but their Idempotency-Key was already delivered
        self._fallos: list[tuple[int, bytes]] = []
        self._respuestas: dict[str, bytes] = {}  # Idempotency-Key → the answer of its delivery
        self._cerrojo = threading.Lock()
        self._soltar = threading.Event()
        self._soltar.set()

    def fallar(self, estado=500, veces=1, cuerpo=None):
        """The next ``veces`` requests get ``estado`` with ``cuerpo`` (a WhatsApp-style error by default)."""
        if cuerpo is None:
            cuerpo = {"error": {"message": "Fallo simulado del proveedor", "code": 131000}}
        datos = cuerpo if isinstance(cuerpo, bytes) else json.dumps(cuerpo).encode()
        with self._cerrojo:
            self._fallos.extend([(estado, datos)] * veces)

    def retener(self):
        """Requests are recorded (and delivered) as they arrive but answered only after ``soltar()``."""
        self._soltar.clear()

    def soltar(self):
        self._soltar.set()

    def esperar(self, n, timeout=15) -> list[Peticion]:
        """The requests received once there are ``n`` (or when ``timeout`` runs out)."""
        return self._esperar(self.peticiones, n, timeout)

    def atender(self, peticion: Peticion) -> tuple[int, bytes]:
        with self._cerrojo:
            self.peticiones.append(peticion)
            if self._fallos:
                estado, cuerpo = self._fallos.pop(0)
            elif peticion.clave and peticion.clave in self._respuestas:
                self.duplicadas.append(peticion)
                estado, cuerpo = self.estado_ok, self._respuestas[peticion.clave]
            else:
                self.entregas.append(peticion)
                estado, cuerpo = self.estado_ok, json.dumps({"id": f"falso-{len(self.entregas)}",
                                                             "messages": [{"id": f"wamid.{len(self.entregas)}"}],
                                                             "sid": f"SM{len(self.entregas):032d}"}).encode()
                if peticion.clave:
                    self._respuestas[peticion.clave] = cuerpo
        self._avisar()
        self._soltar.wait()
        return estado, cuerpo


class _Manejador(BaseHTTPRequestHandler):
    def do_POST(self):
        cuerpo = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        cabeceras = {nombre.lower(): valor for nombre, valor in self.headers.items()}
        estado, respuesta = self.server.api.atender(Peticion("POST", self.path, cabeceras, cuerpo))
        self.send_response(estado)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(respuesta)))
        self.end_headers()
        self.wfile.write(respuesta)

    def log_message(self, *args):
        pass


class _ServidorHttp(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a client that gave up before the answer: fine
            super().handle_error(request, client_address)


@contextlib.contextmanager
def api_falsa(estado_ok=200):
    """The fake WhatsApp / SMS API on a free port of 127.0.0.1; ``estado_ok``: the status of a success
    (WhatsApp answers 200, Twilio 201). Yields an ApiFalsa whose ``url`` is the base URL."""
    api = ApiFalsa(estado_ok)
    servidor = _ServidorHttp(("127.0.0.1", 0), _Manejador)
    servidor.api = api
    api.url = f"http://127.0.0.1:{servidor.server_address[1]}"
    hilo = threading.Thread(target=servidor.serve_forever, daemon=True)
    hilo.start()
    try:
        yield api
    finally:
        api.soltar()
        servidor.shutdown()
        servidor.server_close()
        hilo.join()
