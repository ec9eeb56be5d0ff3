"""Delivery channels behind one interface: ``canal_configurado(nombre, config)`` gives the channel object for
email / whatsapp / sms when its settings are present (None otherwise: the message goes to the outbox only,
canal "registro"), and ``Canal.enviar(entrega)`` sends one message or raises ErrorEntrega."""
from dataclasses import dataclass


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
