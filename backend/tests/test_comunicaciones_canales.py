"""The delivery channels against real local servers: SMTP (aiosmtpd, with real TLS) and a fake WhatsApp / SMS
HTTP API. Nothing leaves the machine."""
import base64

import pytest

from app.services.comunicaciones.canales import (
    CanalEmail,
    CanalSms,
    CanalWhatsApp,
    Entrega,
    ErrorEntrega,
    canal_configurado,
)
from tests.servidor import puerto_libre
from tests.servidores_locales import api_falsa, servidor_smtp


def entrega(mensaje_id=41, destino="ana.lopez@correo.mx", **cambios):
    datos = {"mensaje_id": mensaje_id, "tipo": "recordatorio", "destino": destino,
             "asunto": "Recordatorio de su cita del 3 de marzo",
             "texto": "Hola Ana, le recordamos su cita el 03/03/2026 a las 10:30.",
             "html": "<p>Hola Ana, le recordamos su cita el <b>03/03/2026</b> a las 10:30.</p>",
             "parametros": ("Ana", "03/03/2026", "10:30"), "remitente": "Clínica Sonrisas"}
    return Entrega(**{**datos, **cambios})


def whatsapp_config(api, **extra):
    return {"WHATSAPP_TOKEN": "token-secreto", "WHATSAPP_PHONE_ID": "1098765", "WHATSAPP_API_URL": api.url,
            "CANAL_TIMEOUT_S": 10, **extra}


def sms_config(api, **extra):
    return {"SMS_API_URL": api.url + "/2010-04-01", "SMS_ACCOUNT": "AC123", "SMS_TOKEN": "token-sms",
            "SMS_FROM": "+15005550006", "CANAL_TIMEOUT_S": 10, **extra}


# --- email -------------------------------------------------------------------------------------------------

def test_an_email_over_starttls_with_login_arrives_with_its_text_and_html_parts():
    with servidor_smtp("starttls", usuario="clinica", password="clave-smtp") as smtp:
        CanalEmail(smtp.config()).enviar(entrega())
        [correo] = smtp.recibidos

    assert correo.tls and correo.usuario == "clinica"
    assert correo.remitente == "citas@clinica.test" and correo.destinatarios == ["ana.lopez@correo.mx"]
    mensaje = correo.mensaje
    assert mensaje["From"] == "Clínica Sonrisas <citas@clinica.test>"
    assert mensaje["To"] == "ana.lopez@correo.mx"
    assert mensaje["Subject"] == "Recordatorio de su cita del 3 de marzo"
    assert mensaje.get_content_type() == "multipart/alternative"
    assert mensaje.get_body("plain").get_content().strip() == entrega().texto
    assert mensaje.get_body("html").get_content().strip() == entrega().html
    assert mensaje["Message-ID"].startswith("<mensaje-41.") and mensaje["Message-ID"].endswith("@clinica.test>")


def test_a_message_sent_again_keeps_its_message_id_so_a_relay_can_drop_the_copy():
    with servidor_smtp("ninguna") as smtp:
        canal = CanalEmail(smtp.config())
        canal.enviar(entrega(mensaje_id=7))
        canal.enviar(entrega(mensaje_id=7))
        canal.enviar(entrega(mensaje_id=8))
        primero, reenvio, otro = (c.mensaje["Message-ID"] for c in smtp.recibidos)

    assert primero == reenvio
    assert otro != primero and otro.startswith("<mensaje-8.")


def test_an_email_in_ssl_mode_is_delivered_over_implicit_tls_with_a_verified_certificate():
    with servidor_smtp("ssl", usuario="clinica", password="clave-smtp") as smtp:
        CanalEmail(smtp.config()).enviar(entrega())
        [correo] = smtp.recibidos

    assert correo.tls and correo.usuario == "clinica"
    assert correo.mensaje["Subject"] == "Recordatorio de su cita del 3 de marzo"


def test_an_email_in_ninguna_mode_goes_in_plain_text_to_a_local_relay():
    with servidor_smtp("ninguna") as smtp:
        CanalEmail(smtp.config(SMTP_USER=None)).enviar(entrega())
        [correo] = smtp.recibidos

    assert not correo.tls and correo.usuario is None
    assert correo.destinatarios == ["ana.lopez@correo.mx"]


def test_starttls_mode_never_falls_back_to_plain_text_when_the_server_does_not_offer_it():
    with servidor_smtp("ninguna") as smtp:
        with pytest.raises(ErrorEntrega, match="no ofrece STARTTLS"):
            CanalEmail(smtp.config(SMTP_SEGURIDAD="starttls")).enviar(entrega())
        assert smtp.recibidos == []


def test_a_certificate_that_no_trusted_ca_signed_is_refused():
    with servidor_smtp("starttls") as smtp:
        with pytest.raises(ErrorEntrega, match="certificado .* no es válido"):
            CanalEmail(smtp.config(SMTP_CA_FILE=None)).enviar(entrega())
        assert smtp.recibidos == []


def test_a_missing_ca_file_is_a_delivery_error_that_names_the_setting():
    with servidor_smtp("starttls") as smtp:
        with pytest.raises(ErrorEntrega, match="no se pudo leer SMTP_CA_FILE"):
            CanalEmail(smtp.config(SMTP_CA_FILE="/no/existe/ca.pem")).enviar(entrega())
        assert smtp.recibidos == []


def test_a_destination_with_a_line_break_cannot_add_headers_to_the_email():
    with servidor_smtp("ninguna") as smtp:
        with pytest.raises(ErrorEntrega, match="destinatario o encabezado no válido"):
            CanalEmail(smtp.config()).enviar(entrega(destino="ana@correo.mx\r\nBcc: otro@correo.mx"))
        assert smtp.recibidos == []


def test_an_smtp_server_that_is_down_is_a_delivery_error():
    puerto = puerto_libre()
    config = {"SMTP_HOST": "127.0.0.1", "SMTP_PORT": puerto, "SMTP_FROM": "citas@clinica.test",
              "SMTP_SEGURIDAD": "starttls", "CANAL_TIMEOUT_S": 10}

    with pytest.raises(ErrorEntrega, match=f"no se pudo conectar con 127.0.0.1:{puerto}"):
        CanalEmail(config).enviar(entrega())


def test_a_wrong_smtp_password_is_a_delivery_error_that_does_not_repeat_the_password():
    with servidor_smtp("starttls", usuario="clinica", password="clave-smtp") as smtp:
        with pytest.raises(ErrorEntrega, match="usuario o contraseña rechazados") as error:
            CanalEmail(smtp.config(SMTP_PASSWORD="clave-equivocada")).enviar(entrega())
        assert smtp.recibidos == []

    assert "clave-equivocada" not in str(error.value)


def test_a_temporary_refusal_of_the_relay_is_a_delivery_error_with_its_answer_but_not_the_address():
    with servidor_smtp("ninguna") as smtp:
        smtp.fallar(respuesta="451 4.3.0 Buzón de ana.lopez@correo.mx ocupado")
        with pytest.raises(ErrorEntrega) as error:
            CanalEmail(smtp.config()).enviar(entrega())
        CanalEmail(smtp.config()).enviar(entrega())
        assert len(smtp.recibidos) == 1

    assert str(error.value) == "SMTP: el servidor respondió 451 4.3.0 Buzón de <destino> ocupado"


def test_an_unknown_smtp_seguridad_is_a_delivery_error_that_names_the_setting():
    with servidor_smtp("ninguna") as smtp, pytest.raises(ErrorEntrega, match="SMTP_SEGURIDAD"):
        CanalEmail(smtp.config(SMTP_SEGURIDAD="tls")).enviar(entrega())


# --- WhatsApp ----------------------------------------------------------------------------------------------

def test_whatsapp_posts_the_template_named_after_the_message_with_its_parameters():
    with api_falsa() as api:
        CanalWhatsApp(whatsapp_config(api)).enviar(entrega(destino="+52 (55) 1234-5678"))
        [peticion] = api.entregas

    assert peticion.ruta == "/1098765/messages"
    assert peticion.cabeceras["authorization"] == "Bearer token-secreto"
    assert peticion.cabeceras["content-type"] == "application/json"
    assert peticion.clave == "mensaje-41"
    assert peticion.json() == {
        "messaging_product": "whatsapp", "to": "525512345678", "type": "template",
        "template": {"name": "recordatorio", "language": {"code": "es"}, "components": [
            {"type": "body", "parameters": [{"type": "text", "text": "Ana"}, {"type": "text", "text": "03/03/2026"},
                                            {"type": "text", "text": "10:30"}]}]}}


def test_an_http_500_is_a_delivery_error_with_the_status_and_the_api_message():
    with api_falsa() as api:
        api.fallar(500, cuerpo={"error": {"message": "Servicio no disponible", "code": 131000}})
        with pytest.raises(ErrorEntrega, match="whatsapp: HTTP 500: Servicio no disponible") as error:
            CanalWhatsApp(whatsapp_config(api)).enviar(entrega(destino="+525512345678"))
        assert api.entregas == []

    assert "token-secreto" not in str(error.value)


def test_a_long_api_error_is_cut_short():
    with api_falsa() as api:
        api.fallar(400, cuerpo={"error": {"message": "x" * 5000}})
        with pytest.raises(ErrorEntrega) as error:
            CanalWhatsApp(whatsapp_config(api)).enviar(entrega(destino="+525512345678"))

    assert str(error.value).startswith("whatsapp: HTTP 400: xxx") and len(str(error.value)) < 250


def test_an_api_that_is_down_is_a_delivery_error():
    config = {"WHATSAPP_TOKEN": "t", "WHATSAPP_PHONE_ID": "1", "CANAL_TIMEOUT_S": 10,
              "WHATSAPP_API_URL": f"http://127.0.0.1:{puerto_libre()}"}

    with pytest.raises(ErrorEntrega, match="whatsapp: no se pudo conectar"):
        CanalWhatsApp(config).enviar(entrega(destino="+525512345678"))


def test_a_resend_after_a_lost_answer_is_recorded_by_the_provider_as_a_duplicate_not_a_second_delivery():
    with api_falsa() as api:
        canal = CanalWhatsApp(whatsapp_config(api, CANAL_TIMEOUT_S=0.5))
        api.retener()
        with pytest.raises(ErrorEntrega, match="sin respuesta"):
            canal.enviar(entrega(destino="+525512345678"))
        api.esperar(1)
        api.soltar()
        canal.enviar(entrega(destino="+525512345678"))

        assert len(api.entregas) == 1 and len(api.duplicadas) == 1
        assert api.duplicadas[0].clave == api.entregas[0].clave == "mensaje-41"


# --- SMS ---------------------------------------------------------------------------------------------------

def test_sms_posts_the_text_as_a_twilio_form_with_basic_auth():
    with api_falsa(estado_ok=201) as api:
        CanalSms(sms_config(api)).enviar(entrega(destino="+52 55 1234 5678"))
        [peticion] = api.entregas

    assert peticion.ruta == "/2010-04-01/Accounts/AC123/Messages.json"
    assert peticion.cabeceras["content-type"] == "application/x-www-form-urlencoded"
    assert peticion.cabeceras["authorization"] == "Basic " + base64.b64encode(b"AC123:token-sms").decode()
    assert peticion.clave == "mensaje-41"
    assert peticion.formulario() == {"To": "+525512345678", "From": "+15005550006", "Body": entrega().texto}


def test_an_sms_refused_by_the_api_carries_the_twilio_message_without_the_patients_number():
    with api_falsa(estado_ok=201) as api:
        api.fallar(400, cuerpo={"code": 21211, "message": "The 'To' number +5255123 is not a valid phone number.",
                                "status": 400})
        with pytest.raises(ErrorEntrega) as error:
            CanalSms(sms_config(api)).enviar(entrega(destino="+52 55 123"))

    assert str(error.value) == "SMS: HTTP 400: The 'To' number <destino> is not a valid phone number."


# --- configuration -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("nombre", ["email", "whatsapp", "sms"])
def test_a_channel_without_its_settings_is_not_configured(app, nombre):
    assert canal_configurado(nombre, app.config) is None


def test_a_channel_with_part_of_its_settings_is_not_configured():
    assert canal_configurado("email", {"SMTP_HOST": "smtp.clinica.mx"}) is None
    assert canal_configurado("whatsapp", {"WHATSAPP_TOKEN": "t"}) is None
    assert canal_configurado("sms", {"SMS_API_URL": "https://api.twilio.com/2010-04-01", "SMS_ACCOUNT": "AC1",
                                     "SMS_TOKEN": "t"}) is None
    assert canal_configurado("registro", {"SMTP_HOST": "smtp.clinica.mx", "SMTP_FROM": "c@clinica.mx"}) is None


def test_a_channel_with_all_its_settings_is_configured():
    config = {"SMTP_HOST": "smtp.clinica.mx", "SMTP_FROM": "citas@clinica.mx", "WHATSAPP_TOKEN": "t",
              "WHATSAPP_PHONE_ID": "1", "SMS_API_URL": "https://api.twilio.com/2010-04-01", "SMS_ACCOUNT": "AC1",
              "SMS_TOKEN": "t", "SMS_FROM": "+15005550006"}

    assert isinstance(canal_configurado("email", config), CanalEmail)
    assert isinstance(canal_configurado("whatsapp", config), CanalWhatsApp)
    assert isinstance(canal_configurado("sms", config), CanalSms)
