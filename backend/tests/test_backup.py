"""flask backup / flask restore round-trip a populated database."""
import subprocess

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.services import backup_service
from app.utils.pgtools import pg_binary
from bench_data.cli import sql_en_servidor
from tests.servidor import flask_cli


def _conteos(engine):
    with engine.connect() as conn:
        tablas = conn.execute(text(
            "SELECT table_schema || '.' || table_name FROM information_schema.tables "
            "WHERE table_schema IN ('medical', 'billing', 'security') AND table_type = 'BASE TABLE' ORDER BY 1"
        )).scalars().all()
        return {t: conn.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tablas}


@pytest.fixture
def base_destino(database_url):
    url = make_url(database_url)
    nombre = f"{url.database}_restaurada"
    sql_en_servidor(database_url, f'CREATE DATABASE "{nombre}"')
    yield url.set(database=nombre).render_as_string(hide_password=False)
    sql_en_servidor(database_url, f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


@pytest.mark.committed
def test_a_backup_restores_into_an_empty_database_with_every_row(
        app, database_url, base_destino, tmp_path, paciente_factory, sucursal_factory, usuario_factory, db_session):
    sucursal = sucursal_factory()
    usuario_factory(sucursal=sucursal)
    for _ in range(5):
        paciente_factory(alergias="Penicilina")
    db_session.commit()
    archivo = backup_service.respaldar(database_url, tmp_path / "copia.dump", app.config["BACKUP_KEY"])
    assert archivo.stat().st_size > 0 and oct(archivo.stat().st_mode)[-3:] == "600"

    backup_service.restaurar(base_destino, archivo, clave_respaldo=app.config["BACKUP_KEY"])

    destino = create_engine(base_destino)
    try:
        assert _conteos(destino) == _conteos(db.engine)
        with destino.connect() as conn:
            alergias = conn.execute(text(
                "SELECT pgp_sym_decrypt(alergias, :k) FROM medical.pacientes WHERE alergias IS NOT NULL"),
                {"k": app.config["DATA_ENCRYPTION_KEY"]}).scalars().all()
        assert alergias == ["Penicilina"] * 5
    finally:
        destino.dispose()


@pytest.mark.committed
def test_restore_refuses_a_non_empty_database_unless_forced(app, database_url, base_destino, tmp_path):
    clave = app.config["BACKUP_KEY"]
    archivo = backup_service.respaldar(database_url, tmp_path / "copia.dump", clave)
    backup_service.restaurar(base_destino, archivo, clave_respaldo=clave)
    with pytest.raises(backup_service.RestauracionRechazada, match="no está vacía"):
        backup_service.restaurar(base_destino, archivo, clave_respaldo=clave)
    backup_service.restaurar(base_destino, archivo, forzar=True, clave_respaldo=clave)


@pytest.mark.committed
def test_the_backup_file_is_not_a_readable_dump(app, database_url, base_destino, tmp_path, paciente_factory,
                                                 db_session):
    """Encrypted at rest: no pg_dump header, no table names, no patient names; pg_restore cannot list it; a wrong
    key, a flipped byte or a cut-off file are refused before anything is restored."""
    paciente_factory(nombre="Eustaquio", apellido="Zambrano-Unico")
    db_session.commit()
    clave = app.config["BACKUP_KEY"]
    archivo = backup_service.respaldar(database_url, tmp_path / "copia.dump", clave)
    contenido = archivo.read_bytes()
    assert not contenido.startswith(b"PGDMP")
    for legible in (b"PGDMP", b"pacientes", b"auditoria", b"Zambrano", b"CREATE TABLE"):
        assert legible not in contenido
    listado = subprocess.run([pg_binary("pg_restore"), "--list", str(archivo)], capture_output=True, text=True)
    assert listado.returncode != 0

    alterado = tmp_path / "alterado.dump"
    alterado.write_bytes(contenido[:200] + bytes([contenido[200] ^ 1]) + contenido[201:])
    cortado = tmp_path / "cortado.dump"
    cortado.write_bytes(contenido[:-100])
    for origen, con in ((archivo, "otra-clave-" + "x" * 40), (alterado, clave), (cortado, clave)):
        with pytest.raises(backup_service.RestauracionRechazada, match="descifrar|incompleto"):
            backup_service.restaurar(base_destino, origen, clave_respaldo=con)
    assert backup_service.base_vacia(base_destino)
    with pytest.raises(backup_service.RestauracionRechazada, match="BACKUP_KEY"):
        backup_service.respaldar(database_url, tmp_path / "sin_clave.dump", None)
    backup_service.restaurar(base_destino, archivo, clave_respaldo=clave)
    assert not backup_service.base_vacia(base_destino)


@pytest.mark.committed
def test_the_restored_copy_passes_the_audit_and_invoice_verifications(
        database_url, base_destino, tmp_path, as_admin, paciente_factory, sucursal_factory, db_session):
    """Round trip with the real commands (`flask backup`, `flask restore`, `flask audit verify`,
    `flask facturas verificar`), on a database holding invoices, payments and audit rows made through the API."""
    sucursal = sucursal_factory()
    pacientes = [paciente_factory() for _ in range(3)]
    db_session.commit()
    servicio = as_admin.post("/api/facturacion/servicios", json={"nombre": "Consulta", "precio": "500.00",
                                                                 "impuesto_porcentaje": "16.00"}).json
    for paciente in pacientes:
        assert as_admin.get(f"/api/pacientes/{paciente.id}").status_code == 200  # audited read
        factura = as_admin.post("/api/facturacion/facturas", json={
            "paciente_id": paciente.id, "sucursal_id": sucursal.id,
            "detalles": [{"servicio_id": servicio["id"], "cantidad": 2}]}).json
        assert as_admin.post(f"/api/facturacion/facturas/{factura['id']}/pagos",
                             json={"monto": "100.00", "metodo": "efectivo"}).status_code == 201
    archivo = tmp_path / "copia.dump"

    resultado = flask_cli(database_url, "backup", str(archivo))
    assert resultado.returncode == 0 and archivo.stat().st_size > 0, resultado.stderr[-2000:]
    resultado = flask_cli(base_destino, "restore", str(archivo))
    assert resultado.returncode == 0, resultado.stderr[-2000:]

    destino = create_engine(base_destino)
    try:
        conteos = _conteos(destino)
        assert conteos == _conteos(db.engine)
        assert conteos["billing.facturas"] == 3 and conteos["billing.pagos"] == 3
        assert conteos["security.auditoria"] >= 9
        for comando in (("audit", "verify"), ("facturas", "verificar")):
            resultado = flask_cli(base_destino, *comando)
            assert resultado.returncode == 0, (comando, resultado.stdout, resultado.stderr[-2000:])
        # The verifications can fail: a tampered copy is caught by both.
        with destino.begin() as conn:
            conn.execute(text("UPDATE billing.facturas SET fecha_emision = fecha_emision - interval '1 day' WHERE numero = 2"))
            conn.execute(text("SET LOCAL session_replication_role = replica"))  # past the append-only trigger
            conn.execute(text("UPDATE security.auditoria SET accion = 'otra' WHERE id = (SELECT min(id) "
                              "FROM security.auditoria)"))
        for comando in (("audit", "verify", "--sin-sellar"), ("facturas", "verificar")):
            assert flask_cli(base_destino, *comando).returncode == 1, comando
    finally:
        destino.dispose()
