// The waiting list (API "Agenda: series and waiting list"): patients who want an earlier slot, the entries that
// match a freed slot, and offering it to one of them (a message whose link books it).
import api, { cleanParams, itemsOf, pageOf } from './api';

export const FRANJAS = { manana: 'Mañana', tarde: 'Tarde' };

/** Active entries, oldest first, paginated: {items, total, page, per_page, pages}. */
export async function listar({ sucursal_id, medico_id, paciente_id, page = 1, perPage = 20 } = {}) {
  const { data } = await api.get('/lista-espera', {
    params: cleanParams({ sucursal_id, medico_id, paciente_id, page, per_page: perPage }),
  });
  return pageOf(data, perPage);
}

/** {paciente_id, sucursal_id, especialidad_id?, medico_id?, desde, hasta, franja?, notas?} → the entry. */
export async function crear(entrada) {
  const { data } = await api.post('/lista-espera', cleanParams(entrada));
  return data;
}

export async function eliminar(id) {
  await api.delete(`/lista-espera/${id}`);
}

/** The entries matching the slot a cancelled or no-show appointment freed, oldest first. */
export async function sugerencias(citaId) {
  const { data } = await api.get('/lista-espera/sugerencias', { params: { cita_id: citaId } });
  return itemsOf(data);
}

/** Offer the freed slot of `citaId` to the entry's patient: {oferta_id}. */
export async function ofrecer(id, citaId) {
  const { data } = await api.post(`/lista-espera/${id}/ofrecer`, { cita_id: citaId });
  return data;
}

export default { listar, crear, eliminar, sugerencias, ofrecer };
