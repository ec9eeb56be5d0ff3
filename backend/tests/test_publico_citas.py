"""The public appointment page (API.md "Public appointment page"): what the holder of the link sees and may do
without logging in, the staff's link, and the request limit of the public routes."""
import itertools
import threading
from datetime import UTC, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

import pytest
from itsdangerous import URLSafeSerializer
from sqlalchemy import select, text, update

from app.extensions import db
from app.models import Auditoria, CambioEstadoCita, Cita, ConfiguracionClinica, Estado
from app.services import citas_publicas_service
from app.services.enlace_cita import cita_id_de, token_de
from app.utils.errors import Conflicto, NoEncontrado
from tests.agenda_util import hoy_en
from tests.carreras import espera_un_bloqueo
from tests.conftest import ApiClient

_n = itertools.count()
CLAVES = {"fecha", "hora_inicio", "hora_fin", "zona_horaria", "estado", "medico", "especialidad", "sucursal",
          "puede_confirmar", "puede_cancelar"}


@pytest.fixture
def consulta(sucursal_factory, especialidad_factory, medico_factory, paciente_factory, cita_factory):
    """An appointment three days ahead at 09:00 in a branch of Mexico City, with data that must never reach the
    public page: the patient's name, the reason, the notes, the doctor's e-mail."""
    cardiologia = especialidad_factory(nombre="Cardiología")

    def make(fecha=None, estado_id=Estado.NUEVA, zona="America/Mexico_City", hora_inicio=time(9), hora_fin=None,
             **kw):
        n = next(_n)
        sucursal = sucursal_factory(nombre="Sucursal Centro", direccion="Av. Juárez 100, Centro, CDMX",
                                    telefono="5555550100", zona_horaria=zona)
        medico = medico_factory(nombre="Elena", apellido="Vargas", email=f"elena.vargas{n}@clinica.local",
                                telefono="5512345678", especialidad=cardiologia)
        paciente = paciente_factory(nombre="Secretina", apellido="Oculta", email=f"secretina{n}@correo.local")
        fecha = fecha or hoy_en(sucursal) + timedelta(days=3)
        return cita_factory(paciente, medico, sucursal, fecha=fecha, hora_inicio=hora_inicio, hora_fin=hora_fin,
                            estado_id=estado_id, motivo="Dolor torácico reservado", notas="Nota clínica reservada", **kw)

    return make


def url(cita, accion=""):
    return f"/api/publico/citas/{token_de(cita.id)}" + (f"/{accion}" if accion else "")


def historial(cita):
    db.session.expire_all()
    return db.session.scalars(select(CambioEstadoCita).where(CambioEstadoCita.cita_id == cita.id)
                              .order_by(CambioEstadoCita.id)).all()


def cancelacion_minima(horas):
    db.session.execute(update(ConfiguracionClinica).values(cancelacion_minima_horas=horas))


def sin_rastro(respuesta):
    texto = respuesta.get_data(as_text=True)
    for secreto in ("Secretina", "Oculta", "secretina@", "Dolor torácico", "Nota clínica", "elena.vargas@",
                    "5512345678"):
        assert secreto not in texto, f"la respuesta pública deja ver {secreto!r}"


# --- what the page shows ------------------------------------------------------------------------

def test_the_page_shows_what_when_and_where_and_nothing_else(anonimo, consulta):
    cita = consulta()
    r = anonimo.get(url(cita))
    assert r.status_code == 200
    assert set(r.json) == CLAVES
    assert r.json == {
        "fecha": cita.fecha.isoformat(), "hora_inicio": "09:00", "hora_fin": "09:30",
        "zona_horaria": "America/Mexico_City", "estado": "Nueva",
        "medico": {"nombre": "Elena", "apellido": "Vargas"}, "especialidad": "Cardiología",
        "sucursal": {"nombre": "Sucursal Centro", "direccion": "Av. Juárez 100, Centro, CDMX",
                     "telefono": "5555550100"},
        "puede_confirmar": True, "puede_cancelar": True,
    }
    sin_rastro(r)
    assert r.headers["Cache-Control"] == "no-store"


def test_a_doctor_without_a_specialty_is_shown_without_one(anonimo, consulta, db_session):
    cita = consulta()
    cita.medico.especialidad_id = None
    db_session.flush()
    r = anonimo.get(url(cita))
    assert (r.status_code, r.json["especialidad"], r.json["medico"]["apellido"]) == (200, None, "Vargas")


def test_a_confirmed_appointment_can_still_be_cancelled_but_not_confirmed_again(anonimo, consulta):
    r = anonimo.get(url(consulta(estado_id=Estado.CONFIRMADA)))
    assert r.status_code == 200
    assert (r.json["estado"], r.json["puede_confirmar"], r.json["puede_cancelar"]) == ("Confirmada", False, True)


def test_an_appointment_in_another_state_offers_no_action(anonimo, consulta):
    r = anonimo.get(url(consulta(estado_id=Estado.CANCELADA)))
    assert r.status_code == 200
    assert (r.json["estado"], r.json["puede_confirmar"], r.json["puede_cancelar"]) == ("Cancelada", False, False)


# --- the patient's actions ----------------------------------------------------------------------

def test_the_patient_confirms_and_the_history_says_it_was_the_patient(anonimo, consulta):
    cita = consulta()
    antes = anonimo.get(url(cita)).json
    r = anonimo.post(url(cita, "confirmar"))
    assert r.status_code == 200
    assert r.json == {**antes, "estado": "Confirmada", "puede_confirmar": False}
    assert r.json == anonimo.get(url(cita)).json
    sin_rastro(r)
    assert db.session.get(Cita, cita.id).estado_id == Estado.CONFIRMADA
    (cambio,) = historial(cita)
    assert (cambio.estado_anterior_id, cambio.estado_id, cambio.usuario_id, cambio.por_paciente) == (
        Estado.NUEVA, Estado.CONFIRMADA, None, True)


def test_the_patient_cancels_with_a_reason_of_their_own(anonimo, consulta):
    cita = consulta(estado_id=Estado.CONFIRMADA)
    r = anonimo.post(url(cita, "cancelar"), json={"motivo": "  Tengo un viaje  "})
    assert r.status_code == 200
    assert (r.json["estado"], r.json["puede_confirmar"], r.json["puede_cancelar"]) == ("Cancelada", False, False)
    assert set(r.json) == CLAVES
    assert db.session.get(Cita, cita.id).estado_id == Estado.CANCELADA
    (cambio,) = historial(cita)
    assert (cambio.estado_anterior_id, cambio.estado_id, cambio.motivo, cambio.usuario_id, cambio.por_paciente) == (
        Estado.CONFIRMADA, Estado.CANCELADA, "Tengo un viaje", None, True)


def test_a_cancellation_without_a_reason_says_it_came_from_the_link(anonimo, consulta):
    cita = consulta()
    r = anonimo.post(url(cita, "cancelar"), json={})
    assert r.status_code == 200 and r.json["estado"] == "Cancelada"
    (cambio,) = historial(cita)
    assert (cambio.motivo, cambio.por_paciente) == ("Cancelada por el paciente desde el enlace", True)


def test_a_reason_longer_than_500_characters_is_refused(anonimo, consulta, db_session):
    cita = consulta()
    db_session.commit()
    r = anonimo.post(url(cita, "cancelar"), json={"motivo": "x" * 501})
    assert r.status_code == 422 and "motivo" in r.json["errors"]
    assert db.session.get(Cita, cita.id).estado_id == Estado.NUEVA


def test_cancelling_later_than_the_clinics_minimum_is_refused(anonimo, consulta, db_session):
    cancelacion_minima(168)  # a week; the appointment is three days ahead
    cita = consulta()
    db_session.commit()
    assert anonimo.get(url(cita)).json["puede_cancelar"] is False
    r = anonimo.post(url(cita, "cancelar"), json={"motivo": "No puedo"})
    assert r.status_code == 409 and r.json["reason"] == "CANCELACION_TARDIA"
    assert "168 horas" in r.json["message"]
    assert db.session.get(Cita, cita.id).estado_id == Estado.NUEVA
    assert historial(cita) == []


def test_the_cancellation_deadline_is_counted_in_the_branchs_time_zone(consulta):
    # 10:00 in Tokyo is 01:00 UTC; with the default 2 hours, the last moment to cancel is just before 23:00 UTC.
    cita = consulta(zona="Asia/Tokyo", hora_inicio=time(10))
    inicio_utc = datetime.combine(cita.fecha, time(10), ZoneInfo("Asia/Tokyo")).astimezone(UTC)
    token = token_de(cita.id)
    a_tiempo = citas_publicas_service.consultar(token, ahora=inicio_utc - timedelta(hours=2, seconds=1))
    tarde = citas_publicas_service.consultar(token, ahora=inicio_utc - timedelta(hours=2))
    assert (a_tiempo["puede_cancelar"], tarde["puede_cancelar"]) == (True, False)
    with pytest.raises(Conflicto) as refusal:
        citas_publicas_service.cancelar(token, ahora=inicio_utc - timedelta(hours=2))
    assert refusal.value.reason == "CANCELACION_TARDIA"
    hecho = citas_publicas_service.cancelar(token, ahora=inicio_utc - timedelta(hours=2, seconds=1))
    assert hecho["estado"] == "Cancelada"


def test_a_transition_the_state_machine_refuses_is_a_409(anonimo, consulta, db_session):
    confirmada, completada = consulta(estado_id=Estado.CONFIRMADA), consulta(estado_id=Estado.COMPLETADA)
    en_espera = consulta(estado_id=Estado.EN_ESPERA)
    db_session.commit()
    r = anonimo.post(url(en_espera, "cancelar"), json={})  # the staff may; a patient in the waiting room may not
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"
    r = anonimo.post(url(confirmada, "confirmar"))
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"
    r = anonimo.post(url(completada, "cancelar"), json={})
    assert r.status_code == 409 and r.json["reason"] == "TRANSICION_INVALIDA"
    assert db.session.get(Cita, completada.id).estado_id == Estado.COMPLETADA
    assert historial(confirmada) == [] and historial(completada) == []


# --- links that do not work ---------------------------------------------------------------------

def _no_encontrada(anonimo, ruta):
    respuestas = [anonimo.get(ruta), anonimo.post(ruta + "/confirmar"), anonimo.post(ruta + "/cancelar", json={})]
    for r in respuestas:
        assert r.status_code == 404, r.json
        assert r.json["message"] == "El enlace no es válido o la cita ya pasó"
        sin_rastro(r)


def test_a_link_stops_working_once_the_appointment_has_ended(anonimo, consulta, db_session):
    cita = consulta(fecha=datetime.now(UTC).date() - timedelta(days=2))
    db_session.commit()
    _no_encontrada(anonimo, url(cita))
    assert db.session.get(Cita, cita.id).estado_id == Estado.NUEVA


def test_the_end_is_the_branchs_wall_clock_time(consulta):
    cita = consulta(zona="Asia/Tokyo", hora_inicio=time(10), hora_fin=time(10, 30))
    fin_utc = datetime.combine(cita.fecha, time(10, 30), ZoneInfo("Asia/Tokyo")).astimezone(UTC)
    token = token_de(cita.id)
    assert citas_publicas_service.consultar(token, ahora=fin_utc - timedelta(seconds=1))["puede_confirmar"] is True
    with pytest.raises(NoEncontrado):
        citas_publicas_service.consultar(token, ahora=fin_utc)


def test_forged_and_unknown_tokens_find_nothing(app, anonimo, consulta, db_session):
    cita = consulta()
    db_session.commit()
    verdadero = token_de(cita.id)
    otra_clave = URLSafeSerializer("no-es-la-clave-de-la-clinica", salt="cita-publica").dumps(cita.id)
    otra_sal = URLSafeSerializer(app.config["SECRET_KEY"], salt="otra-cosa").dumps(cita.id)
    # a character inside the signature (the last one may only carry base64's padding bits: changing it can decode
    # to the same signature, which made this test fail now and then)
    retocado = verdadero[:-2] + ("A" if verdadero[-2] != "A" else "B") + verdadero[-1]
    for token in (otra_clave, otra_sal, retocado, "basura", token_de(cita.id + 100000),
                  URLSafeSerializer(app.config["SECRET_KEY"], salt="cita-publica").dumps(str(cita.id))):
        _no_encontrada(anonimo, f"/api/publico/citas/{token}")
    assert db.session.get(Cita, cita.id).estado_id == Estado.NUEVA


@pytest.mark.committed
def test_a_confirmation_waits_for_a_change_under_way_and_then_sees_it(app, consulta, owner_engine):
    """The patient's change reads the page locked (FOR UPDATE of the appointment): while the staff's cancellation
    holds the row, the confirmation waits, and then refuses the cancelled appointment instead of confirming it."""
    cita = consulta()
    db.session.commit()
    cita_id, ruta = cita.id, url(cita, "confirmar")
    resultado = {}
    with owner_engine.connect() as personal:
        personal.execute(text("SELECT 1 FROM medical.citas WHERE id = :id FOR UPDATE"), {"id": cita_id})
        hilo = threading.Thread(target=lambda: resultado.update(r=app.test_client().post(ruta)))
        hilo.start()
        assert espera_un_bloqueo(owner_engine, hilo), "the confirmation did not wait for the row's lock"
        personal.execute(text("UPDATE medical.citas SET estado_id = :e WHERE id = :id"),
                         {"e": Estado.CANCELADA, "id": cita_id})
        personal.commit()
    hilo.join(timeout=30)
    r = resultado["r"]
    assert (r.status_code, r.get_json()["reason"]) == (409, "TRANSICION_INVALIDA")
    db.session.expire_all()
    assert db.session.get(Cita, cita_id).estado_id == Estado.CANCELADA


# --- the staff's link ---------------------------------------------------------------------------

def _enlace(api, cita):
    return api.get(f"/api/citas/{cita.id}/enlace")


def _token_del_enlace(respuesta):
    partes = urlsplit(respuesta.json["url"])
    assert f"{partes.scheme}://{partes.netloc}" == "http://127.0.0.1:5000" and partes.path.startswith("/c/")
    return partes.path.removeprefix("/c/")


def test_staff_get_the_link_that_opens_the_public_page(api_as, anonimo, consulta):
    cita = consulta()
    for api in (api_as("Administrador"), api_as("Recepcionista", sucursal=cita.sucursal), api_as("Recepcionista")):
        r = _enlace(api, cita)
        assert r.status_code == 200 and set(r.json) == {"url"}
        token = _token_del_enlace(r)
        assert cita_id_de(token) == cita.id
        assert anonimo.get(f"/api/publico/citas/{token}").json["estado"] == "Nueva"
    assert db.session.scalar(select(Auditoria.usuario_id).where(
        Auditoria.accion == "cita_enlace_entregado", Auditoria.entidad_id == cita.id,
        Auditoria.paciente_id == cita.paciente_id).limit(1)) is not None


def test_a_doctor_gets_the_link_of_their_own_appointments_only(client, usuario_factory, medico_factory, consulta,
                                                               db_session):
    propia, ajena = consulta(), consulta()
    usuario = usuario_factory(rol="Médico")
    propia.medico.usuario_id = usuario.id
    db_session.commit()
    api = ApiClient(client, usuario)
    r = _enlace(api, propia)
    assert r.status_code == 200 and cita_id_de(_token_del_enlace(r)) == propia.id
    r = _enlace(api, ajena)
    assert r.status_code == 404 and "url" not in r.json
    assert token_de(ajena.id) not in r.get_data(as_text=True)


def test_a_receptionist_of_another_branch_and_billing_get_no_link(api_as, sucursal_factory, consulta, db_session):
    cita = consulta()
    otra = sucursal_factory()
    db_session.commit()
    r = _enlace(api_as("Recepcionista", sucursal=otra), cita)
    assert r.status_code == 404
    r = _enlace(api_as("Facturación"), cita)
    assert r.status_code == 403
    for r in (_enlace(api_as("Recepcionista", sucursal=otra), cita), _enlace(api_as("Facturación"), cita)):
        assert token_de(cita.id) not in r.get_data(as_text=True)


def test_the_link_needs_a_login(anonimo, consulta, db_session):
    cita = consulta()
    db_session.commit()
    assert _enlace(anonimo, cita).status_code == 401


# --- the request limit --------------------------------------------------------------------------

def test_more_requests_than_the_limit_from_one_address_get_429_until_the_window_ends(
        app, monkeypatch, client, consulta, reloj_fijo, db_session):
    monkeypatch.setitem(app.config, "PUBLICO_LIMITE_POR_MINUTO", 3)
    cita = consulta()
    db_session.commit()
    desde = {"REMOTE_ADDR": "203.0.113.7"}
    # Every request counts, found or not.
    assert [client.get(f"/api/publico/citas/nada{i}", environ_base=desde).status_code for i in range(2)] == [404, 404]
    assert client.get(url(cita), environ_base=desde).status_code == 200
    for r in (client.get(url(cita), environ_base=desde), client.post(url(cita, "confirmar"), environ_base=desde)):
        assert r.status_code == 429 and r.json["reason"] == "LIMITE" and r.json["code"] == 429
        assert r.headers["Retry-After"] == "40"
    assert db.session.get(Cita, cita.id).estado_id == Estado.NUEVA
    # Another address is not affected; the same one is served again in the next window.
    assert client.get(url(cita), environ_base={"REMOTE_ADDR": "198.51.100.2"}).status_code == 200
    reloj_fijo[0] += timedelta(seconds=40)
    assert client.get(url(cita), environ_base=desde).status_code == 200


# --- the page's HTML ----------------------------------------------------------------------------

def test_the_link_opens_the_public_entry_and_never_the_staff_application(client, tmp_path, monkeypatch):
    (tmp_path / "index.html").write_text('<script type="module" src="/assets/main.js"></script>')
    (tmp_path / "publico.html").write_text('<script type="module" src="/assets/publico.js"></script>')
    monkeypatch.setattr("app.static_ui.FRONTEND_DIST", tmp_path)
    for ruta in ("/c/MTIz.firma", "/c/MTIz.firma/"):
        with client.get(ruta) as r:
            assert r.status_code == 200 and b"/assets/publico.js" in r.data and b"main.js" not in r.data
            assert r.headers["Cache-Control"] == "no-cache"
    with client.get("/agenda") as r:
        assert b"/assets/main.js" in r.data
