"""Imports of patients and future appointments (Administrador): preview a file, queue an import (the worker runs
it), follow it, download its errors. Uploads are multipart and may be up to 20 MiB (the rest of the API: 1 MiB)."""
from flask import Response, request
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import ValidationError

from app.extensions import confirmar_sin_recargar
from app.schemas.importaciones import (DOC_IMPORTAR, DOC_PREVISUALIZAR, MAX_ARCHIVO, ImportacionCreadaSchema,
                                       ImportacionesArgs, ImportacionResumenSchema, ImportacionSchema,
                                       ImportarFormSchema, PrevisualizacionSchema, PrevisualizarFormSchema)
from app.services import importaciones as importaciones_service
from app.utils.auth import admin_required, alcance_actual
from app.utils.errors import Invalido, error_response
from app.utils.pagination import envelope

blp = Blueprint("importaciones", __name__, url_prefix="/api/importaciones", description="Importación de datos")

# The multipart framing and the form's other fields, on top of the file.
_MARGEN_FORMULARIO = 256 * 1024
_DEMASIADO_GRANDE = "El archivo supera el tamaño máximo de 20 MiB"


def _subida(schema):
    """(form data, file bytes, file name) of a multipart upload of up to MAX_ARCHIVO, or the error response.

    The body limit is raised for this request only, before anything reads the body: a larger declared length is
    refused at once, and a body sent without one is cut at the limit by Werkzeug (413)."""
    if request.content_length is not None and request.content_length > MAX_ARCHIVO + _MARGEN_FORMULARIO:
        return None, error_response(413, _DEMASIADO_GRANDE)
    request.max_content_length = MAX_ARCHIVO + _MARGEN_FORMULARIO
    subido = request.files.get("archivo")
    try:
        datos = schema.load(request.form.to_dict())
    except ValidationError as exc:
        raise Invalido(exc.messages) from None
    if subido is None:
        raise Invalido({"archivo": ["Adjunte el archivo (CSV o XLSX)."]})
    try:
        contenido = subido.read(MAX_ARCHIVO + 1)
    finally:
        subido.close()  # a large upload is spooled to a temporary file
    if len(contenido) > MAX_ARCHIVO:
        return None, error_response(413, _DEMASIADO_GRANDE)
    return (datos, contenido, subido.filename), None


@blp.route("/previsualizar")
class Previsualizar(MethodView):
    @admin_required
    @blp.doc(**DOC_PREVISUALIZAR)
    @blp.response(200, PrevisualizacionSchema)
    @blp.alt_response(413, description="El archivo supera 20 MiB")
    @blp.alt_response(422, description="errors.archivo: vacío, ilegible o de formato desconocido")
    def post(self):
        """Leer el inicio de un archivo: formato, columnas, asignación sugerida y las primeras 20 filas."""
        subida, error = _subida(PrevisualizarFormSchema())
        if error is not None:
            return error
        datos, contenido, _ = subida
        return importaciones_service.previsualizar(alcance_actual(), contenido, datos["tipo"])


@blp.route("")
class Importaciones(MethodView):
    @admin_required
    @blp.arguments(ImportacionesArgs, location="query")
    @blp.response(200, envelope(ImportacionResumenSchema))
    def get(self, args):
        """Importaciones, de la más reciente a la más antigua."""
        return importaciones_service.listar(alcance_actual(), **args)

    @admin_required
    @blp.doc(**DOC_IMPORTAR)
    @blp.response(202, ImportacionCreadaSchema)
    @blp.alt_response(413, description="El archivo supera 20 MiB")
    @blp.alt_response(422, description="errors.archivo (ilegible) o errors.mapa (asignación de columnas inválida)")
    def post(self):
        """Poner en cola una importación (o su simulación, `simular`): la ejecuta el trabajador."""
        subida, error = _subida(ImportarFormSchema())
        if error is not None:
            return error
        datos, contenido, nombre = subida
        importacion = importaciones_service.crear(alcance_actual(), datos=contenido, nombre_archivo=nombre, **datos)
        confirmar_sin_recargar()
        return {"id": importacion.id}


@blp.route("/<int:importacion_id>")
class ImportacionDetalle(MethodView):
    @admin_required
    @blp.response(200, ImportacionSchema)
    def get(self, importacion_id):
        """El estado y los contadores de una importación, con sus primeros 200 errores."""
        return importaciones_service.obtener(alcance_actual(), importacion_id)


@blp.route("/<int:importacion_id>/errores.csv")
class ImportacionErrores(MethodView):
    @admin_required
    @blp.response(200, {"type": "string"}, content_type="text/csv")
    def get(self, importacion_id):
        """Todos los errores de la importación en CSV (UTF-8 con BOM): fila, columna, campo, mensaje."""
        contenido = importaciones_service.errores_csv(alcance_actual(), importacion_id)
        return Response(contenido, content_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": f'attachment; filename="importacion_{importacion_id}_errores.csv"'})
