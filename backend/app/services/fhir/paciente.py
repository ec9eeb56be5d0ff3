"""Patient: the mapping of a patient, its read and its search (name, identifier, birthdate)."""
from datetime import timedelta

from sqlalchemy import select

from app.models import Paciente
from app.services import auditoria_service, pacientes_service
from app.services.fhir import busqueda
from app.services.fhir.comun import contactos, nombre_humano, ref, sistema_documento, tipo_de_sistema
from app.utils.crypto import blind_index
from app.utils.errors import Invalido
from app.utils.sql import contiene

# The project's free-text ``genero`` (the UI offers Femenino, Masculino, Otro, No especificado) → AdministrativeGender.
GENEROS = {
    "femenino": "female", "f": "female", "mujer": "female", "female": "female",
    "masculino": "male", "m": "male", "hombre": "male", "male": "male",
    "otro": "other", "other": "other", "no binario": "other",
}
# EMERGENCY contact (HL7 v2 table 0131, "C": Emergency Contact).
RELACION_EMERGENCIA = {"coding": [{"system": "http://terminology.hl7.org/CodeSystem/v2-0131", "code": "C",
                                   "display": "Emergency Contact"}]}

# The columns a Patient shows (an ORM Paciente has the same attributes).
COLUMNAS = (
    Paciente.id, Paciente.nombre, Paciente.apellido, Paciente.fecha_nacimiento, Paciente.genero,
    Paciente.tipo_documento, Paciente.numero_documento, Paciente.telefono, Paciente.email, Paciente.direccion,
    Paciente.contacto_emergencia_nombre, Paciente.contacto_emergencia_telefono, Paciente.activo,
    Paciente.fusionado_con_id,
)


def genero(valor: str | None) -> str:
    if not valor:
        return "unknown"
    return GENEROS.get(pacientes_service.texto_busqueda(valor).strip(), "unknown")


def a_fhir(p) -> dict:
    """A Patient from a patient row (or a Paciente)."""
    recurso = {"resourceType": "Patient", "id": str(p.id)}
    if p.tipo_documento and p.numero_documento:
        recurso["identifier"] = [{"use": "official", "type": {"text": p.tipo_documento},
                                  "system": sistema_documento(p.tipo_documento), "value": p.numero_documento}]
    recurso["active"] = bool(p.activo)
    recurso["name"] = [nombre_humano(p.nombre, p.apellido)]
    telecom = contactos(p.telefono, p.email)
    if telecom:
        recurso["telecom"] = telecom
    recurso["gender"] = genero(p.genero)
    recurso["birthDate"] = p.fecha_nacimiento.isoformat()
    if p.direccion:
        recurso["address"] = [{"text": p.direccion}]
    if p.contacto_emergencia_nombre or p.contacto_emergencia_telefono:
        contacto = {"relationship": [RELACION_EMERGENCIA]}
        if p.contacto_emergencia_nombre:
            contacto["name"] = {"text": p.contacto_emergencia_nombre}
        if p.contacto_emergencia_telefono:
            contacto["telecom"] = [{"system": "phone", "value": p.contacto_emergencia_telefono}]
        recurso["contact"] = [contacto]
    if p.fusionado_con_id:  # merged into another record (fusion_pacientes): that one is the person now
        recurso["link"] = [{"other": ref("Patient", p.fusionado_con_id), "type": "replaced-by"}]
    return recurso


def leer(alcance, paciente_id) -> dict:
    """Patient/{id}: the same read (and audit) as GET /api/pacientes/{id}."""
    return a_fhir(pacientes_service.leer(alcance, paciente_id))


def _condiciones(name, identifier, birthdate):
    condiciones = []
    if name is not None:
        # The patients' search matching (pacientes_service.listar): every word, accents and case ignored,
        # anywhere in the normalised "nombre apellido" (trigram index).
        palabras = pacientes_service.texto_busqueda(name).split()
        if not palabras:
            raise Invalido({"name": ["Indique al menos una palabra del nombre."]})
        condiciones += [Paciente.busqueda.like(contiene(palabra)) for palabra in palabras]
    if identifier is not None:
        sistema, valor = busqueda.identificador(identifier)
        if not valor.strip():
            raise Invalido({"identifier": ["Indique el número de documento."]})
        condiciones.append(Paciente.numero_documento_hash == blind_index(valor))
        if sistema is not None:
            tipo = tipo_de_sistema(sistema)
            if tipo is None:
                raise Invalido({"identifier": ["Sistema desconocido: use urn:clinica-erp:doc:{TIPO} (p. ej. "
                                               "urn:clinica-erp:doc:INE)."]})
            condiciones.append(Paciente.tipo_documento == tipo)
    for texto in birthdate or ():
        rango = busqueda.rango_de_fecha(texto, "birthdate")
        if rango.instante:
            dia = rango.desde.date()  # a birth date has no time: the day of the instant given
            rango = rango._replace(desde=dia, hasta=dia + timedelta(days=1))
        condiciones.append(busqueda.condicion_de_fecha(Paciente.fecha_nacimiento, rango))
    return condiciones


def buscar(alcance, pagina, *, name=None, identifier=None, birthdate=None):
    """Patient?name=&identifier=&birthdate= (all given must hold), alphabetical: (resources, total or None,
    whether more follow). Audited as the patients' search: the ids shown, never the values searched."""
    condiciones = _condiciones(name, identifier, birthdate)
    filas, total, hay_mas = busqueda.pagina_de(
        select(*COLUMNAS).where(*condiciones).order_by(Paciente.apellido, Paciente.nombre, Paciente.id),
        select(Paciente.id).where(*condiciones), pagina)
    auditoria_service.registrar("pacientes_listados", usuario=alcance.usuario, entidad="paciente",
                                detalle={"ids": [f.id for f in filas], "busqueda": bool(condiciones), "fhir": True})
    return [a_fhir(f) for f in filas], total, hay_mas
