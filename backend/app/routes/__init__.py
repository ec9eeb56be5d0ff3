"""One smorest Blueprint per API area, registered on the Api."""
from app.routes import (auditoria, auth, caja, catalogos, citas, comunicaciones, configuracion, facturacion, historial,
                        medicos, mfa, odontologia, pacientes, reportes, usuarios)
from app.routes import fhir
from app.routes import importaciones
from app.routes import publico
from app.routes import reservas_recepcion
from app.routes import lista_espera

BLUEPRINTS = (
    catalogos.health_blp,
    auth.blp,
    mfa.blp,
    usuarios.blp,
    catalogos.sucursales_blp,
    catalogos.especialidades_blp,
    catalogos.estados_blp,
    medicos.blp,
    citas.blp,
    pacientes.blp,
    historial.blp,
    odontologia.blp,
    facturacion.blp,
    caja.blp,
    reportes.blp,
    auditoria.blp,
    configuracion.blp,
    comunicaciones.blp,
    publico.blp,
    reservas_recepcion.blp,
    importaciones.blp,
    fhir.blp,
    lista_espera.blp,
)


def register_blueprints(api):
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
