// The reception's list of online bookings (GET /api/reservas-en-linea); the merge it leads to is pacientesService.fusionar.
import api, { cleanParams, pageOf } from './api';

/**
 * One page of appointments patients booked online, from `fecha_desde` (default: today) on: the staff list's items
 * plus `paciente_nuevo` and `posibles_duplicados: [{id, nombre, apellido, fecha_nacimiento}]`.
 */
export async function listar({ page = 1, perPage = 50, ...filtros } = {}) {
  const { data } = await api.get('/reservas-en-linea', { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

export default { listar };
