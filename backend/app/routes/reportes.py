"""Reports: JSON by default, CSV (UTF-8 with BOM, for Excel) with ?formato=csv."""
from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import RAISE

from app.schemas.reporte import (CitasPorMedicoSchema, IngresosArgs, IngresosSchema, ReporteArgs, ResumenSchema,
                                 TratamientosSchema)
from app.services import reportes_service
from app.utils.auth import ADMIN, FACTURACION, alcance_actual, role_required
from app.utils.conexiones import lee_de_replica
from app.utils.csv_seguro import celda, csv_bytes

blp = Blueprint("reportes", __name__, url_prefix="/api/reportes", description="Reportes")



def _doc_csv(schema):
    """Document both answers of a report: JSON (default) and CSV (?formato=csv)."""
    return {"responses": {"200": {"description": "OK", "content": {
        "application/json": {"schema": schema},
        "text/csv": {"schema": {"type": "string"}},
    }}}}

def _celda(valor):
    return f"{valor:.4f}" if isinstance(valor, float) else celda(valor)


def _csv(nombre, datos, cabecera, filas):
    archivo = f"{nombre}_{datos['desde'].isoformat()}_{datos['hasta'].isoformat()}.csv"
    return Response(
        csv_bytes(cabecera, filas, _celda),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{archivo}"'},
    )


@blp.route("/resumen")
class Resumen(MethodView):
    @role_required(ADMIN)
    @blp.arguments(ReporteArgs, location="query", unknown=RAISE)
    @blp.response(200, ResumenSchema)
    @blp.doc(**_doc_csv(ResumenSchema))
    @lee_de_replica
    def get(self, args):
        """Citas por estado, ocupación, inasistencia, ingresos, facturas y pacientes nuevos del periodo."""
        formato = args.pop("formato")
        datos = reportes_service.resumen(alcance_actual(), **args)
        if formato != "csv":
            return datos
        dumped = ResumenSchema().dump(datos)
        filas = [("desde", dumped["desde"]), ("hasta", dumped["hasta"]),
                 ("sucursal_id", dumped["sucursal_id"]), ("medico_id", dumped["medico_id"])]
        filas += [(f"citas {e['estado']}", e["total"]) for e in datos["citas_por_estado"]]
        filas += [(campo, dumped[campo]) for campo in (
            "citas_total", "minutos_reservados", "minutos_programados", "ocupacion", "tasa_inasistencia",
            "ingresos", "facturas_emitidas", "facturas_anuladas", "pacientes_nuevos")]
        filas += list(datos["confirmaciones"].items())  # names unique in the summary: no prefix needed
        return _csv("resumen", datos, ("indicador", "valor"), filas)


@blp.route("/citas-por-medico")
class CitasPorMedico(MethodView):
    @role_required(ADMIN)
    @blp.arguments(ReporteArgs, location="query", unknown=RAISE)
    @blp.response(200, CitasPorMedicoSchema)
    @blp.doc(**_doc_csv(CitasPorMedicoSchema))
    @lee_de_replica
    def get(self, args):
        """Por médico: citas, completadas, inasistencias, canceladas y ocupación del periodo."""
        formato = args.pop("formato")
        datos = reportes_service.citas_por_medico(alcance_actual(), **args)
        if formato != "csv":
            return datos
        columnas = ("medico_id", "nombre", "apellido", "total", "completadas", "inasistencias", "canceladas",
                    "minutos_reservados", "minutos_programados", "ocupacion", "tasa_inasistencia")
        return _csv("citas_por_medico", datos, columnas, ([i[c] for c in columnas] for i in datos["items"]))


@blp.route("/ingresos")
class Ingresos(MethodView):
    @role_required(ADMIN, FACTURACION)
    @blp.arguments(IngresosArgs, location="query", unknown=RAISE)
    @blp.response(200, IngresosSchema)
    @blp.doc(**_doc_csv(IngresosSchema))
    @lee_de_replica
    def get(self, args):
        """Ingresos (facturas no anuladas) y pagos recibidos por día o por mes, sin huecos."""
        formato = args.pop("formato")
        datos = reportes_service.ingresos(alcance_actual(), **args)
        if formato != "csv":
            return datos
        dumped = IngresosSchema().dump(datos)
        columnas = ("periodo", "inicio", "fin", "ingresos", "facturas", "pagos")
        return _csv("ingresos", datos, columnas, ([i[c] for c in columnas] for i in dumped["items"]))


@blp.route("/tratamientos")
class Tratamientos(MethodView):
    @role_required(ADMIN)
    @blp.arguments(ReporteArgs, location="query", unknown=RAISE)
    @blp.response(200, TratamientosSchema)
    @blp.doc(**_doc_csv(TratamientosSchema))
    @lee_de_replica
    def get(self, args):
        """Presupuestos de planes de tratamiento presentados, aceptados y rechazados, tasa de aceptación y trabajo
        aceptado pendiente de realizar."""
        formato = args.pop("formato")
        datos = reportes_service.tratamientos(alcance_actual(), **args)
        if formato != "csv":
            return datos
        dumped = TratamientosSchema().dump(datos)
        filas = [(campo, dumped[campo]) for campo in ("desde", "hasta", "sucursal_id", "medico_id")]
        for parte in ("presentados", "aceptados", "rechazados"):
            filas += [(f"{parte} cantidad", dumped[parte]["cantidad"]), (f"{parte} importe", dumped[parte]["importe"])]
        filas += [("tasa_aceptacion", dumped["tasa_aceptacion"]), ("pendiente_de_realizar",
                                                                  dumped["pendiente_de_realizar"])]
        return _csv("tratamientos", datos, ("indicador", "valor"), filas)
