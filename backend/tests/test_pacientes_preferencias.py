"""A patient's contact preferences (API.md "Patient messages"): whether they accept reminders, and by which channel."""
import pytest

from app.models import Paciente


def nuevo(**kw):
    return {"nombre": "Lucía", "apellido": "Mora", "fecha_nacimiento": "1990-03-04", **kw}


def test_a_new_patient_accepts_reminders_by_the_clinics_channel_unless_told_otherwise(as_admin, db_session):
    respuesta = as_admin.post("/api/pacientes", json=nuevo())
    assert respuesta.status_code == 201, respuesta.json
    assert respuesta.json["acepta_recordatorios"] is True and respuesta.json["canal_preferido"] is None
    paciente = db_session.get(Paciente, respuesta.json["id"])
    assert paciente.acepta_recordatorios is True and paciente.canal_preferido is None


def test_a_receptionist_registers_a_patient_who_refuses_reminders_and_prefers_whatsapp(api_as, db_session):
    respuesta = api_as("Recepcionista").post("/api/pacientes", json=nuevo(acepta_recordatorios=False,
                                                                          canal_preferido="whatsapp"))
    assert respuesta.status_code == 201, respuesta.json
    assert respuesta.json["acepta_recordatorios"] is False and respuesta.json["canal_preferido"] == "whatsapp"
    paciente = db_session.get(Paciente, respuesta.json["id"])
    assert (paciente.acepta_recordatorios, paciente.canal_preferido) == (False, "whatsapp")


def test_the_preferences_are_changed_one_at_a_time_and_the_channel_can_go_back_to_the_clinics(as_admin, paciente_factory,
                                                                                             db_session):
    paciente = paciente_factory(canal_preferido="sms")
    url = f"/api/pacientes/{paciente.id}"
    respuesta = as_admin.patch(url, json={"acepta_recordatorios": False})
    assert respuesta.status_code == 200, respuesta.json
    assert respuesta.json["acepta_recordatorios"] is False and respuesta.json["canal_preferido"] == "sms"
    respuesta = as_admin.patch(url, json={"canal_preferido": None})
    assert respuesta.status_code == 200 and respuesta.json["canal_preferido"] is None
    respuesta = as_admin.patch(url, json={"canal_preferido": "email", "acepta_recordatorios": True})
    assert respuesta.status_code == 200
    db_session.refresh(paciente)
    assert (paciente.acepta_recordatorios, paciente.canal_preferido) == (True, "email")


def test_a_blank_channel_means_the_clinics_channel(as_admin, paciente_factory, db_session):
    paciente = paciente_factory(canal_preferido="email")
    respuesta = as_admin.patch(f"/api/pacientes/{paciente.id}", json={"canal_preferido": "  "})
    assert respuesta.status_code == 200 and respuesta.json["canal_preferido"] is None


@pytest.mark.parametrize("campo, valor", [
    ("canal_preferido", "telegram"), ("canal_preferido", "registro"), ("canal_preferido", "EMAIL"),
    ("canal_preferido", 3), ("acepta_recordatorios", None), ("acepta_recordatorios", "quizás"),
])
def test_an_unknown_channel_or_a_non_boolean_consent_is_refused_with_a_spanish_message(as_admin, paciente_factory,
                                                                                        db_session, campo, valor):
    paciente = paciente_factory()
    db_session.commit()
    creado = as_admin.post("/api/pacientes", json=nuevo(**{campo: valor}))
    editado = as_admin.patch(f"/api/pacientes/{paciente.id}", json={campo: valor})
    for respuesta in (creado, editado):
        assert respuesta.status_code == 422
        assert list(respuesta.json["errors"]) == [campo]
        assert respuesta.json["errors"][campo][0].startswith(("Debe ser", "Este campo no puede ser nulo"))
    db_session.refresh(paciente)
    assert (paciente.acepta_recordatorios, paciente.canal_preferido) == (True, None)


@pytest.mark.parametrize("rol", ["Administrador", "Recepcionista", "Médico", "Facturación"])
def test_every_role_reads_the_preferences_in_the_detail_and_the_list(api_as, paciente_factory, rol):
    # Contact preferences are demographic data: Facturación, who sees no clinical data, sees them too.
    paciente = paciente_factory(nombre="Ximena", apellido="Quiroga", acepta_recordatorios=False,
                                canal_preferido="sms")
    api = api_as(rol)
    detalle = api.get(f"/api/pacientes/{paciente.id}")
    assert detalle.status_code == 200
    assert detalle.json["acepta_recordatorios"] is False and detalle.json["canal_preferido"] == "sms"
    [listado] = api.get("/api/pacientes", query_string={"q": "ximena quiroga"}).json["items"]
    assert (listado["acepta_recordatorios"], listado["canal_preferido"]) == (False, "sms")


def test_the_patients_export_carries_the_preferences(as_admin, paciente_factory):
    paciente = paciente_factory(canal_preferido="whatsapp")
    exportado = as_admin.get(f"/api/pacientes/{paciente.id}/exportar").json["paciente"]
    assert (exportado["acepta_recordatorios"], exportado["canal_preferido"]) == (True, "whatsapp")
