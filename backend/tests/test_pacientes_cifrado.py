"""Encryption at rest: the raw tables hold no plaintext, and a wrong key fails loudly."""
import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from app.extensions import db
from app.models import Paciente
from app.utils.crypto import blind_index

SECRETOS = {"numero_documento": "XEXX010101HNEXXXA4", "alergias": "Alergia secreta a la penicilina"}


def test_the_raw_patient_row_holds_no_plaintext_of_encrypted_fields(as_admin, db_session):
    creado = as_admin.post("/api/pacientes", json={
        "nombre": "Rosa", "apellido": "Vela", "fecha_nacimiento": "1970-03-03", "tipo_documento": "CURP", **SECRETOS,
    })
    assert creado.status_code == 201
    fila = db_session.execute(text("SELECT numero_documento, alergias, numero_documento_hash, p::text AS todo "
                                   "FROM medical.pacientes p WHERE id = :id"), {"id": creado.json["id"]}).one()
    for campo, secreto in SECRETOS.items():
        crudo = bytes(getattr(fila, campo))
        assert secreto.encode() not in crudo
        assert secreto not in fila.todo and secreto.encode().hex() not in fila.todo
    assert fila.numero_documento_hash == blind_index(SECRETOS["numero_documento"])
    # ...and yet the API answers the plaintext.
    assert as_admin.get(f"/api/pacientes/{creado.json['id']}").json["alergias"] == SECRETOS["alergias"]


def test_clinical_texts_and_addenda_are_stored_encrypted(db_session, paciente_factory, medico_factory,
                                                         historial_factory, adenda_factory):
    entrada = historial_factory(paciente_factory(), medico_factory(), diagnostico="Diagnóstico confidencial",
                                tratamiento="Tratamiento confidencial", observaciones="Observación confidencial")
    adenda_factory(entrada, texto="Adenda confidencial")
    filas = db_session.execute(text(
        "SELECT h::text || a::text FROM medical.historial_medico h JOIN medical.historial_adendas a "
        "ON a.historial_id = h.id WHERE h.id = :id"), {"id": entrada.id}).scalars().all()
    assert filas and all("confidencial" not in f and b"confidencial".hex() not in f for f in filas)


@pytest.fixture
def app_con_otra_clave(database_url):
    from app import create_app

    return create_app("testing", SQLALCHEMY_DATABASE_URI=database_url, DATA_ENCRYPTION_KEY="otra-clave-" + "x" * 40)


@pytest.mark.committed
def test_reading_with_a_wrong_key_fails_loudly_instead_of_returning_garbage(app, paciente_factory,
                                                                          app_con_otra_clave):
    paciente = paciente_factory(alergias="Látex")
    db.session.commit()
    paciente_id = paciente.id
    with app_con_otra_clave.app_context():
        try:
            with pytest.raises(DBAPIError, match="Wrong key or corrupt data"):
                db.session.scalar(select(Paciente.alergias).where(Paciente.id == paciente_id))
            db.session.rollback()
            # Columns that are not encrypted still read fine with the other key.
            assert db.session.scalar(select(Paciente.nombre).where(Paciente.id == paciente_id)).startswith("Paciente")
        finally:
            db.session.remove()
            db.engine.dispose()
    assert db.session.scalar(select(Paciente.alergias).where(Paciente.id == paciente_id)) == "Látex"
