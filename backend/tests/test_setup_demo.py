"""`flask setup --demo`: the first administrator and a demo clinic with a living agenda, once."""
from sqlalchemy import func, select

from app.models import Cita, ConfiguracionClinica, Factura, Medico, Rol, Sucursal, Usuario
from app.services import huellas_service


def test_setup_creates_the_administrator_and_a_demo_clinic_once(app, db_session, monkeypatch):
    monkeypatch.delenv("ADMIN_EMAIL", raising=False)
    runner = app.test_cli_runner()
    primera = runner.invoke(args=["setup", "--demo"])
    assert primera.exit_code == 0, primera.output
    assert "admin@clinica.local  contraseña: " in primera.output
    assert "Clínica de demostración cargada" in primera.output
    admin = db_session.scalar(select(Usuario).join(Usuario.rol).where(Rol.nombre == "Administrador"))
    assert admin.email == "admin@clinica.local"
    assert db_session.scalar(select(func.count()).select_from(Sucursal)) == 2
    assert db_session.scalar(select(func.count()).select_from(Medico)) == 6
    assert db_session.scalar(select(func.count()).select_from(Cita)) > 50
    assert db_session.scalar(select(func.count()).select_from(Factura)) > 0
    assert huellas_service.verificar().integra
    # Online booking is on, with doctors that take it, and reception has online bookings to look at.
    assert db_session.scalar(select(ConfiguracionClinica.reserva_en_linea_activa))
    assert db_session.scalar(select(func.count()).select_from(Medico).where(Medico.reserva_en_linea)) == 4
    assert db_session.scalar(select(func.count()).select_from(Cita).where(Cita.origen == "en_linea")) > 0

    segunda = runner.invoke(args=["setup", "--demo"])
    assert segunda.exit_code == 0 and segunda.output == ""
    assert db_session.scalar(select(func.count()).select_from(Sucursal)) == 2
