"""Delivery: the worker takes the messages that are due, decides for each (send, postpone, cancel), sends it
and records the outcome. Nothing is sent from an HTTP request.

Locks, not leases: a batch is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and its outcome is written in
the same transaction, so two workers never take the same message, and the messages of a worker killed
mid-batch are unlocked by PostgreSQL and taken again — none lost, none recorded twice.

- Messages whose channel has no settings go to the outbox only (canal ``registro``): a batch of up to
  ``lote`` per transaction; the commit *is* the delivery, so they are exactly-once.
- Messages of a configured channel (SMTP, WhatsApp, SMS) are sent one per transaction: the only window for a
  duplicate is a crash between the provider accepting the message and our commit (milliseconds); the channels
  send a stable Message-ID / Idempotency-Key so a provider that honours it drops that resend.

Rules at delivery time (API.md): nothing for a past or cancelled appointment, nor for one that moved since the
message was written; nothing inside the quiet hours (branch-local) unless the appointment is less than 3
hours away — postponed to the end of the quiet hours instead; a failure is retried with exponential backoff
and ends ``fallido`` after MENSAJES_MAX_INTENTOS tries.
"""
import functools
import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, select, text

from app.extensions import db
from app.models import Cita, ConfiguracionClinica, Estado, Medico, Mensaje, Paciente, Sucursal
from app.models.comunicaciones import REGISTRO
from app.services import enlace_cita
from app.services.comunicaciones import configuracion, plantillas
from app.services.comunicaciones.canales import Entrega, ErrorEntrega, canal_configurado

log = logging.getLogger(__name__)

# Inside the quiet hours, an appointment closer than this still gets its message.
URGENCIA_SILENCIO = timedelta(hours=3)


@functools.cache
def _reclamar(externos: tuple, de_canal_configurado: bool):
    """The due messages, oldest first, with what their text needs, locked (skipping those another worker holds).
    ``de_canal_configurado``: those whose channel is one of ``externos``, else all the others."""
    canal = Mensaje.canal.in_(externos) if de_canal_configurado else Mensaje.canal.not_in(externos)
    return (select(Mensaje.id, Mensaje.tipo, Mensaje.canal, Mensaje.destino, Mensaje.cita_id, Mensaje.cita_inicio,
                   Mensaje.intentos, Mensaje.secreto, Cita.estado_id, Cita.fecha, Cita.hora_inicio,
                   Sucursal.zona_horaria, Sucursal.nombre.label("sucursal"), Sucursal.direccion,
                   Paciente.nombre.label("paciente_nombre"), Medico.nombre.label("medico_nombre"),
                   Medico.apellido.label("medico_apellido"))
            .select_from(Mensaje)
            .outerjoin(Cita, Cita.id == Mensaje.cita_id)
            .outerjoin(Sucursal, Sucursal.id == Cita.sucursal_id)
            .outerjoin(Paciente, Paciente.id == Mensaje.paciente_id)
            .outerjoin(Medico, Medico.id == Cita.medico_id)
            .where(Mensaje.estado == "pendiente", Mensaje.programado_para <= bindparam("ahora"), canal)
            .order_by(Mensaje.programado_para)
            .limit(bindparam("limite"))
            .with_for_update(of=Mensaje, skip_locked=True))


_ENVIADOS = text("UPDATE medical.mensajes SET estado = 'enviado', canal = coalesce(:canal, canal), enviado_en = :ahora, "
                 "intentos = intentos + 1, ultimo_error = NULL WHERE id = ANY(:ids)")
_CANCELADOS = text("UPDATE medical.mensajes SET estado = 'cancelado', ultimo_error = :motivo WHERE id = ANY(:ids)")
_POSPUESTO = text("UPDATE medical.mensajes SET programado_para = :cuando WHERE id = :id")
_FALLO = text("UPDATE medical.mensajes SET intentos = intentos + 1, ultimo_error = :error, "
              "estado = CASE WHEN :final THEN 'fallido' ELSE estado END, programado_para = :cuando WHERE id = :id")


@dataclass
class Contexto:
    """What every message of a pass shares: the clock, the settings, the clinic's name."""

    ahora: datetime
    app_config: dict
    silencio: tuple
    plantillas: dict
    clinica: str

    @classmethod
    def de(cls, ahora, app_config):
        ajustes = configuracion.fila()
        clinica = db.session.scalar(select(ConfiguracionClinica.nombre).where(ConfiguracionClinica.id == 1))
        return cls(ahora=ahora, app_config=app_config, silencio=(ajustes.silencio_desde, ajustes.silencio_hasta),
                   plantillas=dict(ajustes.plantillas), clinica=clinica or "Clínica")


def _fin_del_silencio(ahora: datetime, zona: str, silencio) -> datetime | None:
    """The end of the quiet hours when ``ahora`` falls inside them (branch-local), else None."""
    desde, hasta = silencio
    if desde == hasta:
        return None
    local = ahora.astimezone(ZoneInfo(zona))
    hora = local.time()
    dentro = (desde <= hora < hasta) if desde < hasta else (hora >= desde or hora < hasta)
    if not dentro:
        return None
    fin = local.replace(hour=hasta.hour, minute=hasta.minute, second=0, microsecond=0)
    if fin <= local:
        fin += timedelta(days=1)
    return fin


def _decidir(fila, ctx: Contexto):
    """("cancelar", why) | ("posponer", when) | ("enviar", None) for one claimed message."""
    if fila.cita_id is not None:
        inicio_local = datetime.combine(fila.fecha, fila.hora_inicio)
        inicio = inicio_local.replace(tzinfo=ZoneInfo(fila.zona_horaria))
        if inicio <= ctx.ahora:
            return "cancelar", "La cita ya pasó"
        # A cancellation speaks of a cancelled appointment, an offer of a freed one (the link books its slot).
        if fila.tipo not in ("cancelacion", "oferta_hueco"):
            if fila.estado_id in Estado.LIBERAN:
                return "cancelar", "La cita fue cancelada"
            if fila.cita_inicio != inicio_local:
                return "cancelar", "La cita cambió de horario"
        if inicio - ctx.ahora >= URGENCIA_SILENCIO:
            fin = _fin_del_silencio(ctx.ahora, fila.zona_horaria, ctx.silencio)
            if fin is not None:
                return "posponer", fin
    return "enviar", None


def _entrega(fila, ctx: Contexto) -> Entrega:
    """The text of a message to send, rendered from the appointment as it is now (or from its one-time link)."""
    if fila.cita_id is not None:
        valores = {"paciente_nombre": fila.paciente_nombre, "fecha": plantillas.fecha_larga(fila.fecha),
                   "hora": plantillas.hora_corta(fila.hora_inicio),
                   "medico": f"{fila.medico_nombre} {fila.medico_apellido}", "sucursal": fila.sucursal,
                   "direccion": fila.direccion or "",
                   # an offer's link is its own page (stored encrypted), not the freed appointment's
                   "enlace": fila.secreto if fila.tipo == "oferta_hueco" else enlace_cita.url_de(fila.cita_id)}
    else:
        valores = {"enlace": fila.secreto or ""}
    texto = plantillas.renderizar(plantillas.plantilla_de(fila.tipo, ctx.plantillas), fila.tipo, valores, ctx.clinica)
    return Entrega(mensaje_id=fila.id, tipo=fila.tipo, destino=fila.destino, asunto=texto.asunto, texto=texto.texto,
                   html=texto.html, parametros=texto.parametros, remitente=ctx.clinica)


def _canales(app_config) -> dict:
    return {nombre: canal for nombre in ("email", "whatsapp", "sms")
            if (canal := canal_configurado(nombre, app_config)) is not None}


def _espera(intentos: int, app_config) -> timedelta:
    """Backoff after the ``intentos``-th failure: base, 5×base, 25×base…"""
    return app_config["MENSAJES_ESPERA_BASE"] * (5 ** (intentos - 1))


def _aplicar(decisiones, ctx: Contexto, canal_registro: bool) -> None:
    """Write the outcomes of a batch in a few statements (by kind)."""
    enviados, cancelados, pospuestos = [], defaultdict(list), []
    for mensaje_id, (accion, dato) in decisiones:
        if accion == "enviar":
            enviados.append(mensaje_id)
        elif accion == "cancelar":
            cancelados[dato].append(mensaje_id)
        else:
            pospuestos.append({"id": mensaje_id, "cuando": dato})
    sesion = db.session
    if enviados:
        sesion.execute(_ENVIADOS, {"ids": enviados, "ahora": ctx.ahora, "canal": REGISTRO if canal_registro else None})
    for motivo, ids in cancelados.items():
        sesion.execute(_CANCELADOS, {"ids": ids, "motivo": motivo})
    if pospuestos:
        sesion.execute(_POSPUESTO, pospuestos)


def entregar_registro(ahora: datetime, app_config, externos: tuple, lote: int) -> int:
    """One batch of due messages whose channel has no settings: recorded as delivered to the outbox (no text is
    rendered: nothing reads it)."""
    filas = db.session.execute(_reclamar(externos, False), {"ahora": ahora, "limite": lote}).all()
    if filas:
        ctx = Contexto.de(ahora, app_config)
        _aplicar([(f.id, _decidir(f, ctx)) for f in filas], ctx, canal_registro=True)
    db.session.commit()
    return len(filas)


def entregar_uno(ahora: datetime, app_config, canales: dict) -> int:
    """One due message of a configured channel, sent and recorded in its own transaction (0: none due)."""
    fila = db.session.execute(_reclamar(tuple(sorted(canales)), True), {"ahora": ahora, "limite": 1}).first()
    if fila is None:
        db.session.rollback()
        return 0
    ctx = Contexto.de(ahora, app_config)
    decision = _decidir(fila, ctx)
    if decision[0] == "enviar":
        try:
            canales[fila.canal].enviar(_entrega(fila, ctx))
        except ErrorEntrega as error:
            intentos = fila.intentos + 1
            final = intentos >= app_config["MENSAJES_MAX_INTENTOS"]
            log.warning("Mensaje %s: entrega fallida (intento %s%s): %s", fila.id, intentos,
                        ", definitivo" if final else "", error)
            db.session.execute(_FALLO, {"id": fila.id, "error": str(error)[:500], "final": final,
                                        "cuando": ahora + _espera(intentos, app_config)})
            db.session.commit()
            return 1
    _aplicar([(fila.id, decision)], ctx, canal_registro=False)
    db.session.commit()
    return 1


def entregar_pendientes(ahora: datetime, app_config, *, lote: int = 500, maximo_externos: int = 50) -> int:
    """One pass of the worker: a batch for the outbox-only messages, then up to ``maximo_externos`` sends;
    how many messages were handled (0: nothing is due)."""
    canales = _canales(app_config)
    atendidos = entregar_registro(ahora, app_config, tuple(sorted(canales)), lote)
    for _ in range(maximo_externos if canales else 0):
        if not entregar_uno(ahora, app_config, canales):
            break
        atendidos += 1
    return atendidos
