"""The reception's list of online bookings: which appointments, in which order and shape, the new-patient and
possible-duplicate flags, the default day in the clinic's time zone, the scope, the roles, and a statement count
that does not grow with the page."""
from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Auditoria, Paciente
from app.services import reservas_recepcion
from app.services.alcance import Alcance
from tests.agenda_util import hoy_en
from tests.consultas import contar_consultas

URL = "/api/reservas-en-linea"


@pytest.fixture
def agenda(sucursal_factory, medico_factory):
    """Two branches (both in the tests' clinic zone), one doctor, and today there."""
    sucursales = [sucursal_factory(), sucursal_factory()]
    medico = medico_factory()
    hoy = hoy_en(sucursales[0])
    return {"sucursales": sucursales, "medico": medico, "hoy": hoy}


@pytest.fixture
def reservar(agenda, cita_factory, paciente_factory):
    def make(dias=0, hora=9, sucursal=0, origen="en_linea", paciente=None, paciente_origen="recepcion", **paciente_kw):
        paciente = paciente or paciente_factory(origen=paciente_origen, **paciente_kw)
        return cita_factory(paciente, agenda["medico"], agenda["sucursales"][sucursal],
                            fecha=agenda["hoy"] + timedelta(days=dias), hora_inicio=time(hora), origen=origen)

    return make


def _ids(respuesta):
    assert respuesta.status_code == 200, respuesta.json
    return [c["id"] for c in respuesta.json["items"]]


def test_the_list_shows_online_bookings_from_today_on_by_date_and_time(as_admin, reservar):
    tarde = reservar(hora=12)
    manana = reservar(dias=1, hora=8)
    temprano = reservar(hora=8)
    reservar(hora=10, origen="recepcion")  # booked by the staff
    reservar(dias=-1, hora=9)  # yesterday
    assert _ids(as_admin.get(URL)) == [temprano.id, tarde.id, manana.id]


def test_the_pages_follow_one_another_in_order_with_the_whole_total(as_admin, reservar):
    """The page's ids are chosen before the joins (citas_service._sentencias_lista): order, offset and total."""
    citas = [reservar(dias=dias, hora=hora) for dias in (2, 0, 1) for hora in (11, 9)]
    reservar(hora=10, origen="recepcion")
    en_orden = [c.id for c in sorted(citas, key=lambda c: (c.fecha, c.hora_inicio, c.id))]
    paginas = [as_admin.get(f"{URL}?per_page=4&page={n}") for n in (1, 2, 3)]
    assert [_ids(p) for p in paginas] == [en_orden[:4], en_orden[4:], []]
    assert [p.json["total"] for p in paginas] == [6, 6, 6]


def test_each_item_is_the_appointment_lists_item_plus_the_two_flags(as_admin, reservar):
    cita = reservar()
    item = as_admin.get(URL).json["items"][0]
    de_la_agenda = next(c for c in as_admin.get("/api/citas?per_page=100").json["items"] if c["id"] == cita.id)
    assert {k: v for k, v in item.items() if k not in ("paciente_nuevo", "posibles_duplicados")} == de_la_agenda
    assert item["origen"] == "en_linea"


def test_a_patient_registered_by_an_online_booking_is_new(as_admin, reservar):
    cita_nuevo = reservar(hora=9, paciente_origen="en_linea")
    cita_conocido = reservar(hora=10)
    items = {c["id"]: c for c in as_admin.get(URL).json["items"]}
    assert items[cita_nuevo.id]["paciente_nuevo"] is True
    assert items[cita_conocido.id]["paciente_nuevo"] is False


def test_active_patients_with_the_same_name_and_birth_date_are_possible_duplicates(
        as_admin, reservar, paciente_factory):
    nacimiento = date(1990, 4, 2)
    cita = reservar(nombre="Jose", apellido="Perez", fecha_nacimiento=nacimiento, paciente_origen="en_linea")
    igual = paciente_factory(nombre="José", apellido="PÉREZ", fecha_nacimiento=nacimiento)
    otra = paciente_factory(nombre="Jose", apellido="Perez", fecha_nacimiento=nacimiento, email="otra@correo.mx")
    paciente_factory(nombre="José", apellido="Pérez", fecha_nacimiento=nacimiento, activo=False)  # inactive
    paciente_factory(nombre="José", apellido="Pérez", fecha_nacimiento=date(1990, 4, 3))  # another birth date
    paciente_factory(nombre="José Luis", apellido="Pérez", fecha_nacimiento=nacimiento)  # another name
    sin_duplicado = reservar(hora=11)

    items = {c["id"]: c for c in as_admin.get(URL).json["items"]}

    duplicados = items[cita.id]["posibles_duplicados"]
    assert sorted(d["id"] for d in duplicados) == sorted([igual.id, otra.id])
    assert {"id": igual.id, "nombre": "José", "apellido": "PÉREZ", "fecha_nacimiento": "1990-04-02"} in duplicados
    assert items[sin_duplicado.id]["posibles_duplicados"] == []


def test_a_patient_with_two_bookings_is_flagged_on_both(as_admin, reservar, paciente_factory):
    primera = reservar(hora=9, nombre="Ana", apellido="Ruiz")
    segunda = reservar(dias=1, paciente=primera.paciente)
    otra = paciente_factory(nombre="Ana", apellido="Ruiz")
    items = as_admin.get(URL).json["items"]
    assert [c["id"] for c in items] == [primera.id, segunda.id]
    assert [[d["id"] for d in c["posibles_duplicados"]] for c in items] == [[otra.id], [otra.id]]


def test_the_dates_and_branch_filter_the_list(as_admin, reservar, agenda):
    reservar()
    en_dos_dias = reservar(dias=2)
    en_la_otra = reservar(dias=2, hora=11, sucursal=1)
    reservar(dias=5)
    desde, hasta = agenda["hoy"] + timedelta(days=1), agenda["hoy"] + timedelta(days=3)
    assert _ids(as_admin.get(f"{URL}?fecha_desde={desde}&fecha_hasta={hasta}")) == [en_dos_dias.id, en_la_otra.id]
    sucursal = agenda["sucursales"][1].id
    assert _ids(as_admin.get(f"{URL}?fecha_desde={desde}&sucursal_id={sucursal}")) == [en_la_otra.id]
    pasado = reservar(dias=-3)
    assert _ids(as_admin.get(f"{URL}?fecha_desde={agenda['hoy'] - timedelta(days=3)}&fecha_hasta="
                             f"{agenda['hoy'] - timedelta(days=1)}")) == [pasado.id]


def test_a_range_that_ends_before_it_starts_is_refused(as_admin):
    respuesta = as_admin.get(f"{URL}?fecha_desde=2031-03-05&fecha_hasta=2031-03-04")
    assert respuesta.status_code == 422 and "fecha_hasta" in respuesta.json["errors"]


def test_today_is_the_clinics_day_by_the_requests_clock(app, usuario_factory, reservar, agenda):
    """03:00 UTC is still the evening before in Mexico City (the default time zone of the tests' clinic)."""
    hoy = agenda["hoy"]
    ayer, de_hoy = reservar(dias=-1, hora=20), reservar(hora=9)
    alcance = Alcance.de(usuario_factory(), datetime.combine(hoy, time(3), tzinfo=UTC))
    assert app.config["DEFAULT_TIME_ZONE"] == "America/Mexico_City"
    assert reservas_recepcion.hoy(alcance) == hoy - timedelta(days=1)
    pagina = reservas_recepcion.listar(alcance, page=1, per_page=20)
    assert [c["id"] for c in pagina["items"]] == [ayer.id, de_hoy.id]


def test_a_receptionist_bound_to_a_branch_sees_only_its_bookings(api_as, reservar, agenda):
    propia = reservar(sucursal=0)
    reservar(hora=10, sucursal=1)
    recepcion = api_as("Recepcionista", sucursal=agenda["sucursales"][0])
    assert _ids(recepcion.get(URL)) == [propia.id]
    assert _ids(recepcion.get(f"{URL}?sucursal_id={agenda['sucursales'][1].id}")) == []
    assert len(_ids(api_as("Recepcionista").get(URL))) == 2


@pytest.mark.parametrize("rol, codigo", [("Administrador", 200), ("Recepcionista", 200), ("Médico", 403),
                                         ("Facturación", 403)])
def test_administrador_and_recepcionista_read_the_list_the_others_may_not(api_as, reservar, rol, codigo):
    reservar()
    api = api_as(rol)
    db.session.commit()
    assert api.get(URL).status_code == codigo


def test_reading_the_list_is_audited_with_the_ids_shown(as_admin, reservar):
    citas = [reservar(hora=9), reservar(hora=10)]
    as_admin.get(URL)
    fila = db.session.scalar(select(Auditoria).where(Auditoria.accion == "reservas_en_linea_listadas"))
    assert fila.usuario_id == as_admin.usuario.id and fila.detalle == {"ids": [c.id for c in citas]}


def test_the_statements_of_a_page_do_not_grow_with_its_bookings_or_duplicates(as_admin, reservar,
                                                                              paciente_factory):
    reservar(hora=8)
    pocas = contar_consultas(lambda: as_admin.get(URL))
    for dias in range(1, 13):
        reservar(dias=dias, hora=9, nombre=f"Repetido{dias}", apellido="Igual", paciente_origen="en_linea")
        paciente_factory(nombre=f"Repetido{dias}", apellido="Igual")
    pagina = {}
    muchas = contar_consultas(lambda: pagina.update(as_admin.get(f"{URL}?per_page=50").json))
    assert len(pagina["items"]) == 13 and all(c["posibles_duplicados"] for c in pagina["items"][1:])
    assert muchas == pocas


def test_only_the_booking_that_registered_a_patient_marks_them_new(as_admin, reservar):
    primera = reservar(hora=9, paciente_origen="en_linea")
    segunda = reservar(dias=1, hora=9, paciente=db.session.get(Paciente, primera.paciente_id))
    items = {c["id"]: c for c in as_admin.get(URL).json["items"]}
    assert (items[primera.id]["paciente_nuevo"], items[segunda.id]["paciente_nuevo"]) == (True, False)


def test_today_is_each_listed_branch_s_day(usuario_factory, sucursal_factory):
    """03:00 UTC: already the next day in Madrid, still the evening before in Mexico City."""
    madrid = sucursal_factory(zona_horaria="Europe/Madrid")
    sucursal_factory(zona_horaria="America/Mexico_City")
    dia = date(2031, 3, 4)
    alcance = Alcance.de(usuario_factory(), datetime.combine(dia, time(3), tzinfo=UTC))
    assert reservas_recepcion.hoy(alcance) == dia - timedelta(days=1)
    assert reservas_recepcion.hoy(alcance, madrid.id) == dia
