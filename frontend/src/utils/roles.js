// What each role may see and do in the UI (mirrors DESIGN.md "Domain rules").
export const ROLES = {
  ADMIN: 'Administrador',
  MEDICO: 'Médico',
  RECEPCION: 'Recepcionista',
  FACTURACION: 'Facturación',
};

const { ADMIN, MEDICO, RECEPCION, FACTURACION } = ROLES;

export const PERMISOS = {
  'inicio.ver': [ADMIN, MEDICO, RECEPCION, FACTURACION],
  'pacientes.ver': [ADMIN, MEDICO, RECEPCION, FACTURACION],
  'pacientes.editar': [ADMIN, MEDICO, RECEPCION],
  'pacientes.alergias': [ADMIN, MEDICO, RECEPCION],
  'pacientes.desactivar': [ADMIN],
  'historial.ver': [ADMIN, MEDICO],
  // The odontogram follows the clinical history: read by the Administrador and the treating Médico, written by the Médico.
  'odontograma.ver': [ADMIN, MEDICO],
  'odontograma.escribir': [MEDICO],
  'facturas.ver': [ADMIN, FACTURACION],
  'agenda.ver': [ADMIN, MEDICO, RECEPCION, FACTURACION],
  'citas.editar': [ADMIN, MEDICO, RECEPCION],
  'citas.revertir': [ADMIN],
  // The waiting list (API "Agenda: series and waiting list"): whoever books appointments.
  'listaEspera.ver': [ADMIN, MEDICO, RECEPCION],
  'medicos.ver': [ADMIN, RECEPCION],
  'medicos.editar': [ADMIN],
  'consulta.atender': [MEDICO],
  'facturacion.ver': [ADMIN, FACTURACION],
  'caja.ver': [ADMIN, FACTURACION, RECEPCION],
  'reportes.ver': [ADMIN, FACTURACION],
  'reportes.citas': [ADMIN],
  'dashboard.kpis': [ADMIN],
  'administracion.ver': [ADMIN],
  // Importing a clinic's patients and appointments from a file (Administración → Importar).
  'importaciones.ver': [ADMIN],
  'auditoria.ver': [ADMIN],
  'mensajes.ver': [ADMIN, RECEPCION],
  'reservas.ver': [ADMIN, RECEPCION],
  'pacientes.fusionar': [ADMIN],
  'calendario.propio': [MEDICO],
  // Treatment plans (API.md "Dentistry"): everyone reads them; a Médico writes them and marks work done; the
  // Médico or the reception move them through their states; billing invoices the work done.
  'planes.ver': [ADMIN, MEDICO, RECEPCION, FACTURACION],
  'planes.escribir': [MEDICO],
  'planes.estado': [MEDICO, RECEPCION],
  'planes.realizar': [MEDICO],
  'planes.facturar': [ADMIN, FACTURACION],
};

// Roles that a branch on their user limits to that branch (the API's scope: LIMITADOS_POR_SUCURSAL in
// backend/app/services/alcance.py).
const LIMITADOS_POR_SUCURSAL = [RECEPCION, FACTURACION];

/** The id of the one branch the user is limited to (a Recepcionista or Facturación user bound to it), or null. */
export function sucursalLimitada(usuario) {
  return usuario?.sucursal_id != null && LIMITADOS_POR_SUCURSAL.includes(usuario.rol) ? usuario.sucursal_id : null;
}

export function puede(usuario, permiso) {
  if (!usuario) return false;
  return (PERMISOS[permiso] || []).includes(usuario.rol);
}
