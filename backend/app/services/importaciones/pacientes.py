"""Importing patients: each row validated by the schema of POST /api/pacientes, matched against the patients
already registered and the file's earlier rows, and the new ones inserted a batch at a time.

A row is an existing patient (counted ``existentes``, never created nor changed) when its document (type and
number, through the blind index, the type compared without case), its e-mail or its normalised name, surname
and birth date are those of a registered patient or of an earlier row of the file. So importing the same file
again, even one without documents or e-mails, creates nothing.

The batch's rows are matched with one query, and the new ones are inserted with one multi-row INSERT. Should
that INSERT meet a constraint (a patient registered meanwhile by the reception), the batch's new rows are
created one by one through pacientes_service.crear, each in its own savepoint, so that a duplicate is counted
as existing and nothing is half-written.

Name and birth date have no unique constraint (two people may share them), so two imports running at once could
each find a person unregistered and both create them. A real (not simulated) batch therefore takes a
transaction-scoped advisory lock, one key for every import of patients, before it matches its rows: imports of
patients run their batches one after another and each sees the other's patients. The reception's POST
/api/pacientes does not take it (it has no name-and-birth-date uniqueness at all): only imports serialise among
themselves.
"""
from sqlalchemy import insert, text
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import Paciente
from app.schemas.paciente import PacienteEntradaSchema
from app.services import auditoria_service, pacientes_service
from app.services.importaciones import normalizacion
from app.services.importaciones.campos import tipo_documento_de
from app.services.importaciones.filas import Procesador, Resultado
from app.utils.errors import Conflicto, ErrorNegocio
from app.utils.sql import bloqueo_consultivo

_CONVERSIONES = {
    "fecha_nacimiento": lambda v: normalizacion.fecha(v).isoformat(),
    "nombre": normalizacion.nombre,
    "apellido": normalizacion.nombre,
    "contacto_emergencia_nombre": normalizacion.nombre,
    "acepta_recordatorios": normalizacion.si_no,
}
# The advisory lock of imports of patients (namespace, key): one for all of them.
CERROJO = (0x494D50, "pacientes")  # "IMP"
_COLUMNAS = ("nombre", "apellido", "fecha_nacimiento", "genero", "tipo_documento", "numero_documento",
             "numero_documento_hash", "telefono", "email", "direccion", "alergias", "contacto_emergencia_nombre",
             "contacto_emergencia_telefono", "acepta_recordatorios", "canal_preferido")

# Which rows of the batch are registered patients: by document, by e-mail, or by birth date and name (the same
# normalisation as medical.pacientes.busqueda), each through its index.
_REGISTRADOS = text("""
    SELECT u.i FROM unnest(CAST(:i AS int[]), CAST(:tipo AS text[]), CAST(:hash AS text[]), CAST(:email AS text[]),
                           CAST(:fecha AS date[]), CAST(:nombre AS text[]), CAST(:apellido AS text[]))
                    AS u(i, tipo, hash, email, fecha, nombre, apellido)
    WHERE EXISTS (SELECT 1 FROM medical.pacientes p
                  WHERE p.numero_documento_hash = u.hash AND upper(p.tipo_documento) = upper(u.tipo))
       OR EXISTS (SELECT 1 FROM medical.pacientes p WHERE p.email = u.email)
       OR EXISTS (SELECT 1 FROM medical.pacientes p
                  WHERE p.fecha_nacimiento = u.fecha AND p.busqueda = medical.nombre_busqueda(u.nombre, u.apellido))
""")


def claves(datos):
    """The keys under which a patient is the same as another: document, e-mail, name and birth date."""
    resultado = [("p", datos["fecha_nacimiento"],
                  " ".join(pacientes_service.texto_busqueda(f"{datos['nombre']} {datos['apellido']}").split()))]
    if datos.get("numero_documento_hash"):
        resultado.append(("d", (datos.get("tipo_documento") or "").upper(), datos["numero_documento_hash"]))
    if datos.get("email"):
        resultado.append(("e", datos["email"]))
    return resultado


class ProcesadorPacientes(Procesador):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.schema = PacienteEntradaSchema()
        self.vistos = set()  # keys of the file's rows so far (a new worker rebuilds it: trabajo.py)
        # A number column named after its type ("DNI", "CURP") gives the type when no column does.
        self.tipo_fijo = None
        if "numero_documento" in self.columna_de and "tipo_documento" not in self.columna_de:
            self.tipo_fijo = tipo_documento_de(self.columna_de["numero_documento"])
            self.columna_de["tipo_documento"] = self.columna_de["numero_documento"]

    def validar(self, celdas):
        """(loaded data as POST /api/pacientes would take it, normalised data, {field: [messages]})."""
        valores, errores = self.convertir(self.celdas(celdas), _CONVERSIONES)
        if self.tipo_fijo and "numero_documento" in valores:
            valores["tipo_documento"] = self.tipo_fijo
        cargado = self.cargar(self.schema, valores, errores)
        if cargado is None:
            return None, None, errores
        return cargado, pacientes_service.normalizar(dict(cargado)), {}

    def recordar(self, celdas):
        """Replay a row already done (a worker taking the import over): only its keys are needed."""
        _, datos, _ = self.validar(celdas)
        if datos is not None:
            self.vistos.update(claves(datos))

    def procesar(self, filas):
        resultado = Resultado()
        candidatos = []  # (row number, loaded, normalised)
        for numero, celdas in filas:
            cargado, datos, errores = self.validar(celdas)
            if errores:
                self.error(resultado, numero, errores)
                continue
            suyas = claves(datos)
            if any(c in self.vistos for c in suyas):
                resultado.existentes += 1
            else:
                candidatos.append((numero, cargado, datos))
            self.vistos.update(suyas)
        if candidatos and not self.simular:
            bloqueo_consultivo(*CERROJO)  # until the batch commits: see the module's docstring
        registrados = self._registrados([datos for _, _, datos in candidatos])
        nuevos = [c for i, c in enumerate(candidatos) if i not in registrados]
        resultado.existentes += len(registrados)
        if self.simular:
            resultado.creadas += len(nuevos)
        elif nuevos:
            self._crear(nuevos, resultado)
        return resultado

    def _registrados(self, lista):
        if not lista:
            return set()
        columnas = {"i": list(range(len(lista))), "tipo": [], "hash": [], "email": [], "fecha": [], "nombre": [],
                    "apellido": []}
        for datos in lista:
            columnas["tipo"].append(datos.get("tipo_documento"))
            columnas["hash"].append(datos.get("numero_documento_hash"))
            columnas["email"].append(datos.get("email"))
            columnas["fecha"].append(datos["fecha_nacimiento"])
            columnas["nombre"].append(datos["nombre"])
            columnas["apellido"].append(datos["apellido"])
        return set(db.session.execute(_REGISTRADOS, columnas).scalars())

    def _crear(self, nuevos, resultado):
        filas = [{**{c: datos.get(c) for c in _COLUMNAS}, "acepta_recordatorios": datos.get("acepta_recordatorios", True),
                  "activo": True, "origen": "recepcion"} for _, _, datos in nuevos]
        try:
            with db.session.begin_nested():
                ids = db.session.execute(insert(Paciente).returning(Paciente.id), filas).scalars().all()
        except IntegrityError:
            self._crear_uno_a_uno(nuevos, resultado)  # each audited by the service as paciente_creado
            return
        resultado.creadas += len(ids)
        if ids:
            auditoria_service.registrar("pacientes_importados", usuario=self.alcance.usuario, entidad="importacion",
                                        entidad_id=self.importacion_id, detalle={"ids": ids})

    def _crear_uno_a_uno(self, nuevos, resultado):
        for numero, cargado, _ in nuevos:
            try:
                pacientes_service.crear(self.alcance, **cargado)
            except Conflicto as exc:
                if exc.reason != pacientes_service.DUPLICADO:
                    raise
                resultado.existentes += 1
            except ErrorNegocio as exc:  # the schema already checked what the table checks: a safety net
                self.error(resultado, numero, exc.errors or {"_schema": [exc.message]})
            else:
                resultado.creadas += 1
