"""The odontogram: append-only records of findings under the clinical-history rules, and the chart they add up to.

Who may read or write is the history's rule (``historial_service.autorizar``: the Administrador, a treating
Médico, or a declared emergency, audited). The chart is never stored: it is computed from the records in order,
so the chart as of any past moment is the same computation over the records made until then.

How findings add up (docs/odontologia.md): a surface condition replaces what the surface had; a whole-tooth
condition joins the tooth's list; ``ausente`` replaces everything, and then only an implant (which replaces the
absence), a prosthesis (the tooth stays absent under it) or ``sano`` may be charted on the tooth (anything else
→ 409 PIEZA_AUSENTE); ``sano`` clears the surfaces it names, or the whole tooth. Records of one patient are
written one at a time (an advisory lock), so that rule holds under concurrent writers too.
"""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask import current_app
from sqlalchemy import bindparam, select, text
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Cita, CondicionDental, HallazgoOdontograma, RegistroOdontograma
from app.services import auditoria_service, historial_service
from app.services.fusion_pacientes import ids_del_paciente
from app.services.odontologia import fdi
from app.utils.errors import Conflicto, Invalido, NoEncontrado
from app.utils.pagination import paginate
from app.utils.sql import por_id

SANO, AUSENTE, IMPLANTE = "sano", "ausente", "implante"
SOBRE_AUSENTE = frozenset({IMPLANTE, "protesis_fija", "protesis_removible", SANO})
ENTIDAD = "odontograma"
_NS_ODONTOGRAMA = 0x4F444F  # "ODO": advisory lock of one patient's chart while a record is written


@dataclass(frozen=True)
class Condicion:
    codigo: str
    nombre: str
    ambito: str
    color: str


_CATALOGO: dict[str, Condicion] = {}


def catalogo() -> dict[str, Condicion]:
    """The catalogue by code, in the legend's order: read once per process (reference data a migration seeds and
    the application's role cannot change)."""
    if not _CATALOGO:
        filas = db.session.execute(select(CondicionDental.codigo, CondicionDental.nombre, CondicionDental.ambito,
                                          CondicionDental.color).order_by(CondicionDental.orden))
        _CATALOGO.update((fila.codigo, Condicion(*fila)) for fila in filas)
    return _CATALOGO


def condiciones() -> list[Condicion]:
    """The catalogue, in the legend's order."""
    return list(catalogo().values())


# --- the chart -----------------------------------------------------------------------------------

class Carta:
    """The chart being added up: {tooth: {"condiciones": [...], "superficies": {surface: code}}}."""

    def __init__(self, catalogo):
        self.catalogo = catalogo
        self.piezas = {}

    def ausente(self, pieza) -> bool:
        return AUSENTE in self.piezas.get(pieza, {}).get("condiciones", ())

    def anotar(self, pieza, superficies, condicion):
        estado = self.piezas.setdefault(pieza, {"condiciones": [], "superficies": {}})
        if condicion == SANO:
            if superficies:
                for superficie in superficies:
                    estado["superficies"].pop(superficie, None)
            else:
                estado["condiciones"].clear()
                estado["superficies"].clear()
        elif self.catalogo[condicion].ambito == "superficie":
            for superficie in superficies:
                estado["superficies"][superficie] = condicion
        elif condicion == AUSENTE:
            estado["condiciones"][:] = [AUSENTE]
            estado["superficies"].clear()
        else:
            if condicion == IMPLANTE and AUSENTE in estado["condiciones"]:  # a prosthesis leaves it missing
                estado["condiciones"].remove(AUSENTE)
            if condicion not in estado["condiciones"]:
                estado["condiciones"].append(condicion)
        if not estado["condiciones"] and not estado["superficies"]:
            del self.piezas[pieza]

    def muestra(self, pieza, superficies, condicion) -> bool:
        """Whether the chart already says ``condicion`` of that tooth (or of every one of those surfaces)."""
        estado = self.piezas.get(pieza, {"condiciones": [], "superficies": {}})
        if superficies:
            return all(estado["superficies"].get(s) == condicion for s in superficies)
        return condicion in estado["condiciones"]

    def como_api(self):
        return {str(pieza): self.piezas[pieza] for pieza in sorted(self.piezas)}


def _denticion(piezas, fecha_nacimiento, dia):
    """Which teeth the chart shows: those charted, or by age when nothing is (primary under 6, mixed to 12)."""
    temporales = any(fdi.es_temporal(p) for p in piezas)
    permanentes = any(not fdi.es_temporal(p) for p in piezas)
    if temporales and permanentes:
        return "mixta"
    if temporales or permanentes:
        return "temporal" if temporales else "permanente"
    if fecha_nacimiento is None:
        return "permanente"
    edad = dia.year - fecha_nacimiento.year - ((dia.month, dia.day) < (fecha_nacimiento.month, fecha_nacimiento.day))
    return "temporal" if edad < 6 else "mixta" if edad < 12 else "permanente"


# The findings of a patient's records (and of the patients merged into it), in order: built once, the patient bound.
_HALLAZGOS = (select(HallazgoOdontograma.pieza, HallazgoOdontograma.superficies, HallazgoOdontograma.condicion,
                     RegistroOdontograma.fecha)
              .join(RegistroOdontograma, RegistroOdontograma.id == HallazgoOdontograma.registro_id)
              .where(RegistroOdontograma.paciente_id.in_(ids_del_paciente(bindparam("paciente_id"))))
              .order_by(RegistroOdontograma.fecha, RegistroOdontograma.id, HallazgoOdontograma.id))


def _carta(paciente_id, hasta=None):
    """(Carta, time of its last record, the clinic's days on which the chart changed) of the patient's records (and
    those of patients merged into it). ``hasta``: the chart as of that moment; the days are always all of them (a
    patient has a few dozen records: reading them all is the same one query)."""
    carta, ultima, dias, zona = Carta(catalogo()), None, [], _zona()
    for pieza, superficies, condicion, fecha in db.session.execute(_HALLAZGOS, {"paciente_id": paciente_id}):
        dia = fecha.astimezone(zona).date()
        if not dias or dias[-1] != dia:
            dias.append(dia)
        if hasta is None or fecha < hasta:
            carta.anotar(pieza, superficies, condicion)
            ultima = fecha
    return carta, ultima, dias


def _zona():
    """The clinic's calendar for "as of a date" (a patient has no branch)."""
    return ZoneInfo(current_app.config["DEFAULT_TIME_ZONE"])


def _fin_del_dia(dia: date):
    return datetime.combine(dia + timedelta(days=1), time.min, tzinfo=_zona())


def leer(alcance, paciente_id, *, fecha=None, emergencia=None):
    """The chart now, or as of the end of ``fecha`` (the clinic's day): an audited read of clinical data."""
    paciente = historial_service.autorizar(alcance, paciente_id, emergencia, "odontograma_consultado",
                                           entidad=ENTIDAD)
    carta, ultima, dias = _carta(paciente_id, _fin_del_dia(fecha) if fecha else None)
    dia = fecha or alcance.ahora.astimezone(_zona()).date()
    auditoria_service.registrar("odontograma_consultado", usuario=alcance.usuario, entidad=ENTIDAD,
                                paciente_id=paciente_id,
                                detalle={"fecha": fecha.isoformat() if fecha else None, "emergencia": bool(emergencia)})
    return {"denticion": _denticion(carta.piezas, paciente.fecha_nacimiento, dia), "piezas": carta.como_api(),
            "actualizado_en": ultima, "fechas": dias}


# --- records -------------------------------------------------------------------------------------

def _validar(hallazgos, catalogo):
    """422 with each wrong finding's fields: FDI tooth and surfaces, a known condition, the condition's scope."""
    errores = {}
    for i, hallazgo in enumerate(hallazgos):
        campos = {}
        pieza, superficies = hallazgo["pieza"], hallazgo.get("superficies") or []
        if problemas := fdi.errores_pieza(pieza, superficies):
            campos["pieza" if pieza not in fdi.PIEZAS else "superficies"] = problemas
        condicion = catalogo.get(hallazgo["condicion"])
        if condicion is None:
            campos["condicion"] = ["La condición no existe en el catálogo."]
        elif condicion.ambito == "superficie" and not superficies:
            campos["superficies"] = [f"«{condicion.nombre}» se registra en una o más superficies."]
        elif condicion.ambito == "pieza" and superficies and condicion.codigo != SANO:
            campos["superficies"] = [f"«{condicion.nombre}» se registra en la pieza entera, sin superficies."]
        if campos:
            errores[i] = campos
    if errores:
        raise Invalido({"hallazgos": errores})


def anotar(*, medico, usuario, paciente_id, hallazgos, cita_id=None, observaciones=None, solo_si_cambia=False):
    """Append a record of ``hallazgos`` by ``medico`` (no authorisation here: callers have done it).
    Each finding is checked against the chart as the earlier ones leave it, so a record may mark a tooth
    absent and chart its implant. ``solo_si_cambia``: write nothing (→ None) when the chart already says all of it
    (an extraction done on a tooth someone charted absent meanwhile), judged on the chart read under the lock."""
    _validar(hallazgos, catalogo())
    db.session.execute(text("SELECT pg_advisory_xact_lock(:ns, :paciente)"),
                       {"ns": _NS_ODONTOGRAMA, "paciente": paciente_id})
    carta, _, _ = _carta(paciente_id)
    if solo_si_cambia and all(carta.muestra(h["pieza"], h.get("superficies") or [], h["condicion"]) for h in hallazgos):
        return None
    for hallazgo in hallazgos:
        pieza, condicion = hallazgo["pieza"], hallazgo["condicion"]
        if carta.ausente(pieza) and condicion not in SOBRE_AUSENTE:
            raise Conflicto("PIEZA_AUSENTE", f"La pieza {pieza} está registrada como ausente")
        carta.anotar(pieza, hallazgo.get("superficies") or [], condicion)
    registro = RegistroOdontograma(
        paciente_id=paciente_id, medico_id=medico.id, medico=medico, cita_id=cita_id, creado_por=usuario.id,
        observaciones=observaciones,
        hallazgos=[HallazgoOdontograma(pieza=h["pieza"], superficies=fdi.normalizar(h.get("superficies")),
                                       condicion=h["condicion"], nota=h.get("nota")) for h in hallazgos])
    db.session.add(registro)
    db.session.flush()
    db.session.refresh(registro, ["fecha"])
    auditoria_service.registrar("odontograma_registrado", usuario=usuario, entidad=ENTIDAD, entidad_id=registro.id,
                                paciente_id=paciente_id,
                                detalle={"cita_id": cita_id, "piezas": sorted({h["pieza"] for h in hallazgos})})
    return registro


def registrar(alcance, paciente_id, *, hallazgos, cita_id=None, observaciones=None, emergencia=None):
    """A record by the calling Médico (author and time from the token and the clock, never the body)."""
    medico = historial_service.medico_propio(alcance)
    historial_service.autorizar(alcance, paciente_id, emergencia, "odontograma_registrado", entidad=ENTIDAD)
    if cita_id is not None:
        cita = por_id(Cita, cita_id)
        if cita is None or cita.paciente_id != paciente_id or cita.medico_id != medico.id:
            raise Invalido({"cita_id": ["La cita no existe o no es de este paciente con usted."]})
    return anotar(medico=medico, usuario=alcance.usuario, paciente_id=paciente_id, hallazgos=hallazgos,
                  cita_id=cita_id, observaciones=observaciones)


def _registros(paciente_id):
    return (select(RegistroOdontograma)
            .where(RegistroOdontograma.paciente_id.in_(ids_del_paciente(paciente_id)))
            .options(selectinload(RegistroOdontograma.hallazgos), joinedload(RegistroOdontograma.medico)))


def listar_registros(alcance, paciente_id, *, page, per_page, emergencia=None):
    historial_service.autorizar(alcance, paciente_id, emergencia, "odontograma_consultado", entidad=ENTIDAD)
    stmt = _registros(paciente_id).order_by(RegistroOdontograma.fecha.desc(), RegistroOdontograma.id.desc())
    pagina = paginate(stmt, page, per_page)
    auditoria_service.registrar("odontograma_consultado", usuario=alcance.usuario, entidad=ENTIDAD,
                                paciente_id=paciente_id,
                                detalle={"registros": [r.id for r in pagina["items"]], "emergencia": bool(emergencia)})
    return pagina


def obtener_registro(alcance, paciente_id, registro_id, *, emergencia=None):
    historial_service.autorizar(alcance, paciente_id, emergencia, "odontograma_consultado", registro_id,
                                entidad=ENTIDAD)
    registro = db.session.scalar(_registros(paciente_id).where(RegistroOdontograma.id == registro_id))
    if registro is None:
        raise NoEncontrado("El registro del odontograma no existe")
    auditoria_service.registrar("odontograma_consultado", usuario=alcance.usuario, entidad=ENTIDAD,
                                entidad_id=registro.id, paciente_id=paciente_id,
                                detalle={"emergencia": bool(emergencia)})
    return registro


