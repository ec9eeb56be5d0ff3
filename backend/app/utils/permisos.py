"""THE permission matrix: who may call each operation of the API (API.md, "who" columns).

One declaration per operation of the OpenAPI spec, ``(METHOD, path as in the spec)`` → the roles
allowed, or ``ANONIMO`` for the public operations. The routes enforce it with
``@role_required(...)``; tests/test_permisos.py checks that both agree and walks every operation
of the spec with every role and without a token:

- an allowed role never gets 401/403 (it may still get 404 for objects outside its scope, 405, 422…);
- any other role gets 403;
- without a token every non-public operation gets 401.

An operation of the spec missing here (a new route) fails that test: declare it here first.
Object-level scope (branch, own agenda, treatment relationship) is not part of this table: the
services enforce it and answer 404 (see docs/security.md).
"""
from app.utils.auth import ADMIN, FACTURACION, MEDICO, RECEPCIONISTA, ROLES

ANONIMO = "anónimo"
TODOS = frozenset(ROLES)
ADM = frozenset({ADMIN})
ADM_FAC = frozenset({ADMIN, FACTURACION})
ADM_MED = frozenset({ADMIN, MEDICO})
ADM_REC = frozenset({ADMIN, RECEPCIONISTA})
AGENDA = frozenset({ADMIN, RECEPCIONISTA, MEDICO})
CAJA = frozenset({ADMIN, FACTURACION, RECEPCIONISTA})
PUBLICA = frozenset({ANONIMO})
MED = frozenset({MEDICO})
MED_REC = frozenset({MEDICO, RECEPCIONISTA})

PERMISOS = {
    # auth and users
    ("GET", "/api/health"): PUBLICA,
    ("POST", "/api/auth/login"): PUBLICA,
    ("POST", "/api/auth/refresh"): TODOS,  # with a refresh token
    ("POST", "/api/auth/logout"): TODOS,
    ("GET", "/api/auth/me"): TODOS,
    # TOTP second factor of the session's user (also with the enrolment-only token, mfa_service)
    ("GET", "/api/auth/mfa"): TODOS,
    ("POST", "/api/auth/mfa/inscribir"): TODOS,
    ("POST", "/api/auth/mfa/activar"): TODOS,
    ("POST", "/api/auth/mfa/desactivar"): TODOS,
    ("POST", "/api/auth/password"): TODOS,
    # password reset by e-mail (no token: the link's token is in the body)
    ("POST", "/api/auth/recuperar"): PUBLICA,
    ("POST", "/api/auth/restablecer"): PUBLICA,
    ("GET", "/api/usuarios"): ADM,
    ("POST", "/api/usuarios"): ADM,
    ("GET", "/api/usuarios/{usuario_id}"): ADM,
    ("PATCH", "/api/usuarios/{usuario_id}"): ADM,
    # catalogs
    ("GET", "/api/configuracion"): TODOS,
    ("PATCH", "/api/configuracion"): ADM,
    ("GET", "/api/sucursales"): TODOS,
    ("POST", "/api/sucursales"): ADM,
    ("GET", "/api/sucursales/{sucursal_id}"): TODOS,
    ("PATCH", "/api/sucursales/{sucursal_id}"): ADM,
    ("GET", "/api/especialidades"): TODOS,
    ("POST", "/api/especialidades"): ADM,
    ("GET", "/api/especialidades/{especialidad_id}"): TODOS,
    ("PATCH", "/api/especialidades/{especialidad_id}"): ADM,
    ("GET", "/api/estados-cita"): TODOS,
    # doctors and schedules
    ("GET", "/api/medicos"): TODOS,
    ("POST", "/api/medicos"): ADM,
    ("GET", "/api/medicos/{medico_id}"): TODOS,
    ("PATCH", "/api/medicos/{medico_id}"): ADM,
    ("GET", "/api/medicos/{medico_id}/horarios"): TODOS,
    ("POST", "/api/medicos/{medico_id}/horarios"): ADM,
    ("DELETE", "/api/medicos/{medico_id}/horarios/{horario_id}"): ADM,
    ("GET", "/api/medicos/{medico_id}/disponibilidad"): TODOS,
    # calendar feed: the Médico only for their own doctor row (calendario_service); the feed itself is public,
    # its secret is the token in the URL (a wrong one → 404)
    ("POST", "/api/medicos/{medico_id}/agenda-token"): ADM_MED,
    ("GET", "/api/medicos/{medico_id}/agenda.ics"): PUBLICA,
    # appointments (scope: own agenda for a Médico, own branch for a user bound to one)
    ("GET", "/api/citas"): TODOS,
    ("POST", "/api/citas"): AGENDA,
    ("GET", "/api/citas/disponibilidad"): TODOS,
    ("GET", "/api/citas/{cita_id}"): TODOS,
    ("PATCH", "/api/citas/{cita_id}"): AGENDA,
    ("POST", "/api/citas/{cita_id}/estado"): AGENDA,
    ("GET", "/api/citas/{cita_id}/estados"): TODOS,
    ("GET", "/api/citas/{cita_id}/enlace"): AGENDA,  # a Médico: only their own appointments' links
    # series of appointments and the waiting list (scope as booking; docs/agenda.md)
    ("POST", "/api/citas/series"): AGENDA,
    ("POST", "/api/citas/series/{serie_id}/cancelar"): AGENDA,
    ("GET", "/api/lista-espera"): AGENDA,
    ("POST", "/api/lista-espera"): AGENDA,
    ("DELETE", "/api/lista-espera/{entrada_id}"): AGENDA,
    ("GET", "/api/lista-espera/sugerencias"): AGENDA,
    ("POST", "/api/lista-espera/{entrada_id}/ofrecer"): AGENDA,
    # the public appointment page: the signed token in the path is the only credential (a bad one → 404)
    ("GET", "/api/publico/citas/{token}"): PUBLICA,
    ("POST", "/api/publico/citas/{token}/confirmar"): PUBLICA,
    ("POST", "/api/publico/citas/{token}/cancelar"): PUBLICA,
    # the offer of a freed slot: the signed token in the path is the only credential (a bad or expired one → 404)
    ("GET", "/api/publico/ofertas/{token}"): PUBLICA,
    ("POST", "/api/publico/ofertas/{token}/aceptar"): PUBLICA,
    # online booking: the booking pages' catalogue and free slots, the request and its e-mailed code
    ("GET", "/api/publico/clinica"): PUBLICA,
    ("GET", "/api/publico/sucursales"): PUBLICA,
    ("GET", "/api/publico/especialidades"): PUBLICA,
    ("GET", "/api/publico/medicos"): PUBLICA,
    ("GET", "/api/publico/disponibilidad"): PUBLICA,
    ("GET", "/api/publico/reservas/formulario"): PUBLICA,
    ("POST", "/api/publico/reservas"): PUBLICA,
    ("POST", "/api/publico/reservas/{solicitud_id}/verificar"): PUBLICA,
    # the reception's list of online bookings (scope: a branch-bound receptionist sees her branch's)
    ("GET", "/api/reservas-en-linea"): ADM_REC,
    # patients
    ("GET", "/api/pacientes"): TODOS,
    ("POST", "/api/pacientes"): AGENDA,
    ("GET", "/api/pacientes/{paciente_id}"): TODOS,
    ("PATCH", "/api/pacientes/{paciente_id}"): AGENDA,
    ("DELETE", "/api/pacientes/{paciente_id}"): ADM,
    ("GET", "/api/pacientes/{paciente_id}/citas"): TODOS,
    ("GET", "/api/pacientes/{paciente_id}/facturas"): ADM_FAC,
    ("GET", "/api/pacientes/{paciente_id}/historial"): ADM_MED,
    ("GET", "/api/pacientes/{paciente_id}/exportar"): ADM,
    ("POST", "/api/pacientes/{paciente_id}/fusionar"): ADM,
    # clinical history (scope: a Médico reads only patients they treat; entries never change → 405)
    ("GET", "/api/historial"): ADM_MED,
    ("POST", "/api/historial"): frozenset({MEDICO}),
    ("GET", "/api/historial/{historial_id}"): ADM_MED,
    ("PUT", "/api/historial/{historial_id}"): ADM_MED,
    ("PATCH", "/api/historial/{historial_id}"): ADM_MED,
    ("DELETE", "/api/historial/{historial_id}"): ADM_MED,
    ("POST", "/api/historial/{historial_id}/adendas"): frozenset({MEDICO}),
    # billing (scope: a Facturación user bound to a branch sees that branch's invoices)
    ("GET", "/api/facturacion/servicios"): TODOS,
    ("POST", "/api/facturacion/servicios"): ADM_FAC,
    ("GET", "/api/facturacion/servicios/{servicio_id}"): TODOS,
    ("PATCH", "/api/facturacion/servicios/{servicio_id}"): ADM_FAC,
    ("GET", "/api/facturacion/facturas"): ADM_FAC,
    ("POST", "/api/facturacion/facturas"): ADM_FAC,
    ("GET", "/api/facturacion/facturas/{factura_id}"): ADM_FAC,
    ("GET", "/api/facturacion/facturas/{factura_id}/pdf"): ADM_FAC,
    ("POST", "/api/facturacion/facturas/{factura_id}/pagos"): ADM_FAC,
    ("POST", "/api/facturacion/facturas/{factura_id}/anular"): ADM_FAC,
    ("POST", "/api/facturacion/facturas/{factura_id}/rectificar"): ADM_FAC,
    ("POST", "/api/facturacion/facturas/{factura_id}/devoluciones"): ADM_FAC,
    # cash register
    ("GET", "/api/caja/sesiones"): CAJA,
    ("POST", "/api/caja/sesiones"): CAJA,
    ("GET", "/api/caja/sesiones/{sesion_id}"): CAJA,
    ("POST", "/api/caja/sesiones/{sesion_id}/movimientos"): CAJA,
    ("POST", "/api/caja/sesiones/{sesion_id}/cerrar"): CAJA,
    ("GET", "/api/caja/sesiones/{sesion_id}/arqueo.pdf"): CAJA,
    # patient messages
    ("GET", "/api/comunicaciones/configuracion"): ADM,
    ("PATCH", "/api/comunicaciones/configuracion"): ADM,
    ("GET", "/api/comunicaciones/mensajes"): ADM_REC,
    ("POST", "/api/comunicaciones/mensajes/{mensaje_id}/reintentar"): ADM_REC,
    # reports and audit
    ("GET", "/api/reportes/resumen"): ADM,
    ("GET", "/api/reportes/citas-por-medico"): ADM,
    ("GET", "/api/reportes/ingresos"): ADM_FAC,
    ("GET", "/api/reportes/tratamientos"): ADM,
    # dentistry: the odontogram is clinical history (Médico writes, Médico and Administrador read); plans are read
    # by every role, written by a Médico, moved by a Médico or a Recepcionista
    ("GET", "/api/odontologia/condiciones"): TODOS,
    ("GET", "/api/pacientes/{paciente_id}/odontograma"): ADM_MED,
    ("GET", "/api/pacientes/{paciente_id}/odontograma/registros"): ADM_MED,
    ("POST", "/api/pacientes/{paciente_id}/odontograma/registros"): MED,
    ("GET", "/api/pacientes/{paciente_id}/odontograma/registros/{registro_id}"): ADM_MED,
    ("PUT", "/api/pacientes/{paciente_id}/odontograma/registros/{registro_id}"): ADM_MED,
    ("PATCH", "/api/pacientes/{paciente_id}/odontograma/registros/{registro_id}"): ADM_MED,
    ("DELETE", "/api/pacientes/{paciente_id}/odontograma/registros/{registro_id}"): ADM_MED,
    ("GET", "/api/pacientes/{paciente_id}/planes"): TODOS,
    ("POST", "/api/pacientes/{paciente_id}/planes"): MED,
    ("GET", "/api/planes/{plan_id}"): TODOS,
    ("PATCH", "/api/planes/{plan_id}"): MED,
    ("POST", "/api/planes/{plan_id}/estado"): MED_REC,
    ("POST", "/api/planes/{plan_id}/items/{item_id}/realizar"): MED,
    ("GET", "/api/planes/{plan_id}/presupuesto.pdf"): TODOS,
    ("GET", "/api/auditoria"): ADM,
    ("GET", "/api/auditoria/emergencias"): ADM,
    # imports of a clinic's data (docs/importacion.md)
    ("POST", "/api/importaciones/previsualizar"): ADM,
    ("GET", "/api/importaciones"): ADM,
    ("POST", "/api/importaciones"): ADM,
    ("GET", "/api/importaciones/{importacion_id}"): ADM,
    ("GET", "/api/importaciones/{importacion_id}/errores.csv"): ADM,
    # FHIR R4, read-only (docs/fhir.md): as the patients', doctors' and appointments' routes; $everything as the
    # patient's data export
    ("GET", "/api/fhir/metadata"): PUBLICA,
    ("GET", "/api/fhir/Patient"): TODOS,
    ("GET", "/api/fhir/Patient/{paciente_id}"): TODOS,
    ("GET", "/api/fhir/Patient/{paciente_id}/$everything"): ADM,
    ("GET", "/api/fhir/Practitioner/{medico_id}"): TODOS,
    ("GET", "/api/fhir/Appointment"): TODOS,
}


def permitido(metodo, ruta, rol):
    """Whether ``rol`` (or ANONIMO) may call the operation; KeyError for an undeclared one."""
    quien = PERMISOS[(metodo.upper(), ruta)]
    return rol in quien or (ANONIMO in quien and rol in TODOS)
