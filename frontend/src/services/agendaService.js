// What the agenda's calendar loads: a range of appointments in full, and the doctors' weekly schedules.
import { cleanParams, getAll } from './api';
import medicosService from './medicosService';

/**
 * Every appointment of a range (the agenda's day or week: fecha_desde, fecha_hasta, sucursal_id or medico_id): the
 * first page, then all the others at once in parallel (100 rows each, the API's maximum), so a busy branch's week
 * costs one round trip more than a quiet one's, never a queue of them. Nothing is left out: every page is read (the
 * range bounds the list, so getAll's 2,000-row cap does not apply).
 */
export function citasDelRango(filtros = {}) {
  return getAll('/citas', cleanParams(filtros), { paralelo: true, sinTope: true });
}

/** {medico_id: [horario]} of several doctors, fetched in parallel. */
export async function horariosDe(medicoIds) {
  const listas = await Promise.all(medicoIds.map((id) => medicosService.horarios(id)));
  return Object.fromEntries(medicoIds.map((id, i) => [id, listas[i]]));
}

export default { citasDelRango, horariosDe };
