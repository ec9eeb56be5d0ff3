// What the agenda's calendar loads: a range of appointments in full, and the doctors' weekly schedules.
import api, { cleanParams, itemsOf } from './api';
import medicosService from './medicosService';

/**
 * Every appointment of a range (the agenda's day or week: fecha_desde, fecha_hasta, sucursal_id or medico_id): the
 * first page, then all the others at once in parallel (100 rows each, the API's maximum), so a busy branch's week
 * costs one round trip more than a quiet one's, never a queue of them. Nothing is left out: every page is read.
 */
export async function citasDelRango(filtros = {}) {
  const params = { ...cleanParams(filtros), per_page: 100 };
  const { data } = await api.get('/citas', { params: { ...params, page: 1 } });
  if (Array.isArray(data)) return data;
  const resto = Array.from({ length: Math.max(0, (data?.pages || 1) - 1) }, (_, i) =>
    api.get('/citas', { params: { ...params, page: i + 2 } }).then((r) => itemsOf(r.data)),
  );
  return [...itemsOf(data), ...(await Promise.all(resto)).flat()];
}

/** {medico_id: [horario]} of several doctors, fetched in parallel. */
export async function horariosDe(medicoIds) {
  const listas = await Promise.all(medicoIds.map((id) => medicosService.horarios(id)));
  return Object.fromEntries(medicoIds.map((id, i) => [id, listas[i]]));
}

export default { citasDelRango, horariosDe };
