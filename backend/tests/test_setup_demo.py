"""`flask setup --demo`: the first administrator and a demo clinic with a living agenda, once."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from app.models import (Cita, ConfiguracionClinica, Factura, Medico, Pago, PlanTratamiento, Rol, SesionCaja, Sucursal,
                        Usuario)
from app.models.odontologia import ESTADOS_PLAN
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
    # two general branches and the dental one (tests/test_demo_odontologia.py); six doctors and two dentists
    assert db_session.scalar(select(func.count()).select_from(Sucursal)) == 3
    assert db_session.scalar(select(func.count()).select_from(Medico)) == 8
    assert {e for (e,) in db_session.execute(select(PlanTratamiento.estado))} == set(ESTADOS_PLAN)
    assert db_session.scalar(select(func.count()).select_from(Cita)) > 50
    assert db_session.scalar(select(func.count()).select_from(Factura)) > 0
    assert huellas_service.verificar().integra
    # Online booking is on, with doctors that take it, and reception has online bookings to look at.
    assert db_session.scalar(select(ConfiguracionClinica.reserva_en_linea_activa))
    assert db_session.scalar(select(func.count()).select_from(Medico).where(Medico.reserva_en_linea)) == 4
    assert db_session.scalar(select(func.count()).select_from(Cita).where(Cita.origen == "en_linea")) > 0

    # The cash register of the main branch: yesterday's session closed to the cent, today's open; an invoice
    # with a partial credit note and one refunded.
    centro = db_session.scalar(select(Sucursal).where(Sucursal.nombre == "Sucursal Centro"))
    sesiones = db_session.scalars(select(SesionCaja).where(SesionCaja.sucursal_id == centro.id)
                                  .order_by(SesionCaja.abierta_en)).all()
    assert [s.estado for s in sesiones] == ["cerrada", "abierta"]
    cerrada = sesiones[0]
    zona = ZoneInfo(centro.zona_horaria)
    assert cerrada.abierta_en.astimezone(zona).date() == datetime.now(zona).date() - timedelta(days=1)
    assert cerrada.cerrada_en > cerrada.abierta_en and all(  # closed when the demo loads: after all it counts
        p.fecha <= cerrada.cerrada_en for p in db_session.scalars(select(Pago).where(Pago.sesion_caja_id == cerrada.id)))
    assert cerrada.efectivo_contado == cerrada.esperado and cerrada.conteo
    assert db_session.scalar(select(func.count()).select_from(Pago).where(Pago.sesion_caja_id == cerrada.id)) == 4
    rectificadas = db_session.scalars(select(Factura).where(Factura.rectificado > 0).order_by(Factura.id)).all()
    assert any(0 < f.rectificado < f.total for f in rectificadas)
    assert db_session.scalar(select(func.count()).select_from(Pago).where(Pago.monto < 0)) == 1
    assert db_session.scalar(select(func.count()).select_from(Factura).where(Factura.tipo == "rectificativa")) == 2

    segunda = runner.invoke(args=["setup", "--demo"])
    assert segunda.exit_code == 0 and segunda.output == ""
    assert db_session.scalar(select(func.count()).select_from(Sucursal)) == 3
