"""Importing future appointments: each row finds its patient (by document, e-mail, or name, surname and birth
date), its doctor (e-mail or "Nombre Apellido") and branch (name), is validated by the schema of POST /api/citas
and is booked through citas_service.agendar with all its checks (past dates, the doctor's schedule, overlaps),
each row in its own savepoint. An identical active appointment (same patient, doctor, date and start) counts as
existing.

A dry run books each row in a savepoint that is rolled back at once; the appointments it would have booked are
remembered so that a later row of the file overlapping them is refused as the real run would refuse it.
"""
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.models import Cita, Estado, Medico, Paciente, Sucursal
from app.schemas.cita import CitaCrearSchema
from app.services import citas_service
from app.services.importaciones import normalizacion
from app.services.importaciones.campos import normalizar_cabecera
from app.services.importaciones.filas import Procesador, Resultado
from app.utils.crypto import blind_index
from app.utils.errors import ErrorNegocio

_CONVERSIONES = {
    "fecha": lambda v: normalizacion.fecha(v).isoformat(),
    "hora_inicio": lambda v: normalizacion.hora(v).strftime("%H:%M"),
    "hora_fin": lambda v: normalizacion.hora(v).strftime("%H:%M"),
    "paciente_fecha_nacimiento": normalizacion.fecha,
    "paciente_nombre": normalizacion.nombre,
    "paciente_apellido": normalizacion.nombre,
}
# The field of the file a refusal of citas_service speaks of.
_CAMPO_DE_RAZON = {"FECHA_PASADA": "fecha", "FUERA_DE_HORARIO": "hora_inicio", "MEDICO_OCUPADO": "hora_inicio",
                   "PACIENTE_OCUPADO": "hora_inicio"}
_ACTIVA = Cita.estado_id.not_in(Estado.LIBERAN)


def _clave_nombre(texto):
    return normalizar_cabecera(texto)


class ProcesadorCitas(Procesador):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.schema = CitaCrearSchema()
        medicos = db.session.execute(select(Medico.id, Medico.nombre, Medico.apellido, Medico.email)
                                     .where(Medico.activo.is_not(False))).all()
        self.medicos = {}
        for m in medicos:
            for clave in (m.email and m.email.lower(), _clave_nombre(f"{m.nombre} {m.apellido}")):
                if clave:
                    self.medicos.setdefault(clave, set()).add(m.id)
        sucursales = db.session.execute(select(Sucursal.id, Sucursal.nombre).where(Sucursal.activo.is_not(False))).all()
        self.sucursales = {}
        for s in sucursales:
            self.sucursales.setdefault(_clave_nombre(s.nombre), set()).add(s.id)
        self.unico_medico = medicos[0].id if len(medicos) == 1 else None
        self.unica_sucursal = sucursales[0].id if len(sucursales) == 1 else None
        # a dry run's bookings: identical ones, and the intervals of each doctor and patient
        self.vistas = set()
        self.ocupado = {}
        # the fields of citas_service's refusals, as columns of the file
        self.columna_de_cita = {"paciente_id": self._columna_paciente(), "medico_id": self.columna_de.get("medico"),
                                "sucursal_id": self.columna_de.get("sucursal"), **self.columna_de}

    def _columna_paciente(self):
        for campo in ("paciente_documento", "paciente_email", "paciente_nombre"):
            if campo in self.columna_de:
                return self.columna_de[campo]
        return None

    # --- finding what a row names ------------------------------------------------------------------

    def _paciente(self, valores):
        """(patient id, None) or (None, {field: [message]})."""
        if "paciente_documento" in valores:
            campo = "paciente_documento"
            condicion = Paciente.numero_documento_hash == blind_index(valores[campo])
        elif "paciente_email" in valores:
            campo = "paciente_email"
            condicion = Paciente.email == valores[campo].strip().lower()
        elif {"paciente_nombre", "paciente_apellido", "paciente_fecha_nacimiento"} <= valores.keys():
            campo = "paciente_nombre"
            nombre = db.func.medical.nombre_busqueda(valores["paciente_nombre"], valores["paciente_apellido"])
            condicion = (Paciente.fecha_nacimiento == valores["paciente_fecha_nacimiento"]) & (Paciente.busqueda == nombre)
        else:
            return None, {self._campo_paciente(): ["Indique el documento, el correo o el nombre, apellido y fecha "
                                                   "de nacimiento del paciente."]}
        encontrados = db.session.execute(select(Paciente.id, Paciente.fusionado_con_id).where(condicion)).all()
        ids = {p.fusionado_con_id or p.id for p in encontrados}
        if not ids:
            return None, {campo: ["No hay ningún paciente registrado con esos datos."]}
        if len(ids) > 1:
            return None, {campo: ["Hay más de un paciente con esos datos: identifíquelo por su documento o correo."]}
        return ids.pop(), None

    def _campo_paciente(self):
        return next((c for c in ("paciente_documento", "paciente_email", "paciente_nombre") if c in self.columna_de),
                    "paciente_documento")

    def _uno(self, valores, campo, indice, unico, que):
        if campo not in valores:
            if unico is not None:
                return unico, None
            return None, {campo: [f"Indique {que}."]}
        clave = valores[campo].strip().lower() if "@" in valores[campo] else _clave_nombre(valores[campo])
        ids = indice.get(clave, set())
        if len(ids) == 1:
            return next(iter(ids)), None
        if not ids:
            return None, {campo: [f"No hay {que} activo con ese nombre." if campo == "medico"
                                  else f"No hay {que} activa con ese nombre."]}
        return None, {campo: [f"Hay más de {que.split()[0]} con ese nombre: use el correo." if campo == "medico"
                              else "Hay más de una sucursal con ese nombre."]}

    # --- a row -------------------------------------------------------------------------------------

    def validar(self, celdas):
        """(the arguments of citas_service.agendar, None) or (None, {field: [messages]}) with every field's
        error of the row, not only the first."""
        valores, errores = self.convertir(self.celdas(celdas), _CONVERSIONES)
        paciente_id = None
        # a bad birth date is the patient's error already, unless the patient is found by document or e-mail
        if "paciente_fecha_nacimiento" not in errores or {"paciente_documento", "paciente_email"} & valores.keys():
            paciente_id, error = self._paciente(valores)
            errores.update(error or {})
        medico_id, error = self._uno(valores, "medico", self.medicos, self.unico_medico, "un médico")
        errores.update(error or {})
        sucursal_id, error = self._uno(valores, "sucursal", self.sucursales, self.unica_sucursal, "una sucursal")
        errores.update(error or {})
        cita = {k: valores[k] for k in ("fecha", "hora_inicio", "hora_fin", "motivo") if k in valores}
        cita.update(paciente_id=paciente_id or 0, medico_id=medico_id or 0, sucursal_id=sucursal_id or 0)
        cargado = self.cargar(self.schema, cita, errores)
        return cargado, errores

    def recordar(self, celdas):
        """A dry run is never taken over (trabajo.py restarts it), so a done row leaves nothing to remember."""

    def procesar(self, filas):
        resultado = Resultado()
        for numero, celdas in filas:
            datos, errores = self.validar(celdas)
            if errores:
                self.error(resultado, numero, errores, self.columna_de_cita)
                continue
            if self._existe(datos):
                resultado.existentes += 1
                continue
            punto = db.session.begin_nested()
            try:
                cita = citas_service.agendar(self.alcance, **datos)
            except ErrorNegocio as exc:
                punto.rollback()
                campo = _CAMPO_DE_RAZON.get(exc.reason, "_schema")
                self.error(resultado, numero, exc.errors or {campo: [exc.message]}, self.columna_de_cita)
                continue
            if not self.simular:
                punto.commit()
            else:
                ocupado = self._ocupado_en_simulacion(datos, cita)
                punto.rollback()
                if ocupado:
                    self.error(resultado, numero, {"hora_inicio": [ocupado]}, self.columna_de_cita)
                    continue
            resultado.creadas += 1
        return resultado

    def _existe(self, datos):
        clave = (datos["paciente_id"], datos["medico_id"], datos["fecha"], datos["hora_inicio"])
        if clave in self.vistas:
            return True
        return db.session.scalar(select(Cita.id).where(
            Cita.paciente_id == datos["paciente_id"], Cita.medico_id == datos["medico_id"],
            Cita.fecha == datos["fecha"], Cita.hora_inicio == datos["hora_inicio"], _ACTIVA).limit(1)) is not None

    def _ocupado_en_simulacion(self, datos, cita):
        """Whether the dry run's booking overlaps one it booked (and rolled back) for an earlier row, as the
        exclusion constraints would say in the real run; if not, it is remembered."""
        inicio, fin = datetime.combine(cita.fecha, cita.hora_inicio), datetime.combine(cita.fecha, cita.hora_fin)
        claves = ((("m", datos["medico_id"]), "El médico ya tiene una cita en ese horario"),
                  (("p", datos["paciente_id"]), "El paciente ya tiene una cita en ese horario"))
        for clave, mensaje in claves:
            if any(inicio < otro_fin and otro_inicio < fin for otro_inicio, otro_fin in self.ocupado.get(clave, ())):
                return mensaje
        self.vistas.add((datos["paciente_id"], datos["medico_id"], datos["fecha"], datos["hora_inicio"]))
        for clave, _ in claves:
            self.ocupado.setdefault(clave, []).append((inicio, fin))
        return None
