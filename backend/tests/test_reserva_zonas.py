"""Online booking in the branch's time zone (issue 18): the notice and the horizon are instants, slots and
confirmations the branch's wall-clock time, named with its zone — in Bogotá (no DST) and in Madrid across a DST
change."""
from datetime import UTC, date, datetime, time

import pytest

from app.services import citas_service, configuracion_service
from app.services.reservas import catalogo
from tests.reservas_util import activar_reserva_en_linea

# Sunday 28 March 2027: Madrid's clocks go from 02:00 CET to 03:00 CEST.
CAMBIO_MADRID = date(2027, 3, 28)


@pytest.fixture
def consultorio(sucursal_factory, medico_factory, horario_factory):
    def make(zona, dia, desde=time(0), hasta=time(12)):
        sucursal = sucursal_factory(zona_horaria=zona)
        medico = medico_factory(reserva_en_linea=True)
        horario_factory(medico, sucursal, dia_semana=dia.isoweekday(), hora_inicio=desde, hora_fin=hasta)
        activar_reserva_en_linea(antelacion=2, horizonte=365)
        return sucursal, medico

    return make


def horas(sucursal, medico, dia, ahora):
    libres = catalogo.disponibilidad(sucursal_id=sucursal.id, medico_id=medico.id, desde=dia, hasta=dia, ahora=ahora)
    return libres["zona_horaria"], [s["hora_inicio"] for s in libres["items"]]


def test_the_notice_is_counted_in_instants_across_madrid_s_spring_forward(consultorio):
    sucursal, medico = consultorio("Europe/Madrid", CAMBIO_MADRID)
    # 00:30 UTC = 01:30 CET; two hours later it is 02:30 UTC = 04:30 CEST (not 03:30: an hour of the night is gone).
    ahora = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)
    zona, libres = horas(sucursal, medico, CAMBIO_MADRID, ahora)
    assert zona == "Europe/Madrid"
    assert libres[0] == "04:30"
    # The booking's own check agrees with the offer.
    ventana = catalogo.Ventana.de(configuracion_service.obtener(), ahora)
    assert not ventana.incluye(sucursal, CAMBIO_MADRID, time(4)) and ventana.incluye(sucursal, CAMBIO_MADRID, time(4, 30))


def test_the_notice_is_counted_in_instants_across_madrid_s_fall_back(consultorio):
    dia = date(2027, 10, 31)  # 03:00 CEST → 02:00 CET
    sucursal, medico = consultorio("Europe/Madrid", dia)
    # 00:00 UTC = 02:00 CEST; two hours later it is 02:00 UTC = 03:00 CET (the wall clock moved only one hour).
    _, libres = horas(sucursal, medico, dia, datetime(2027, 10, 31, 0, 0, tzinfo=UTC))
    assert libres[0] == "03:00"


def test_bogota_slots_and_bookings_are_bogota_wall_clock(consultorio, paciente_factory):
    dia = date(2027, 3, 29)
    sucursal, medico = consultorio("America/Bogota", dia, desde=time(7))
    ahora = datetime(2027, 3, 29, 12, 0, tzinfo=UTC)  # 07:00 in Bogotá (UTC−5 all year)
    zona, libres = horas(sucursal, medico, dia, ahora)
    assert (zona, libres[0]) == ("America/Bogota", "09:00")
    cita = citas_service.agendar_en_linea(paciente_factory(), medico, sucursal, fecha=dia, hora_inicio=time(9),
                                          motivo=None, ahora=ahora)
    assert (cita.fecha, cita.hora_inicio, cita.hora_fin, cita.origen) == (dia, time(9), time(9, 30), "en_linea")


def test_a_slot_already_past_in_the_branch_s_zone_cannot_be_booked(consultorio, paciente_factory):
    dia = date(2027, 3, 29)
    sucursal, medico = consultorio("Europe/Madrid", dia, desde=time(7))
    ahora = datetime(2027, 3, 29, 8, 0, tzinfo=UTC)  # 10:00 in Madrid (CEST)
    with pytest.raises(citas_service.Conflicto) as error:
        citas_service.agendar_en_linea(paciente_factory(), medico, sucursal, fecha=dia, hora_inicio=time(9, 30),
                                       motivo=None, ahora=ahora)
    assert error.value.reason == "FECHA_PASADA"
