"""The demo clinic's dentistry (issue 19): a dental branch with its reception, two dentists with their weekly
schedules, dental services that leave a condition on the tooth, and seven patients whose charts and treatment plans
tell a few months of a dental practice: every plan state (borrador, presentado, aceptado, rechazado, en_curso with
work done and part of it invoiced, terminado, cancelado), a child's primary teeth and another's mixed dentition.

Everything goes through the services, as the people who would do it (the dentist charts and plans, reception
presents budgets and records the patient's answer, billing invoices the work done), so the rules of the feature
hold: FDI validation, absent teeth, the plan's arithmetic and state machine, the chart updated by the work done,
each item invoiced once. Each step runs with an ``Alcance`` fixed at the moment it happened, which dates what it
writes (a plan's creation and changes of state); the one timestamp the database writes itself (a chart record's
``fecha``) is set to that same moment as it is inserted (``_reloj``), so the date slider of the odontogram and the
plans' dates show months of history. Invoices are dated by the database's clock (they are fingerprinted when
numbered): the work done months ago is invoiced today.
"""
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import event, select

from app.extensions import db
from app.models import (Cita, Especialidad, Estado, HorarioMedico, Medico, Paciente,
                        RegistroOdontograma, Rol, Servicio, Sucursal, Usuario)
from app.services import facturacion_service, servicios_service
from app.services.alcance import Alcance
from app.services.odontologia import odontograma, planes
from app.utils.auth import hash_password
from app.utils.crypto import blind_index

SUCURSAL = {"nombre": "Clínica Dental Centro", "direccion": "Av. Insurgentes Sur 1234, Del Valle, Ciudad de México",
            "zona_horaria": "America/Mexico_City", "telefono": "5555123400"}
RECEPCION = ("Paola", "Recepción Dental", "recepcion.dental@demo.local")
# nombre, apellido, email, working hours Monday to Friday at the dental branch
DENTISTAS = [("Lucía", "Herrera Peña", "dentista1@demo.local", time(9), time(15)),
             ("Andrés", "Ibáñez Soto", "dentista2@demo.local", time(10), time(16))]
# nombre, precio, IVA, the condition the service leaves on the tooth once done
SERVICIOS = [
    ("Valoración odontológica", "400.00", "16.00", None),
    ("Limpieza dental", "800.00", "16.00", None),  # the general demo's; reused when it exists
    ("Obturación de resina", "950.00", "16.00", "obturacion_resina"),
    ("Sellante de fosetas y fisuras", "450.00", "16.00", "sellante"),
    ("Endodoncia (tratamiento de conductos)", "4200.00", "16.00", "endodoncia"),
    ("Corona de porcelana", "6500.00", "16.00", "corona"),
    ("Extracción simple", "900.00", "16.00", "ausente"),
    ("Implante dental", "18000.00", "16.00", "implante"),
]
# The demo's patients: nombre, apellido, age in years, gender, document
PACIENTES = {
    "tomas": ("Tomás", "Álvarez Peña", 47, "Masculino", "58213790K"),
    "valentina": ("Valentina", "Ruiz Castañeda", 5, "Femenino", "61530224B"),
    "monica": ("Mónica", "Ibáñez Rojas", 34, "Femenino", "47001983C"),
    "hector": ("Héctor", "Gutiérrez Díaz", 62, "Masculino", "30918455D"),
    "rocio": ("Rocío", "Méndez Ortiz", 28, "Femenino", "72264019E"),
    "sebastian": ("Sebastián", "Núñez Flores", 40, "Masculino", "55187302F"),
    "martin": ("Martín", "Rojas Chávez", 9, "Masculino", "80045671G"),
}

_reloj = [None]  # the moment the demo's current step happens (see the module's docstring)


def _fechar(mapper, connection, registro):
    if _reloj[0] is not None:
        registro.fecha = _reloj[0]


@contextmanager
def _reloj_de_la_demo():
    """While loading: chart records are inserted with the moment of the step that makes them (a plan takes its
    creation's moment from the scope's clock, ``Alcance.ahora``, as its other dates)."""
    event.listen(RegistroOdontograma, "before_insert", _fechar)
    try:
        yield
    finally:
        _reloj[0] = None
        event.remove(RegistroOdontograma, "before_insert", _fechar)


def _h(pieza, condicion, superficies="", nota=None):
    """A finding: tooth, condition, surfaces as letters ("MO")."""
    return {"pieza": pieza, "condicion": condicion, "superficies": list(superficies), "nota": nota}


class _Consultorio:
    """The dental branch's people and calendar, and the steps of the story dated on it."""

    def __init__(self, sucursal, recepcion, cobros, dentistas, servicios):
        self.sucursal, self.recepcion, self.cobros = sucursal, recepcion, cobros
        self.dentistas, self.servicios = dentistas, servicios  # {email: (Usuario, Medico)}, {nombre: Servicio}
        self.zona = ZoneInfo(sucursal.zona_horaria)
        self.hoy = datetime.now(self.zona).date()

    def dia(self, desfase):
        """The working day (Monday to Friday) ``desfase`` days from today: back to a Friday in the past, on to a
        Monday in the future."""
        dia = self.hoy + timedelta(days=desfase)
        paso = timedelta(days=-1 if desfase <= 0 else 1)
        while dia.isoweekday() > 5:
            dia += paso
        return dia

    def a_las(self, usuario, desfase, hora, minuto=0):
        """The scope of ``usuario`` at that moment (which also dates what the step inserts)."""
        momento = datetime.combine(self.dia(desfase), time(hora, minuto), tzinfo=self.zona)
        _reloj[0] = momento
        return Alcance.de(usuario, ahora=momento)

    def visita(self, paciente, dentista, desfase, hora, motivo):
        """An appointment booked by reception: completed when it is past, confirmed when it is to come."""
        medico = self.dentistas[dentista][1]
        cita = Cita(paciente_id=paciente.id, medico_id=medico.id, sucursal_id=self.sucursal.id,
                    fecha=self.dia(desfase), hora_inicio=time(hora), hora_fin=time(hora, 30),
                    estado_id=Estado.COMPLETADA if desfase < 0 else Estado.CONFIRMADA, motivo=motivo,
                    creado_por=self.recepcion.id)
        db.session.add(cita)
        db.session.flush()
        return cita

    def dentista(self, email, desfase, hora, minuto=0):
        return self.a_las(self.dentistas[email][0], desfase, hora, minuto)

    def item(self, servicio, pieza=None, superficies="", **extra):
        return {"servicio_id": self.servicios[servicio].id, "pieza": pieza, "superficies": list(superficies), **extra}

    def plan(self, alcance, paciente, titulo, items, vigencia_dias=30):
        return planes.crear(alcance, paciente.id, titulo=titulo, items=items, sucursal_id=self.sucursal.id,
                            vigencia_dias=vigencia_dias)

    def presentar_y_aceptar(self, plan, desfase_presentado, desfase_aceptado, quien):
        planes.cambiar_estado(self.a_las(self.recepcion, desfase_presentado, 13), plan.id, estado="presentado")
        planes.cambiar_estado(self.a_las(self.recepcion, desfase_aceptado, 13, 30), plan.id, estado="aceptado",
                              aceptado_por=quien)

    def realizar(self, alcance, plan, servicio, pieza, cita):
        item = next(i for i in plan.items if i.servicio.nombre == servicio and i.pieza == pieza)
        planes.realizar(alcance, plan.id, item.id, cita_id=cita.id)
        return item

    def facturar(self, paciente, items):
        """Billing invoices done items (today: invoices carry the database's clock)."""
        return facturacion_service.emitir(Alcance.de(self.cobros), paciente_id=paciente.id, detalles=[],
                                          sucursal_id=self.sucursal.id, plan_items=[i.id for i in items])


def cargar(admin=None):
    """Load the dental part of the demo once (nothing when its branch exists). ``admin``: who creates the services
    (for their audit entries)."""
    if db.session.scalar(select(Sucursal.id).where(Sucursal.nombre == SUCURSAL["nombre"])) is not None:
        return False
    cobros = db.session.scalar(select(Usuario).where(Usuario.email == "facturacion@demo.local"))
    if cobros is None:
        return False
    from app.services.demo_service import DEMO_PASSWORD

    sucursal = Sucursal(**SUCURSAL)
    db.session.add(sucursal)
    db.session.flush()
    roles = {r.nombre: r for r in db.session.scalars(select(Rol))}
    password_hash = hash_password(DEMO_PASSWORD)

    def usuario(nombre, apellido, email, rol, sucursal_id=None):
        cuenta = db.session.scalar(select(Usuario).where(Usuario.email == email))
        if cuenta is None:
            cuenta = Usuario(nombre=nombre, apellido=apellido, email=email, password_hash=password_hash,
                             rol=roles[rol], sucursal_id=sucursal_id, activo=True, version_token=0)
            db.session.add(cuenta)
            db.session.flush()
        return cuenta

    recepcion = usuario(*RECEPCION, "Recepcionista", sucursal.id)
    odontologia = db.session.scalar(select(Especialidad).where(Especialidad.nombre == "Odontología"))
    if odontologia is None:
        odontologia = Especialidad(nombre="Odontología", descripcion="Salud bucal")
        db.session.add(odontologia)
        db.session.flush()
    dentistas = {}
    for nombre, apellido, email, desde, hasta in DENTISTAS:
        cuenta = usuario(nombre, apellido, email, "Médico")
        medico = Medico(nombre=nombre, apellido=apellido, email=email, telefono="5555123401",
                        especialidad_id=odontologia.id, usuario_id=cuenta.id)
        db.session.add(medico)
        db.session.flush()
        for dia in range(1, 6):
            db.session.add(HorarioMedico(medico_id=medico.id, sucursal_id=sucursal.id, dia_semana=dia,
                                         hora_inicio=desde, hora_fin=hasta, intervalo_citas=30))
        dentistas[email] = (cuenta, medico)
    servicios = {}
    for nombre, precio, iva, condicion in SERVICIOS:
        servicio = db.session.scalar(select(Servicio).where(Servicio.nombre == nombre))
        if servicio is None:
            servicio = servicios_service.crear(admin, {"nombre": nombre, "precio": Decimal(precio),
                                                       "impuesto_porcentaje": Decimal(iva), "activo": True,
                                                       "condicion_resultante": condicion})
        servicios[nombre] = servicio
    consultorio = _Consultorio(sucursal, recepcion, cobros, dentistas, servicios)
    pacientes = _pacientes(consultorio.hoy)
    with _reloj_de_la_demo():
        _historias(consultorio, pacientes)
    db.session.flush()
    return True


def _pacientes(hoy):
    pacientes = {}
    for clave, (nombre, apellido, edad, genero, documento) in PACIENTES.items():
        # ``edad`` years old today, their birthday a few months ago
        nacimiento = date(hoy.year - edad, hoy.month, min(hoy.day, 28)) - timedelta(days=40 + 11 * len(clave))
        paciente = Paciente(nombre=nombre, apellido=apellido, fecha_nacimiento=nacimiento, genero=genero,
                            tipo_documento="INE", numero_documento=documento,
                            numero_documento_hash=blind_index(documento), telefono=f"55{documento[:8]}")
        db.session.add(paciente)
        pacientes[clave] = paciente
    db.session.flush()
    return pacientes


def _historias(c, p):
    """Seven patients' months at the dentist's, each in the order it happened."""
    lucia, andres = "dentista1@demo.local", "dentista2@demo.local"
    resina, endo, corona = "Obturación de resina", "Endodoncia (tratamiento de conductos)", "Corona de porcelana"
    sellante, extraccion, implante = "Sellante de fosetas y fisuras", "Extracción simple", "Implante dental"
    limpieza = "Limpieza dental"

    # Tomás: a full rehabilitation on course: cleaning and two fillings done, one of them invoiced; the root canal,
    # the crown and the implant still to do.
    tomas = p["tomas"]
    cita = c.visita(tomas, lucia, -150, 9, "Valoración odontológica")
    a = c.dentista(lucia, -150, 9, 20)
    odontograma.registrar(a, tomas.id, cita_id=cita.id, observaciones="Primera valoración. Refiere sensibilidad "
                          "al frío en el lado derecho.", hallazgos=[
                              _h(16, "caries", "O"), _h(25, "caries", "D"), _h(36, "obturacion_amalgama", "MO"),
                              _h(11, "fractura", nota="Fractura del borde incisal por traumatismo antiguo"),
                              _h(18, "ausente"), _h(46, "ausente", nota="Extraída hace años")])
    plan = c.plan(c.dentista(lucia, -150, 9, 40), tomas, "Rehabilitación integral", [
        c.item(limpieza), c.item(resina, 16, "O"), c.item(resina, 25, "D"),
        c.item(endo, 11, fase=2), c.item(corona, 11, fase=2, descuento_porcentaje=Decimal("10")),
        c.item(implante, 46, fase=3, nota="Requiere valoración ósea con radiografía panorámica")], vigencia_dias=60)
    c.presentar_y_aceptar(plan, -150, -140, "Tomás Álvarez Peña")
    cita = c.visita(tomas, lucia, -120, 9, "Limpieza y obturación")
    a = c.dentista(lucia, -120, 9, 30)
    c.realizar(a, plan, limpieza, None, cita)
    primera = c.realizar(a, plan, resina, 16, cita)
    cita = c.visita(tomas, lucia, -90, 9, "Obturación")
    c.realizar(c.dentista(lucia, -90, 9, 30), plan, resina, 25, cita)
    cita = c.visita(tomas, lucia, -30, 9, "Revisión")
    odontograma.registrar(c.dentista(lucia, -30, 9, 15), tomas.id, cita_id=cita.id,
                          observaciones="Revisión: caries incipiente nueva.", hallazgos=[_h(37, "caries", "O")])
    c.visita(tomas, lucia, 5, 9, "Endodoncia de la pieza 11")
    c.facturar(tomas, [primera])

    # Valentina, 5 years old: primary teeth; a finished plan of fillings and sealants, invoiced; a new caries since.
    valentina = p["valentina"]
    cita = c.visita(valentina, andres, -100, 10, "Primera visita al dentista")
    a = c.dentista(andres, -100, 10, 15)
    odontograma.registrar(a, valentina.id, cita_id=cita.id, observaciones="Acude con su madre. Buena higiene en "
                          "general; caries en molares temporales.", hallazgos=[
                              _h(54, "caries", "O"), _h(74, "caries", "O"), _h(61, "fractura", nota="Golpe jugando")])
    plan = c.plan(c.dentista(andres, -100, 10, 30), valentina, "Tratamiento restaurador y preventivo", [
        c.item(resina, 54, "O"), c.item(resina, 74, "O"),
        c.item(sellante, 75, "O", fase=2), c.item(sellante, 85, "O", fase=2)])
    c.presentar_y_aceptar(plan, -100, -100, "Laura Castañeda Ruiz (madre)")
    cita = c.visita(valentina, andres, -90, 10, "Obturaciones")
    a = c.dentista(andres, -90, 10, 20)
    hechos = [c.realizar(a, plan, resina, 54, cita), c.realizar(a, plan, resina, 74, cita)]
    cita = c.visita(valentina, andres, -60, 10, "Sellantes")
    a = c.dentista(andres, -60, 10, 20)
    hechos += [c.realizar(a, plan, sellante, 75, cita), c.realizar(a, plan, sellante, 85, cita)]
    planes.cambiar_estado(c.dentista(andres, -60, 10, 45), plan.id, estado="terminado")
    cita = c.visita(valentina, andres, -10, 10, "Revisión semestral")
    odontograma.registrar(c.dentista(andres, -10, 10, 15), valentina.id, cita_id=cita.id,
                          hallazgos=[_h(64, "caries", "D", nota="Incipiente: control en tres meses")])
    c.facturar(valentina, hechos)

    # Mónica: a budget presented a few days ago, waiting for her answer.
    monica = p["monica"]
    cita = c.visita(monica, lucia, -6, 11, "Dolor al masticar")
    a = c.dentista(lucia, -6, 11, 15)
    odontograma.registrar(a, monica.id, cita_id=cita.id, hallazgos=[
        _h(12, "caries", "M"), _h(22, "caries", "D"), _h(47, "obturacion_amalgama", "O")])
    plan = c.plan(c.dentista(lucia, -6, 11, 30), monica, "Obturaciones estéticas anteriores", [
        c.item(resina, 12, "M"), c.item(resina, 22, "D"), c.item(limpieza)])
    planes.cambiar_estado(c.a_las(c.recepcion, -5, 12), plan.id, estado="presentado")

    # Héctor: implants declined two months ago; a smaller plan being drafted now.
    hector = p["hector"]
    cita = c.visita(hector, andres, -75, 11, "Valoración para implantes")
    odontograma.registrar(c.dentista(andres, -75, 11, 10), hector.id, cita_id=cita.id, hallazgos=[
        _h(36, "ausente"), _h(37, "ausente"), _h(46, "ausente"), _h(17, "endodoncia"), _h(17, "corona"),
        _h(14, "obturacion_resina", "OD")])
    plan = c.plan(c.dentista(andres, -75, 11, 30), hector, "Implantes inferiores", [
        c.item(implante, 36), c.item(implante, 46), c.item(corona, 36, fase=2), c.item(corona, 46, fase=2)])
    planes.cambiar_estado(c.a_las(c.recepcion, -70, 12), plan.id, estado="presentado")
    planes.cambiar_estado(c.a_las(c.recepcion, -60, 12), plan.id, estado="rechazado")
    cita = c.visita(hector, andres, -3, 11, "Nueva valoración")
    c.plan(c.dentista(andres, -3, 11, 20), hector, "Implante unitario en la pieza 36", [
        c.item(implante, 36, descuento_porcentaje=Decimal("10")), c.item(corona, 36, fase=2)])

    # Rocío: a root canal and crown accepted yesterday; the work starts in a couple of days.
    rocio = p["rocio"]
    cita = c.visita(rocio, lucia, -2, 12, "Dolor intenso en molar inferior")
    odontograma.registrar(c.dentista(lucia, -2, 12, 10), rocio.id, cita_id=cita.id, hallazgos=[
        _h(46, "caries", "OD", nota="Caries profunda; dolor a la percusión")])
    plan = c.plan(c.dentista(lucia, -2, 12, 25), rocio, "Endodoncia y corona de la pieza 46", [
        c.item(endo, 46), c.item(corona, 46, fase=2, descuento_porcentaje=Decimal("5"))], vigencia_dias=15)
    c.presentar_y_aceptar(plan, -2, -1, "Rocío Méndez Ortiz")
    c.visita(rocio, lucia, 2, 12, "Endodoncia de la pieza 46")

    # Sebastián: a plan presented, then cancelled: he moved to another city.
    sebastian = p["sebastian"]
    cita = c.visita(sebastian, andres, -80, 12, "Molestia en el tercer molar")
    odontograma.registrar(c.dentista(andres, -80, 12, 10), sebastian.id, cita_id=cita.id, hallazgos=[
        _h(38, "extraccion_indicada", nota="Semiincluido, pericoronitis de repetición"), _h(47, "caries", "O")])
    plan = c.plan(c.dentista(andres, -80, 12, 25), sebastian, "Extracción del tercer molar y obturación", [
        c.item(extraccion, 38), c.item(resina, 47, "O")])
    planes.cambiar_estado(c.a_las(c.recepcion, -80, 13), plan.id, estado="presentado")
    planes.cambiar_estado(c.a_las(c.recepcion, -50, 12), plan.id, estado="cancelado",
                          motivo="El paciente se mudó a otra ciudad y continuará el tratamiento allí.")

    # Martín, 9 years old: mixed dentition, charted at a check-up.
    martin = p["martin"]
    cita = c.visita(martin, lucia, -40, 13, "Revisión escolar")
    odontograma.registrar(c.dentista(lucia, -40, 13, 10), martin.id, cita_id=cita.id, hallazgos=[
        _h(16, "sellante", "O"), _h(26, "sellante", "O"), _h(75, "caries", "O"), _h(53, "ausente", nota="Exfoliado")])
