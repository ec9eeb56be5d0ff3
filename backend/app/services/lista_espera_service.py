"""The waiting list (API.md "Agenda: series and waiting list"; docs/agenda.md "Lista de espera y ofertas").

Entries are patients waiting for an earlier slot at a branch, optionally with one doctor or specialty, between two
dates and in the morning (a start before 14:00) or the afternoon. When an appointment is cancelled or missed, the
matching entries are suggested for its slot, oldest first, and one can be offered the slot by a message whose link
books it (app/services/ofertas_hueco.py). Scope: Alcance.filtrar_lista_espera; outside it an entry answers 404.
"""
from datetime import datetime, time

from sqlalchemy import exists, func, not_, or_, select

from app.extensions import db
from app.models import Cita, EntradaEspera, Especialidad, Estado, Medico, OfertaHueco, Paciente, Sucursal
from app.services import auditoria_service, citas_service, ofertas_hueco
from app.services.citas_service import ahora_local
from app.services.ofertas_hueco import hueco_ocupado
from app.services.comunicaciones import outbox, recordatorios
from app.services.lecturas import registrar_lectura
from app.utils.errors import Conflicto, Invalido, NoEncontrado, register_constraint, restricciones
from app.utils.pagination import page_of
from app.utils.sql import por_id

# Morning slots start before this time, afternoon ones at it or later (branch-local).
MEDIODIA = time(14)
MAX_SUGERENCIAS = 50
ENTRADA_NO_COINCIDE = "ENTRADA_NO_COINCIDE"
register_constraint("uq_ofertas_hueco_entrada_cita", "OFERTA_YA_ENVIADA", "Ya se ofreció este horario a esta persona")

_OFERTAS = (select(func.count()).select_from(OfertaHueco).where(OfertaHueco.entrada_id == EntradaEspera.id)
            .correlate(EntradaEspera).scalar_subquery())
_COLUMNAS = (EntradaEspera, Paciente.nombre, Paciente.apellido, Paciente.telefono, _OFERTAS.label("ofertas"))


def franja_de(hora: time) -> str:
    return "manana" if hora < MEDIODIA else "tarde"


def _json(fila) -> dict:
    entrada = fila[0]
    return {
        "id": entrada.id, "paciente_id": entrada.paciente_id,
        "paciente": {"id": entrada.paciente_id, "nombre": fila.nombre, "apellido": fila.apellido,
                     "telefono": fila.telefono},
        "sucursal_id": entrada.sucursal_id, "especialidad_id": entrada.especialidad_id, "medico_id": entrada.medico_id,
        "desde": entrada.desde, "hasta": entrada.hasta, "franja": entrada.franja, "notas": entrada.notas,
        "creado_en": entrada.creado_en, "estado": entrada.estado, "ofertas": fila.ofertas,
    }


def _consulta(alcance):
    return alcance.filtrar_lista_espera(
        select(*_COLUMNAS).join(Paciente, Paciente.id == EntradaEspera.paciente_id))


def listar(alcance, *, page, per_page, sucursal_id=None, medico_id=None, paciente_id=None):
    """The active entries in the caller's scope, oldest first."""
    stmt = _consulta(alcance).where(EntradaEspera.estado == "activa")
    for columna, valor in ((EntradaEspera.sucursal_id, sucursal_id), (EntradaEspera.medico_id, medico_id),
                           (EntradaEspera.paciente_id, paciente_id)):
        if valor is not None:
            stmt = stmt.where(columna == valor)
    total = db.session.scalar(select(func.count()).select_from(stmt.subquery()))
    filas = db.session.execute(stmt.order_by(EntradaEspera.id).limit(per_page).offset((page - 1) * per_page)).all()
    registrar_lectura(alcance, "lista_espera_consultada", "lista_espera", (f[0].id for f in filas),
                      paciente_id=paciente_id)
    return page_of([_json(f) for f in filas], total, page, per_page)


def _obtener(alcance, entrada_id, bloquear=False) -> EntradaEspera:
    stmt = alcance.filtrar_lista_espera(select(EntradaEspera).where(EntradaEspera.id == entrada_id))
    if bloquear:
        stmt = stmt.with_for_update(of=EntradaEspera)
    entrada = db.session.scalar(stmt)
    if entrada is None:
        raise NoEncontrado("La entrada de la lista de espera no existe")
    return entrada


def _entrada_json(alcance, entrada_id) -> dict:
    return _json(db.session.execute(_consulta(alcance).where(EntradaEspera.id == entrada_id)).one())


def _cargar(modelo, id_, campo, mensaje):
    obj = por_id(modelo, id_) if id_ is not None else None
    if id_ is not None and obj is None:
        raise Invalido({campo: [mensaje]})
    return obj


def crear(alcance, *, paciente_id, sucursal_id, desde, hasta, especialidad_id=None, medico_id=None, franja=None,
          notas=None) -> dict:
    """Add an entry. A Médico's entries are for themself (another doctor → 403); a Recepcionista bound to a branch
    adds entries of that branch only (403)."""
    paciente = _cargar(Paciente, paciente_id, "paciente_id", "El paciente no existe.")
    sucursal = _cargar(Sucursal, sucursal_id, "sucursal_id", "La sucursal no existe.")
    _cargar(Especialidad, especialidad_id, "especialidad_id", "La especialidad no existe.")
    medico_id = alcance.medico_de_entrada_de_espera(sucursal_id, medico_id)
    medico = _cargar(Medico, medico_id, "medico_id", "El médico no existe.")
    if medico is not None and especialidad_id is not None and medico.especialidad_id != especialidad_id:
        raise Invalido({"especialidad_id": ["No es la especialidad del médico indicado."]})
    for obj, texto in ((paciente, "El paciente está inactivo"), (sucursal, "La sucursal está inactiva"),
                       (medico, "El médico está inactivo")):
        if obj is not None and not obj.activo:
            raise Conflicto("INACTIVO", texto)
    if hasta < ahora_local(sucursal, alcance.ahora).date():
        raise Invalido({"hasta": ["La fecha ya pasó."]})
    entrada = EntradaEspera(paciente_id=paciente.id, sucursal_id=sucursal.id, especialidad_id=especialidad_id,
                            medico_id=medico_id, desde=desde, hasta=hasta, franja=franja, notas=notas,
                            creado_por=alcance.usuario.id)
    db.session.add(entrada)
    db.session.flush()
    auditoria_service.registrar("lista_espera_creada", usuario=alcance.usuario, entidad="lista_espera",
                                entidad_id=entrada.id, paciente_id=paciente.id)
    return _entrada_json(alcance, entrada.id)


def retirar(alcance, entrada_id) -> None:
    """Withdraw an active entry (kept, estado retirada)."""
    entrada = _obtener(alcance, entrada_id, bloquear=True)
    if entrada.estado != "activa":
        raise Conflicto("ENTRADA_NO_ACTIVA", "La entrada ya no está activa en la lista de espera")
    entrada.estado, entrada.cerrada_en = "retirada", alcance.ahora
    db.session.flush()
    auditoria_service.registrar("lista_espera_retirada", usuario=alcance.usuario, entidad="lista_espera",
                                entidad_id=entrada.id, paciente_id=entrada.paciente_id)


def _cita_liberada(alcance, cita_id) -> Cita:
    cita = citas_service.obtener(alcance, cita_id)
    if cita.estado_id not in Estado.LIBERAN:
        raise Conflicto("CITA_NO_LIBERADA", "La cita no está cancelada ni marcada como No Asistió: su horario no "
                                            "está libre")
    return cita


def _coincide(cita) -> tuple:
    """The conditions for an entry (joined to its patient) to fit the freed slot of ``cita`` — what ``sugerencias``
    lists and ``ofrecer`` requires: same branch, the doctor (when the entry names one), the doctor's specialty (when
    the entry names one), a date range holding the slot's date, the part of the day (when given); not the
    appointment's own patient, an active patient without an appointment overlapping the slot."""
    ocupado = exists().where(Cita.paciente_id == EntradaEspera.paciente_id, Cita.fecha == cita.fecha,
                             Cita.estado_id.not_in(Estado.LIBERAN), Cita.hora_inicio < cita.hora_fin,
                             Cita.hora_fin > cita.hora_inicio)
    return (
        EntradaEspera.sucursal_id == cita.sucursal_id,
        or_(EntradaEspera.medico_id.is_(None), EntradaEspera.medico_id == cita.medico_id),
        or_(EntradaEspera.especialidad_id.is_(None),
            EntradaEspera.especialidad_id == select(Medico.especialidad_id).where(Medico.id == cita.medico_id)
            .scalar_subquery()),
        EntradaEspera.desde <= cita.fecha, EntradaEspera.hasta >= cita.fecha,
        or_(EntradaEspera.franja.is_(None), EntradaEspera.franja == franja_de(cita.hora_inicio)),
        EntradaEspera.paciente_id != cita.paciente_id, Paciente.activo.is_(True), not_(ocupado),
    )


def sugerencias(alcance, cita_id) -> dict:
    """The active entries in the caller's scope that fit the freed slot of ``cita_id`` (``_coincide``), oldest
    first, each with ``ya_ofrecida`` (this slot was offered to it already: it cannot be offered again). None once the
    slot has started or someone else took it."""
    cita = _cita_liberada(alcance, cita_id)
    if datetime.combine(cita.fecha, cita.hora_inicio) <= ahora_local(cita.sucursal, alcance.ahora):
        return {"items": []}
    ya_ofrecida = exists().where(OfertaHueco.entrada_id == EntradaEspera.id, OfertaHueco.cita_id == cita.id)
    stmt = (_consulta(alcance).add_columns(ya_ofrecida.label("ya_ofrecida"))
            .where(EntradaEspera.estado == "activa", *_coincide(cita), not_(hueco_ocupado(cita.id)))
            .order_by(EntradaEspera.id).limit(MAX_SUGERENCIAS))
    filas = db.session.execute(stmt).all()
    registrar_lectura(alcance, "lista_espera_sugerencias", "lista_espera", (f[0].id for f in filas))
    return {"items": [{**_json(f), "ya_ofrecida": f.ya_ofrecida} for f in filas]}


def ofrecer(alcance, entrada_id, cita_id) -> OfertaHueco:
    """Offer the freed slot of ``cita_id`` to the entry's patient: an offer and its message (tipo oferta_hueco, with
    the link that books it) in this transaction; the worker delivers it. The entry must fit the slot as the
    suggestions do (``_coincide``), and a slot is offered to an entry once (the unique constraint decides)."""
    entrada = _obtener(alcance, entrada_id, bloquear=True)
    if entrada.estado != "activa":
        raise Conflicto("ENTRADA_NO_ACTIVA", "La entrada ya no está activa en la lista de espera")
    cita = _cita_liberada(alcance, cita_id)
    inicio = datetime.combine(cita.fecha, cita.hora_inicio)
    if inicio <= ahora_local(cita.sucursal, alcance.ahora):
        raise Conflicto("FECHA_PASADA", "El horario de esa cita ya pasó")
    if db.session.scalar(select(hueco_ocupado(cita.id))):
        raise Conflicto("HUECO_OCUPADO", "Ese horario ya lo ocupa otra cita")
    if not db.session.scalar(select(exists().where(EntradaEspera.id == entrada.id,
                                                   Paciente.id == EntradaEspera.paciente_id, *_coincide(cita)))):
        raise Conflicto(ENTRADA_NO_COINCIDE, "Esta persona de la lista de espera no busca un horario como este (sucursal, "
                                             "médico, fechas o franja) o ya tiene una cita a esa hora")
    oferta = OfertaHueco(entrada_id=entrada.id, cita_id=cita.id, creado_por=alcance.usuario.id)
    with restricciones():  # uq_ofertas_hueco_entrada_cita: this slot was offered to this entry already → 409
        db.session.add(oferta)
    canal, destino, omision = recordatorios.destino_de(entrada.paciente_id)
    mensaje = outbox.encolar(tipo="oferta_hueco", canal=canal, destino=destino, ahora=alcance.ahora,
                             paciente_id=entrada.paciente_id, cita_id=cita.id, secreto=ofertas_hueco.url_de(oferta.id))
    mensaje.cita_inicio = inicio
    if omision:
        mensaje.estado, mensaje.ultimo_error = "omitido", omision
    auditoria_service.registrar("oferta_hueco_enviada", usuario=alcance.usuario, entidad="lista_espera",
                                entidad_id=entrada.id, paciente_id=entrada.paciente_id,
                                detalle={"cita_id": cita.id, "oferta_id": oferta.id})
    db.session.flush()
    return oferta
