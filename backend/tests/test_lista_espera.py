"""The waiting list: entries, the suggestions for a freed slot, the offer by a message and its public page, where the
first patient to accept books the slot."""
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Cita, EntradaEspera, Estado, Mensaje, OfertaHueco
from app.services import ofertas_hueco
from tests.agenda_util import agenda_fixture, hoy_en  # noqa: F401  (the agenda fixture)
from tests.carreras import a_la_vez
from tests.factories import proxima_fecha
from tests.mensajes_util import entregar_a_las


def _entrada_json(agenda, paciente, **extra):
    datos = {"paciente_id": paciente.id, "sucursal_id": agenda.sucursal.id,
             "desde": (agenda.fecha - timedelta(days=3)).isoformat(),
             "hasta": (agenda.fecha + timedelta(days=3)).isoformat()}
    datos.update(extra)
    return datos


def _anotar(cliente, agenda, paciente, **extra):
    r = cliente.post("/api/lista-espera", json=_entrada_json(agenda, paciente, **extra))
    assert r.status_code == 201, r.json
    return r.json


@pytest.fixture
def liberada(agenda, paciente_factory, cita_factory):
    """A cancelled appointment of the agenda's doctor on its Monday, 09:00–09:30."""
    return cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(9),
                        estado_id=Estado.CANCELADA)


def _oferta_de_mensaje(paciente_id):
    db.session.expire_all()
    mensaje = db.session.scalars(select(Mensaje).where(Mensaje.tipo == "oferta_hueco",
                                                       Mensaje.paciente_id == paciente_id)).one()
    return mensaje, mensaje.secreto.rsplit("/o/", 1)[1]


def _mediodia_de_manana(sucursal):
    return datetime.combine(hoy_en(sucursal) + timedelta(days=1), time(12), tzinfo=ZoneInfo(sucursal.zona_horaria))


# --- entries -------------------------------------------------------------------------------------------------

def test_an_entry_is_created_listed_oldest_first_and_withdrawn(api_as, agenda, paciente_factory):
    recepcion = api_as("Recepcionista")
    ana = paciente_factory(nombre="Ana", apellido="Ruiz", telefono="+573001112233")
    luis = paciente_factory()
    primera = _anotar(recepcion, agenda, ana, medico_id=agenda.medico.id, franja="manana", notas="Prefiere lunes")
    assert {k: primera[k] for k in ("paciente_id", "sucursal_id", "medico_id", "especialidad_id", "franja", "notas",
                                    "estado", "ofertas")} == {
        "paciente_id": ana.id, "sucursal_id": agenda.sucursal.id, "medico_id": agenda.medico.id,
        "especialidad_id": None, "franja": "manana", "notas": "Prefiere lunes", "estado": "activa", "ofertas": 0}
    assert primera["paciente"] == {"id": ana.id, "nombre": "Ana", "apellido": "Ruiz", "telefono": "+573001112233"}
    segunda = _anotar(recepcion, agenda, luis)
    lista = recepcion.get("/api/lista-espera").json
    assert [e["id"] for e in lista["items"]] == [primera["id"], segunda["id"]] and lista["total"] == 2
    assert [e["id"] for e in recepcion.get(f"/api/lista-espera?paciente_id={luis.id}").json["items"]] == [segunda["id"]]
    assert recepcion.delete(f"/api/lista-espera/{primera['id']}").status_code == 204
    assert db.session.get(EntradaEspera, primera["id"]).estado == "retirada"
    assert [e["id"] for e in recepcion.get("/api/lista-espera").json["items"]] == [segunda["id"]]
    db.session.commit()
    r = recepcion.delete(f"/api/lista-espera/{primera['id']}")
    assert (r.status_code, r.json["reason"]) == (409, "ENTRADA_NO_ACTIVA")


def test_entries_are_validated(api_as, agenda, paciente_factory, especialidad_factory):
    admin, paciente = api_as(), paciente_factory()
    casos = [({"desde": "2031-05-10", "hasta": "2031-05-01"}, "hasta"), ({"franja": "noche"}, "franja"),
             ({"paciente_id": 999999}, "paciente_id"), ({"medico_id": 999999}, "medico_id"),
             ({"especialidad_id": especialidad_factory().id, "medico_id": agenda.medico.id}, "especialidad_id"),
             ({"desde": "2020-01-01", "hasta": "2020-02-01"}, "hasta")]
    for extra, campo in casos:
        r = admin.post("/api/lista-espera", json=_entrada_json(agenda, paciente, **extra))
        assert r.status_code == 422 and campo in str(r.json["errors"]), (extra, r.json)


def test_scope_a_bound_receptionist_only_her_branch_and_a_medico_their_own_and_doctorless_entries(
        api_as, agenda, paciente_factory, sucursal_factory, medico_factory, especialidad_factory):
    otra_sucursal = sucursal_factory()
    admin, paciente = api_as(), paciente_factory()
    aqui = _anotar(admin, agenda, paciente)
    alla = _anotar(admin, agenda, paciente, sucursal_id=otra_sucursal.id)
    otro_medico = medico_factory()
    de_otro = _anotar(admin, agenda, paciente, medico_id=otro_medico.id)
    otra_especialidad = _anotar(admin, agenda, paciente, especialidad_id=especialidad_factory().id)
    propia = _anotar(admin, agenda, paciente, medico_id=agenda.medico.id)
    db.session.commit()

    recepcion = api_as("Recepcionista", sucursal=otra_sucursal)
    assert [e["id"] for e in recepcion.get("/api/lista-espera").json["items"]] == [alla["id"]]
    assert recepcion.delete(f"/api/lista-espera/{aqui['id']}").status_code == 404
    assert recepcion.post("/api/lista-espera", json=_entrada_json(agenda, paciente)).status_code == 403

    medico = api_as("Médico")
    agenda.medico.usuario_id = medico.usuario.id
    db.session.commit()
    # theirs, and those for no doctor at a branch where they attend whose specialty (if any) is theirs
    assert [e["id"] for e in medico.get("/api/lista-espera").json["items"]] == [aqui["id"], propia["id"]]
    assert medico.delete(f"/api/lista-espera/{de_otro['id']}").status_code == 404
    assert otra_especialidad["id"] not in [e["id"] for e in medico.get("/api/lista-espera").json["items"]]
    r = medico.post("/api/lista-espera", json=_entrada_json(agenda, paciente, medico_id=otro_medico.id))
    assert r.status_code == 403
    assert _anotar(medico, agenda, paciente)["medico_id"] == agenda.medico.id  # a Médico's entries are theirs
    assert api_as("Facturación").get("/api/lista-espera").status_code == 403


# --- suggestions ---------------------------------------------------------------------------------------------

def test_the_suggestions_for_a_freed_slot_follow_the_matching_rules_oldest_first(
        api_as, agenda, liberada, paciente_factory, medico_factory, sucursal_factory, especialidad_factory,
        cita_factory):
    admin = api_as()
    p = [paciente_factory() for _ in range(10)]
    sin_medico = _anotar(admin, agenda, p[0])
    con_el_medico = _anotar(admin, agenda, p[1], medico_id=agenda.medico.id, franja="manana")
    con_su_especialidad = _anotar(admin, agenda, p[2], especialidad_id=agenda.medico.especialidad_id)
    _anotar(admin, agenda, p[3], medico_id=medico_factory().id)  # another doctor
    _anotar(admin, agenda, p[4], especialidad_id=especialidad_factory().id)  # another specialty
    _anotar(admin, agenda, p[5], sucursal_id=sucursal_factory().id)  # another branch
    _anotar(admin, agenda, p[6], desde=(agenda.fecha + timedelta(days=1)).isoformat(),
            hasta=(agenda.fecha + timedelta(days=9)).isoformat())  # the slot's date is outside the range
    _anotar(admin, agenda, p[7], franja="tarde")  # 09:00 is the morning
    _anotar(admin, agenda, p[8])
    cita_factory(p[8], medico_factory(), agenda.sucursal, hora_inicio=time(9, 15))  # busy at that time
    _anotar(admin, agenda, liberada.paciente)  # the patient who freed it
    retirada = _anotar(admin, agenda, p[9])
    admin.delete(f"/api/lista-espera/{retirada['id']}")
    r = admin.get(f"/api/lista-espera/sugerencias?cita_id={liberada.id}")
    assert r.status_code == 200, r.json
    assert [e["id"] for e in r.json["items"]] == [sin_medico["id"], con_el_medico["id"], con_su_especialidad["id"]]


def test_an_afternoon_slot_matches_afternoon_entries_from_14_00(api_as, agenda, paciente_factory, cita_factory,
                                                               horario_factory):
    horario_factory(agenda.medico, agenda.sucursal, dia_semana=1, hora_inicio=time(14), hora_fin=time(18))
    admin = api_as()
    tarde = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(14),
                         estado_id=Estado.NO_ASISTIO)
    manana = _anotar(admin, agenda, paciente_factory(), franja="manana")
    por_la_tarde = _anotar(admin, agenda, paciente_factory(), franja="tarde")
    items = admin.get(f"/api/lista-espera/sugerencias?cita_id={tarde.id}").json["items"]
    assert [e["id"] for e in items] == [por_la_tarde["id"]] and manana["id"] not in [e["id"] for e in items]


def test_no_suggestions_for_an_active_appointment_or_a_slot_taken_again(api_as, agenda, liberada, paciente_factory,
                                                                       cita_factory):
    admin = api_as()
    _anotar(admin, agenda, paciente_factory())
    activa = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(10))
    db.session.commit()
    r = admin.get(f"/api/lista-espera/sugerencias?cita_id={activa.id}")
    assert (r.status_code, r.json["reason"]) == (409, "CITA_NO_LIBERADA")
    cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(9))  # someone took the slot
    assert admin.get(f"/api/lista-espera/sugerencias?cita_id={liberada.id}").json["items"] == []


# --- the offer ------------------------------------------------------------------------------------------------

def test_offering_enqueues_a_message_with_the_link_that_the_worker_delivers(api_as, agenda, liberada,
                                                                           paciente_factory):
    recepcion = api_as("Recepcionista")
    paciente = paciente_factory(email="marta@correo.local")
    entrada = _anotar(recepcion, agenda, paciente)
    r = recepcion.post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
    assert r.status_code == 202, r.json
    oferta = db.session.get(OfertaHueco, r.json["oferta_id"])
    assert (oferta.entrada_id, oferta.cita_id, oferta.estado) == (entrada["id"], liberada.id, "pendiente")
    mensaje, token = _oferta_de_mensaje(paciente.id)
    assert (mensaje.canal, mensaje.destino, mensaje.estado, mensaje.cita_id) == (
        "email", "marta@correo.local", "pendiente", liberada.id)
    assert mensaje.secreto == ofertas_hueco.url_de(oferta.id) and ofertas_hueco.oferta_id_de(token) == oferta.id
    assert recepcion.get(f"/api/lista-espera?paciente_id={paciente.id}").json["items"][0]["ofertas"] == 1
    # the freed appointment is cancelled, yet its offer is delivered (not dropped like its reminders)
    entregar_a_las(_mediodia_de_manana(agenda.sucursal))  # outside the quiet hours
    db.session.expire_all()
    assert db.session.get(Mensaje, mensaje.id).estado == "enviado"


def test_the_offers_text_shows_the_slot_and_the_offers_own_link(app, agenda, liberada, paciente_factory, api_as):
    from app.services.comunicaciones import entrega

    paciente = paciente_factory(nombre="Marta", email="marta@correo.local")
    entrada = _anotar(api_as(), agenda, paciente)
    api_as().post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
    mensaje, _ = _oferta_de_mensaje(paciente.id)
    filas = db.session.execute(entrega._reclamar((), False), {"ahora": _mediodia_de_manana(agenda.sucursal),
                                                                "limite": 100}).all()
    fila = next(f for f in filas if f.id == mensaje.id)
    texto = entrega._entrega(fila, entrega.Contexto.de(_mediodia_de_manana(agenda.sucursal), app.config)).texto
    assert "Marta" in texto and "09:00" in texto and agenda.medico.nombre in texto and mensaje.secreto in texto


def test_an_offer_to_a_patient_who_refuses_messages_is_recorded_as_omitted(api_as, agenda, liberada,
                                                                          paciente_factory):
    paciente = paciente_factory(acepta_recordatorios=False)
    entrada = _anotar(api_as(), agenda, paciente)
    assert api_as().post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id}).status_code == 202
    mensaje, _ = _oferta_de_mensaje(paciente.id)
    assert (mensaje.estado, mensaje.ultimo_error) == ("omitido", "El paciente no acepta mensajes")


def test_an_offer_reaches_the_patient_by_the_same_rules_as_their_appointments_messages(api_as, agenda, liberada,
                                                                                      paciente_factory):
    admin = api_as()
    pacientes = [paciente_factory(canal_preferido="sms", telefono=" +573001112233 "),
                 paciente_factory(canal_preferido="email", email="   ", telefono="+573001112244"),
                 paciente_factory(email="luz@correo.local", telefono=None),  # the clinic's channel
                 paciente_factory(canal_preferido="whatsapp", telefono="+573001112255", acepta_recordatorios=False)]
    for hora, paciente in zip(("10:00", "10:30", "11:00", "11:30"), pacientes, strict=True):
        entrada = _anotar(admin, agenda, paciente)
        assert admin.post(f"/api/lista-espera/{entrada['id']}/ofrecer",
                          json={"cita_id": liberada.id}).status_code == 202
        r = admin.post("/api/citas", json=agenda.cita_json(paciente, hora=hora))
        assert r.status_code == 201, r.json
        oferta, _ = _oferta_de_mensaje(paciente.id)
        confirmacion = db.session.scalars(select(Mensaje).where(Mensaje.cita_id == r.json["id"],
                                                                Mensaje.tipo == "confirmacion_cita")).one()
        assert ((oferta.canal, oferta.destino, oferta.estado, oferta.ultimo_error)
                == (confirmacion.canal, confirmacion.destino, confirmacion.estado, confirmacion.ultimo_error))
    assert [(m.destino, m.ultimo_error) for m in (_oferta_de_mensaje(p.id)[0] for p in pacientes[:2])] == [
        ("+573001112233", None), (None, "El paciente no tiene correo electrónico")]


def test_offering_is_refused_for_an_active_appointment_a_withdrawn_entry_or_outside_the_scope(
        api_as, agenda, liberada, paciente_factory, cita_factory, sucursal_factory):
    admin = api_as()
    entrada = _anotar(admin, agenda, paciente_factory())
    activa = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, hora_inicio=time(11))
    db.session.commit()
    r = admin.post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": activa.id})
    assert (r.status_code, r.json["reason"]) == (409, "CITA_NO_LIBERADA")
    r = api_as("Recepcionista", sucursal=sucursal_factory()).post(f"/api/lista-espera/{entrada['id']}/ofrecer",
                                                                  json={"cita_id": liberada.id})
    assert r.status_code == 404
    admin.delete(f"/api/lista-espera/{entrada['id']}")
    db.session.commit()
    r = admin.post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
    assert (r.status_code, r.json["reason"]) == (409, "ENTRADA_NO_ACTIVA")
    assert db.session.scalar(select(func.count()).select_from(OfertaHueco)) == 0


def test_an_entry_that_does_not_fit_the_slot_is_not_offered_it(api_as, agenda, liberada, paciente_factory,
                                                               medico_factory, cita_factory):
    admin = api_as()
    p = [paciente_factory() for _ in range(4)]
    otro_medico = _anotar(admin, agenda, p[0], medico_id=medico_factory().id)
    por_la_tarde = _anotar(admin, agenda, p[1], franja="tarde")
    fuera_de_fechas = _anotar(admin, agenda, p[2], desde=(agenda.fecha + timedelta(days=1)).isoformat())
    ocupado = _anotar(admin, agenda, p[3])
    cita_factory(p[3], medico_factory(), agenda.sucursal, hora_inicio=time(9, 15))  # busy at that time
    db.session.commit()
    for entrada in (otro_medico, por_la_tarde, fuera_de_fechas, ocupado):
        r = admin.post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
        assert (r.status_code, r.json["reason"]) == (409, "ENTRADA_NO_COINCIDE"), entrada
        assert r.json["message"]
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(OfertaHueco)) == 0
    assert db.session.scalar(select(func.count()).select_from(Mensaje).where(Mensaje.tipo == "oferta_hueco")) == 0


def test_a_slot_is_offered_to_an_entry_once_and_the_suggestions_say_so(api_as, agenda, liberada, paciente_factory):
    recepcion = api_as("Recepcionista")
    paciente, otro = paciente_factory(), paciente_factory()
    entrada, otra = _anotar(recepcion, agenda, paciente), _anotar(recepcion, agenda, otro)
    sugeridas = recepcion.get(f"/api/lista-espera/sugerencias?cita_id={liberada.id}").json["items"]
    assert [(e["id"], e["ya_ofrecida"]) for e in sugeridas] == [(entrada["id"], False), (otra["id"], False)]
    assert recepcion.post(f"/api/lista-espera/{entrada['id']}/ofrecer",
                          json={"cita_id": liberada.id}).status_code == 202
    db.session.commit()
    r = recepcion.post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
    assert (r.status_code, r.json["reason"], r.json["message"]) == (
        409, "OFERTA_YA_ENVIADA", "Ya se ofreció este horario a esta persona")
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(OfertaHueco)
                             .where(OfertaHueco.entrada_id == entrada["id"])) == 1
    assert db.session.scalar(select(func.count()).select_from(Mensaje)
                             .where(Mensaje.tipo == "oferta_hueco", Mensaje.paciente_id == paciente.id)) == 1
    # still suggested (the patient may not have answered yet), marked; the other entry may still be offered it
    sugeridas = recepcion.get(f"/api/lista-espera/sugerencias?cita_id={liberada.id}").json["items"]
    assert [(e["id"], e["ya_ofrecida"], e["ofertas"]) for e in sugeridas] == [(entrada["id"], True, 1),
                                                                            (otra["id"], False, 0)]
    assert recepcion.post(f"/api/lista-espera/{otra['id']}/ofrecer", json={"cita_id": liberada.id}).status_code == 202


# --- the public page -----------------------------------------------------------------------------------------

def _ofrecer(api_as, agenda, liberada, paciente):
    entrada = _anotar(api_as(), agenda, paciente)
    r = api_as().post(f"/api/lista-espera/{entrada['id']}/ofrecer", json={"cita_id": liberada.id})
    assert r.status_code == 202, r.json
    return entrada, ofertas_hueco.token_de(r.json["oferta_id"])


def test_the_public_page_shows_the_slot_and_no_patient_data(api_as, anonimo, agenda, liberada, paciente_factory,
                                                           reloj_fijo):
    _, token = _ofrecer(api_as, agenda, liberada, paciente_factory())
    r = anonimo.get(f"/api/publico/ofertas/{token}")
    assert r.status_code == 200, r.json
    assert r.json == {"fecha": agenda.fecha.isoformat(), "hora_inicio": "09:00", "hora_fin": "09:30",
                      "zona_horaria": agenda.sucursal.zona_horaria,
                      "medico": {"nombre": agenda.medico.nombre, "apellido": agenda.medico.apellido},
                      "sucursal": {"nombre": agenda.sucursal.nombre, "direccion": agenda.sucursal.direccion},
                      "disponible": True}


def test_accepting_books_the_slot_for_the_patient_and_a_second_accept_is_409(api_as, anonimo, agenda, liberada,
                                                                            paciente_factory, reloj_fijo):
    paciente, otro = paciente_factory(), paciente_factory()
    entrada, token = _ofrecer(api_as, agenda, liberada, paciente)
    _, token_otro = _ofrecer(api_as, agenda, liberada, otro)
    db.session.commit()
    r = anonimo.post(f"/api/publico/ofertas/{token}/aceptar")
    assert r.status_code == 201, r.json
    assert r.json["cita"]["fecha"] == agenda.fecha.isoformat() and r.json["cita"]["hora_inicio"] == "09:00"
    assert "/c/" in r.json["enlace"]
    db.session.expire_all()
    cita = db.session.scalars(select(Cita).where(Cita.paciente_id == paciente.id)).one()
    assert (cita.medico_id, cita.sucursal_id, cita.fecha, cita.hora_inicio, cita.hora_fin, cita.estado_id,
            cita.origen, cita.creado_por) == (agenda.medico.id, agenda.sucursal.id, agenda.fecha, time(9), time(9, 30),
                                              Estado.NUEVA, "en_linea", None)
    assert db.session.get(EntradaEspera, entrada["id"]).estado == "atendida"
    oferta = db.session.scalars(select(OfertaHueco).where(OfertaHueco.entrada_id == entrada["id"])).one()
    assert (oferta.estado, oferta.cita_reservada_id) == ("aceptada", cita.id)
    db.session.commit()
    again = anonimo.post(f"/api/publico/ofertas/{token}/aceptar")
    assert (again.status_code, again.json["reason"], again.json["message"]) == (
        409, "OFERTA_NO_DISPONIBLE", "Este horario ya no está disponible")
    late = anonimo.post(f"/api/publico/ofertas/{token_otro}/aceptar")
    assert (late.status_code, late.json["reason"]) == (409, "OFERTA_NO_DISPONIBLE")
    assert anonimo.get(f"/api/publico/ofertas/{token_otro}").json["disponible"] is False
    db.session.expire_all()
    assert db.session.scalar(select(func.count()).select_from(Cita).where(Cita.paciente_id == otro.id)) == 0


def test_a_bad_token_or_a_slot_that_has_started_is_404(api_as, anonimo, agenda, paciente_factory, cita_factory,
                                                      reloj_fijo):
    assert anonimo.get("/api/publico/ofertas/no-es-un-token").status_code == 404
    assert anonimo.post("/api/publico/ofertas/no-es-un-token/aceptar").status_code == 404
    ayer = cita_factory(paciente_factory(), agenda.medico, agenda.sucursal, fecha=date.today() - timedelta(days=1),
                        hora_inicio=time(9), estado_id=Estado.CANCELADA)
    entrada = EntradaEspera(paciente_id=paciente_factory().id, sucursal_id=agenda.sucursal.id,
                            desde=date.today() - timedelta(days=3), hasta=date.today() + timedelta(days=3))
    db.session.add(entrada)
    db.session.flush()
    oferta = OfertaHueco(entrada_id=entrada.id, cita_id=ayer.id)
    db.session.add(oferta)
    db.session.commit()
    token = ofertas_hueco.token_de(oferta.id)
    r = anonimo.get(f"/api/publico/ofertas/{token}")
    assert (r.status_code, r.json["message"]) == (404, ofertas_hueco.NO_ENCONTRADA)
    assert anonimo.post(f"/api/publico/ofertas/{token}/aceptar").status_code == 404
    # an appointment's link is not an offer's
    from app.services.enlace_cita import token_de as enlace_de_cita
    assert anonimo.get(f"/api/publico/ofertas/{enlace_de_cita(ayer.id)}").status_code == 404


# --- a real race -------------------------------------------------------------------------------------------------

@pytest.mark.committed
def test_two_patients_accepting_the_same_slot_at_once_get_exactly_one_appointment(
        app, sucursal_factory, medico_factory, horario_factory, paciente_factory, cita_factory, usuario_factory):
    sucursal, medico = sucursal_factory(), medico_factory()
    horario_factory(medico, sucursal, dia_semana=1, hora_inicio=time(9), hora_fin=time(13))
    fecha = proxima_fecha(1)
    libre = cita_factory(paciente_factory(), medico, sucursal, fecha=fecha, hora_inicio=time(10),
                         estado_id=Estado.CANCELADA)
    pacientes = [paciente_factory() for _ in range(4)]
    ofertas = []
    for paciente in pacientes:
        entrada = EntradaEspera(paciente_id=paciente.id, sucursal_id=sucursal.id, desde=fecha, hasta=fecha)
        db.session.add(entrada)
        db.session.flush()
        ofertas.append(OfertaHueco(entrada_id=entrada.id, cita_id=libre.id))
    db.session.add_all(ofertas)
    db.session.commit()
    # four patients with their own offer, and the first one's link opened twice
    tokens = [ofertas_hueco.token_de(o.id) for o in ofertas] + [ofertas_hueco.token_de(ofertas[0].id)]

    def aceptar(token):
        def enviar():
            r = app.test_client().post(f"/api/publico/ofertas/{token}/aceptar")
            return r.status_code, r.get_json()
        return enviar

    respuestas = a_la_vez([aceptar(t) for t in tokens])
    assert sorted(s for s, _ in respuestas) == [201] + [409] * (len(tokens) - 1)
    assert {b["reason"] for s, b in respuestas if s == 409} == {"OFERTA_NO_DISPONIBLE"}
    db.session.expire_all()
    activas = db.session.scalars(select(Cita).where(Cita.medico_id == medico.id,
                                                    Cita.estado_id.not_in(Estado.LIBERAN))).all()
    assert len(activas) == 1
    ganadora = db.session.scalars(select(OfertaHueco).where(OfertaHueco.estado == "aceptada")).one()
    assert ganadora.cita_reservada_id == activas[0].id
    assert db.session.scalar(select(func.count()).select_from(EntradaEspera)
                             .where(EntradaEspera.estado == "atendida")) == 1


def test_ids_beyond_a_database_integer_are_a_422_not_a_500(api_as):
    """Found by the fuzzer: the list's filter reached the audit row of the read as an out-of-range integer."""
    cliente = api_as("Recepcionista")
    r = cliente.get("/api/lista-espera", query_string={"paciente_id": 2**40})
    assert (r.status_code, list(r.json["errors"])) == (422, ["paciente_id"])
    r = cliente.get("/api/lista-espera/sugerencias", query_string={"cita_id": 2**40})
    assert (r.status_code, list(r.json["errors"])) == (422, ["cita_id"])
