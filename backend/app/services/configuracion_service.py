"""The clinic's settings: one row (id = 1), created with its defaults on first use."""
from sqlalchemy.dialects.postgresql import insert

from app.extensions import db
from app.models import ConfiguracionClinica
from app.services import auditoria_service
from app.utils.errors import Conflicto
from app.utils.sql import por_id


def obtener():
    config = por_id(ConfiguracionClinica, 1)
    if config is None:
        db.session.execute(insert(ConfiguracionClinica).values(id=1).on_conflict_do_nothing(index_elements=["id"]))
        config = por_id(ConfiguracionClinica, 1)
    return config


def editar(usuario, datos):
    """Change the given settings (``reserva_en_linea``: the nested object of ReservaEnLineaSchema, already loaded
    into its columns' names)."""
    datos = dict(datos)
    datos.update(datos.pop("reserva_en_linea", {}))
    config = obtener()
    if datos.get("mfa_admin") and not config.mfa_admin:
        from app.services import mfa_service

        # Whoever requires TOTP of the administrators has it: they would otherwise only get an enrolment token
        # at their next login, and could not undo the setting without enrolling.
        if not mfa_service.tiene_factor(usuario):
            raise Conflicto("MFA_NO_ACTIVO", "Active primero su propia verificación en dos pasos (menú de usuario → "
                                             "Verificación en dos pasos)")
    antes = {campo: str(getattr(config, campo)) if getattr(config, campo) is not None else None for campo in datos}
    for campo, valor in datos.items():
        setattr(config, campo, valor)
    db.session.flush()
    db.session.refresh(config)
    auditoria_service.registrar("configuracion_modificada", usuario=usuario, entidad="configuracion_clinica",
                                entidad_id=1, detalle={"antes": antes, "campos": sorted(datos)})
    return config
