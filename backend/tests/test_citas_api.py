from datetime import time, timedelta

from sqlalchemy import func, select

from app.extensions import db
from app.models import Auditoria, CambioEstadoCita, Cita, Estado
from tests.conftest import ApiClient
from tests.agenda_util import agenda_fixture, hoy_en  # noqa: F401  (fixture)
from tests.consultas import contar_consultas


def _citas_activas(medico):
    return db.session.scalar(select(func.count()).select_from(Cita).where(
        Cita.medico_id == medico.id, Cita.estado_id.notin_(Estado.LIBERAN)))


def test_a_receptionist_books_an_appointment_that_starts_as_nueva(api_as, agenda, paciente_factory):
    paciente = paciente_factory(nombre="Lucía", apellido="Gómez")
    recepcion = api_as("Recepcionista")
    r = recepcion.post("/api/citas", json=agenda.cita_json(paciente, "09:00", motivo="Control", notas="Trae estudios"))
    assert r.status_code == 201, r.json
    c = r.json
    assert (c["fecha"], c["hora_inicio"], c["hora_fin"]) == (agenda.fecha.isoformat(), "09:00", "09:30")
    assert c["estado_id"] == Estado.NUEVA and c["estado"] == {"id": 1, "nombre": "Nueva"}
    assert c["paciente"] == {"id": paciente.id, "nombre": "Lucía", "apellido": "Gómez"}
    assert c["medico"]["id"] == agenda.medico.id and c["sucursal"]["id"] == agenda.sucursal.id
    assert c["notas"] == "Trae estudios" and c["creado_por"] == recepcion.usuario.id
    cita = db.session.get(Cita, c["id"])
    assert cita.notas == "Trae estudios" and cita.estado_id == Estado.NUEVA
    cambio = db.session.scalar(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id))
    assert cambio.estado_anterior_id is None and cambio.estado_id == Estado.NUEVA
    audit = db.session.scalar(select(Auditoria).where(Auditoria.entidad == "cita", Auditoria.entidad_id == cita.id))
    assert audit.accion == "cita_creada" and audit.paciente_id == paciente.id


def test_notes_are_stored_encrypted(api_as, agenda, paciente_factory):
    r = api_as("Recepcionista").post("/api/citas", json=agenda.cita_json(paciente_factory(), notas="secreto"))
    crudo = db.session.execute(select(func.encode(Cita.__table__.c.notas, "escape"))
                               .where(Cita.id == r.json["id"])).scalar()
    assert "secreto" not in crudo


def test_an_explicit_end_time_is_kept(api_as, agenda, paciente_factory):
    r = api_as("Recepcionista").post("/api/citas", json=agenda.cita_json(paciente_factory(), "10:00",
                                                                         hora_fin="11:15"))
    assert r.status_code == 201 and r.json["hora_fin"] == "11:15"


def test_the_doctor_cannot_be_double_booked_but_adjacent_appointments_fit(api_as, agenda, paciente_factory):
    recepcion = api_as("Recepcionista")
    assert recepcion.post("/api/citas", json=agenda.cita_json(paciente_factory(), "10:00")).status_code == 201
    r = recepcion.post("/api/citas", json=agenda.cita_json(paciente_factory(), "10:15"))
    assert r.status_code == 409 and r.json["reason"] == "MEDICO_OCUPADO" and r.json["message"]
    assert recepcion.post("/api/citas", json=agenda.cita_json(paciente_factory(), "09:30")).status_code == 201
    assert recepcion.post("/api/citas", json=agenda.cita_json(paciente_factory(), "10:30")).status_code == 201
    assert _citas_activas(agenda.medico) == 3


def test_the_doctor_is_busy_across_branches(api_as, agenda, sucursal_factory, cita_factory, paciente_factory):
    # An appointment at another branch (booked before the schedule changed) still occupies the doctor.
    cita_factory(paciente_factory(), agenda.medico, sucursal_factory(), agenda.fecha, time(9, 30))
    r = api_as("Recepcionista").post("/api/citas", json=agenda.cita_json(paciente_factory(), "09:30"))
    assert r.status_code == 409 and r.json["reason"] == "MEDICO_OCUPADO"


def test_the_patient_cannot_be_in_two_appointments_at_once(api_as, agenda, medico_factory, horario_factory,
                                                           paciente_factory):
    otro = medico_factory()
    horario_factory(otro, agenda.sucursal, dia_semana=1, hora_inicio=time(9), hora_fin=time(13))
    paciente = paciente_factory()
    recepcion = api_as("Recepcionista")
    assert recepcion.post("/api/citas", json=agenda.cita_json(paciente, "11:00")).status_code == 201
    r = recepcion.post("/api/citas", json={**agenda.cita_json(paciente, "11:00"), "medico_id": otro.id})
    assert r.status_code == 409 and r.json["reason"] == "PACIENTE_OCUPADO"


def test_cancelled_and_missed_appointments_free_their_slot(api_as, agenda, paciente_factory, cita_factory):
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9),
                 estado_id=Estado.CANCELADA)
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9),
                 estado_id=Estado.NO_ASISTIO)
    r = api_as("Recepcionista").post("/api/citas", json=agenda.cita_json(paciente_factory(), "09:00"))
    assert r.status_code == 201


def test_bookings_outside_the_schedule_are_refused(api_as, agenda, sucursal_factory, paciente_factory):
    recepcion = api_as("Recepcionista")
    otra = sucursal_factory()
    casos = [
        agenda.cita_json(paciente_factory(), "08:30"),                      # before the block
        agenda.cita_json(paciente_factory(), "12:45"),                      # default end past the block
        agenda.cita_json(paciente_factory(), "12:00", hora_fin="13:30"),    # explicit end past the block
        {**agenda.cita_json(paciente_factory(), "09:00"), "fecha": (agenda.fecha + timedelta(days=1)).isoformat()},
        {**agenda.cita_json(paciente_factory(), "09:00"), "sucursal_id": otra.id},
    ]
    for datos in casos:
        r = recepcion.post("/api/citas", json=datos)
        assert r.status_code == 409 and r.json["reason"] == "FUERA_DE_HORARIO", (datos, r.json)
    assert _citas_activas(agenda.medico) == 0


def test_a_booking_in_the_past_is_refused(api_as, sucursal_factory, medico_factory, horario_factory,
                                          paciente_factory):
    sucursal = sucursal_factory(zona_horaria="Pacific/Kiritimati")
    medico = medico_factory()
    ayer = hoy_en(sucursal) - timedelta(days=1)
    horario_factory(medico, sucursal, dia_semana=ayer.isoweekday(), hora_inicio=time(0), hora_fin=time(23, 30))
    r = api_as("Recepcionista").post("/api/citas", json={
        "paciente_id": paciente_factory().id, "medico_id": medico.id, "sucursal_id": sucursal.id,
        "fecha": ayer.isoformat(), "hora_inicio": "23:00"})
    assert r.status_code == 409 and r.json["reason"] == "FECHA_PASADA"


def test_inactive_doctor_patient_or_branch_cannot_be_booked(api_as, agenda, paciente_factory):
    recepcion = api_as("Recepcionista")
    for desactivar in ("medico", "paciente", "sucursal"):
        paciente = paciente_factory()
        objeto = paciente if desactivar == "paciente" else getattr(agenda, desactivar)
        objeto.activo = False
        db.session.flush()
        r = recepcion.post("/api/citas", json=agenda.cita_json(paciente))
        assert r.status_code == 409 and r.json["reason"] == "INACTIVO", desactivar
        objeto.activo = True
        db.session.flush()


def test_bad_bookings_are_422(api_as, agenda, paciente_factory):
    recepcion = api_as("Recepcionista")
    paciente = paciente_factory()
    casos = [
        ({**agenda.cita_json(paciente), "estado_id": 4}, "estado_id"),
        ({**agenda.cita_json(paciente), "creado_por": 1}, "creado_por"),
        ({**agenda.cita_json(paciente), "hora_fin": "08:00"}, "hora_fin"),
        ({**agenda.cita_json(paciente), "fecha": "2030-02-30"}, "fecha"),
        ({**agenda.cita_json(paciente), "hora_inicio": "9h"}, "hora_inicio"),
        ({k: v for k, v in agenda.cita_json(paciente).items() if k != "medico_id"}, "medico_id"),
        ({**agenda.cita_json(paciente), "paciente_id": 999999}, "paciente_id"),
    ]
    for datos, campo in casos:
        r = recepcion.post("/api/citas", json=datos)
        assert r.status_code == 422 and campo in r.json["errors"], (datos, r.json)


def test_facturacion_cannot_book_and_never_sees_notes(api_as, agenda, paciente_factory, cita_factory):
    cita = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, notas="confidencial")
    facturacion = api_as("Facturación")
    assert facturacion.post("/api/citas", json=agenda.cita_json(paciente_factory(), "11:00")).status_code == 403
    detalle = facturacion.get(f"/api/citas/{cita.id}")
    assert detalle.status_code == 200 and "notas" not in detalle.json
    listado = facturacion.get("/api/citas")
    assert listado.json["items"] and all("notas" not in c for c in listado.json["items"])
    assert api_as("Recepcionista").get(f"/api/citas/{cita.id}").json["notas"] == "confidencial"


def test_a_doctor_books_only_in_their_own_agenda(client, usuario_factory, agenda, medico_factory, horario_factory,
                                                 paciente_factory):
    cuenta = usuario_factory(rol="Médico")
    propio = medico_factory(usuario=cuenta)
    horario_factory(propio, agenda.sucursal, dia_semana=1)
    doctor = ApiClient(client, cuenta)
    r = doctor.post("/api/citas", json={**agenda.cita_json(paciente_factory()), "medico_id": propio.id})
    assert r.status_code == 201
    r = doctor.post("/api/citas", json=agenda.cita_json(paciente_factory()))
    assert r.status_code == 403


def test_a_receptionist_bound_to_a_branch_books_only_there(api_as, agenda, sucursal_factory, paciente_factory):
    otra = sucursal_factory()
    assert api_as("Recepcionista", sucursal=otra).post(
        "/api/citas", json=agenda.cita_json(paciente_factory())).status_code == 403
    assert api_as("Recepcionista", sucursal=agenda.sucursal).post(
        "/api/citas", json=agenda.cita_json(paciente_factory())).status_code == 201


def test_the_list_is_scoped_to_the_caller(api_as, client, usuario_factory, agenda, sucursal_factory, medico_factory,
                                          paciente_factory, cita_factory):
    norte = sucursal_factory()
    cuenta = usuario_factory(rol="Médico")
    propio = medico_factory(usuario=cuenta)
    mia = cita_factory(paciente_factory(), propio, norte, agenda.fecha, time(9))
    ajena = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9))

    def ids(cliente):
        return {c["id"] for c in cliente.get("/api/citas").json["items"]}

    doctor = ApiClient(client, cuenta)
    assert ids(doctor) == {mia.id}
    assert doctor.get(f"/api/citas/{ajena.id}").status_code == 404
    assert doctor.post(f"/api/citas/{ajena.id}/estado", json={"estado_id": Estado.CONFIRMADA}).status_code == 404
    assert doctor.post(f"/api/citas/{mia.id}/estado", json={"estado_id": Estado.CONFIRMADA}).status_code == 200
    assert doctor.get(f"/api/citas/{ajena.id}/estados").status_code == 404
    assert ids(api_as("Médico")) == set()  # an account with no doctor row has no agenda
    recepcion_norte = api_as("Recepcionista", sucursal=norte)
    assert ids(recepcion_norte) == {mia.id}
    assert recepcion_norte.get(f"/api/citas/{ajena.id}").status_code == 404
    assert recepcion_norte.patch(f"/api/citas/{ajena.id}", json={"motivo": "x"}).status_code == 404
    assert ids(api_as("Facturación", sucursal=agenda.sucursal)) == {ajena.id}
    assert ids(api_as("Recepcionista")) >= {mia.id, ajena.id}
    assert ids(api_as("Administrador", sucursal=norte)) >= {mia.id, ajena.id}


def test_the_list_filters_orders_and_paginates(as_admin, agenda, paciente_factory, cita_factory):
    p1, p2 = paciente_factory(), paciente_factory()
    semana = agenda.fecha + timedelta(days=7)
    c3 = cita_factory(p1, agenda.medico, agenda.sucursal, semana, time(9))
    c2 = cita_factory(p2, agenda.medico, agenda.sucursal, agenda.fecha, time(11))
    c1 = cita_factory(p1, agenda.medico, agenda.sucursal, agenda.fecha, time(9), estado_id=Estado.CONFIRMADA)

    def ids(**params):
        r = as_admin.get("/api/citas", query_string={"medico_id": agenda.medico.id, **params})
        assert r.status_code == 200, r.json
        return [c["id"] for c in r.json["items"]]

    assert ids() == [c1.id, c2.id, c3.id]
    assert ids(paciente_id=p1.id) == [c1.id, c3.id]
    assert ids(estado_id=Estado.CONFIRMADA) == [c1.id]
    assert ids(fecha_desde=semana.isoformat()) == [c3.id]
    assert ids(fecha_hasta=agenda.fecha.isoformat(), sucursal_id=agenda.sucursal.id) == [c1.id, c2.id]
    pagina = as_admin.get("/api/citas", query_string={"medico_id": agenda.medico.id, "per_page": 2, "page": 2}).json
    assert [c["id"] for c in pagina["items"]] == [c3.id]
    assert (pagina["total"], pagina["page"], pagina["per_page"], pagina["pages"]) == (3, 2, 2, 2)
    pasada = as_admin.get("/api/citas", query_string={"medico_id": agenda.medico.id, "per_page": 2, "page": 5}).json
    assert pasada["items"] == [] and pasada["total"] == 3  # past the last page the total is still counted
    assert as_admin.get("/api/citas?per_page=101").status_code == 422
    assert as_admin.get("/api/citas?fecha_desde=2030-01-10&fecha_hasta=2030-01-01").status_code == 422


def test_the_number_of_queries_of_the_list_does_not_grow_with_the_page(as_admin, app, agenda, paciente_factory,
                                                                       cita_factory):
    for i in range(8):
        cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, agenda.fecha, time(9 + i // 2, 30 * (i % 2)),
                     notas=f"nota {i}")
    pocas = contar_consultas(lambda: as_admin.get("/api/citas?per_page=2"))
    grande = {}
    muchas = contar_consultas(lambda: grande.update(as_admin.get("/api/citas?per_page=50").json))
    assert len(grande["items"]) == 8 and all(c["paciente"]["nombre"] for c in grande["items"])
    assert pocas == muchas <= 3  # user, the page with its count, the read's audit row


def test_an_unknown_appointment_is_404(as_admin):
    assert as_admin.get("/api/citas/999999").status_code == 404
    assert as_admin.patch("/api/citas/999999", json={"motivo": "x"}).status_code == 404
    assert as_admin.post("/api/citas/999999/estado", json={"estado_id": 2}).status_code == 404
