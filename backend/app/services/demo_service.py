"""A small demo clinic: branches, specialties, doctors with weekly schedules, staff, patients, services, invoices,
credit notes, refunds and the cash register; and a dental branch with its dentists, charts and treatment plans
(demo_odontologia)."""
import random
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import insert, select, update
from tqdm import tqdm

from app.extensions import db
from app.models import Especialidad, HorarioMedico, Medico, Paciente, Rol, Servicio, Sucursal, Usuario
from app.services import demo_odontologia
from app.services.alcance import Alcance
from app.utils.auth import hash_password
from app.utils.crypto import blind_index
from app.utils.sql import por_id

NOMBRES = ["José", "María", "Juan", "Ana", "Luis", "Carmen", "Carlos", "Lucía", "Jorge", "Sofía", "Miguel", "Valentina",
           "Andrés", "Camila", "Ángel", "Mónica", "Raúl", "Inés", "Sebastián", "Begoña", "Iñaki", "Nuria", "Óscar",
           "Rocío", "Héctor", "Paula", "Tomás", "Elena", "Martín", "Ximena", "Jesús", "Guadalupe", "Fernando", "Renata"]
APELLIDOS = ["García", "Rodríguez", "Martínez", "Hernández", "López", "González", "Pérez", "Sánchez", "Ramírez",
             "Torres", "Flores", "Rivera", "Gómez", "Díaz", "Núñez", "Muñoz", "Álvarez", "Romero", "Jiménez", "Ruiz",
             "Castañeda", "Ibáñez", "Peña", "Ortiz", "Méndez", "Vázquez", "Castro", "Morales", "de la Cruz",
             "Fernández de Córdoba", "Gutiérrez", "Chávez", "Rojas", "Herrera"]
SUCURSALES = [
    ("Sucursal Centro", "Av. Juárez 100, Centro, Ciudad de México", "America/Mexico_City"),
    ("Sucursal Norte", "Calz. Vallejo 250, Ciudad de México", "America/Mexico_City"),
]
ESPECIALIDADES = [("Medicina General", "Atención primaria"), ("Odontología", "Salud bucal"),
                  ("Pediatría", "Atención infantil"), ("Cardiología", "Corazón y sistema circulatorio")]
SERVICIOS = [("Consulta general", "500.00", "16.00"), ("Limpieza dental", "800.00", "16.00"),
             ("Consulta pediátrica", "650.00", "16.00"), ("Electrocardiograma", "1200.00", "16.00"),
             ("Certificado médico", "250.00", "0.00")]
DEMO_PASSWORD = "demo-clinica-2026"


def _personas(n, rng):
    for _ in range(n):
        yield rng.choice(NOMBRES), f"{rng.choice(APELLIDOS)} {rng.choice(APELLIDOS)}"


def cargar_demo(pacientes=200, solo_si_vacia=False, semilla=2026):
    """Load the demo once: a second run (or, with solo_si_vacia, any existing branch) does nothing."""
    existente = select(Sucursal.id).limit(1)
    if not solo_si_vacia:
        existente = existente.where(Sucursal.nombre == SUCURSALES[0][0])
    if db.session.scalar(existente) is not None:
        if _es_la_demo():  # a demo loaded before its dental part existed gets it now
            demo_odontologia.cargar(_admin())
        return False
    rng = random.Random(semilla)
    sucursales = [Sucursal(nombre=n, direccion=d, zona_horaria=z, telefono="5555000000") for n, d, z in SUCURSALES]
    especialidades = [Especialidad(nombre=n, descripcion=d) for n, d in ESPECIALIDADES
                      if db.session.scalar(select(Especialidad.id).where(Especialidad.nombre == n)) is None]
    db.session.add_all(sucursales + especialidades)
    db.session.flush()
    especialidades = db.session.scalars(select(Especialidad).order_by(Especialidad.id)).all()
    roles = {r.nombre: r for r in db.session.scalars(select(Rol))}
    password_hash = hash_password(DEMO_PASSWORD)

    def usuario(nombre, apellido, email, rol, sucursal=None):
        existente = db.session.scalar(select(Usuario).where(Usuario.email == email))
        if existente:
            return existente
        u = Usuario(nombre=nombre, apellido=apellido, email=email, password_hash=password_hash, rol=roles[rol],
                    sucursal_id=sucursal.id if sucursal else None, activo=True, version_token=0)
        db.session.add(u)
        return u

    usuario("Rosa", "Recepción", "recepcion@demo.local", "Recepcionista", sucursales[0])
    usuario("Felipe", "Cobros", "facturacion@demo.local", "Facturación")
    for i, (nombre, apellido) in enumerate(_personas(6, rng)):
        cuenta = usuario(nombre, apellido, f"medico{i + 1}@demo.local", "Médico")
        db.session.flush()
        medico = Medico(nombre=nombre, apellido=apellido, email=f"medico{i + 1}@demo.local", telefono="5555010000",
                        especialidad_id=especialidades[i % len(especialidades)].id,
                        usuario_id=cuenta.id, reserva_en_linea=i < 4)
        db.session.add(medico)
        db.session.flush()
        sucursal = sucursales[i % 2]
        for dia in range(1, 6):
            db.session.add(HorarioMedico(medico_id=medico.id, sucursal_id=sucursal.id, dia_semana=dia,
                                         hora_inicio=time(9), hora_fin=time(14), intervalo_citas=30))
        db.session.add(HorarioMedico(medico_id=medico.id, sucursal_id=sucursales[(i + 1) % 2].id, dia_semana=6,
                                     hora_inicio=time(9), hora_fin=time(13), intervalo_citas=20))
    for nombre, precio, impuesto in SERVICIOS:
        db.session.add(Servicio(nombre=nombre, precio=Decimal(precio), impuesto_porcentaje=Decimal(impuesto)))
    db.session.flush()
    cargar_pacientes(pacientes, rng)
    cargar_citas(rng)
    cargar_reservas_en_linea(rng)
    cargar_caja(sucursales[0])
    demo_odontologia.cargar(_admin())
    return True


def _admin():
    return db.session.scalar(select(Usuario).join(Usuario.rol).where(Rol.nombre == "Administrador")
                             .order_by(Usuario.id).limit(1))


def _es_la_demo():
    """Whether the database holds this demo (its main branch and its billing user), not a clinic's own data."""
    return (db.session.scalar(select(Sucursal.id).where(Sucursal.nombre == SUCURSALES[0][0]).limit(1)) is not None
            and db.session.scalar(select(Usuario.id).where(Usuario.email == "facturacion@demo.local")) is not None)


def cargar_reservas_en_linea(rng, n=6):
    """Online booking on (/reservar works at once), and a few coming appointments booked online: one of them by a
    new patient who looks like an existing one (same name and birth date), for the reception's merge decision."""
    from app.models import Cita, ConfiguracionClinica

    db.session.execute(update(ConfiguracionClinica).values(reserva_en_linea_activa=True))
    futuras = db.session.scalars(select(Cita).where(Cita.fecha >= date.today()).order_by(Cita.fecha, Cita.id)).all()
    for cita in rng.sample(futuras, min(n, len(futuras))):
        cita.origen = "en_linea"
        cita.creado_por = None
    if futuras:
        cita = rng.choice([c for c in futuras if c.origen == "en_linea"])
        original = por_id(Paciente, cita.paciente_id)
        gemelo = Paciente(nombre=original.nombre, apellido=original.apellido,
                          fecha_nacimiento=original.fecha_nacimiento, telefono=original.telefono, origen="en_linea")
        db.session.add(gemelo)
        db.session.flush()
        cita.paciente_id = gemelo.id
    db.session.flush()


def cargar_pacientes(n, rng, lote=1000):
    """Insert n patients in batches, with a progress bar."""
    hoy = date.today()
    with tqdm(total=n, desc="Pacientes", unit="pac", disable=n < 1000) as barra:
        for inicio in range(0, n, lote):
            filas = []
            for nombre, apellido in _personas(min(lote, n - inicio), rng):
                documento = f"{rng.randrange(10**7, 10**8)}{rng.choice('ABCDEFGHJK')}"
                filas.append({
                    "nombre": nombre, "apellido": apellido,
                    "fecha_nacimiento": hoy - timedelta(days=rng.randrange(365, 365 * 90)),
                    "genero": rng.choice(["Femenino", "Masculino", "Otro"]),
                    "tipo_documento": "INE", "numero_documento": documento,
                    "numero_documento_hash": blind_index(documento),
                    "telefono": f"55{rng.randrange(10**7, 10**8)}",
                    "alergias": rng.choice([None, "Penicilina", "Ninguna conocida", "Látex"]),
                })
            db.session.execute(insert(Paciente), filas)
            barra.update(len(filas))


def cargar_citas(rng, dias=5):
    """Appointments of the last and next working days on the doctors' schedules, with invoices for
    some completed ones, so the agenda, the dashboard and the reports show something."""
    from app.models import Cita, Estado
    from app.services import facturacion_service

    admin = db.session.scalar(select(Usuario).join(Usuario.rol).where(Rol.nombre == "Administrador"))
    pacientes = db.session.scalars(select(Paciente.id).order_by(Paciente.id).limit(200)).all()
    servicio = db.session.scalar(select(Servicio).order_by(Servicio.id))
    hoy = date.today()
    for desfase in range(-dias * 2, dias * 2):
        fecha = hoy + timedelta(days=desfase)
        bloques = db.session.scalars(select(HorarioMedico).where(HorarioMedico.dia_semana == fecha.isoweekday())).all()
        for hora in (time(9), time(10), time(11, 30)):
            # Distinct patients at the same time: nobody is in two places at once.
            for bloque, paciente_id in zip(bloques, rng.sample(pacientes, len(bloques)), strict=True):
                if desfase < 0:
                    estado = rng.choice([Estado.COMPLETADA] * 6 + [Estado.NO_ASISTIO, Estado.CANCELADA])
                else:
                    estado = rng.choice([Estado.NUEVA, Estado.CONFIRMADA])
                fin = (datetime.combine(fecha, hora) + timedelta(minutes=bloque.intervalo_citas)).time()
                cita = Cita(paciente_id=paciente_id, medico_id=bloque.medico_id, sucursal_id=bloque.sucursal_id,
                            fecha=fecha, hora_inicio=hora, hora_fin=fin, estado_id=estado, motivo="Consulta",
                            creado_por=admin.id if admin else None)
                db.session.add(cita)
                db.session.flush()
                if estado == Estado.COMPLETADA and admin and servicio and rng.random() < 0.5:
                    facturacion_service.emitir(Alcance.de(admin), paciente_id=paciente_id, cita_id=cita.id,
                                               detalles=[{"servicio_id": servicio.id, "cantidad": 1}])


# Bills and coins of the demo's currency (MXN) that close yesterday's register.
DENOMINACIONES = [Decimal(d) for d in ("1000", "500", "200", "100", "50", "20", "10", "5", "2", "1", "0.50")]


def _conteo(monto):
    """``monto`` in the fewest bills and coins ({"500": 2, …}), or None when they cannot make it exactly."""
    conteo = {}
    for valor in DENOMINACIONES:
        cantidad, monto = divmod(monto, valor)
        if cantidad:
            conteo[str(valor)] = int(cantidad)
    return conteo if monto == 0 else None


def cargar_caja(sucursal):
    """The cash register of the main branch as billing leaves it: yesterday's session closed with a difference of
    zero (cash and card payments, a cash expense, the drawer counted in bills and coins), today's still open, an
    invoice with a partial credit note paid today, and one paid yesterday, credited and refunded today. All through
    the services, as the billing user.

    Invoice dates are the database's clock (they are fingerprinted when numbered), so every demo invoice is issued
    today; yesterday's session, its payments and its expense are dated back to yesterday before it closes. The
    close itself is dated by the database's clock too, when the demo loads: a closed session cannot be re-dated."""
    from app.models import Cita, Estado, Factura, MovimientoCaja, Pago
    from app.services import caja_service, facturacion_service

    cobros = db.session.scalar(select(Usuario).where(Usuario.email == "facturacion@demo.local"))
    pendientes = db.session.scalars(select(Factura).where(
        Factura.sucursal_id == sucursal.id, Factura.tipo == "ordinaria", Factura.estado == "pendiente",
    ).order_by(Factura.id).limit(5)).all()
    if cobros is None or len(pendientes) < 5:
        return
    zona = ZoneInfo(sucursal.zona_horaria)
    ayer = datetime.now(zona).date() - timedelta(days=1)  # the branch's yesterday
    a_las = lambda hora, minuto=0: datetime.combine(ayer, time(hora, minuto), tzinfo=zona)  # noqa: E731

    # Yesterday: opened at 8:30, three invoices paid in cash and one by card, office supplies bought with cash.
    alcance = Alcance.de(cobros, ahora=a_las(8, 30))
    sesion = caja_service.abrir(alcance, fondo_inicial=Decimal("1000.00"), sucursal_id=sucursal.id)
    sesion.abierta_en = a_las(8, 30)
    for factura, metodo, hora in zip(pendientes[:4], ("efectivo", "tarjeta", "efectivo", "efectivo"),
                                     (a_las(9, 40), a_las(10, 15), a_las(11, 50), a_las(12, 35)), strict=True):
        pago = facturacion_service.registrar_pago(alcance, factura.id, monto=factura.total, metodo=metodo)
        por_id(Pago, pago["id"]).fecha = hora
    egreso = caja_service.registrar_movimiento(alcance, sesion.id, tipo="egreso", monto=Decimal("180.00"),
                                               concepto="Papelería y artículos de limpieza para la recepción")
    por_id(MovimientoCaja, egreso["id"]).fecha = a_las(13, 10)
    db.session.flush()
    # Closed with the drawer counted to the cent: a difference of zero.
    esperado = Decimal(caja_service.consultar(alcance, sesion.id)["esperado"])
    caja_service.cerrar(alcance, sesion.id, efectivo_contado=esperado, conteo=_conteo(esperado),
                        notas="Cuadra con el conteo.")

    # Today: the register open since this morning.
    alcance = Alcance.de(cobros)
    caja_service.abrir(alcance, fondo_inicial=Decimal("1000.00"), sucursal_id=sucursal.id)
    # An appointment with a consultation and an electrocardiogram that was not done: a credit note of that line,
    # and the rest paid in cash.
    servicios = {s.nombre: s for s in db.session.scalars(select(Servicio))}
    facturadas = select(Factura.cita_id).where(Factura.cita_id.is_not(None))
    cita = db.session.scalar(select(Cita).where(
        Cita.sucursal_id == sucursal.id, Cita.estado_id == Estado.COMPLETADA, Cita.id.not_in(facturadas),
    ).order_by(Cita.fecha.desc(), Cita.id))
    if cita is not None:
        factura = facturacion_service.emitir(alcance, paciente_id=cita.paciente_id, cita_id=cita.id, detalles=[
            {"servicio_id": servicios["Consulta general"].id, "cantidad": 1},
            {"servicio_id": servicios["Electrocardiograma"].id, "cantidad": 1}])
        ecg = factura.detalles[1]
        facturacion_service.rectificar(alcance, factura.id, motivo="El electrocardiograma no se realizó: el equipo "
                                       "estaba en mantenimiento", lineas=[{"detalle_id": ecg.id, "cantidad": 1}])
        facturacion_service.registrar_pago(alcance, factura.id, monto=factura.total - factura.rectificado,
                                           metodo="efectivo")
    # Yesterday's last cash payment was for a follow-up that should have been free: credited and refunded.
    devuelta = pendientes[3]
    facturacion_service.rectificar(alcance, devuelta.id, motivo="Consulta de revisión sin costo, cobrada por error")
    facturacion_service.devolver(alcance, devuelta.id, monto=devuelta.total, metodo="efectivo")
    # And one more invoice paid by card today.
    facturacion_service.registrar_pago(alcance, pendientes[4].id, monto=pendientes[4].total, metodo="tarjeta")
    db.session.flush()
