"""The public page of an offered slot (/o/{token}; docs/agenda.md "Lista de espera y ofertas").

The link is a signed token naming the offer (like an appointment's link, app/services/enlace_cita.py): nothing
secret is stored, a token this clinic did not sign, an unknown offer and a slot that has started all answer the same
404. The page shows only the slot (date, times, doctor's name, branch): never the patient who freed it nor the one
it was offered to.

Accepting books the slot for the entry's patient through citas_service.agendar_en_linea — the booking checks and the
exclusion constraints of every booking, ``origen`` en_linea (the patient booked it from a link, no user), state
Nueva, the freed appointment's times, the confirmation message with the new appointment's own link. The first to
accept wins: several offers of one slot race on the doctor's no-overlap constraint, and one offer accepted twice at
once waits on its row lock; every loser gets 409 OFERTA_NO_DISPONIBLE, whatever the reason (the patient's own
state is not told). The entry becomes ``atendida``.
"""
from datetime import datetime

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased, defer, joinedload

from app.extensions import db
from app.models import Cita, EntradaEspera, Estado, OfertaHueco
from app.services import auditoria_service, citas_service, enlace_cita
from app.services.citas_service import ahora_local
from app.utils.errors import Conflicto, NoEncontrado

_SAL = "oferta-hueco"
NO_ENCONTRADA = "El enlace no es válido o el horario ya pasó"
NO_DISPONIBLE = "OFERTA_NO_DISPONIBLE"
MENSAJE_NO_DISPONIBLE = "Este horario ya no está disponible"


def _firmante():
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=_SAL)


def token_de(oferta_id: int) -> str:
    return _firmante().dumps(oferta_id)


def oferta_id_de(token: str) -> int | None:
    try:
        valor = _firmante().loads(token)
    except BadSignature:
        return None
    return valor if isinstance(valor, int) and not isinstance(valor, bool) else None


def url_de(oferta_id: int) -> str:
    """The offer page's URL (the web UI's /o/{token}), carried by the offer's message."""
    return f"{current_app.config['PUBLIC_BASE_URL'].rstrip('/')}/o/{token_de(oferta_id)}"


def hueco_ocupado(cita_id: int):
    """A condition: some active appointment of the freed appointment's doctor overlaps its slot (someone took it)."""
    libre, otra = aliased(Cita), aliased(Cita)
    return exists().where(libre.id == cita_id, otra.medico_id == libre.medico_id, otra.fecha == libre.fecha,
                          otra.estado_id.not_in(Estado.LIBERAN), otra.hora_inicio < libre.hora_fin,
                          otra.hora_fin > libre.hora_inicio)


def _oferta(token: str, ahora: datetime, bloquear=False):
    """(offer, freed appointment with doctor and branch); 404 for a bad token or once the slot has started."""
    oferta_id = oferta_id_de(token)
    if oferta_id is None:
        raise NoEncontrado(NO_ENCONTRADA)
    stmt = select(OfertaHueco).where(OfertaHueco.id == oferta_id)
    if bloquear:  # one offer accepted twice at once: the second waits here, then finds it accepted
        stmt = stmt.with_for_update()
    oferta = db.session.scalar(stmt)
    if oferta is None:
        raise NoEncontrado(NO_ENCONTRADA)
    cita = db.session.scalars(select(Cita).where(Cita.id == oferta.cita_id).options(
        defer(Cita.notas), joinedload(Cita.medico, innerjoin=True), joinedload(Cita.sucursal, innerjoin=True))).one()
    if ahora_local(cita.sucursal, ahora) >= datetime.combine(cita.fecha, cita.hora_inicio):
        raise NoEncontrado(NO_ENCONTRADA)
    return oferta, cita


def _hueco(cita) -> dict:
    medico, sucursal = cita.medico, cita.sucursal
    return {"fecha": cita.fecha, "hora_inicio": cita.hora_inicio, "hora_fin": cita.hora_fin,
            "zona_horaria": sucursal.zona_horaria, "medico": {"nombre": medico.nombre, "apellido": medico.apellido},
            "sucursal": {"nombre": sucursal.nombre, "direccion": sucursal.direccion, "telefono": sucursal.telefono}}


def _disponible(oferta, cita) -> bool:
    if oferta.estado != "pendiente":
        return False
    activa = db.session.scalar(select(EntradaEspera.estado).where(EntradaEspera.id == oferta.entrada_id)) == "activa"
    return activa and not db.session.scalar(select(hueco_ocupado(cita.id)))


def consultar(token: str, *, ahora: datetime) -> dict:
    oferta, cita = _oferta(token, ahora)
    return {**_hueco(cita), "disponible": _disponible(oferta, cita)}


def aceptar(token: str, *, ahora: datetime) -> dict:
    """Book the offered slot for the entry's patient → {cita, enlace} (as the online booking's answer)."""
    oferta, libre = _oferta(token, ahora, bloquear=True)
    entrada = db.session.scalar(select(EntradaEspera).where(EntradaEspera.id == oferta.entrada_id).with_for_update())
    no_disponible = Conflicto(NO_DISPONIBLE, MENSAJE_NO_DISPONIBLE)
    if oferta.estado != "pendiente" or entrada.estado != "activa":
        raise no_disponible
    paciente = citas_service.paciente_para_agendar(entrada.paciente_id)
    try:
        with db.session.begin_nested():
            cita = citas_service.agendar_en_linea(paciente, libre.medico, libre.sucursal, fecha=libre.fecha,
                                                  hora_inicio=libre.hora_inicio, hora_fin=libre.hora_fin, motivo=None,
                                                  ahora=ahora)
    except Conflicto:
        raise no_disponible from None
    oferta.estado, oferta.cita_reservada_id, oferta.aceptada_en = "aceptada", cita.id, ahora
    entrada.estado, entrada.cerrada_en = "atendida", ahora
    db.session.flush()
    auditoria_service.registrar("oferta_hueco_aceptada", entidad="lista_espera", entidad_id=entrada.id,
                                paciente_id=paciente.id, detalle={"oferta_id": oferta.id, "cita_id": cita.id})
    return {"cita": _hueco(cita), "enlace": enlace_cita.url_de(cita.id)}
