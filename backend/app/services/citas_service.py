"""Appointments: booking, rescheduling, the state machine and its history.

Overlaps are refused by PostgreSQL's exclusion constraints (citas_medico_sin_solape,
citas_paciente_sin_solape) on flush, so the guarantee holds under any concurrency; errors.py turns
their violations into 409 MEDICO_OCUPADO / PACIENTE_OCUPADO. Dates and times are the branch's
wall-clock time; "now" (the clock the caller passes) and "today" are taken in the branch's time zone.
"""
import functools
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import bindparam, case, func, insert, literal, select, text, update
from sqlalchemy.orm import defer, joinedload, load_only
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import CambioEstadoCita, Cita, CitasPorDia, Estado, HorarioMedico, Medico, Paciente, Sucursal
from app.services import auditoria_service
from app.services.alcance import Alcance
from app.services.comunicaciones import recordatorios
from app.services.lecturas import registrar_lectura
from app.utils.errors import (EXCLUSION_VIOLATIONS, Conflicto, Invalido, NoEncontrado, Prohibido, register_constraint,
                              restricciones)
from app.utils.pagination import filas_y_total, page_of, paginate
from app.utils.sql import bloqueo_consultivo, ejecutar, por_id

register_constraint("citas_medico_sin_solape", "MEDICO_OCUPADO", "El médico ya tiene una cita en ese horario",
                    kind="exclusion")
register_constraint("citas_paciente_sin_solape", "PACIENTE_OCUPADO", "El paciente ya tiene una cita en ese horario",
                    kind="exclusion")

TRANSICIONES = {
    Estado.NUEVA: {Estado.CONFIRMADA, Estado.EN_ESPERA, Estado.CANCELADA, Estado.NO_ASISTIO},
    Estado.CONFIRMADA: {Estado.EN_ESPERA, Estado.CANCELADA, Estado.NO_ASISTIO},
    Estado.EN_ESPERA: {Estado.EN_CONSULTA, Estado.COMPLETADA, Estado.CANCELADA},
    Estado.EN_CONSULTA: {Estado.COMPLETADA},
}
EDITABLES = (Estado.NUEVA, Estado.CONFIRMADA)
CAMPOS_AGENDA = ("medico_id", "sucursal_id", "fecha", "hora_inicio", "hora_fin")


def _nombre_estado(estado_id):
    return Estado.NOMBRES[estado_id][0]


def ahora_local(sucursal, ahora):
    """The instant ``ahora`` as the branch's wall-clock time (naive, comparable with fecha + hora)."""
    return hora_en(sucursal.zona_horaria, ahora)


def hora_en(zona_horaria, ahora):
    """The instant ``ahora`` as wall-clock time in the IANA zone ``zona_horaria`` (naive)."""
    return ahora.astimezone(ZoneInfo(zona_horaria)).replace(tzinfo=None)


def _con_relaciones(stmt, con_notas):
    """Nested patient, doctor and branch in the same query (only the columns the answer shows; the state's
    name is Estado's reference data); Facturación's queries (``con_notas`` false) do not even decrypt the notes."""
    stmt = stmt.options(
        joinedload(Cita.paciente, innerjoin=True).load_only(Paciente.id, Paciente.nombre, Paciente.apellido),
        joinedload(Cita.medico, innerjoin=True).load_only(Medico.id, Medico.nombre, Medico.apellido,
                                                          Medico.usuario_id),
        joinedload(Cita.sucursal, innerjoin=True),
    )
    if not con_notas:
        stmt = stmt.options(defer(Cita.notas))
    return stmt


# --- the list ---------------------------------------------------------------------------------------
# Lists are read as plain rows and given CitaSchema's shape here: building ORM objects and dumping them
# with marshmallow cost ~15 ms for a branch's 100-appointment day, the rows ~3 ms (docs/performance.md).
# tests/test_citas_lista.py checks the shape against CitaSchema's dump of the same appointments.

_COLUMNAS_LISTA = (
    Cita.id, Cita.paciente_id, Cita.medico_id, Cita.sucursal_id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin,
    Cita.estado_id, Cita.motivo, Cita.creado_por, Cita.fecha_creacion, Paciente.nombre, Paciente.apellido,
    Medico.nombre, Medico.apellido, Sucursal.nombre,
    (Cita.confirmacion == Cita.CONFIRMADA_POR_PACIENTE).label("confirmada_por_paciente"), Cita.origen, Cita.serie_id,
)


def _cita_json(fila, con_notas):
    """One row of _COLUMNAS_LISTA (then notas, when shown, and the total) as CitaSchema dumps it; the state's name
    is the fixed reference data of Estado."""
    (id_, paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin, estado_id, motivo, creado_por,
     fecha_creacion, paciente_nombre, paciente_apellido, medico_nombre, medico_apellido, sucursal_nombre,
     confirmada_por_paciente, origen, serie_id, *notas) = fila
    cita = {
        "id": id_, "paciente_id": paciente_id, "medico_id": medico_id, "sucursal_id": sucursal_id,
        "fecha": fecha.isoformat(), "hora_inicio": hora_inicio.isoformat("minutes"),
        "hora_fin": hora_fin.isoformat("minutes"), "estado_id": estado_id, "motivo": motivo, "creado_por": creado_por,
        "fecha_creacion": fecha_creacion.isoformat() if fecha_creacion else None,
        "paciente": {"id": paciente_id, "nombre": paciente_nombre, "apellido": paciente_apellido},
        "medico": {"id": medico_id, "nombre": medico_nombre, "apellido": medico_apellido},
        "estado": {"id": estado_id, "nombre": _nombre_estado(estado_id)},
        "sucursal": {"id": sucursal_id, "nombre": sucursal_nombre},
        "confirmada_por_paciente": confirmada_por_paciente, "origen": origen, "serie_id": serie_id,
    }
    if con_notas:
        cita["notas"] = notas[0]
    return cita


_FILTROS_LISTA = {
    "medico_id": Cita.medico_id == bindparam("medico_id"),
    "paciente_id": Cita.paciente_id == bindparam("paciente_id"),
    "estado_id": Cita.estado_id == bindparam("estado_id"),
    "sucursal_id": Cita.sucursal_id == bindparam("sucursal_id"),
    "fecha_desde": Cita.fecha >= bindparam("fecha_desde"),
    "fecha_hasta": Cita.fecha <= bindparam("fecha_hasta"),
    "origen": Cita.origen == bindparam("origen"),  # the reception's list of online bookings (reservas_recepcion)
}


# The filters the appointments' daily summary (medical.citas_por_dia: one row per day, branch and doctor, its counts
# per state; kept by triggers in the statement's own transaction) can count: a list filtered only by them, in a scope
# it also has, counts the summary's rows instead of the appointments. A busy branch's week is ~3,600 appointments,
# most of them on pages the visibility map does not cover yet (the index-only count reads the table): ~3 ms,
# against 0.2 ms for its ~60 summary rows (docs/performance.md, issue 23). The state picks the column summed.
_FILTROS_RESUMEN = {
    "fecha_desde": CitasPorDia.fecha >= bindparam("fecha_desde"),
    "fecha_hasta": CitasPorDia.fecha <= bindparam("fecha_hasta"),
    "sucursal_id": CitasPorDia.sucursal_id == bindparam("sucursal_id"),
    "medico_id": CitasPorDia.medico_id == bindparam("medico_id"),
}
_POR_ESTADO = {estado: getattr(CitasPorDia, f"citas_{estado}") for estado in Estado.NOMBRES}
_CONTABLES_EN_RESUMEN = frozenset(_FILTROS_RESUMEN) | {"estado_id"}


def _contar_en_resumen(filtros, clave_alcance):
    contadas = (case(_POR_ESTADO, value=bindparam("estado_id")) if "estado_id" in filtros
                else sum(_POR_ESTADO.values(), literal(0)))
    condiciones = [_FILTROS_RESUMEN[f] for f in filtros if f != "estado_id"] + (
        [Alcance.condicion_resumen_citas(clave_alcance)] if clave_alcance else [])
    return select(func.coalesce(func.sum(contadas), 0)).where(*condiciones)


@functools.cache
def _sentencias_lista(filtros, clave_alcance, con_notas, ids_primero):
    """The page and count statements of a list shape (the filters given, the caller's scope, whether notes
    are shown, whether the page's ids are chosen first), built once with every value a bound parameter: the agenda
    then binds values instead of building and hashing its statements (~1 ms of CPU per request). The page carries
    the count as a column; the count alone is for a page past the last.

    ``ids_primero``: the page's ids are chosen first, alone, and only those rows are joined and decrypted. A page
    after the first skips the rows before it, and joined first it joined and decrypted them all: page 15 of a busy
    week (1,400 rows skipped) took 15.0 ms in process, 6.9 ms ids first. The list of online bookings (filter
    ``origen``) chooses them first on every page: its partial index (ix_citas_en_linea_fecha) has no statistics of
    its own, and the column's say almost no appointment is booked online, so planned as one join cut at the end the
    700 bookings of a busy week were all joined, decrypted and sorted to keep 50 (7.4 ms instead of 2.9). The other
    first pages keep the one join: with their estimates right it runs ~1 ms faster (docs/performance.md, issue 23)."""
    condiciones = [_FILTROS_LISTA[f] for f in filtros] + ([Alcance.condicion_citas(clave_alcance)] if clave_alcance else [])
    if _CONTABLES_EN_RESUMEN.issuperset(filtros):
        contar = _contar_en_resumen(filtros, clave_alcance)
    else:
        contar = select(func.count()).select_from(Cita).where(*condiciones)
    orden = (Cita.fecha, Cita.hora_inicio, Cita.id)
    columnas = _COLUMNAS_LISTA + ((Cita.notas,) if con_notas else ())
    pagina = select(*columnas, contar.scalar_subquery().label("total"))
    if ids_primero:
        ids = (select(Cita.id).where(*condiciones).order_by(*orden)
               .limit(bindparam("limite")).offset(bindparam("inicio")).subquery("pagina"))
        pagina = pagina.select_from(ids).join(Cita, Cita.id == ids.c.id)
    else:
        pagina = pagina.where(*condiciones).limit(bindparam("limite")).offset(bindparam("inicio"))
    pagina = (pagina.join(Paciente, Paciente.id == Cita.paciente_id).join(Medico, Medico.id == Cita.medico_id)
              .join(Sucursal, Sucursal.id == Cita.sucursal_id).order_by(*orden))
    return pagina, contar


def listar(alcance, *, page, per_page, accion="citas_listadas", **filtros):
    """One page of the appointments in the caller's scope, by date and time, already in JSON form; the read
    is audited as ``accion``. ``filtros``: keys of _FILTROS_LISTA (None: not filtered)."""
    valores = {f: v for f, v in filtros.items() if v is not None}
    clave, valores_alcance = alcance.clave_citas()
    con_notas = alcance.ve_datos_clinicos
    pagina, contar = _sentencias_lista(tuple(sorted(valores)), clave, con_notas, "origen" in valores or page > 1)
    valores |= valores_alcance
    filas, total = filas_y_total(pagina, contar, valores, page, per_page)
    registrar_lectura(alcance, accion, "cita", (f.id for f in filas), paciente_id=filtros.get("paciente_id"))
    return page_of([_cita_json(f, con_notas) for f in filas], total, page, per_page)


def consultar(alcance, cita_id):
    """An appointment as the API shows it: a read of patient data, audited."""
    cita = obtener(alcance, cita_id)
    registrar_lectura(alcance, "cita_consultada", "cita", [cita.id], paciente_id=cita.paciente_id)
    return cita


@functools.cache
def _sentencia_cita(clave_alcance, con_notas, bloquear):
    """obtener's statement for a scope key, with or without the notes, locked or not: built once, every value a
    bound parameter (a select with its joined loads cost ~0.3 ms of CPU to build on each change of state)."""
    stmt = select(Cita).where(Cita.id == bindparam("cita_id"))
    if clave_alcance:
        stmt = stmt.where(Alcance.condicion_citas(clave_alcance))
    stmt = _con_relaciones(stmt, con_notas)
    return stmt.with_for_update(of=Cita) if bloquear else stmt


def obtener(alcance, cita_id, bloquear=False):
    clave, valores = alcance.clave_citas()
    stmt = _sentencia_cita(clave, alcance.ve_datos_clinicos, bloquear)
    cita = db.session.scalars(stmt, {"cita_id": cita_id, **valores}).unique().first()
    if cita is None:
        raise NoEncontrado("La cita no existe")
    return cita


@functools.cache
def _sentencia_paciente_de(clave_alcance):
    stmt = select(Cita.paciente_id).where(Cita.id == bindparam("cita_id"))
    return stmt.where(Alcance.condicion_citas(clave_alcance)) if clave_alcance else stmt


def paciente_de(alcance, cita_id):
    """The patient of an appointment in the caller's scope (404 otherwise, as obtener), for what needs nothing else
    of it: one column, not the appointment with its patient, doctor and branch as ORM objects (a third of the
    appointment link's instructions)."""
    clave, valores = alcance.clave_citas()
    paciente_id = ejecutar(_sentencia_paciente_de(clave), {"cita_id": cita_id, **valores}).scalar()
    if paciente_id is None:
        raise NoEncontrado("La cita no existe")
    return paciente_id


# --- booking rules --------------------------------------------------------------------------------

def _cargar(modelo, id_, campo, mensaje):
    obj = por_id(modelo, id_)
    if obj is None:
        raise Invalido({campo: [mensaje]})
    return obj


def paciente_para_agendar(paciente_id) -> Paciente | None:
    """The patient, read under a key-share lock: a merge (fusion_pacientes) locks them FOR UPDATE, so a booking
    waits for it and then sees them as the merge left them (inactive) instead of booking for an absorbed patient."""
    return db.session.scalar(select(Paciente).where(Paciente.id == paciente_id).with_for_update(key_share=True)
                             .execution_options(populate_existing=True))


_BLOQUES = select(HorarioMedico.dia_semana, HorarioMedico.hora_inicio, HorarioMedico.hora_fin,
                  HorarioMedico.intervalo_citas).where(HorarioMedico.medico_id == bindparam("medico_id"),
                                                       HorarioMedico.sucursal_id == bindparam("sucursal_id"))


def bloques_de_horario(medico_id, sucursal_id):
    """The doctor's schedule blocks at the branch, as rows of what a booking checks (a handful: one read serves
    every date of a series)."""
    return db.session.execute(_BLOQUES, {"medico_id": medico_id, "sucursal_id": sucursal_id}).all()


def _validar_agenda(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, ahora, bloques=None):
    """INACTIVO, FECHA_PASADA and FUERA_DE_HORARIO; returns hora_fin (default: the block's interval). ``bloques``:
    the doctor's blocks at the branch when already read (bloques_de_horario)."""
    for obj, texto in ((medico, "El médico está inactivo"), (paciente, "El paciente está inactivo"),
                       (sucursal, "La sucursal está inactiva")):
        if not obj.activo:
            raise Conflicto("INACTIVO", texto)
    if datetime.combine(fecha, hora_inicio) < ahora_local(sucursal, ahora):
        raise Conflicto("FECHA_PASADA", "No se puede agendar una cita en una fecha u hora pasada")
    if bloques is None:
        bloques = bloques_de_horario(medico.id, sucursal.id)
    # A doctor's blocks of one day never overlap (horarios_medicos_sin_solape): at most one holds the start.
    bloque = next((b for b in bloques if b.dia_semana == fecha.isoweekday()
                   and b.hora_inicio <= hora_inicio < b.hora_fin), None)
    fuera = Conflicto("FUERA_DE_HORARIO", "El médico no atiende en esa sucursal, día y horario")
    if bloque is None:
        raise fuera
    if hora_fin is None:
        fin = datetime.combine(fecha, hora_inicio) + timedelta(minutes=bloque.intervalo_citas)
        if fin.date() != fecha:
            raise fuera
        hora_fin = fin.time()
    if hora_fin > bloque.hora_fin or hora_fin <= hora_inicio:
        raise fuera
    return hora_fin


_INSERTAR_CAMBIOS = insert(CambioEstadoCita.__table__)


def _registrar_cambios(citas, anterior, usuario, motivo=None, revierte=False):
    """The history rows of the same state change of ``citas``, one statement; ``usuario`` None: the patient made it
    from the public page. A plain INSERT: the rows are never read back in the request, and the ORM's unit of work
    (a flush of its own) cost ~0.4 ms of CPU per booking or change."""
    db.session.execute(_INSERTAR_CAMBIOS, [
        {"cita_id": cita.id, "estado_anterior_id": anterior, "estado_id": cita.estado_id,
         "usuario_id": usuario.id if usuario else None, "motivo": motivo, "revierte": revierte,
         "por_paciente": usuario is None} for cita in citas])


def _relaciones_al_dia(cita):
    """Forget the doctor and branch loaded before a change of their ids: the answer is serialised without
    expiring the session (confirmar_sin_recargar), so it would show the old ones."""
    db.session.expire(cita, ["medico", "sucursal"])
    return cita


def _auditar(accion, usuario, cita, **detalle):
    auditoria_service.registrar(accion, usuario=usuario, entidad="cita", entidad_id=cita.id,
                                paciente_id=cita.paciente_id, detalle=detalle or None)


def _agenda_json(cita):
    return {"medico_id": cita.medico_id, "sucursal_id": cita.sucursal_id, "fecha": cita.fecha.isoformat(),
            "hora_inicio": cita.hora_inicio.strftime("%H:%M"), "hora_fin": cita.hora_fin.strftime("%H:%M")}


def agendar(alcance, *, paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin=None, motivo=None,
            notas=None):
    paciente, medico, sucursal = partes_de_la_reserva(alcance, paciente_id, medico_id, sucursal_id)
    return _crear(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, motivo, notas, alcance.usuario,
                  alcance.ahora)


_PARTES = (select(Paciente, Medico, Sucursal).select_from(Paciente)
           .join(Medico, Medico.id == bindparam("medico_id")).join(Sucursal, Sucursal.id == bindparam("sucursal_id"))
           .where(Paciente.id == bindparam("paciente_id"))
           # What a booking checks and answers of the patient: not their encrypted columns (pgcrypto per read).
           .options(load_only(Paciente.id, Paciente.nombre, Paciente.apellido, Paciente.activo))
           .with_for_update(key_share=True, of=Paciente).execution_options(populate_existing=True))


def partes_de_la_reserva(alcance, paciente_id, medico_id, sucursal_id):
    """(patient, doctor, branch) of a staff booking, read in one statement (the patient under paciente_para_agendar's
    lock): they exist (422) and the writer may book there (403)."""
    partes = db.session.execute(_PARTES, {"paciente_id": paciente_id, "medico_id": medico_id,
                                          "sucursal_id": sucursal_id}).first()
    if partes is None:  # which one does not exist: a read each, on this refusal only
        paciente = paciente_para_agendar(paciente_id)
        if paciente is None:
            raise Invalido({"paciente_id": ["El paciente no existe."]})
        partes = (paciente, _cargar(Medico, medico_id, "medico_id", "El médico no existe."),
                  _cargar(Sucursal, sucursal_id, "sucursal_id", "La sucursal no existe."))
    paciente, medico, sucursal = partes
    alcance.verificar_agenda(medico, sucursal_id)
    return paciente, medico, sucursal


def agendar_en_linea(paciente, medico, sucursal, *, fecha, hora_inicio, motivo, ahora, hora_fin=None):
    """The patient's own booking (app/services/reservas, an accepted offer of a freed slot): no user, ``origen``
    en_linea, the block's interval as its length unless ``hora_fin`` is given, and the same checks and constraints as
    the staff's."""
    return _crear(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, motivo, None, None, ahora,
                  origen="en_linea")


# A booking is one INSERT … RETURNING of the ORM's: the unit of work (a flush) walked the appointment's four
# relationships and their mappers, ~1 ms of CPU per booking, for one row (docs/performance.md, «Octava pasada»).
_INSERTAR_CITAS = insert(Cita).returning(Cita, sort_by_parameter_order=True)

# Namespace (first key) of the agendas' advisory locks.
_NS_AGENDA = 0x414745  # "AGE"


def _apartar_agendas(*citas):
    """Lock the doctor's and the patient's agenda of each (medico_id, paciente_id, fecha) until the transaction ends,
    before writing an appointment there. Two overlapping writes would otherwise deadlock in PostgreSQL's exclusion
    check (each inserts its index entry, then finds the other's uncommitted one and waits for it: 40P01, a 503 after
    a second instead of the constraint's 409). Under the lock the second waits for the first to commit, and then
    the constraint refuses it."""
    bloqueo_consultivo(_NS_AGENDA, *{f"{quien}:{id_}:{fecha.isoformat()}" for medico_id, paciente_id, fecha in citas
                                     for quien, id_ in (("medico", medico_id), ("paciente", paciente_id))})


def _insertar(paciente, medico, sucursal, horas, *, motivo, notas, usuario, origen, serie_id=None):
    """The appointments at ``horas`` ((fecha, hora_inicio, hora_fin) each), in that order, as persistent objects read
    back from their rows (the server's defaults with them), their patient, doctor and branch the objects already
    loaded (the answer shows them)."""
    filas = [{"paciente_id": paciente.id, "medico_id": medico.id, "sucursal_id": sucursal.id, "fecha": fecha,
              "hora_inicio": inicio, "hora_fin": fin, "estado_id": Estado.NUEVA, "motivo": motivo, "notas": notas,
              "creado_por": usuario.id if usuario else None, "origen": origen, "serie_id": serie_id}
             for fecha, inicio, fin in horas]
    _apartar_agendas(*((medico.id, paciente.id, fecha) for fecha, _, _ in horas))
    with restricciones():  # the exclusion constraints decide MEDICO_OCUPADO / PACIENTE_OCUPADO here
        citas = db.session.scalars(_INSERTAR_CITAS, filas).all()
    for cita in citas:
        for nombre, obj in (("paciente", paciente), ("medico", medico), ("sucursal", sucursal)):
            set_committed_value(cita, nombre, obj)
    return citas


def _crear(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, motivo, notas, usuario, ahora,
           origen="recepcion", serie_id=None, avisar=True):
    """Book a checked appointment. ``usuario`` None: the patient booked it online."""
    hora_fin = _validar_agenda(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, ahora)
    [cita] = _insertar(paciente, medico, sucursal, [(fecha, hora_inicio, hora_fin)], motivo=motivo, notas=notas,
                       usuario=usuario, origen=origen, serie_id=serie_id)
    _registrar_cambios([cita], None, usuario)
    _auditar("cita_creada", usuario, cita, **_agenda_json(cita), **({"origen": origen} if usuario is None else {}))
    recordatorios.al_agendar(cita, ahora, avisar)
    return cita


# Whether the doctor's and the patient's agendas are taken at each of several dates (with their start and end), as
# the exclusion constraints see it (not Cancelada nor No asistió, Estado.LIBERAN; the same day: an appointment ends on
# its date). One EXISTS per agenda and date, each on its own index: an OR of both in one join made PostgreSQL
# intersect every appointment of the date with all of the doctor's (3.4 ms at 1M against 0.4).
_OCUPADAS = text("""
SELECT f.fecha,
       EXISTS (SELECT 1 FROM medical.citas c WHERE c.medico_id = :medico_id AND c.fecha = f.fecha
                  AND c.estado_id NOT IN :liberan AND c.hora_inicio < f.fin AND c.hora_fin > f.inicio) AS medico,
       EXISTS (SELECT 1 FROM medical.citas c WHERE c.paciente_id = :paciente_id AND c.fecha = f.fecha
                  AND c.estado_id NOT IN :liberan AND c.hora_inicio < f.fin AND c.hora_fin > f.inicio) AS paciente
FROM unnest(CAST(:fechas AS date[]), CAST(:inicios AS time[]), CAST(:fines AS time[])) AS f(fecha, inicio, fin)
""").bindparams(bindparam("liberan", value=Estado.LIBERAN, expanding=True))
_OCUPADO = ("MEDICO_OCUPADO", "PACIENTE_OCUPADO")


def agendar_varias(alcance, paciente, medico, sucursal, *, fechas, hora_inicio, hora_fin=None, motivo=None,
                   notas=None, serie_id=None):
    """Book the same appointment on several dates at once (a series, app/services/series_citas.py) with the parts
    of partes_de_la_reserva → (the booked appointments in date order, {date: the Conflicto that refused it}).

    Each date meets a single booking's rules: INACTIVO, FECHA_PASADA and FUERA_DE_HORARIO against the schedule read
    once; MEDICO_OCUPADO / PACIENTE_OCUPADO for every date in one read; the free dates are inserted together in one
    savepoint, with their history, audit rows and messages a statement each. The constraints still decide: should
    another booking take one of the dates in between, the savepoint is rolled back and each date is booked alone.
    The patient is told of the first booked date only; every date gets its reminders."""
    usuario, ahora = alcance.usuario, alcance.ahora
    bloques = bloques_de_horario(medico.id, sucursal.id)
    rechazos, libres = {}, {}
    for fecha in fechas:
        try:
            libres[fecha] = _validar_agenda(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, ahora, bloques)
        except Conflicto as error:
            rechazos[fecha] = error
    if libres:
        for fila in db.session.execute(_OCUPADAS, {
                "fechas": list(libres), "inicios": [hora_inicio] * len(libres), "fines": list(libres.values()),
                "medico_id": medico.id, "paciente_id": paciente.id}):
            if not (fila.medico or fila.paciente):
                continue
            del libres[fila.fecha]
            rechazos[fila.fecha] = Conflicto(*EXCLUSION_VIOLATIONS[
                "citas_medico_sin_solape" if fila.medico else "citas_paciente_sin_solape"])
    if not libres:
        return [], rechazos
    try:
        citas = _insertar(paciente, medico, sucursal, [(fecha, hora_inicio, fin) for fecha, fin in libres.items()],
                          motivo=motivo, notas=notas, usuario=usuario, origen="recepcion", serie_id=serie_id)
    except Conflicto as error:
        if error.reason not in _OCUPADO:
            raise
        citas = []
        for fecha, fin in libres.items():  # taken meanwhile: the constraints decide date by date
            try:
                citas.append(_crear(paciente, medico, sucursal, fecha, hora_inicio, fin, motivo, notas, usuario,
                                    ahora, serie_id=serie_id, avisar=not citas))
            except Conflicto as error_del_dia:
                if error_del_dia.reason not in _OCUPADO:
                    raise
                rechazos[fecha] = error_del_dia
        return citas, rechazos
    _registrar_cambios(citas, None, usuario)
    auditoria_service.registrar_varias("cita_creada", usuario=usuario, entidad="cita", filas=[
        {"entidad_id": cita.id, "paciente_id": cita.paciente_id, "detalle": _agenda_json(cita)} for cita in citas])
    recordatorios.al_agendar_varias(citas, ahora)
    return citas, rechazos


def modificar(alcance, cita_id, **cambios):
    """Reschedule and/or edit motivo and notas, only while Nueva or Confirmada."""
    usuario = alcance.usuario
    cita = obtener(alcance, cita_id, bloquear=True)
    if cambios.get("hora_fin") is None:
        cambios.pop("hora_fin", None)
    if cita.estado_id not in EDITABLES:
        raise Conflicto("CITA_NO_MODIFICABLE",
                        f"Una cita en estado {_nombre_estado(cita.estado_id)} ya no se puede modificar")
    antes = _agenda_json(cita)
    reprograma = any(campo in cambios and cambios[campo] != getattr(cita, campo) for campo in CAMPOS_AGENDA)
    if reprograma:
        medico = _cargar(Medico, cambios.get("medico_id", cita.medico_id), "medico_id", "El médico no existe.")
        sucursal_id = cambios.get("sucursal_id", cita.sucursal_id)
        sucursal = _cargar(Sucursal, sucursal_id, "sucursal_id", "La sucursal no existe.")
        alcance.verificar_agenda(medico, sucursal_id)
        fecha = cambios.get("fecha", cita.fecha)
        hora_inicio = cambios.get("hora_inicio", cita.hora_inicio)
        hora_fin = cambios.get("hora_fin")
        if hora_fin is None and "hora_inicio" in cambios:
            # A moved appointment keeps its length.
            duracion = datetime.combine(cita.fecha, cita.hora_fin) - datetime.combine(cita.fecha, cita.hora_inicio)
            fin = datetime.combine(fecha, hora_inicio) + duracion
            if fin.date() != fecha:
                raise Conflicto("FUERA_DE_HORARIO", "El médico no atiende en esa sucursal, día y horario")
            hora_fin = fin.time()
        elif hora_fin is None:
            hora_fin = cita.hora_fin
        if hora_fin <= hora_inicio:
            raise Invalido({"hora_fin": ["Debe ser posterior a hora_inicio."]})
        paciente = por_id(Paciente, cita.paciente_id)
        hora_fin = _validar_agenda(paciente, medico, sucursal, fecha, hora_inicio, hora_fin, alcance.ahora)
    editados = [c for c in ("motivo", "notas") if c in cambios and cambios[c] != getattr(cita, c)]
    if reprograma:  # the agendas it leaves too: two appointments swapped at once would each wait for the other
        _apartar_agendas((cita.medico_id, cita.paciente_id, cita.fecha), (medico.id, cita.paciente_id, fecha))
    with restricciones():  # exclusion constraints again
        if reprograma:
            cita.medico_id, cita.sucursal_id, cita.fecha = medico.id, sucursal.id, fecha
            cita.hora_inicio, cita.hora_fin = hora_inicio, hora_fin
        for campo in editados:
            setattr(cita, campo, cambios[campo])
    if reprograma:
        _auditar("cita_reprogramada", usuario, cita, antes=antes, despues=_agenda_json(cita))
    elif editados:
        _auditar("cita_modificada", usuario, cita, campos=editados)
    if reprograma:
        recordatorios.al_reprogramar(cita, alcance.ahora)
    return _relaciones_al_dia(cita)


# --- state machine --------------------------------------------------------------------------------

def cambiar_estado(alcance, cita_id, *, estado_id, motivo=None, revertir=False, avisar=True):
    """``avisar`` false: no message to the patient for this change (the rest of a series is cancelled with one);
    what was pending is ended all the same."""
    cita = obtener(alcance, cita_id, bloquear=True)
    if revertir:
        _validar_reversion(alcance, cita, estado_id, motivo)
    else:
        _validar_transicion(cita, estado_id, motivo, alcance.ahora)
    return _cambiar(cita, estado_id, motivo, alcance.usuario, alcance.ahora, revierte=revertir, avisar=avisar)


# What a patient may do from the public page: confirm a new appointment, cancel one not yet started.
TRANSICIONES_DEL_PACIENTE = {(Estado.NUEVA, Estado.CONFIRMADA), (Estado.NUEVA, Estado.CANCELADA),
                             (Estado.CONFIRMADA, Estado.CANCELADA)}


def cambiar_estado_por_paciente(cita, *, estado_id, motivo, ahora):
    """The patient confirms or cancels from the appointment's public page (no user: the history row says
    por_paciente). Only TRANSICIONES_DEL_PACIENTE, within the staff's state machine; the caller loaded and locked
    the appointment (FOR UPDATE) and checked the link and the patient's own rules (how late a cancellation may
    be)."""
    if (cita.estado_id, estado_id) not in TRANSICIONES_DEL_PACIENTE:
        raise Conflicto("TRANSICION_INVALIDA",
                        f"La cita está {_nombre_estado(cita.estado_id)}: ya no se puede cambiar desde este enlace")
    _validar_transicion(cita, estado_id, motivo, ahora)
    return _cambiar(cita, estado_id, motivo, None, ahora)


# The change itself is one UPDATE, not the unit of work's flush of the loaded appointment (as _INSERTAR_CITAS).
_CAMBIAR_ESTADO = (update(Cita.__table__).where(Cita.__table__.c.id == bindparam("cita_id"))
                   .values(estado_id=bindparam("estado_id")))


def _cambiar(cita, estado_id, motivo, usuario, ahora, revierte=False, avisar=True):
    """Apply a validated change of a locked appointment: the state, its history and audit rows, the messages
    it causes. ``usuario`` None: the patient."""
    anterior = cita.estado_id
    if anterior in Estado.LIBERAN and estado_id not in Estado.LIBERAN:
        _apartar_agendas((cita.medico_id, cita.paciente_id, cita.fecha))
    with restricciones():  # reactivating a freed slot may collide with a newer appointment → 409
        db.session.execute(_CAMBIAR_ESTADO, {"cita_id": cita.id, "estado_id": estado_id})
    set_committed_value(cita, "estado_id", estado_id)
    _registrar_cambios([cita], anterior, usuario, motivo, revierte=revierte)
    _auditar("cita_estado_revertido" if revierte else "cita_estado_cambiado", usuario, cita,
             estado_anterior_id=anterior, estado_id=estado_id, motivo=motivo,
             **({"por_paciente": True} if usuario is None else {}))
    recordatorios.al_cambiar_estado(cita, ahora, avisar)
    return cita


def _validar_transicion(cita, estado_id, motivo, ahora):
    actual = cita.estado_id
    if estado_id not in TRANSICIONES.get(actual, ()):
        raise Conflicto("TRANSICION_INVALIDA",
                        f"No se puede pasar de {_nombre_estado(actual)} a {_nombre_estado(estado_id)}")
    ahora = ahora_local(por_id(Sucursal, cita.sucursal_id), ahora)
    if estado_id == Estado.NO_ASISTIO and ahora < datetime.combine(cita.fecha, cita.hora_inicio):
        raise Conflicto("TRANSICION_INVALIDA", "Solo se puede marcar No Asistió cuando ya pasó la hora de la cita")
    if estado_id == Estado.EN_ESPERA and ahora.date() != cita.fecha:
        raise Conflicto("TRANSICION_INVALIDA", "Solo se puede pasar a En Espera el día de la cita")
    if estado_id == Estado.CANCELADA and not motivo:
        raise Invalido({"motivo": ["Indique el motivo de la cancelación."]})


def _validar_reversion(alcance, cita, estado_id, motivo):
    """An Administrador undoes the last transition (a reversal is itself a transition that can be undone)."""
    if not alcance.es_admin:
        raise Prohibido("Solo un administrador puede revertir un cambio de estado")
    if not motivo:
        raise Invalido({"motivo": ["Indique el motivo de la reversión."]})
    ultimo = db.session.scalars(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id)
                                .order_by(CambioEstadoCita.id.desc()).limit(1)).first()
    if ultimo is None or ultimo.estado_anterior_id is None or ultimo.estado_id != cita.estado_id:
        raise Conflicto("TRANSICION_INVALIDA", "La cita no tiene un cambio de estado que revertir")
    if estado_id != ultimo.estado_anterior_id:
        raise Conflicto("TRANSICION_INVALIDA",
                        f"Solo se puede revertir al estado anterior ({_nombre_estado(ultimo.estado_anterior_id)})")


def historial_estados(alcance, cita_id, *, page, per_page):
    paciente_de(alcance, cita_id)
    stmt = select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita_id).order_by(CambioEstadoCita.id)
    return paginate(stmt, page, per_page)

