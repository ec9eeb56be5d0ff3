"""Patients: create, read, edit, deactivate, search, the patient's lists and the data export.

Every read and write is audited (app.services.auditoria_service). Duplicates are refused by the
database (uq_pacientes_documento on the document's blind index, uq_pacientes_email).
"""
import functools
import re
import unicodedata
from datetime import date
from typing import NamedTuple

from sqlalchemy import and_, bindparam, func, literal_column, or_, select
from sqlalchemy.dialects.postgresql import psycopg2
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (Auditoria, CambioEstadoCita, Cita, Factura, HistorialMedico, ItemPlan, Paciente, PlanTratamiento,
                        RegistroOdontograma)
from app.schemas.paciente import normalizar_telefono
from app.services.lecturas import registrar_lectura
from app.services import auditoria_service, citas_service
from app.services.fusion_pacientes import FUSIONADO, ids_del_paciente
from app.utils.crypto import blind_index
from app.utils.pagination import TOPE_CONTEO, page_of, paginar_acotado
from app.utils.errors import Conflicto, Invalido, NoEncontrado, Prohibido, register_constraint, translate_integrity_error
from app.utils.sql import contiene, ejecutar

DUPLICADO = "PACIENTE_DUPLICADO"
RESTRICCIONES_DUPLICADO = {
    "uq_pacientes_documento": "Ya existe un paciente con ese tipo y número de documento",
    "uq_pacientes_email": "Ya existe un paciente con ese correo electrónico",
}
for _nombre, _mensaje in RESTRICCIONES_DUPLICADO.items():
    register_constraint(_nombre, DUPLICADO, _mensaje)

# Above this estimate a name is too common to rank every match (see listar): ranking costs ~12 ms of SQL per
# 1,000 matches at 1M patients (docs/pacientes.md).
ESTIMACION_COMUN = 1000
# Rows a common-name page looks ahead, to tell the client how many more there are at least.
MIRADA = 100
_TELEFONO_Q = re.compile(r"^\+?[0-9 ().\-]{6,}$")


# --- reading ------------------------------------------------------------------------------------

# By primary key, built once: ``session.get`` builds and annotates its statement and computes its cache key on
# every call, ~110 µs of CPU per load (docs/performance.md, issue 23 «Quinta pasada»). The session
# keeps one object per row either way: a patient already loaded in this request comes back as that object.
_POR_ID = select(Paciente).where(Paciente.id == bindparam("paciente_id"))


def cargar(paciente_id):
    """The patient, or 404, without an audit row (callers audit their own read, e.g. FHIR's $everything)."""
    paciente = db.session.execute(_POR_ID, {"paciente_id": paciente_id}).scalar_one_or_none()
    if paciente is None:
        raise NoEncontrado("El paciente no existe")
    return paciente


def texto_busqueda(texto):
    """The normalisation of medical.nombre_busqueda (lower case, no accents), done here so that the
    planner sees constant patterns and can estimate how many patients match."""
    sin_marcas = unicodedata.normalize("NFKD", texto)
    return "".join(c for c in sin_marcas if not unicodedata.combining(c)).lower()


def _es_identificador(q):
    """Names carry no digits nor '@': such a query is a document number, a phone or an email."""
    return "@" in q or any(c.isdigit() for c in q)


def _es_documento(q):
    """Whether ``q`` is, whole, the document number of some patient (one indexed probe)."""
    return db.session.scalar(select(Paciente.id).where(Paciente.numero_documento_hash == blind_index(q)).limit(1)) \
        is not None


def busqueda_mixta(q, anio_actual):
    """A query of name words and one number (API.md "Patients", docs/agenda.md "Búsqueda mixta"): → (the name
    words, ("anio", year)) when the number has 4 digits and is a year from 1900 to ``anio_actual``, (words,
    ("telefono", digits)) for the last 4 or more digits of a phone, else None (a document, phone or email lookup)."""
    partes = q.split()
    numeros = [p for p in partes if p.isascii() and p.isdigit()]  # "²²²²" is not a number to search by
    palabras = [p for p in partes if p not in numeros]
    if len(numeros) != 1 or not palabras or any(_es_identificador(p) for p in palabras):
        return None
    numero = numeros[0]
    if len(numero) == 4 and 1900 <= int(numero) <= anio_actual:
        return palabras, ("anio", int(numero))
    if len(numero) >= 4:
        return palabras, ("telefono", numero)
    return None


# --- the search statements, built once per shape ------------------------------------------------------

_ALFABETICO = (Paciente.apellido, Paciente.nombre, Paciente.id)
_IDENTIFICADORES = {
    "documento": Paciente.numero_documento_hash == bindparam("documento"),
    "email": Paciente.email == bindparam("email"),
    "telefono": Paciente.telefono == bindparam("telefono"),
}


class _Forma(NamedTuple):
    """What a search's statements depend on, apart from the values bound to them."""
    palabras: int = 0  # name words, bound as p0, p1…
    anio: bool = False  # born in a year: nac_desde <= fecha_nacimiento < nac_hasta
    telefono_final: bool = False  # the phone ends with the digits: tel4 (its last four, indexed) and tel_sufijo
    identificadores: tuple = ()  # keys of _IDENTIFICADORES, any of which may match
    con_activo: bool = False
    por_parecido: bool = False  # ranked by similarity to ``texto``


class _Sentencias(NamedTuple):
    pagina: object
    conteo: object
    estimacion: object


def _valores_identificador(q):
    valores = {"documento": blind_index(q)}
    if "@" in q:
        valores["email"] = q.lower()
    if _TELEFONO_Q.match(q):
        valores["telefono"] = normalizar_telefono(q)
    return valores


@functools.cache
def _sentencias(forma):
    """The statements of a search shape, with every value a bound parameter, built once per process: a search
    then binds values instead of building and hashing a statement (~1.3 ms of CPU per request).

    ``pagina`` reads the matching ids in order from position :inicio, :limite of them, counts them, and
    returns the data of those up to position :fin; ``conteo`` counts up to :tope matches; ``estimacion``
    is what the planner is asked to estimate.
    """
    condiciones = [Paciente.busqueda.like(bindparam(f"p{i}")) for i in range(forma.palabras)]
    if forma.anio:
        condiciones += [Paciente.fecha_nacimiento >= bindparam("nac_desde"),
                        Paciente.fecha_nacimiento < bindparam("nac_hasta")]
    if forma.telefono_final:
        # right(telefono, 4) is ix_pacientes_telefono_final's expression (a literal 4, for the planner to match it)
        condiciones += [func.right(Paciente.telefono, literal_column("4")) == bindparam("tel4"),
                        Paciente.telefono.like(bindparam("tel_sufijo"))]
    if forma.identificadores:
        condiciones.append(or_(*(_IDENTIFICADORES[k] for k in forma.identificadores)))
    if forma.con_activo:
        condiciones.append(Paciente.activo == bindparam("activo"))
    orden = _ALFABETICO
    if forma.por_parecido:
        orden = (func.similarity(Paciente.busqueda, bindparam("texto")).desc(), *orden)
    vistos = (select(Paciente.id, func.row_number().over(order_by=orden).label("n"))
              .where(*condiciones).order_by(*orden).offset(bindparam("inicio")).limit(bindparam("limite"))
              .cte("vistos"))
    contados = select(func.count()).select_from(vistos).scalar_subquery()
    pagina = (select(*_COLUMNAS_PACIENTE, contados.label("contados"))
              .join_from(vistos, Paciente, Paciente.id == vistos.c.id)
              .where(vistos.c.n <= bindparam("fin")).order_by(vistos.c.n))
    conteo = select(func.count()).select_from(select(Paciente.id).where(*condiciones).limit(bindparam("tope")).subquery())
    estimacion = select(Paciente.id).where(*condiciones).compile(dialect=psycopg2.dialect())
    return _Sentencias(pagina, conteo, estimacion)


def _estimacion(sentencias, valores):
    """The planner's estimate of how many patients match (EXPLAIN; nothing is read).
    psycopg2 sends the values inline, so the planner estimates with the real patterns."""
    compilada = sentencias.estimacion
    plan = db.session.connection().exec_driver_sql(f"EXPLAIN (FORMAT JSON) {compilada}",
                                                   compilada.construct_params(valores)).scalar()
    return plan[0]["Plan"]["Plan Rows"]


# What PacienteSchema shows, read as plain rows for the lists and the detail (_paciente_json).
_COLUMNAS_PACIENTE = (
    Paciente.id, Paciente.nombre, Paciente.apellido, Paciente.fecha_nacimiento, Paciente.genero,
    Paciente.tipo_documento, Paciente.numero_documento, Paciente.telefono, Paciente.email, Paciente.direccion,
    Paciente.alergias, Paciente.contacto_emergencia_nombre, Paciente.contacto_emergencia_telefono,
    Paciente.fecha_registro, Paciente.activo, Paciente.acepta_recordatorios, Paciente.canal_preferido,
    Paciente.origen, Paciente.fusionado_con_id,
)


def _paciente_json(fila, con_alergias):
    """A row of _COLUMNAS_PACIENTE as PacienteSchema dumps it. Lists and the detail are built from rows rather than ORM
    objects dumped by marshmallow (a third of a search's time, 10 % of a detail's instructions);
    tests/test_pacientes_busqueda.py checks that both agree with the schema."""
    paciente = {columna.key: fila[i] for i, columna in enumerate(_COLUMNAS_PACIENTE)}
    paciente["fecha_nacimiento"] = fila.fecha_nacimiento.isoformat()
    paciente["fecha_registro"] = fila.fecha_registro.isoformat() if fila.fecha_registro else None
    if not con_alergias:
        del paciente["alergias"]
    return paciente


_FILA_POR_ID = select(*_COLUMNAS_PACIENTE).where(Paciente.id == bindparam("paciente_id"))


def leer(alcance, paciente_id):
    """The patient's row (the columns of _COLUMNAS_PACIENTE), or 404; the read is audited. GET /api/pacientes/{id} and
    FHIR's Patient/{id} answer from it."""
    fila = ejecutar(_FILA_POR_ID, {"paciente_id": paciente_id}).first()
    if fila is None:
        raise NoEncontrado("El paciente no existe")
    auditoria_service.registrar("paciente_consultado", usuario=alcance.usuario, entidad="paciente", entidad_id=fila.id,
                                paciente_id=fila.id)
    return fila


def detalle(alcance, paciente_id):
    """A patient as PacienteSchema shows them, without ``alergias`` for who may not see clinical content."""
    return _paciente_json(leer(alcance, paciente_id), alcance.ve_datos_clinicos)


def _pagina(sentencias, valores, page, per_page, hasta, con_alergias):
    """One page of a search, as the list answer, in one statement.

    The matching ids are read in order from the page's first position up to position ``hasta`` + 1 and
    counted, so ``total`` is exact when the matches end by ``hasta`` and ``hasta`` + 1 (a lower bound that
    still announces a further page) otherwise; only the page's own rows are read whole.
    """
    inicio = (page - 1) * per_page
    filas = ejecutar(sentencias.pagina, {**valores, "inicio": inicio,
                                         "limite": hasta + 1 - inicio, "fin": inicio + per_page}).all()
    if filas:
        total = inicio + filas[0].contados
    elif page == 1:
        total = 0
    else:  # past the last page: how many there are, still counted no further than ``hasta`` + 1
        total = ejecutar(sentencias.conteo, {**valores, "tope": hasta + 1}).scalar()
    return page_of([_paciente_json(fila, con_alergias) for fila in filas], total, page, per_page)


def listar(alcance, *, page, per_page, q=None, activo=None):
    """Search by name (accent/case-insensitive, any order, partial words), document, email or phone; name words
    with a birth year ("garcia 1985") or a phone's last digits ("perez 5678") narrow the name (busqueda_mixta).

    A specific name (at most ESTIMACION_COMUN estimated matches) is served by the trigram index and
    ranked best match first; a very common one is read alphabetically from the covering b-tree, looking
    MIRADA rows past the page instead of ranking and counting a hundred thousand patients
    (docs/pacientes.md). Other lists count up to TOPE_CONTEO matches.
    """
    q = (q or "").strip()
    valores = {} if activo is None else {"activo": activo}
    forma = _Forma(con_activo=activo is not None)
    hasta = max(TOPE_CONTEO, page * per_page)
    mixta = busqueda_mixta(q, alcance.ahora.year) if q else None
    if mixta and _es_documento(q):
        mixta = None  # "12345678 Z", "CC 1020304050": a document typed with a space keeps its exact lookup
    if mixta:
        palabras, (tipo, valor) = mixta
        if tipo == "anio":
            valores |= {"nac_desde": date(valor, 1, 1), "nac_hasta": date(valor + 1, 1, 1)}
            forma = forma._replace(anio=True)
        else:
            valores |= {"tel4": valor[-4:], "tel_sufijo": f"%{valor}"}
            forma = forma._replace(telefono_final=True)
        q = " ".join(palabras)
    if q and _es_identificador(q):
        valores |= _valores_identificador(q)
        forma = forma._replace(identificadores=tuple(k for k in _IDENTIFICADORES if k in valores))
    elif q:
        texto = texto_busqueda(q)
        palabras = texto.split()
        valores |= {f"p{i}": contiene(palabra) for i, palabra in enumerate(palabras)}
        forma = forma._replace(palabras=len(palabras))
        if _estimacion(_sentencias(forma), valores) > ESTIMACION_COMUN:
            hasta = page * per_page + MIRADA
        else:
            forma, valores["texto"] = forma._replace(por_parecido=True), texto
    pagina = _pagina(_sentencias(forma), valores, page, per_page, hasta, alcance.ve_datos_clinicos)
    # The search text may be a document number: only the ids shown are recorded, never ``q``.
    auditoria_service.registrar("pacientes_listados", usuario=alcance.usuario, entidad="paciente",
                                detalle={"ids": [p["id"] for p in pagina["items"]], "busqueda": bool(q)})
    return pagina


# --- writing ------------------------------------------------------------------------------------

def normalizar(datos):
    if "email" in datos and datos["email"] is not None:
        datos["email"] = datos["email"].strip().lower()
    if "numero_documento" in datos:
        datos["numero_documento_hash"] = blind_index(datos["numero_documento"])
    return datos


def _guardar(paciente, cambios):
    """Apply ``cambios`` and flush inside a savepoint; a unique violation becomes 409 PACIENTE_DUPLICADO
    carrying the id of the patient that already holds the document or the email."""
    final = {campo: cambios.get(campo, getattr(paciente, campo))
             for campo in ("email", "tipo_documento", "numero_documento_hash")}
    propio = paciente.id
    try:
        # begin_nested() flushes what is pending first, so the changes are made inside the savepoint.
        with db.session.begin_nested():
            for campo, valor in cambios.items():
                setattr(paciente, campo, valor)
            if propio is None:
                db.session.add(paciente)
            db.session.flush()
    except IntegrityError as exc:
        error = translate_integrity_error(exc)
        if error is None or error.reason != DUPLICADO:
            raise
        nombre = exc.orig.diag.constraint_name
        if nombre == "uq_pacientes_email":
            condicion = Paciente.email == final["email"]
        else:
            condicion = and_(Paciente.tipo_documento == final["tipo_documento"],
                             Paciente.numero_documento_hash == final["numero_documento_hash"])
        if propio is not None:
            condicion = and_(condicion, Paciente.id != propio)
        existente = db.session.scalar(select(Paciente.id).where(condicion))
        raise Conflicto(DUPLICADO, RESTRICCIONES_DUPLICADO[nombre], existente_id=existente) from None


def crear(alcance, **datos):
    datos = normalizar(datos)
    paciente = Paciente(activo=True)
    _guardar(paciente, datos)
    auditoria_service.registrar("paciente_creado", usuario=alcance.usuario, entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id, detalle={"campos": sorted(datos.keys() - {"numero_documento_hash"})})
    return paciente


def editar(alcance, paciente_id, **cambios):
    paciente = cargar(paciente_id)
    if "activo" in cambios and cambios["activo"] != paciente.activo and not alcance.es_admin:
        raise Prohibido("Solo un Administrador puede activar o desactivar pacientes")
    if cambios.get("activo") and paciente.fusionado_con_id is not None:
        raise Conflicto(FUSIONADO, f"El paciente fue fusionado con el paciente {paciente.fusionado_con_id}: no se "
                                   "puede reactivar", fusionado_con_id=paciente.fusionado_con_id)
    cambios = normalizar(cambios)
    tipo = cambios.get("tipo_documento", paciente.tipo_documento)
    numero = cambios.get("numero_documento", paciente.numero_documento)
    if bool(tipo) != bool(numero):
        campo = "tipo_documento" if numero else "numero_documento"
        raise Invalido({campo: ["El tipo y el número de documento van juntos."]})
    _guardar(paciente, cambios)
    auditoria_service.registrar("paciente_modificado", usuario=alcance.usuario, entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id,
                                detalle={"campos": sorted(cambios.keys() - {"numero_documento_hash"})})
    return paciente


def desactivar(alcance, paciente_id):
    paciente = cargar(paciente_id)
    paciente.activo = False
    db.session.flush()
    auditoria_service.registrar("paciente_desactivado", usuario=alcance.usuario, entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id)


# --- the patient's lists ------------------------------------------------------------------------

def _citas_stmt(paciente_id):
    return (select(Cita).where(Cita.paciente_id == paciente_id)
            .options(joinedload(Cita.paciente), joinedload(Cita.medico), joinedload(Cita.sucursal)))


def citas(alcance, paciente_id, *, page, per_page):
    """Appointments of the patient inside the caller's scope (API.md "Appointments")."""
    paciente = cargar(paciente_id)
    return citas_service.listar(alcance, page=page, per_page=per_page, paciente_id=paciente.id,
                                accion="paciente_citas_consultadas")


def _facturas_stmt(paciente_id):
    # with the invoices kept under the patients merged into this one (fusion_pacientes)
    return (select(Factura).where(Factura.paciente_id.in_(ids_del_paciente(paciente_id)))
            .options(joinedload(Factura.paciente), selectinload(Factura.detalles), selectinload(Factura.pagos),
                     selectinload(Factura.factura_rectificada)))


def facturas(alcance, paciente_id, *, page, per_page):
    paciente = cargar(paciente_id)
    stmt = _facturas_stmt(paciente.id).order_by(Factura.fecha_emision.desc(), Factura.id.desc())
    pagina = paginar_acotado(alcance.filtrar_facturas(stmt), page, per_page)
    registrar_lectura(alcance, "paciente_facturas_consultadas", "factura", (f.id for f in pagina["items"]),
                      paciente_id=paciente.id)
    return pagina


# --- data portability ---------------------------------------------------------------------------

def exportar(alcance, paciente_id):
    """Everything stored about the patient (Administrador): a dict of model objects, dumped by the route."""
    paciente = cargar(paciente_id)
    lista_citas = db.session.scalars(_citas_stmt(paciente.id).order_by(Cita.fecha, Cita.hora_inicio, Cita.id)).unique().all()
    cambios = db.session.scalars(
        select(CambioEstadoCita).join(Cita, Cita.id == CambioEstadoCita.cita_id)
        .where(Cita.paciente_id == paciente.id).order_by(CambioEstadoCita.id)).all()
    lista_facturas = db.session.scalars(_facturas_stmt(paciente.id).order_by(Factura.id)).all()
    historial = db.session.scalars(
        select(HistorialMedico).where(HistorialMedico.paciente_id.in_(ids_del_paciente(paciente.id)))
        .options(selectinload(HistorialMedico.adendas)).order_by(HistorialMedico.fecha, HistorialMedico.id)).all()
    odontograma = db.session.scalars(
        select(RegistroOdontograma).where(RegistroOdontograma.paciente_id.in_(ids_del_paciente(paciente.id)))
        .options(selectinload(RegistroOdontograma.hallazgos), joinedload(RegistroOdontograma.medico))
        .order_by(RegistroOdontograma.fecha, RegistroOdontograma.id)).all()
    planes = db.session.scalars(
        select(PlanTratamiento).where(PlanTratamiento.paciente_id.in_(ids_del_paciente(paciente.id)))
        .options(selectinload(PlanTratamiento.items).joinedload(ItemPlan.servicio), joinedload(PlanTratamiento.medico),
                 joinedload(PlanTratamiento.sucursal))
        .order_by(PlanTratamiento.id)).unique().all()
    accesos = db.session.scalars(
        select(Auditoria).where(Auditoria.paciente_id.in_(ids_del_paciente(paciente.id))).order_by(Auditoria.id)).all()
    auditoria_service.registrar("paciente_exportado", usuario=alcance.usuario, entidad="paciente", entidad_id=paciente.id,
                                paciente_id=paciente.id)
    return {"paciente": paciente, "citas": lista_citas, "cambios_estado_citas": cambios, "facturas": lista_facturas,
            "historial": historial, "odontograma": odontograma, "planes": planes, "auditoria": accesos}
