"""The settings of patient messages (API.md: GET/PATCH /api/comunicaciones/configuracion): a single row,
answered with every template in effect (the clinic's own, else the default)."""
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.models import ConfiguracionComunicaciones
from app.services import auditoria_service
from app.services.comunicaciones import plantillas
from app.utils.sql import por_id


def fila() -> ConfiguracionComunicaciones:
    config = por_id(ConfiguracionComunicaciones, 1)
    if config is None:  # created by migration 0014; a restored older backup may lack it
        db.session.execute(insert(ConfiguracionComunicaciones).values(id=1)
                           .on_conflict_do_nothing(index_elements=["id"]))
        config = por_id(ConfiguracionComunicaciones, 1)
    return config


def como_json(config: ConfiguracionComunicaciones) -> dict:
    return {
        "recordatorios_activos": config.recordatorios_activos,
        "horas_antes": list(config.horas_antes),
        "canal_preferido": config.canal_preferido,
        "horario_silencio": {"desde": config.silencio_desde, "hasta": config.silencio_hasta},
        "plantillas": {tipo: plantillas.plantilla_de(tipo, config.plantillas) for tipo in plantillas.EDITABLES},
    }


def obtener() -> dict:
    return como_json(fila())


def editar(alcance, datos: dict) -> dict:
    """Apply a validated partial change (schemas/comunicaciones.py checked shapes and ranges; the templates'
    placeholders are checked here). A template set to null or to the default text goes back to the default."""
    config = fila()
    campos = sorted(datos)
    if "plantillas" in datos:
        propias = dict(config.plantillas)
        for tipo, texto in datos["plantillas"].items():
            if texto is None or texto == plantillas.PREDETERMINADAS[tipo]:
                propias.pop(tipo, None)
            else:
                propias[tipo] = plantillas.validar(tipo, texto)
        config.plantillas = propias
    if "horario_silencio" in datos:
        config.silencio_desde = datos["horario_silencio"]["desde"]
        config.silencio_hasta = datos["horario_silencio"]["hasta"]
    for campo in ("recordatorios_activos", "horas_antes", "canal_preferido"):
        if campo in datos:
            setattr(config, campo, datos[campo])
    db.session.flush()
    auditoria_service.registrar("comunicaciones_configuradas", usuario=alcance.usuario,
                                entidad="configuracion_comunicaciones", entidad_id=1, detalle={"campos": campos})
    return como_json(config)
