"""Appointment: the mapping of an appointment and its search, inside the caller's scope (Alcance.filtrar_citas)."""
from sqlalchemy import func, select
from sqlalchemy.orm import aliased

from app.models import Cita, Estado, Medico, Paciente, Sucursal
from app.services.fhir import busqueda
from app.services.fhir.comun import fecha_hora, instante, ref
from app.services.lecturas import registrar_lectura

# The appointment's state → (Appointment.status, the patient participant's status).
ESTADOS = {
    Estado.NUEVA: ("booked", "needs-action"),  # in the agenda, not yet confirmed by the patient or the staff
    Estado.CONFIRMADA: ("booked", "accepted"),
    Estado.EN_ESPERA: ("arrived", "accepted"),
    Estado.EN_CONSULTA: ("checked-in", "accepted"),
    Estado.COMPLETADA: ("fulfilled", "accepted"),
    Estado.CANCELADA: ("cancelled", "declined"),
    Estado.NO_ASISTIO: ("noshow", "declined"),
}

COLUMNAS = (Cita.id, Cita.paciente_id, Cita.medico_id, Cita.sucursal_id, Cita.fecha, Cita.hora_inicio, Cita.hora_fin,
            Cita.estado_id, Cita.motivo, Cita.fecha_creacion, Sucursal.zona_horaria)


def a_fhir(c, con_nombres=False) -> dict:
    """An Appointment from a row of COLUMNAS (``con_nombres``: the row also has the ``paciente``, ``medico`` and
    ``sucursal`` display names of consulta_con_nombres)."""
    estado, del_paciente = ESTADOS[c.estado_id]
    paciente, medico, sucursal = (c.paciente, c.medico, c.sucursal) if con_nombres else (None, None, None)
    recurso = {"resourceType": "Appointment", "id": str(c.id), "status": estado}
    if c.motivo:
        recurso["description"] = c.motivo
    recurso["start"] = instante(c.fecha, c.hora_inicio, c.zona_horaria)
    recurso["end"] = instante(c.fecha, c.hora_fin, c.zona_horaria)
    if c.fecha_creacion is not None:
        recurso["created"] = fecha_hora(c.fecha_creacion)
    recurso["participant"] = [
        {"actor": ref("Patient", c.paciente_id, paciente), "required": "required",
         "status": del_paciente},
        {"actor": ref("Practitioner", c.medico_id, medico), "required": "required",
         "status": "accepted"},
        {"actor": ref("Location", c.sucursal_id, sucursal), "required": "required",
         "status": "accepted"},
    ]
    return recurso


_P, _M = aliased(Paciente), aliased(Medico)


def consulta_con_nombres():
    """COLUMNAS with the display names of the patient, doctor and branch."""
    return (select(*COLUMNAS, (_P.nombre + " " + _P.apellido).label("paciente"),
                   (_M.nombre + " " + _M.apellido).label("medico"), Sucursal.nombre.label("sucursal"))
            .join(Sucursal, Sucursal.id == Cita.sucursal_id).join(_P, _P.id == Cita.paciente_id)
            .join(_M, _M.id == Cita.medico_id))


def buscar(alcance, pagina, *, patient=None, practitioner=None, date=None):
    """Appointment?patient=&practitioner=&date= inside the caller's scope (a Médico their own agenda, a user
    bound to a branch that branch's), by start: (resources, total, whether more follow). Audited as the
    appointments' list."""
    condiciones = []
    paciente_id = None
    if patient is not None:
        paciente_id = busqueda.id_de_referencia(patient, "Patient", "patient")
        condiciones.append(Cita.paciente_id == paciente_id)
    if practitioner is not None:
        condiciones.append(Cita.medico_id == busqueda.id_de_referencia(practitioner, "Practitioner", "practitioner"))
    for texto in date or ():
        rango = busqueda.rango_de_fecha(texto, "date")
        if rango.instante:  # compared with the start as an instant (the branch's wall clock in its zone)
            columna = func.timezone(Sucursal.zona_horaria, Cita.fecha + Cita.hora_inicio)
        else:  # a day, month or year: the appointment's own (local) date
            columna = Cita.fecha
        condiciones.append(busqueda.condicion_de_fecha(columna, rango))
    filas, total, hay_mas = busqueda.pagina_de(
        alcance.filtrar_citas(consulta_con_nombres().where(*condiciones)
                              .order_by(Cita.fecha, Cita.hora_inicio, Cita.id)),
        alcance.filtrar_citas(select(Cita.id).join(Sucursal, Sucursal.id == Cita.sucursal_id).where(*condiciones)),
        pagina)
    registrar_lectura(alcance, "citas_listadas", "cita", (f.id for f in filas), paciente_id=paciente_id)
    return [a_fhir(f, con_nombres=True) for f in filas], total, hay_mas


