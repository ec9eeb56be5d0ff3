"""Factories for every model, as fixtures: each returns a function that builds and flushes a row."""
import itertools
from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import (AdendaHistorial, CambioEstadoCita, Cita, DetalleFactura, Especialidad, Estado, Factura,
                        HistorialMedico, HorarioMedico, Medico, Paciente, Pago, Rol, SerieFactura, Servicio, Sucursal,
                        Usuario)
from app.utils.auth import hash_password
from app.utils.crypto import blind_index

PASSWORD = "contraseña-segura-1"
_seq = itertools.count(1)


def _n():
    return next(_seq)


def _save(obj):
    db.session.add(obj)
    db.session.flush()
    return obj


@pytest.fixture
def sucursal_factory():
    def make(**kw):
        n = _n()
        kw.setdefault("nombre", f"Sucursal {n}")
        kw.setdefault("direccion", f"Calle {n}")
        kw.setdefault("zona_horaria", "America/Mexico_City")
        kw.setdefault("activo", True)
        return _save(Sucursal(**kw))

    return make


@pytest.fixture
def usuario_factory():
    hashed = {}

    def make(rol="Administrador", sucursal=None, password=PASSWORD, **kw):
        n = _n()
        if password not in hashed:
            hashed[password] = hash_password(password)
        kw.setdefault("nombre", f"Usuario{n}")
        kw.setdefault("apellido", "Prueba")
        kw.setdefault("email", f"usuario{n}@prueba.local")
        kw.setdefault("activo", True)
        return _save(Usuario(
            rol=db.session.scalar(select(Rol).where(Rol.nombre == rol)), password_hash=hashed[password],
            sucursal_id=sucursal.id if sucursal else None, version_token=0, **kw,
        ))

    return make


@pytest.fixture
def especialidad_factory():
    def make(**kw):
        kw.setdefault("nombre", f"Especialidad {_n()}")
        return _save(Especialidad(**kw))

    return make


@pytest.fixture
def medico_factory(especialidad_factory):
    def make(especialidad=None, usuario=None, **kw):
        n = _n()
        kw.setdefault("nombre", f"Médico{n}")
        kw.setdefault("apellido", "Prueba")
        kw.setdefault("email", f"medico{n}@prueba.local")
        kw.setdefault("activo", True)
        especialidad = especialidad or especialidad_factory()
        return _save(Medico(especialidad_id=especialidad.id, usuario_id=usuario.id if usuario else None, **kw))

    return make


@pytest.fixture
def horario_factory():
    def make(medico, sucursal, dia_semana=1, hora_inicio=time(9), hora_fin=time(13), intervalo_citas=30):
        return _save(HorarioMedico(medico_id=medico.id, sucursal_id=sucursal.id, dia_semana=dia_semana,
                                   hora_inicio=hora_inicio, hora_fin=hora_fin, intervalo_citas=intervalo_citas))

    return make


@pytest.fixture
def paciente_factory():
    def make(**kw):
        n = _n()
        kw.setdefault("nombre", f"Paciente{n}")
        kw.setdefault("apellido", "Prueba")
        kw.setdefault("fecha_nacimiento", date(1985, 5, 17))
        kw.setdefault("tipo_documento", "INE")
        kw.setdefault("numero_documento", f"DOC{n:08d}")
        kw.setdefault("activo", True)
        kw["numero_documento_hash"] = blind_index(kw["numero_documento"])
        return _save(Paciente(**kw))

    return make


def proxima_fecha(dia_semana, semanas=1):
    """The date of the given ISO weekday (1=lunes) at least ``semanas`` weeks from today."""
    base = date.today() + timedelta(weeks=semanas)
    return base + timedelta(days=(dia_semana - base.isoweekday()) % 7)


@pytest.fixture
def cita_factory():
    def make(paciente, medico, sucursal, fecha=None, hora_inicio=time(9), hora_fin=None, estado_id=Estado.NUEVA,
             creado_por=None, **kw):
        fecha = fecha or proxima_fecha(1)
        if hora_fin is None:
            hora_fin = time(hora_inicio.hour + (hora_inicio.minute + 30) // 60, (hora_inicio.minute + 30) % 60)
        return _save(Cita(paciente_id=paciente.id, medico_id=medico.id, sucursal_id=sucursal.id, fecha=fecha,
                          hora_inicio=hora_inicio, hora_fin=hora_fin, estado_id=estado_id,
                          creado_por=creado_por.id if creado_por else None, **kw))

    return make


@pytest.fixture
def cambio_estado_factory():
    def make(cita, estado_id, usuario=None, motivo=None):
        anterior = cita.estado_id
        cita.estado_id = estado_id
        return _save(CambioEstadoCita(cita_id=cita.id, estado_anterior_id=anterior, estado_id=estado_id,
                                      usuario_id=usuario.id if usuario else None, motivo=motivo))

    return make


@pytest.fixture
def historial_factory():
    def make(paciente, medico, cita=None, **kw):
        kw.setdefault("diagnostico", "Diagnóstico de prueba")
        kw.setdefault("tratamiento", "Tratamiento de prueba")
        kw.setdefault("observaciones", "Observaciones de prueba")
        return _save(HistorialMedico(paciente_id=paciente.id, medico_id=medico.id, cita_id=cita.id if cita else None,
                                     creado_por=medico.usuario_id, **kw))

    return make


@pytest.fixture
def adenda_factory():
    def make(historial, texto="Corrección", motivo="Error de transcripción", medico=None):
        return _save(AdendaHistorial(historial_id=historial.id, texto=texto, motivo=motivo,
                                     medico_id=medico.id if medico else historial.medico_id))

    return make


@pytest.fixture
def servicio_factory():
    def make(**kw):
        kw.setdefault("nombre", f"Servicio {_n()}")
        kw.setdefault("precio", Decimal("500.00"))
        kw.setdefault("impuesto_porcentaje", Decimal("16.00"))
        kw.setdefault("activo", True)
        return _save(Servicio(**kw))

    return make


@pytest.fixture
def serie_factory():
    def make(serie=None, sucursal=None, ultimo_numero=0):
        return _save(SerieFactura(serie=serie or f"S{_n()}", sucursal_id=sucursal.id if sucursal else None,
                                  ultimo_numero=ultimo_numero))

    return make


@pytest.fixture
def factura_factory(serie_factory):
    """A raw invoice row (no numbering service): for tests of other areas that need one."""

    def make(paciente, servicio, cantidad=1, sucursal=None, cita=None, estado="pendiente", serie=None):
        serie = serie or serie_factory(sucursal=sucursal)
        serie.ultimo_numero += 1
        subtotal = servicio.precio * cantidad
        impuesto = (subtotal * servicio.impuesto_porcentaje / 100).quantize(Decimal("0.01"))
        factura = _save(Factura(
            numero_factura=f"{serie.serie}-{serie.ultimo_numero:06d}", serie=serie.serie, numero=serie.ultimo_numero,
            paciente_id=paciente.id, cita_id=cita.id if cita else None, sucursal_id=sucursal.id if sucursal else None,
            subtotal=subtotal, impuesto=impuesto, total=subtotal + impuesto, estado=estado, huella="0" * 64,
        ))
        _save(DetalleFactura(factura_id=factura.id, servicio_id=servicio.id, descripcion=servicio.nombre,
                             cantidad=cantidad, precio_unitario=servicio.precio, subtotal=subtotal,
                             impuesto_porcentaje=servicio.impuesto_porcentaje, impuesto=impuesto))
        return factura

    return make


@pytest.fixture
def pago_factory():
    def make(factura, monto, metodo="efectivo", usuario=None):
        return _save(Pago(factura_id=factura.id, monto=Decimal(monto), metodo=metodo,
                          usuario_id=usuario.id if usuario else None))

    return make
