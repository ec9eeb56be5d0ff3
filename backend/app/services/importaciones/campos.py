"""The fields each kind of import fills, the header names that suggest them, and the check of a column map."""
import re

from app.services.pacientes_service import texto_busqueda
from app.utils.errors import Invalido

# (field, label, required)
CAMPOS = {
    "pacientes": [
        ("nombre", "Nombre", True),
        ("apellido", "Apellido", True),
        ("fecha_nacimiento", "Fecha de nacimiento", True),
        ("genero", "Género", False),
        ("tipo_documento", "Tipo de documento", False),
        ("numero_documento", "Número de documento", False),
        ("telefono", "Teléfono", False),
        ("email", "Correo electrónico", False),
        ("direccion", "Dirección", False),
        ("alergias", "Alergias", False),
        ("contacto_emergencia_nombre", "Contacto de emergencia", False),
        ("contacto_emergencia_telefono", "Teléfono de emergencia", False),
        ("acepta_recordatorios", "Acepta recordatorios", False),
    ],
    "citas": [
        ("paciente_documento", "Documento del paciente", False),
        ("paciente_email", "Correo del paciente", False),
        ("paciente_nombre", "Nombre del paciente", False),
        ("paciente_apellido", "Apellido del paciente", False),
        ("paciente_fecha_nacimiento", "Fecha de nacimiento del paciente", False),
        ("medico", "Médico (correo o nombre y apellido)", False),
        ("sucursal", "Sucursal", False),
        ("fecha", "Fecha", True),
        ("hora_inicio", "Hora de inicio", True),
        ("hora_fin", "Hora de fin", False),
        ("motivo", "Motivo", False),
    ],
}

# Header names (normalised: no accents, lower case, punctuation as spaces) that suggest each field.
_DOCUMENTOS = ("dni", "curp", "ine", "nif", "nie", "rut", "run", "cuil", "cuit", "ci", "cedula", "pasaporte",
               "passport", "rfc", "nss", "dpi", "cui", "ssn")
_SINONIMOS = {
    "pacientes": {
        "nombre": ("nombre", "nombres", "nombre s", "primer nombre", "name", "first name", "firstname", "given name",
                   "forename", "nombre paciente", "nombre del paciente"),
        "apellido": ("apellido", "apellidos", "apellido s", "primer apellido", "apellido paterno", "last name",
                     "lastname", "surname", "family name", "apellidos paciente"),
        "fecha_nacimiento": ("fecha de nacimiento", "fecha nacimiento", "f nac", "fnac", "f nacimiento",
                             "fecha nac", "nacimiento", "nacido", "birthdate", "birth date", "date of birth",
                             "dob", "birthday", "cumpleanos", "fec nac"),
        "genero": ("genero", "sexo", "gender", "sex"),
        "tipo_documento": ("tipo de documento", "tipo documento", "tipo doc", "tipo de identificacion",
                           "tipo identificacion", "document type", "id type", "tipo id"),
        "numero_documento": ("documento", "numero de documento", "numero documento", "num documento",
                             "no documento", "n documento", "nro documento", "doc", "document", "document number",
                             "id number", "identificacion", "numero de identificacion", "no de documento")
                            + _DOCUMENTOS,
        "telefono": ("telefono", "tel", "telefono movil", "telefono celular", "celular", "movil", "cel",
                     "phone", "phone number", "mobile", "mobile phone", "cell", "cell phone", "telephone",
                     "whatsapp", "numero de telefono"),
        "email": ("correo", "correo electronico", "email", "e mail", "mail", "email address", "e mail address"),
        "direccion": ("direccion", "domicilio", "address", "street address", "calle"),
        "alergias": ("alergias", "alergia", "allergies", "allergy"),
        "contacto_emergencia_nombre": ("contacto de emergencia", "contacto emergencia", "emergency contact",
                                       "emergency contact name", "nombre contacto emergencia",
                                       "nombre del contacto de emergencia"),
        "contacto_emergencia_telefono": ("telefono de emergencia", "telefono emergencia",
                                         "telefono contacto emergencia", "telefono del contacto de emergencia",
                                         "emergency phone", "emergency contact phone"),
        "acepta_recordatorios": ("acepta recordatorios", "recordatorios", "reminders", "accepts reminders",
                                 "acepta mensajes"),
    },
    "citas": {
        "paciente_documento": ("documento", "documento paciente", "documento del paciente", "numero de documento",
                               "paciente documento", "document", "patient document", "patient id")
                              + _DOCUMENTOS,
        "paciente_email": ("correo", "correo paciente", "correo del paciente", "email", "e mail", "patient email",
                           "correo electronico"),
        "paciente_nombre": ("nombre", "nombre paciente", "nombre del paciente", "paciente", "first name",
                            "patient first name", "name"),
        "paciente_apellido": ("apellido", "apellidos", "apellido paciente", "apellidos del paciente", "last name",
                              "surname", "patient last name"),
        "paciente_fecha_nacimiento": ("fecha de nacimiento", "fecha nacimiento", "f nac", "fnac", "nacimiento",
                                      "birthdate", "birth date", "date of birth", "dob"),
        "medico": ("medico", "doctor", "doctora", "dr", "dra", "profesional", "especialista", "medico tratante",
                   "practitioner", "physician", "odontologo", "dentista"),
        "sucursal": ("sucursal", "sede", "clinica", "consultorio", "branch", "location", "centro"),
        "fecha": ("fecha", "fecha cita", "fecha de la cita", "dia", "date", "appointment date"),
        "hora_inicio": ("hora", "hora inicio", "hora de inicio", "inicio", "desde", "start", "start time", "time",
                        "hora cita"),
        "hora_fin": ("hora fin", "hora de fin", "fin", "hasta", "end", "end time", "hora final", "termina"),
        "motivo": ("motivo", "motivo de consulta", "razon", "reason", "asunto", "concepto", "servicio"),
    },
}


def normalizar_cabecera(texto):
    """'F. Nac.' → 'f nac'; 'Teléfono' → 'telefono'; 'E-mail' → 'e mail' (accents and case as the patient
    search drops them)."""
    sin_marcas = texto_busqueda(texto or "")
    return " ".join(re.sub(r"[^0-9a-z]+", " ", sin_marcas).split())


def _indice(tipo):
    indice = {}
    for campo, nombres in _SINONIMOS[tipo].items():
        for nombre in nombres:
            indice.setdefault(nombre, campo)
            indice.setdefault(nombre.replace(" ", ""), campo)
    return indice


_INDICES = {tipo: _indice(tipo) for tipo in _SINONIMOS}


def sugerir(tipo, columnas):
    """{column: field or None}: a column whose name is a known name of a field, each field to one column (the
    first). A name that is not known as a whole is tried without a trailing word ("Teléfono 1", "Email paciente")."""
    indice = _INDICES[tipo]
    usados = set()
    sugerencias = {}
    for columna in columnas:
        clave = normalizar_cabecera(columna)
        palabras = clave.split()
        candidatos = [clave, clave.replace(" ", "")]
        if len(palabras) > 1:
            candidatos += [" ".join(palabras[:-1]), " ".join(palabras[1:])]
        campo = next((indice[c] for c in candidatos if c in indice and indice[c] not in usados), None)
        sugerencias[columna] = campo
        if campo:
            usados.add(campo)
    return sugerencias


def tipo_documento_de(columna):
    """The document type a column's name states ("DNI", "CURP", "Cédula"…), as the name is written (trimmed), or
    None. Only recognising it ignores accents and case: the type stored is what the clinic wrote, as the
    reception would type it."""
    return columna.strip() if normalizar_cabecera(columna) in _DOCUMENTOS else None


def campos(tipo):
    return [{"campo": c, "etiqueta": e, "obligatorio": o} for c, e, o in CAMPOS[tipo]]


def validar_mapa(tipo, mapa, columnas):
    """The map without its ignored columns ({column: field}), or 422 errors.mapa: a column the file does not
    have, an unknown field, a field mapped twice, a required field unmapped."""
    if not isinstance(mapa, dict):
        raise Invalido({"mapa": ["Debe ser un objeto JSON {columna: campo}."]})
    conocidos = {c for c, _, _ in CAMPOS[tipo]}
    errores = []
    limpio = {}
    for columna, campo in mapa.items():
        if campo in (None, ""):
            continue
        if columna not in columnas:
            errores.append(f"El archivo no tiene la columna «{columna}».")
        elif not isinstance(campo, str) or campo not in conocidos:
            errores.append(f"Campo desconocido para la columna «{columna}»: {campo}.")
        elif campo in limpio.values():
            errores.append(f"El campo {campo} está asignado a más de una columna.")
        else:
            limpio[columna] = campo
    asignados = set(limpio.values())
    for campo, etiqueta, obligatorio in CAMPOS[tipo]:
        if obligatorio and campo not in asignados:
            errores.append(f"Falta asignar una columna al campo obligatorio {campo} ({etiqueta}).")
    if tipo == "pacientes" and "numero_documento" in asignados and "tipo_documento" not in asignados:
        columna = next(c for c, f in limpio.items() if f == "numero_documento")
        if tipo_documento_de(columna) is None:
            errores.append("Asigne también la columna del tipo de documento, o nombre la columna del número con "
                           "el tipo (DNI, CURP, INE…).")
    if tipo == "citas" and not ({"paciente_documento", "paciente_email"} & asignados
                                or {"paciente_nombre", "paciente_apellido", "paciente_fecha_nacimiento"} <= asignados):
        errores.append("Asigne la columna que identifica al paciente: paciente_documento, paciente_email o "
                       "paciente_nombre, paciente_apellido y paciente_fecha_nacimiento.")
    if errores:
        raise Invalido({"mapa": errores})
    return limpio
