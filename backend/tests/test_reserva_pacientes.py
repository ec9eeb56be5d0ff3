"""Online booking never duplicates a patient (API.md "Online booking"): same document and birth date, or same
e-mail and birth date → that patient; otherwise a new one with origen en_linea, whose contact data never take over
another patient's."""
from datetime import date

from sqlalchemy import func, select

from app.extensions import db
from app.models import Cita, Paciente
from tests.reservas_util import clinica_fixture, reservar  # noqa: F401  (fixture)


def paciente_de_la_cita():
    db.session.expire_all()
    return db.session.get(Paciente, db.session.scalar(select(Cita.paciente_id).where(Cita.origen == "en_linea")))


def pacientes():
    return db.session.scalar(select(func.count()).select_from(Paciente))


def test_same_document_and_birth_date_book_for_the_existing_patient(anonimo, clinica, paciente_factory):
    existente = paciente_factory(fecha_nacimiento=date(1990, 4, 12), tipo_documento="CC", numero_documento="52.345.678",
                                 email="otro.correo@correo.local", telefono="+573001112233")
    db.session.commit()
    antes = pacientes()
    r = reservar(anonimo, clinica, tipo_documento="CC", numero_documento="52345678")
    assert r.status_code == 201, r.json
    paciente = paciente_de_la_cita()
    assert paciente.id == existente.id and pacientes() == antes
    # The public form never changes the record it matched.
    assert (paciente.email, paciente.telefono, paciente.nombre) == ("otro.correo@correo.local", "+573001112233",
                                                                     existente.nombre)


def test_same_email_and_birth_date_book_for_the_existing_patient(anonimo, clinica, paciente_factory):
    existente = paciente_factory(fecha_nacimiento=date(1990, 4, 12), email="lucia.cruz@correo.local")
    db.session.commit()
    antes = pacientes()
    assert reservar(anonimo, clinica, email="Lucia.Cruz@Correo.local").status_code == 201
    assert paciente_de_la_cita().id == existente.id and pacientes() == antes


def test_the_same_document_with_another_birth_date_is_not_that_patient(anonimo, clinica, paciente_factory):
    otro = paciente_factory(fecha_nacimiento=date(1961, 1, 1), tipo_documento="CC", numero_documento="52345678")
    db.session.commit()
    assert reservar(anonimo, clinica, tipo_documento="CC", numero_documento="52345678").status_code == 201
    nuevo = paciente_de_la_cita()
    assert nuevo.id != otro.id and nuevo.origen == "en_linea"
    # The document stays unique to the patient who had it: the new record is created without it.
    assert (nuevo.tipo_documento, nuevo.numero_documento) == (None, None)


def test_a_parent_s_email_books_a_child_as_a_new_patient_without_taking_the_email(
        anonimo, clinica, paciente_factory):
    madre = paciente_factory(fecha_nacimiento=date(1980, 2, 2), email="lucia.cruz@correo.local")
    db.session.commit()
    r = reservar(anonimo, clinica, nombre="Tomás", fecha_nacimiento="2018-06-01")
    assert r.status_code == 201
    hijo = paciente_de_la_cita()
    assert hijo.id != madre.id and (hijo.nombre, hijo.email, hijo.telefono) == ("Tomás", None, "+573005551234")


def test_a_merged_patient_leads_to_the_one_that_kept_their_rows(anonimo, clinica, paciente_factory):
    conservado = paciente_factory(fecha_nacimiento=date(1990, 4, 12))
    fusionado = paciente_factory(fecha_nacimiento=date(1990, 4, 12), email="lucia.cruz@correo.local", activo=False)
    fusionado.fusionado_con_id = conservado.id
    db.session.commit()
    assert reservar(anonimo, clinica).status_code == 201
    assert paciente_de_la_cita().id == conservado.id


def test_an_inactive_patient_cannot_book_online(anonimo, clinica, paciente_factory):
    paciente_factory(fecha_nacimiento=date(1990, 4, 12), email="lucia.cruz@correo.local", activo=False)
    db.session.commit()
    r = reservar(anonimo, clinica)
    assert (r.status_code, r.json["reason"]) == (409, "RESERVA_NO_DISPONIBLE")
