"""The audit log: append-only for the application, signed rows, sealed chain, `flask audit verify`, the API."""
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import ProgrammingError

from app.extensions import db
from app.models import Auditoria, SelloAuditoria
from app.services import auditoria_service
from tests.conftest import como_dueno


@pytest.fixture
def filas(usuario_factory):
    usuario = usuario_factory()
    creadas = [auditoria_service.registrar("paciente_consultado", usuario=usuario, entidad="paciente", entidad_id=i,
                                           paciente_id=i, detalle={"n": i, "texto": "ñandú"}) for i in range(1, 6)]
    db.session.flush()
    return creadas


def sin_trigger(sql, **params):
    """What a superuser could do behind the application's back."""
    with como_dueno():
        db.session.execute(text("ALTER TABLE security.auditoria DISABLE TRIGGER auditoria_solo_insercion"))
        db.session.execute(text(sql), params)
        db.session.execute(text("ALTER TABLE security.auditoria ENABLE TRIGGER auditoria_solo_insercion"))


def test_the_application_role_may_not_update_an_audit_row(filas):
    with pytest.raises(ProgrammingError, match="permission denied"), db.session.begin_nested():
        db.session.execute(text("UPDATE security.auditoria SET accion = 'otra' WHERE id = :id"), {"id": filas[0].id})


def test_even_the_owner_cannot_update_an_audit_row_while_the_trigger_stands(filas):
    with como_dueno(), pytest.raises(ProgrammingError, match="no se puede modificar ni borrar"), \
            db.session.begin_nested():
        db.session.execute(text("UPDATE security.auditoria SET accion = 'otra' WHERE id = :id"), {"id": filas[0].id})


def test_the_application_cannot_delete_an_audit_row_or_a_seal(filas):
    with pytest.raises(ProgrammingError, match="permission denied"), db.session.begin_nested():
        db.session.execute(text("DELETE FROM security.auditoria WHERE id = :id"), {"id": filas[0].id})
    auditoria_service.verificar(margen=timedelta(0))
    with pytest.raises(ProgrammingError, match="permission denied"), db.session.begin_nested():
        db.session.execute(text("DELETE FROM security.auditoria_sellos"))
    with como_dueno(), pytest.raises(ProgrammingError, match="no se puede modificar ni borrar"), \
            db.session.begin_nested():
        db.session.execute(text("DELETE FROM security.auditoria_sellos"))
    assert db.session.scalar(select(db.func.count()).select_from(Auditoria)) == 5


def test_no_role_holds_update_delete_or_truncate_on_the_audit_tables(db_session):
    privilegios = db_session.execute(text("""
        SELECT c.relname, a.privilege_type FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace, aclexplode(c.relacl) a
        WHERE n.nspname = 'security' AND c.relname IN ('auditoria', 'auditoria_sellos')
    """)).all()
    tablas = {t for t, _ in privilegios}
    assert tablas == {"auditoria", "auditoria_sellos"}  # the ACL was set explicitly by the migration
    assert {p for _, p in privilegios} & {"UPDATE", "DELETE", "TRUNCATE"} == set()
    assert {"INSERT", "SELECT"} <= {p for _, p in privilegios}


def test_a_role_without_superuser_cannot_update_audit_rows_even_as_owner(filas):
    db.session.execute(text("RESET ROLE"))  # back to the owner's session user, undone by the test's rollback
    dueno = db.session.scalar(text("SELECT tableowner FROM pg_tables WHERE schemaname = 'security' "
                                   "AND tablename = 'auditoria'"))
    db.session.execute(text("CREATE ROLE auditoria_prueba_app NOSUPERUSER"))
    db.session.execute(text(f'GRANT "{dueno}" TO auditoria_prueba_app'))  # acts with the owner's rights
    db.session.execute(text("GRANT USAGE ON SCHEMA security TO auditoria_prueba_app"))
    db.session.execute(text("SET LOCAL ROLE auditoria_prueba_app"))
    with pytest.raises(ProgrammingError), db.session.begin_nested():
        db.session.execute(text("DELETE FROM security.auditoria"))
    with pytest.raises(ProgrammingError), db.session.begin_nested():
        db.session.execute(text("TRUNCATE security.auditoria"))
    db.session.execute(text("RESET ROLE"))


def test_every_row_is_signed_over_its_contents_and_id(filas):
    assert all(len(f.huella) == 64 for f in filas)
    assert len({f.huella for f in filas}) == 5
    assert auditoria_service.huella_de(filas[0]) == filas[0].huella


def test_an_intact_log_verifies_and_gets_sealed(filas):
    informe = auditoria_service.verificar(margen=timedelta(0))
    assert informe["problemas"] == [] and informe["filas"] == 5
    assert informe["nuevo_sello"]["desde_id"] == filas[0].id and informe["nuevo_sello"]["hasta_id"] == filas[-1].id
    mas = auditoria_service.registrar("paciente_consultado", entidad="paciente", entidad_id=9)
    db.session.flush()
    segundo = auditoria_service.verificar(margen=timedelta(0))
    # Ids are reserved ahead in blocks: the next seal starts right after the last one and ends at the new row.
    assert segundo["problemas"] == [] and segundo["nuevo_sello"]["desde_id"] == informe["nuevo_sello"]["hasta_id"] + 1
    assert segundo["nuevo_sello"]["hasta_id"] == mas.id
    sellos = db.session.scalars(select(SelloAuditoria).order_by(SelloAuditoria.id)).all()
    assert sellos[1].huella_anterior == sellos[0].huella


def test_recent_rows_wait_for_the_next_seal(filas):
    informe = auditoria_service.verificar()  # default margin: five minutes
    assert informe["problemas"] == [] and informe["nuevo_sello"] is None


def test_verify_detects_an_altered_row(filas):
    sin_trigger("UPDATE security.auditoria SET detalle = '{\"n\": 99}' WHERE id = :id", id=filas[2].id)
    problemas = auditoria_service.verificar(margen=timedelta(0))["problemas"]
    assert problemas == [f"Fila {filas[2].id}: su contenido no coincide con su huella (fila alterada)"]


def test_verify_detects_a_row_moved_to_another_id(filas):
    sin_trigger("UPDATE security.auditoria SET id = 100000 WHERE id = :id", id=filas[1].id)
    assert any("fila alterada" in p for p in auditoria_service.verificar(margen=timedelta(0))["problemas"])


def test_verify_detects_a_deleted_row_of_a_sealed_range(filas):
    assert auditoria_service.verificar(margen=timedelta(0))["problemas"] == []
    sin_trigger("DELETE FROM security.auditoria WHERE id = :id", id=filas[3].id)
    problemas = auditoria_service.verificar(margen=timedelta(0))["problemas"]
    assert len(problemas) == 1 and "había 5 filas y hay 4" in problemas[0]


def test_verify_detects_a_row_inserted_without_signature(filas):
    sin_trigger("INSERT INTO security.auditoria (accion) VALUES ('falsa')")
    problemas = auditoria_service.verificar(margen=timedelta(0))["problemas"]
    assert len(problemas) == 1 and "sin huella" in problemas[0]


def test_verify_detects_a_removed_seal(filas):
    auditoria_service.verificar(margen=timedelta(0))
    auditoria_service.registrar("x")
    db.session.flush()
    auditoria_service.verificar(margen=timedelta(0))
    primero = db.session.scalar(select(SelloAuditoria.id).order_by(SelloAuditoria.id))
    with como_dueno():
        db.session.execute(text("ALTER TABLE security.auditoria_sellos DISABLE TRIGGER auditoria_sellos_solo_insercion"))
        db.session.execute(text("DELETE FROM security.auditoria_sellos WHERE id = :id"), {"id": primero})
    problemas = auditoria_service.verificar(margen=timedelta(0))["problemas"]
    assert any("cadena de sellos" in p for p in problemas)


def test_the_flask_command_reports_tampering_with_exit_code_1(app, filas):
    runner = app.test_cli_runner()
    bien = runner.invoke(args=["audit", "verify", "--margen-segundos", "0"])
    assert bien.exit_code == 0, bien.output
    assert "íntegro" in bien.output and "Nuevo sello" in bien.output
    sin_trigger("DELETE FROM security.auditoria WHERE id = :id", id=filas[0].id)
    mal = runner.invoke(args=["audit", "verify"])
    assert mal.exit_code == 1
    assert "NO es íntegro" in mal.output and "ALTERACIÓN" in mal.output


def test_logins_are_audited_and_signed(client, usuario_factory):
    usuario = usuario_factory(email="login@prueba.local")
    assert client.post("/api/auth/login", json={"email": usuario.email, "password": "contraseña-segura-1"}).status_code == 200
    client.post("/api/auth/login", json={"email": usuario.email, "password": "mala-contraseña"})
    filas = db.session.scalars(select(Auditoria).where(Auditoria.usuario_id == usuario.id).order_by(Auditoria.id)).all()
    assert [f.accion for f in filas][:1] == ["login"]
    assert auditoria_service.verificar(sellar=False)["problemas"] == []


# --- GET /api/auditoria ---------------------------------------------------------------------------

def test_the_administrator_reads_the_log_newest_first_with_filters(as_admin, api_as, paciente_factory):
    recepcion = api_as("Recepcionista")
    paciente, otro = paciente_factory(), paciente_factory()
    recepcion.get(f"/api/pacientes/{paciente.id}")
    recepcion.patch(f"/api/pacientes/{paciente.id}", json={"direccion": "Nueva"})
    as_admin.get(f"/api/pacientes/{otro.id}")
    respuesta = as_admin.get("/api/auditoria", query_string={"paciente_id": paciente.id})
    assert respuesta.status_code == 200
    items = respuesta.json["items"]
    assert [i["accion"] for i in items] == ["paciente_modificado", "paciente_consultado"]
    assert set(items[0]) >= {"id", "fecha", "usuario_id", "accion", "entidad", "entidad_id", "paciente_id", "ip",
                             "detalle"}
    assert items[0]["usuario_id"] == recepcion.usuario.id and items[0]["ip"] == "127.0.0.1"
    por_usuario = as_admin.get("/api/auditoria", query_string={"usuario_id": recepcion.usuario.id,
                                                               "accion": "paciente_consultado"}).json["items"]
    assert [i["paciente_id"] for i in por_usuario] == [paciente.id]


def test_the_log_filters_by_date_range(app, as_admin, filas):
    # Dates are days of the clinic's time zone.
    hoy = filas[0].fecha.astimezone(ZoneInfo(app.config["DEFAULT_TIME_ZONE"])).date().isoformat()
    assert as_admin.get("/api/auditoria", query_string={"desde": hoy, "hasta": hoy}).json["total"] >= 5
    assert as_admin.get("/api/auditoria", query_string={"hasta": "2000-01-01"}).json["total"] == 0
    assert as_admin.get("/api/auditoria", query_string={"desde": "ayer"}).status_code == 422


@pytest.mark.parametrize("rol", ["Médico", "Recepcionista", "Facturación"])
def test_only_the_administrator_reads_the_log(api_as, rol):
    assert api_as(rol).get("/api/auditoria").status_code == 403


def test_the_log_needs_a_token(anonimo):
    assert anonimo.get("/api/auditoria").status_code == 401


def test_audit_ids_are_reserved_ahead_and_never_reused_by_another_process_or_after_they_expire(monkeypatch):
    auditoria_service.olvidar_reserva()
    primeras = [auditoria_service.registrar("x").id for _ in range(3)]
    assert primeras == list(range(primeras[0], primeras[0] + 3))  # one block: consecutive, one round trip
    monkeypatch.setattr(auditoria_service.os, "getpid", lambda: -1)  # as in a forked worker
    hija = auditoria_service.registrar("x").id
    assert hija >= primeras[0] + auditoria_service.RESERVA_BLOQUE  # a block of its own, not the parent's
    despues = auditoria_service.monotonic() + auditoria_service.RESERVA_VIGENCIA + 1
    monkeypatch.setattr(auditoria_service, "monotonic", lambda: despues)
    tardia = auditoria_service.registrar("x").id
    assert tardia >= hija + auditoria_service.RESERVA_BLOQUE  # an old reservation is dropped
    db.session.flush()
    assert auditoria_service.verificar(sellar=False)["problemas"] == []
