"""Merging two records of the same person (POST /api/pacientes/{id}/fusionar, Administrador).

The kept patient (``paciente_id``) takes over what can change hands: the absorbed one's (``con_id``) appointments
and messages move to it, and its e-mail and document when the kept one has none. What the clinic may never
rewrite stays as it was written, under the absorbed patient's id, and is read as the kept patient's through
``pacientes.fusionado_con_id`` (``ids_del_paciente``): the clinical history and its addenda (append-only: the
application's role cannot UPDATE them, migration 0013), the invoices (their chained fingerprint covers
``paciente_id``: moving one would break its series, huellas_service) and the audit log (append-only, each row signed).
docs/pacientes.md, "Fusión de pacientes", tells why.

``REFERENCIAS`` names every column that points to a patient and what a merge does with it;
tests/test_fusion_pacientes.py reads the database catalogue and fails when a column is missing here, so a new
table that references patients cannot be forgotten.
"""
from sqlalchemy import and_, func, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import AdendaHistorial, Cita, Estado, HistorialMedico, Paciente
from app.services import auditoria_service
from app.utils.errors import Conflicto, Invalido, NoEncontrado

FUSIONADO = "PACIENTE_FUSIONADO"
SUPERPUESTAS = "CITAS_SUPERPUESTAS"

MOVER = "mover"  # the rows move to the kept patient
CONSERVAR = "conservar"  # the rows stay as written; reads of the kept patient include them (ids_del_paciente)
REAPUNTAR = "reapuntar"  # patients merged earlier into the absorbed one now point to the kept one

REFERENCIAS = {
    # an appointment's state history (citas_estados) references the appointment: it follows it
    ("medical.citas", "paciente_id"): MOVER,
    ("medical.mensajes", "paciente_id"): MOVER,
    # a waiting-list entry is the person's wish for an earlier slot: it follows them
    ("medical.lista_espera", "paciente_id"): MOVER,
    # append-only for the application (0013); the addenda hang from their entry
    ("medical.historial_medico", "paciente_id"): CONSERVAR,
    # the odontogram is append-only too (0021); its findings hang from their record
    ("medical.odontograma_registros", "paciente_id"): CONSERVAR,
    # a plan's patient is frozen with it once presented (0021); its items hang from it
    ("medical.planes_tratamiento", "paciente_id"): CONSERVAR,
    # the fingerprint chained through the series covers paciente_id; lines and payments hang from the invoice
    ("billing.facturas", "paciente_id"): CONSERVAR,
    # not a foreign key (the log outlives anything): append-only, each row's HMAC covers paciente_id
    ("security.auditoria", "paciente_id"): CONSERVAR,
    ("medical.pacientes", "fusionado_con_id"): REAPUNTAR,
}


# --- reading a merged patient's rows ------------------------------------------------------------------

def ids_del_paciente(paciente_id):
    """SELECT of the ids whose kept rows (history, invoices, audit) are this patient's: itself and the patients
    merged into it. One level is enough: a merge re-points the patients merged into the absorbed one."""
    return select(Paciente.id).where(or_(Paciente.id == paciente_id, Paciente.fusionado_con_id == paciente_id))


# --- the merge ----------------------------------------------------------------------------------------

def _bloquear(paciente_id):
    """The patient's row, locked FOR UPDATE (which also holds back rows inserted meanwhile that reference it:
    their foreign key check needs a KEY SHARE lock), re-read as committed by whoever held it before."""
    paciente = db.session.scalar(select(Paciente).where(Paciente.id == paciente_id).with_for_update()
                                 .execution_options(populate_existing=True))
    if paciente is None:
        raise NoEncontrado("El paciente no existe")
    return paciente


def _rechazar_fusionado(paciente):
    if paciente.fusionado_con_id is not None:
        raise Conflicto(FUSIONADO, f"El paciente {paciente.id} ya fue fusionado con el paciente "
                                   f"{paciente.fusionado_con_id}", fusionado_con_id=paciente.fusionado_con_id)


def _citas_superpuestas(conservado_id, absorbido_id, limite=5):
    """Active appointments of the absorbed patient that overlap an active one of the kept patient (the exclusion
    constraint citas_paciente_sin_solape would refuse them under one patient)."""
    a, b = aliased(Cita), aliased(Cita)

    def intervalo(c):
        return func.tsrange(c.fecha + c.hora_inicio, c.fecha + c.hora_fin, "[)")

    return db.session.execute(
        select(a.id, b.id, b.fecha, b.hora_inicio)
        .join(b, and_(b.paciente_id == absorbido_id, b.estado_id.not_in(Estado.LIBERAN),
                      intervalo(a).op("&&")(intervalo(b))))
        .where(a.paciente_id == conservado_id, a.estado_id.not_in(Estado.LIBERAN))
        .order_by(b.fecha, b.hora_inicio, a.id).limit(limite)).all()


def _rechazar_superpuestas(filas):
    citas = [{"cita_id": propia, "con_cita_id": otra, "fecha": fecha.isoformat(),
              "hora_inicio": hora.isoformat("minutes")} for propia, otra, fecha, hora in filas]
    cuando = ", ".join(f"{c['fecha']} {c['hora_inicio']}" for c in citas)
    raise Conflicto(SUPERPUESTAS, f"Los dos pacientes tienen citas activas a la misma hora ({cuando}): cancele o "
                                  "reprograme una de ellas antes de fusionarlos", citas=citas)


def _contar(tabla, columna, paciente_id):
    return db.session.scalar(text(f"SELECT count(*) FROM {tabla} WHERE {columna} = :p"), {"p": paciente_id})


def _pasar_datos(conservado, absorbido):
    """The absorbed patient's e-mail and document go to the kept one where it has none; cleared on the absorbed one
    first (flushed), so the unique constraints uq_pacientes_email and uq_pacientes_documento never see both."""
    pasar = []
    if conservado.email is None and absorbido.email is not None:
        pasar.append(("email", ("email",)))
    if conservado.tipo_documento is None and absorbido.tipo_documento is not None:
        pasar.append(("documento", ("tipo_documento", "numero_documento", "numero_documento_hash")))
    valores = {campo: getattr(absorbido, campo) for _, campos in pasar for campo in campos}
    for campo in valores:
        setattr(absorbido, campo, None)
    db.session.flush()
    for campo, valor in valores.items():
        setattr(conservado, campo, valor)
    return [nombre for nombre, _ in pasar]


def fusionar(alcance, paciente_id, *, con_id):
    """Merge patient ``con_id`` into ``paciente_id`` in the caller's transaction; returns the kept patient.

    Both rows are locked in id order, so two merges of the same pair (A←B and B←A) queue instead of deadlocking,
    and the second finds the first's result (409 PACIENTE_FUSIONADO)."""
    if paciente_id == con_id:
        raise Invalido({"con_id": ["No se puede fusionar un paciente consigo mismo."]})
    bloqueados = {pid: _bloquear(pid) for pid in sorted((paciente_id, con_id))}
    conservado, absorbido = bloqueados[paciente_id], bloqueados[con_id]
    _rechazar_fusionado(absorbido)
    if not absorbido.activo:
        raise Conflicto(FUSIONADO, f"El paciente {absorbido.id} está inactivo: reactívelo antes de fusionarlo")
    _rechazar_fusionado(conservado)
    if superpuestas := _citas_superpuestas(conservado.id, absorbido.id):
        _rechazar_superpuestas(superpuestas)

    db.session.flush()
    movidas, conservadas = {}, {}
    try:
        with db.session.begin_nested():
            for (tabla, columna), accion in REFERENCIAS.items():
                if accion == CONSERVAR:
                    conservadas[tabla] = _contar(tabla, columna, absorbido.id)
                    continue
                movidas[tabla] = db.session.execute(
                    text(f"UPDATE {tabla} SET {columna} = :hacia WHERE {columna} = :desde"),
                    {"hacia": conservado.id, "desde": absorbido.id}).rowcount
    except IntegrityError as exc:
        # An appointment moved or re-activated after the check above: the database has the last word.
        if getattr(getattr(exc.orig, "diag", None), "constraint_name", None) != "citas_paciente_sin_solape":
            raise
        _rechazar_superpuestas(_citas_superpuestas(conservado.id, absorbido.id))
    conservadas["medical.historial_adendas"] = db.session.scalar(
        select(func.count()).select_from(AdendaHistorial).join(HistorialMedico)
        .where(HistorialMedico.paciente_id == absorbido.id))

    datos = _pasar_datos(conservado, absorbido)
    absorbido.activo = False
    absorbido.fusionado_con_id = conservado.id
    db.session.flush()
    auditoria_service.registrar("pacientes_fusionados", usuario=alcance.usuario, entidad="paciente",
                                entidad_id=conservado.id, paciente_id=conservado.id,
                                detalle={"absorbido_id": absorbido.id, "movidas": movidas,
                                         "conservadas": conservadas, "datos": datos})
    return conservado
