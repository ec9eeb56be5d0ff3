"""flask backup / flask restore round-trip a populated database."""
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.extensions import db
from app.services import backup_service
from tests.conftest import _admin_execute


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
    _admin_execute(database_url, f'CREATE DATABASE "{nombre}"')
    yield url.set(database=nombre).render_as_string(hide_password=False)
    _admin_execute(database_url, f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')


@pytest.mark.committed
def test_a_backup_restores_into_an_empty_database_with_every_row(
        app, database_url, base_destino, tmp_path, paciente_factory, sucursal_factory, usuario_factory, db_session):
    sucursal = sucursal_factory()
    usuario_factory(sucursal=sucursal)
    for _ in range(5):
        paciente_factory(alergias="Penicilina")
    db_session.commit()
    archivo = backup_service.respaldar(database_url, tmp_path / "copia.dump")
    assert archivo.stat().st_size > 0 and oct(archivo.stat().st_mode)[-3:] == "600"

    backup_service.restaurar(base_destino, archivo)

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
def test_restore_refuses_a_non_empty_database_unless_forced(database_url, base_destino, tmp_path):
    archivo = backup_service.respaldar(database_url, tmp_path / "copia.dump")
    backup_service.restaurar(base_destino, archivo)
    with pytest.raises(backup_service.RestauracionRechazada, match="no está vacía"):
        backup_service.restaurar(base_destino, archivo)
    backup_service.restaurar(base_destino, archivo, forzar=True)
