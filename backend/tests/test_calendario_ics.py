"""A doctor's agenda as an iCalendar feed behind a secret URL (API.md "Calendar feed")."""
from datetime import UTC, datetime, time, timedelta
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.models import Auditoria, Estado, Medico
from app.services import calendario_service
from tests.conftest import ApiClient
from tests.factories import PASSWORD
from tests.servidor import gunicorn

MADRID = ZoneInfo("Europe/Madrid")


def _hoy():
    return datetime.now(UTC).date()


def _ruta(url):
    """The path and query of the feed URL (the test client speaks to the app directly)."""
    partes = urlsplit(url)
    return f"{partes.path}?{partes.query}"


def _token(url):
    return parse_qs(urlsplit(url).query)["token"][0]


def _eventos(r):
    assert r.status_code == 200, r.get_data(as_text=True)
    calendario = Calendar.from_ical(r.data)
    return {str(e["UID"]): e for e in calendario.walk("VEVENT")}, calendario


@pytest.fixture
def agenda(db_session, usuario_factory, sucursal_factory, medico_factory, paciente_factory, cita_factory):
    """A doctor with an account, in a Madrid branch, and appointments inside, outside and around the window."""
    sucursal = sucursal_factory(nombre="Sucursal Retiro", direccion="Calle de Alcalá 120, Madrid",
                                zona_horaria="Europe/Madrid")
    cuenta = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=cuenta, nombre="Lucía", apellido="Ferrer")
    otro_medico = medico_factory()
    hoy = _hoy()

    def cita(nombre, apellido, dias, estado_id=Estado.NUEVA, medico_de=medico, hora=time(10)):
        paciente = paciente_factory(nombre=nombre, apellido=apellido)
        return cita_factory(paciente, medico_de, sucursal, fecha=hoy + timedelta(days=dias), hora_inicio=hora,
                            estado_id=estado_id, motivo=f"Motivo privado de {nombre}",
                            notas=f"Nota confidencial de {nombre}")

    citas = {
        "proxima": cita("Juana", "Pérez López", 5),
        "confirmada": cita("Marcos", "Ibáñez", -10, Estado.CONFIRMADA, hora=time(16, 30)),
        "cerca_del_final": cita("Eva", "Nadal", 88),
        "cerca_del_inicio": cita("Óscar", "Úbeda", -28, Estado.COMPLETADA),
        "muy_antigua": cita("Raquel", "Antigua", -32, Estado.COMPLETADA),
        "muy_lejana": cita("Simón", "Lejano", 92),
        "cancelada": cita("Carla", "Cancelada", 3, Estado.CANCELADA),
        "no_asistio": cita("Nuria", "Ausente", -2, Estado.NO_ASISTIO),
        "de_otro_medico": cita("Otilia", "Ajena", 5, medico_de=otro_medico),
    }
    db_session.commit()  # refused requests roll back the request's work: the data must be there before them
    return medico, cuenta, otro_medico, citas


@pytest.fixture
def enlace(agenda, as_admin):
    medico = agenda[0]
    r = as_admin.post(f"/api/medicos/{medico.id}/agenda-token")
    assert r.status_code == 200, r.json
    return r.json["url"]


def test_the_feed_holds_the_doctors_active_appointments_of_the_window_and_nothing_else(agenda, enlace, anonimo):
    _, _, _, citas = agenda
    r = anonimo.get(_ruta(enlace))
    eventos, calendario = _eventos(r)
    assert r.headers["Content-Type"] == "text/calendar; charset=utf-8"
    esperadas = {"proxima", "confirmada", "cerca_del_final", "cerca_del_inicio"}
    assert set(eventos) == {f"cita-{citas[k].id}@clinica-erp" for k in esperadas}
    assert str(calendario["VERSION"]) == "2.0" and str(calendario["X-PUBLISHED-TTL"]) == "PT15M"
    assert "Lucía Ferrer" in str(calendario["X-WR-CALNAME"])


def test_each_event_shows_the_patients_initials_and_no_name_reason_or_note(agenda, enlace, anonimo):
    _, _, _, citas = agenda
    r = anonimo.get(_ruta(enlace))
    eventos, _ = _eventos(r)
    assert str(eventos[f"cita-{citas['proxima'].id}@clinica-erp"]["SUMMARY"]) == "Cita — J. P."
    assert str(eventos[f"cita-{citas['cerca_del_inicio'].id}@clinica-erp"]["SUMMARY"]) == "Cita — Ó. Ú."
    cuerpo = r.data.decode()
    for nombre in ("Juana", "Pérez", "Marcos", "Ibáñez", "Eva", "Nadal", "Óscar", "Otilia", "Motivo", "Nota",
                   "privado", "confidencial"):
        assert nombre not in cuerpo, nombre
    assert "DESCRIPTION" not in cuerpo and "ATTENDEE" not in cuerpo


def test_events_are_in_the_branchs_time_zone_at_its_address(agenda, enlace, anonimo):
    _, _, _, citas = agenda
    eventos, calendario = _eventos(anonimo.get(_ruta(enlace)))
    confirmada = citas["confirmada"]
    evento = eventos[f"cita-{confirmada.id}@clinica-erp"]
    assert evento["DTSTART"].params["TZID"] == "Europe/Madrid"
    assert evento.start == datetime.combine(confirmada.fecha, time(16, 30), tzinfo=MADRID)
    assert evento.end == datetime.combine(confirmada.fecha, time(17), tzinfo=MADRID)
    assert [str(z["TZID"]) for z in calendario.walk("VTIMEZONE")] == ["Europe/Madrid"]
    assert str(evento["LOCATION"]) == "Sucursal Retiro, Calle de Alcalá 120, Madrid"
    assert isinstance(evento["DTSTAMP"].dt, datetime)


def test_confirmed_appointments_are_confirmed_and_new_ones_tentative(agenda, enlace, anonimo):
    _, _, _, citas = agenda
    eventos, _ = _eventos(anonimo.get(_ruta(enlace)))
    assert str(eventos[f"cita-{citas['confirmada'].id}@clinica-erp"]["STATUS"]) == "CONFIRMED"
    assert str(eventos[f"cita-{citas['cerca_del_inicio'].id}@clinica-erp"]["STATUS"]) == "CONFIRMED"
    assert str(eventos[f"cita-{citas['proxima'].id}@clinica-erp"]["STATUS"]) == "TENTATIVE"


def test_a_rescheduled_appointment_keeps_its_uid_so_calendars_move_it(agenda, enlace, anonimo, db_session):
    _, _, _, citas = agenda
    proxima = citas["proxima"]
    proxima.fecha = proxima.fecha + timedelta(days=1)
    db_session.commit()
    eventos, _ = _eventos(anonimo.get(_ruta(enlace)))
    assert eventos[f"cita-{proxima.id}@clinica-erp"].start.date() == proxima.fecha


def test_rotating_the_token_kills_the_old_url_at_once(agenda, enlace, anonimo, as_admin):
    medico = agenda[0]
    nuevo = as_admin.post(f"/api/medicos/{medico.id}/agenda-token")
    assert nuevo.status_code == 200 and nuevo.json["url"] != enlace
    assert anonimo.get(_ruta(enlace)).status_code == 404
    assert anonimo.get(_ruta(nuevo.json["url"])).status_code == 200


def test_a_wrong_or_missing_token_and_an_unknown_doctor_get_the_same_404(agenda, enlace, anonimo, as_admin):
    medico, _, otro_medico, _ = agenda
    token = _token(enlace)
    otro = _token(as_admin.post(f"/api/medicos/{otro_medico.id}/agenda-token").json["url"])
    respuestas = [
        anonimo.get(f"/api/medicos/{medico.id}/agenda.ics"),
        anonimo.get(f"/api/medicos/{medico.id}/agenda.ics?token="),
        anonimo.get(f"/api/medicos/{medico.id}/agenda.ics?token={token[:-1]}"),
        anonimo.get(f"/api/medicos/{medico.id}/agenda.ics?token={otro}"),  # another doctor's valid token
        anonimo.get(f"/api/medicos/{medico.id + 100000}/agenda.ics?token={token}"),
    ]
    assert {r.status_code for r in respuestas} == {404}
    assert len({r.get_data(as_text=True) for r in respuestas}) == 1
    assert token not in respuestas[-1].get_data(as_text=True)


def test_a_doctor_without_a_link_has_no_feed(agenda, anonimo):
    medico = agenda[0]
    assert anonimo.get(f"/api/medicos/{medico.id}/agenda.ics?token=").status_code == 404
    assert anonimo.get(f"/api/medicos/{medico.id}/agenda.ics?token=cualquiera").status_code == 404


def test_a_deactivated_doctors_feed_stops_and_no_new_link_is_given(agenda, enlace, anonimo, as_admin):
    medico = agenda[0]
    assert as_admin.patch(f"/api/medicos/{medico.id}", json={"activo": False}).status_code == 200
    assert anonimo.get(_ruta(enlace)).status_code == 404
    r = as_admin.post(f"/api/medicos/{medico.id}/agenda-token")
    assert r.status_code == 409 and r.json["reason"] == "INACTIVO"


def test_a_doctor_gets_the_link_of_their_own_agenda_but_not_of_another_doctors(agenda, client, anonimo):
    medico, cuenta, otro_medico, _ = agenda
    api = ApiClient(client, cuenta)
    propio = api.post(f"/api/medicos/{medico.id}/agenda-token")
    assert propio.status_code == 200 and propio.json["url"].startswith("http")
    assert anonimo.get(_ruta(propio.json["url"])).status_code == 200
    ajeno = api.post(f"/api/medicos/{otro_medico.id}/agenda-token")
    assert ajeno.status_code == 403 and "url" not in ajeno.json
    assert ajeno.json["code"] == 403


@pytest.mark.parametrize("rol", ["Recepcionista", "Facturación"])
def test_reception_and_billing_cannot_get_a_doctors_link(agenda, api_as, rol, db_session):
    medico = agenda[0]
    api = api_as(rol)
    db_session.commit()
    r = api.post(f"/api/medicos/{medico.id}/agenda-token")
    assert r.status_code == 403 and "url" not in r.json
    db_session.expire_all()
    assert db_session.get(Medico, medico.id).agenda_token_hash is None


def test_only_a_keyed_hash_of_the_token_is_stored(agenda, enlace, db_session):
    medico = agenda[0]
    token = _token(enlace)
    db_session.expire_all()
    guardado = db_session.get(Medico, medico.id)
    assert guardado.agenda_token_hash == calendario_service.huella(token)
    assert len(guardado.agenda_token_hash) == 64 and token not in guardado.agenda_token_hash
    assert guardado.agenda_token_rotado is not None
    assert len(token) >= 40  # 256 random bits


def test_the_link_points_to_the_public_base_url(agenda, enlace, app):
    medico = agenda[0]
    base = app.config["PUBLIC_BASE_URL"].rstrip("/")
    assert enlace.startswith(f"{base}/api/medicos/{medico.id}/agenda.ics?token=")


def test_reading_the_feed_and_rotating_the_link_are_audited(agenda, enlace, anonimo, db_session):
    medico = agenda[0]
    anonimo.get(_ruta(enlace))
    lectura = db_session.scalar(select(Auditoria).where(Auditoria.accion == "agenda_ics_leida",
                                                        Auditoria.entidad_id == medico.id))
    assert lectura.usuario_id is None and lectura.entidad == "medico" and lectura.detalle["citas"] == 4
    assert db_session.scalar(select(Auditoria).where(Auditoria.accion == "agenda_token_rotado",
                                                     Auditoria.entidad_id == medico.id)) is not None


@pytest.mark.parametrize(("nombre", "apellido", "esperado"), [
    ("Juana", "Pérez López", "J. P."), ("  élida ", "de la Torre", "É. D."), ("Ana", "", "A."), ("", None, ""),
])
def test_initials_take_the_first_letter_of_the_name_and_the_surname(nombre, apellido, esperado):
    assert calendario_service.iniciales(nombre, apellido) == esperado



@pytest.mark.committed
def test_the_access_log_of_the_real_server_never_shows_the_feeds_token(
        database_url, tmp_path, usuario_factory, medico_factory, db_session):
    cuenta = usuario_factory(rol="Médico")
    medico = medico_factory(usuario=cuenta)
    db_session.commit()
    with gunicorn(database_url, tmp_path / "gunicorn.log") as servidor:
        estado, sesion = servidor.pedir("POST", "/api/auth/login", {"email": cuenta.email, "password": PASSWORD})
        assert estado == 200
        estado, enlace = servidor.pedir("POST", f"/api/medicos/{medico.id}/agenda-token",
                                        token=sesion["access_token"])
        assert estado == 200
        assert servidor.pedir("GET", _ruta(enlace["url"]))[0] == 200
    log = servidor.log()
    assert f'"GET /api/medicos/{medico.id}/agenda.ics HTTP/1.1" 200' in log, log[-2000:]
    assert _token(enlace["url"]) not in log and "token=" not in log


def test_one_address_asking_for_feeds_beyond_the_limit_gets_429(app, agenda, enlace, client, reloj_fijo,
                                                                db_session):
    # reloj_fijo: one window for every request
    db_session.commit()
    desde = {"REMOTE_ADDR": "203.0.113.9"}
    pedir = [client.get(_ruta(enlace), environ_base=desde).status_code for _ in range(app.config["AGENDA_ICS_LIMITE_POR_MINUTO"])]
    assert set(pedir) == {200}
    r = client.get(_ruta(enlace), environ_base=desde)
    assert r.status_code == 429 and r.json["reason"] == "LIMITE"
    assert client.get(_ruta(enlace), environ_base={"REMOTE_ADDR": "198.51.100.9"}).status_code == 200


def test_an_event_is_written_as_the_icalendar_library_writes_it_folded_and_escaped(app):
    """The feed writes its events as text (issue 23: the library took ~150 µs an event); the text must be the
    library's, byte for byte, also for a long address with escapes and multi-byte characters, folded at 75 octets."""
    from types import SimpleNamespace

    from icalendar import Event

    fila = SimpleNamespace(
        id=42, fecha=_hoy(), hora_inicio=time(9, 15), hora_fin=time(9, 45), estado_id=Estado.CONFIRMADA,
        paciente_nombre="Ángela", paciente_apellido="Ñúñez", zona_horaria="Europe/Madrid",
        sucursal_nombre="Clínica Dental Árbol; Sede \\ Norte", direccion="Av. de la Constitución, 1234, piso 5º,\n"
        "esquina con Calle de los Álamos Centenarios, Colonia Jardines del Pedregal, Ciudad de México")
    ahora = datetime(2026, 12, 6, 16, 30, 5, tzinfo=UTC)
    esperado = Event()
    esperado.add("uid", "cita-42@clinica-erp")
    esperado.add("dtstamp", ahora)
    esperado.add("dtstart", datetime.combine(fila.fecha, fila.hora_inicio, tzinfo=MADRID))
    esperado.add("dtend", datetime.combine(fila.fecha, fila.hora_fin, tzinfo=MADRID))
    esperado.add("summary", "Cita — Á. Ñ.")
    esperado.add("location", f"{fila.sucursal_nombre}, {fila.direccion}")
    esperado.add("status", "CONFIRMED")
    esperado.add("transp", "OPAQUE")
    with app.app_context():
        escrito = calendario_service._evento(fila, f"DTSTAMP:{ahora:%Y%m%dT%H%M%SZ}\r\n").encode()
    assert escrito == esperado.to_ical()
    assert max(len(linea) for linea in escrito.split(b"\r\n")) <= 75 and escrito.count(b"\r\n ") >= 2
