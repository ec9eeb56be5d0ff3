"""GET /api/auditoria (Administrador) and the `flask audit verify` command."""
import sys
from datetime import timedelta

import click
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_smorest import Blueprint

from app.extensions import confirmar_sin_recargar, db
from app.schemas.auditoria import AccesoEmergenciaSchema, AuditoriaListaArgs, AuditoriaSchema, EmergenciasArgs
from app.services import auditoria_service, emergencias_service
from app.utils.auth import admin_required, alcance_actual
from app.utils.conexiones import lee_de_replica
from app.utils.sql import sin_limite_de_tiempo
from app.utils.pagination import envelope

blp = Blueprint("auditoria", __name__, url_prefix="/api/auditoria", description="Auditoría", cli_group="audit")


@blp.after_app_request
def _auditar_denegaciones(response):
    return auditoria_service.confirmar_denegaciones(response)


@blp.route("")
class Auditoria(MethodView):
    @admin_required
    @blp.arguments(AuditoriaListaArgs, location="query")
    @blp.response(200, envelope(AuditoriaSchema))
    @lee_de_replica
    def get(self, args):
        """Registro de auditoría, del más reciente al más antiguo."""
        pagina = auditoria_service.listar(current_user, **args)
        confirmar_sin_recargar()
        return pagina


@blp.route("/emergencias")
class AccesosEmergencia(MethodView):
    @admin_required
    @blp.arguments(EmergenciasArgs, location="query")
    @blp.response(200, envelope(AccesoEmergenciaSchema))
    def get(self, args):
        """Accesos de emergencia al historial clínico (sin relación de tratamiento) de los últimos `dias` días."""
        pagina = emergencias_service.listar(alcance_actual(), **args)
        confirmar_sin_recargar()
        return pagina


@blp.cli.command("verify")
@click.option("--sin-sellar", is_flag=True, help="Solo verificar; no sellar las filas nuevas")
@click.option("--margen-segundos", default=int(auditoria_service.MARGEN_SELLADO.total_seconds()), show_default=True,
              help="Las filas más recientes que esto quedan para el siguiente sello")
def verify(sin_sellar, margen_segundos):
    """Verify the audit log's signatures and seals; seal the rows not sealed yet. Exit code 1 on tampering."""
    sin_limite_de_tiempo()
    informe = auditoria_service.verificar(sellar=not sin_sellar, margen=timedelta(seconds=margen_segundos))
    db.session.commit()
    click.echo(f"Filas verificadas: {informe['filas']}; sellos: {informe['sellos']}")
    if informe["sin_firma_antiguas"]:
        click.echo(f"Filas anteriores a la firma (sin huella): {informe['sin_firma_antiguas']}")
    if informe["nuevo_sello"]:
        s = informe["nuevo_sello"]
        click.echo(f"Nuevo sello {s['id']}: ids {s['desde_id']}–{s['hasta_id']} ({s['filas']} filas) huella {s['huella']}")
    for problema in informe["problemas"]:
        click.echo(f"ALTERACIÓN: {problema}", err=True)
    if informe["problemas"]:
        click.echo(f"El registro de auditoría NO es íntegro: {len(informe['problemas'])} problema(s).", err=True)
        sys.exit(1)
    click.echo("El registro de auditoría es íntegro.")
