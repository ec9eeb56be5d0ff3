"""Abuse protection of online booking without third-party services (issue 18): per-address and per-e-mail limits
counted in PostgreSQL, a honeypot field, a minimum time on the form."""
from datetime import UTC, datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Mensaje, SolicitudReserva
from app.services.reservas import solicitudes
from tests.carreras import a_la_vez
from tests.reservas_util import clinica_fixture, solicitar  # noqa: F401  (fixture)


def guardadas():
    db.session.expire_all()
    return db.session.scalar(select(func.count()).select_from(SolicitudReserva))


def codigos_enviados():
    return db.session.scalar(select(func.count()).select_from(Mensaje).where(Mensaje.tipo == "codigo_verificacion"))


HORAS = [f"{h:02d}:{m:02d}" for h in range(8, 18) for m in (0, 30)]


def test_more_than_ten_requests_an_hour_from_one_address_are_refused(anonimo, clinica, reloj_fijo):
    db.session.commit()
    for i in range(10):
        r, _ = solicitar(anonimo, clinica, email=f"persona{i}@correo.local", hora_inicio=HORAS[i])
        assert r.status_code == 202, r.json
    r, _ = solicitar(anonimo, clinica, email="persona10@correo.local", hora_inicio=HORAS[10])
    assert (r.status_code, r.json["reason"]) == (429, "LIMITE") and int(r.headers["Retry-After"]) > 0
    # The next hour the address may ask again (the minute limiter's window moves too).
    reloj_fijo[0] += timedelta(hours=1)
    r, _ = solicitar(anonimo, clinica, email="persona10@correo.local", hora_inicio=HORAS[10])
    assert r.status_code == 202


def test_an_email_holds_at_most_three_pending_bookings(anonimo, clinica):
    db.session.commit()
    for hora in HORAS[:3]:
        assert solicitar(anonimo, clinica, hora_inicio=hora)[0].status_code == 202
    r, _ = solicitar(anonimo, clinica, hora_inicio=HORAS[3], email="LUCIA.CRUZ@correo.local")
    assert (r.status_code, r.json["reason"]) == (429, "LIMITE")
    assert guardadas() == 3


@pytest.mark.committed
def test_concurrent_requests_for_one_email_cannot_pass_its_limit_together(app, clinica):
    db.session.commit()
    datos = [clinica.solicitud(hora_inicio=hora) for hora in HORAS[:6]]

    def pedir(cuerpo):
        return lambda: app.test_client().post("/api/publico/reservas", json=cuerpo,
                                              environ_base={"REMOTE_ADDR": f"10.0.0.{HORAS.index(cuerpo['hora_inicio'])}"}
                                              ).status_code

    codigos = a_la_vez([pedir(cuerpo) for cuerpo in datos])
    assert sorted(codigos) == [202] * 3 + [429] * 3
    assert guardadas() == 3


def test_a_filled_honeypot_is_answered_alike_and_dropped(anonimo, clinica):
    db.session.commit()
    enviados = codigos_enviados()
    r, _ = solicitar(anonimo, clinica, sitio_web="http://spam.example")
    assert r.status_code == 202 and set(r.json) == {"solicitud_id", "expira_en"}
    assert guardadas() == 0 and codigos_enviados() == enviados
    r = anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar", json={"codigo": "000000"})
    assert r.status_code == 404


def test_a_form_sent_back_faster_than_a_person_types_is_dropped(anonimo, clinica):
    db.session.commit()
    recien = anonimo.get("/api/publico/reservas/formulario").json
    assert recien["minimo_s"] == 3
    r, _ = solicitar(anonimo, clinica, formulario=recien["formulario"])
    assert r.status_code == 202 and guardadas() == 0


def test_a_form_filled_at_a_human_pace_is_accepted_and_a_forged_one_dropped(app, anonimo, clinica):
    db.session.commit()
    with app.test_request_context():
        abierto = solicitudes.formulario(datetime.now(UTC) - timedelta(seconds=40))["formulario"]
    assert solicitar(anonimo, clinica, formulario=abierto)[0].status_code == 202
    assert guardadas() == 1
    # A character in the middle of the signature (the last one's low bits are ignored by base64 decoding).
    medio = len(abierto) - 10
    falso = abierto[:medio] + ("A" if abierto[medio] != "A" else "B") + abierto[medio + 1:]
    assert solicitar(anonimo, clinica, formulario=falso, hora_inicio="11:00")[0].status_code == 202
    assert guardadas() == 1


def test_a_request_without_the_form_s_token_is_held_by_the_limits_only(anonimo, clinica):
    """Outside clients of the API follow API.md's body, which has no token."""
    db.session.commit()
    assert solicitar(anonimo, clinica, hora_inicio=time(9).strftime("%H:%M"))[0].status_code == 202
    assert guardadas() == 1


def test_locking_a_request_with_wrong_codes_and_asking_again_cannot_flood_a_mailbox(anonimo, clinica):
    db.session.commit()
    for hora in HORAS[:3]:
        r, datos = solicitar(anonimo, clinica, hora_inicio=hora)
        for _ in range(5):
            anonimo.post(f"/api/publico/reservas/{r.json['solicitud_id']}/verificar", json={"codigo": "000000"})
    assert set(db.session.scalars(select(SolicitudReserva.estado))) == {"bloqueada"}
    r, _ = solicitar(anonimo, clinica, hora_inicio=HORAS[3])
    assert (r.status_code, r.json["reason"]) == (429, "LIMITE")


def test_ipv6_clients_are_counted_by_their_64_network():
    from app.services.limite_publico import cliente

    assert cliente("2001:db8:1:2:aaaa::1") == cliente("2001:db8:1:2:bbbb::2") == "2001:db8:1:2::/64"
    assert cliente("2001:db8:1:3::1") != cliente("2001:db8:1:2::1")
    assert (cliente("203.0.113.7"), cliente("::ffff:203.0.113.7")) == ("203.0.113.7", "203.0.113.7")
