"""FHIR R4 read-only interface (docs/fhir.md): application/fhir+json answers built by app/services/fhir; errors
are OperationOutcome resources (app/utils/errors.py renders every error under /api/fhir so)."""
import orjson
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from sqlalchemy import select

from app.extensions import confirmar_sin_recargar, db
from app.models import ConfiguracionClinica
from app.schemas.fhir import CitaFhirArgs, PacienteFhirArgs
from app.services.fhir import busqueda, capacidad, cita, paquetes, paciente, profesional, todo
from app.services.fhir.comun import FHIR_JSON
from app.services.limite_publico import limitar
from app.utils.auth import admin_required, alcance_actual, login_required
from app.utils.conexiones import lee_de_replica

blp = Blueprint("fhir", __name__, url_prefix="/api/fhir", description="FHIR R4 (solo lectura)")

RECURSO = {"type": "object", "required": ["resourceType"], "properties": {"resourceType": {"type": "string"}}}
_RESULTADO = {"content": {FHIR_JSON: {"schema": RECURSO}}}


def _errores(*estados):
    """Document the OperationOutcome answers of an operation (role_required keeps these for its 401/403)."""

    def decorador(fn):
        respuestas = fn.__dict__.setdefault("_apidoc", {}).setdefault("manual_doc", {}).setdefault("responses", {})
        for estado in estados:
            respuestas[estado] = {"description": "OperationOutcome", **_RESULTADO}
        return fn

    return decorador


def _fhir(recurso, status=200):
    return Response(orjson.dumps(recurso), status=status, mimetype=FHIR_JSON)


def _base():
    return request.url_root.rstrip("/") + blp.url_prefix


def _parametros(args, *nombres):
    """The search's own parameters, as the client gave them, for the paging links."""
    return {n: args[n] for n in nombres if args.get(n) is not None}


def _searchset(recursos, total, hay_mas, args, pagina, *nombres):
    url = request.base_url
    enlaces = paquetes.enlaces_de_pagina(url, _parametros(args, *nombres), pagina.inicio, pagina.cuantos, total,
                                         hay_mas)
    return paquetes.searchset(_base(), [(r, "match") for r in recursos], total=total, enlaces=enlaces)


def _buscar(buscar, args, *parametros):
    """A search interaction: the page asked for, the service's (audited) search by ``parametros``, the searchset."""
    pagina = busqueda.pagina(args)
    recursos, total, hay_mas = buscar(alcance_actual(), pagina, **{nombre: args.get(nombre) for nombre in parametros})
    confirmar_sin_recargar()
    return _fhir(_searchset(recursos, total, hay_mas, args, pagina, *parametros))


@blp.route("/metadata")
class Metadata(MethodView):
    @limitar("fhir_metadata")
    @_errores(429)
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="CapabilityStatement")
    def get(self):
        """Declaración de capacidades (CapabilityStatement): recursos, interacciones y parámetros de búsqueda."""
        nombre = db.session.scalar(select(ConfiguracionClinica.nombre))
        return _fhir(capacidad.declaracion(_base(), nombre))


@blp.route("/Patient")
class Pacientes(MethodView):
    @login_required
    @_errores(401, 422)
    @blp.arguments(PacienteFhirArgs, location="query")
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="Bundle searchset de Patient")
    def get(self, args):
        """Buscar pacientes por nombre, identificador (documento) y fecha de nacimiento (como /api/pacientes)."""
        return _buscar(paciente.buscar, args, "name", "identifier", "birthdate")


@blp.route("/Patient/<int:paciente_id>")
class PacienteDetalle(MethodView):
    @login_required
    @_errores(401, 404)
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="Patient")
    def get(self, paciente_id):
        """Un paciente como recurso Patient (lectura auditada como GET /api/pacientes/{id})."""
        recurso = paciente.leer(alcance_actual(), paciente_id)
        confirmar_sin_recargar()
        return _fhir(recurso)


@blp.route("/Patient/<int:paciente_id>/$everything")
class PacienteTodo(MethodView):
    @admin_required
    @_errores(401, 403, 404)
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="Bundle con todo lo del paciente")
    @lee_de_replica
    def get(self, paciente_id):
        """Todo lo del paciente: Patient, Appointment, Encounter (historial), Condition (odontograma), Invoice y
        los Practitioner y Location a los que apuntan (solo Administrador; lectura auditada)."""
        recursos = todo.todo(alcance_actual(), paciente_id)
        confirmar_sin_recargar()
        return _fhir(paquetes.searchset(_base(), recursos, total=1))


@blp.route("/Practitioner/<int:medico_id>")
class Profesional(MethodView):
    @login_required
    @_errores(401, 404)
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="Practitioner")
    def get(self, medico_id):
        """Un médico como recurso Practitioner (con su especialidad)."""
        return _fhir(profesional.leer(medico_id))


@blp.route("/Appointment")
class Citas(MethodView):
    @login_required
    @_errores(401, 422)
    @blp.arguments(CitaFhirArgs, location="query")
    @blp.response(200, RECURSO, content_type=FHIR_JSON, description="Bundle searchset de Appointment")
    def get(self, args):
        """Buscar citas por paciente, médico y fecha, dentro del alcance del usuario (como /api/citas)."""
        return _buscar(cita.buscar, args, "patient", "practitioner", "date")
