"""The demo clinic's dentistry: a dental branch, its dentists, services that leave a condition, and charts and plans
in every state, made through the services (so `make run` shows the feature at once)."""
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import (Factura, HorarioMedico, ItemPlan, Medico, Paciente, PlanTratamiento, RegistroOdontograma, Servicio,
                        Sucursal, Usuario)
from app.models.odontologia import ESTADOS_PLAN
from app.services import demo_odontologia, demo_service, huellas_service
from tests.conftest import ApiClient, como_dueno
from tests.pdf_util import texto_pdf


def _paciente(clave):
    """A patient of the dental demo (the general demo's random patients may share a first name)."""
    nombre, apellido, *_ = demo_odontologia.PACIENTES[clave]
    return db.session.scalar(select(Paciente).where(Paciente.nombre == nombre, Paciente.apellido == apellido))


def _planes(paciente):
    return db.session.scalars(select(PlanTratamiento).where(PlanTratamiento.paciente_id == paciente.id)
                              .order_by(PlanTratamiento.id)).all()


@pytest.fixture
def demo(usuario_factory):
    usuario_factory(rol="Administrador")
    with como_dueno():  # as `flask setup --demo` runs it: the demo dates yesterday's cash payments back
        assert demo_service.cargar_demo(pacientes=30)
        db.session.flush()
    return db.session.scalar(select(Sucursal).where(Sucursal.nombre == "Clínica Dental Centro"))


def test_the_demo_has_a_dental_branch_with_two_dentists_their_schedules_and_reception(demo):
    dentistas = db.session.scalars(select(Medico).join(Usuario, Usuario.id == Medico.usuario_id)
                                   .where(Usuario.email.like("dentista%@demo.local")).order_by(Medico.id)).all()
    assert [(d.nombre, d.especialidad.nombre) for d in dentistas] == [("Lucía", "Odontología"),
                                                                     ("Andrés", "Odontología")]
    for dentista in dentistas:
        dias = db.session.scalars(select(HorarioMedico.dia_semana).where(
            HorarioMedico.medico_id == dentista.id, HorarioMedico.sucursal_id == demo.id)).all()
        assert sorted(dias) == [1, 2, 3, 4, 5]
    recepcion = db.session.scalar(select(Usuario).where(Usuario.email == "recepcion.dental@demo.local"))
    assert recepcion.rol.nombre == "Recepcionista" and recepcion.sucursal_id == demo.id


def test_dental_services_leave_their_condition_on_the_tooth(demo):
    condiciones = dict(db.session.execute(select(Servicio.nombre, Servicio.condicion_resultante)).all())
    assert {nombre: condiciones[nombre] for nombre, *_ in demo_odontologia.SERVICIOS} == {
        "Valoración odontológica": None, "Limpieza dental": None, "Obturación de resina": "obturacion_resina",
        "Sellante de fosetas y fisuras": "sellante", "Endodoncia (tratamiento de conductos)": "endodoncia",
        "Corona de porcelana": "corona", "Extracción simple": "ausente", "Implante dental": "implante"}


def test_the_demo_has_treatment_plans_in_every_state(demo):
    estados = db.session.scalars(select(PlanTratamiento.estado).where(PlanTratamiento.sucursal_id == demo.id)).all()
    assert set(estados) == set(ESTADOS_PLAN)

    # On course: some work done, part of it invoiced (one item), the rest still to do.
    en_curso = db.session.scalar(select(PlanTratamiento).where(PlanTratamiento.estado == "en_curso"))
    hechos = [i for i in en_curso.items if i.estado == "realizado"]
    assert 0 < len(hechos) < len(en_curso.items)
    assert len([i for i in hechos if i.factura_id is not None]) == 1
    # Finished: everything done and invoiced, in one invoice of the plan's prices.
    terminado = db.session.scalar(select(PlanTratamiento).where(PlanTratamiento.estado == "terminado"))
    facturas = {i.factura_id for i in terminado.items}
    assert all(i.estado == "realizado" for i in terminado.items) and len(facturas) == 1 and None not in facturas
    assert db.session.get(Factura, facturas.pop()).total == terminado.total
    aceptado = db.session.scalar(select(PlanTratamiento).where(PlanTratamiento.estado == "aceptado"))
    assert aceptado.aceptado_por and all(i.estado == "pendiente" for i in aceptado.items)
    cancelado = db.session.scalar(select(PlanTratamiento).where(PlanTratamiento.estado == "cancelado"))
    assert cancelado.motivo
    assert huellas_service.verificar().integra


def test_charts_hold_months_of_findings_and_the_work_done(as_admin, demo):
    admin = as_admin
    tomas = _paciente("tomas")
    fechas = db.session.scalars(select(RegistroOdontograma.fecha).where(RegistroOdontograma.paciente_id == tomas.id)
                                .order_by(RegistroOdontograma.fecha)).all()
    assert len(fechas) >= 4 and fechas[-1] - fechas[0] > timedelta(days=100)

    ahora = admin.get(f"/api/pacientes/{tomas.id}/odontograma").json
    assert ahora["denticion"] == "permanente"
    piezas = ahora["piezas"]
    assert piezas["16"]["superficies"] == {"O": "obturacion_resina"}  # the caries filled by the plan's work
    assert piezas["25"]["superficies"] == {"D": "obturacion_resina"}
    assert piezas["46"]["condiciones"] == ["ausente"] and piezas["11"]["condiciones"] == ["fractura"]
    assert piezas["37"]["superficies"] == {"O": "caries"}
    # 100 days ago the first filling was done and the second not yet.
    hace_100 = (datetime.now(ZoneInfo("America/Mexico_City")) - timedelta(days=100)).date()
    antes = admin.get(f"/api/pacientes/{tomas.id}/odontograma", query_string={"fecha": hace_100.isoformat()}).json
    assert antes["piezas"]["16"]["superficies"] == {"O": "obturacion_resina"}
    assert antes["piezas"]["25"]["superficies"] == {"D": "caries"} and "37" not in antes["piezas"]

    for nombre, denticion in (("valentina", "temporal"), ("martin", "mixta")):
        carta = admin.get(f"/api/pacientes/{_paciente(nombre).id}/odontograma").json
        assert carta["denticion"] == denticion and carta["piezas"], nombre
    assert admin.get(f"/api/pacientes/{_paciente('valentina').id}/odontograma").json["piezas"]["54"] == {
        "condiciones": [], "superficies": {"O": "obturacion_resina"}}


def test_the_demo_dentist_and_reception_work_with_the_demo_plans(client, demo):
    lucia = ApiClient(client, db.session.scalar(select(Usuario).where(Usuario.email == "dentista1@demo.local")))
    recepcion = ApiClient(client, db.session.scalar(select(Usuario).where(
        Usuario.email == "recepcion.dental@demo.local")))
    rocio = _paciente("rocio")

    r = lucia.get(f"/api/pacientes/{rocio.id}/odontograma")
    assert r.status_code == 200 and r.json["piezas"]["46"]["superficies"] == {"O": "caries", "D": "caries"}
    aceptado = _planes(rocio)[0]
    pdf = recepcion.get(f"/api/planes/{aceptado.id}/presupuesto.pdf")
    assert pdf.status_code == 200
    texto = texto_pdf(pdf.data)
    assert "Clínica Dental Centro" in texto and "Aceptado por: Rocío Méndez Ortiz" in texto


def test_loading_the_demo_twice_adds_nothing(demo):
    contar = lambda modelo: db.session.scalar(select(func.count()).select_from(modelo))  # noqa: E731
    antes = [contar(m) for m in (Sucursal, Medico, PlanTratamiento, ItemPlan, RegistroOdontograma, Factura)]

    with como_dueno():
        assert demo_service.cargar_demo(pacientes=30) is False
        assert demo_odontologia.cargar() is False

    assert [contar(m) for m in (Sucursal, Medico, PlanTratamiento, ItemPlan, RegistroOdontograma, Factura)] == antes


def test_a_demo_loaded_before_dentistry_gets_its_dental_part(usuario_factory, monkeypatch):
    usuario_factory(rol="Administrador")
    with como_dueno(), monkeypatch.context() as m:
        m.setattr(demo_odontologia, "cargar", lambda admin=None: False)
        assert demo_service.cargar_demo(pacientes=30)
        db.session.flush()
    assert db.session.scalar(select(func.count()).select_from(PlanTratamiento)) == 0

    with como_dueno():
        assert demo_service.cargar_demo(pacientes=30, solo_si_vacia=True) is False

    assert db.session.scalar(select(Sucursal.id).where(Sucursal.nombre == "Clínica Dental Centro")) is not None
    assert db.session.scalar(select(func.count()).select_from(PlanTratamiento)) > 0
