// Patient messages (API.md "Patient messages"): the outbox log, its retry, and the reminders' settings.
import api, { cleanParams, pageOf } from './api';

/** One page of the message log: filters tipo, estado, canal, desde, hasta, paciente_id, cita_id. */
export async function mensajes({ page = 1, perPage = 50, ...filtros } = {}) {
  const { data } = await api.get('/comunicaciones/mensajes', { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

/** A `fallido` message back to `pendiente` (409 MENSAJE_NO_REINTENTABLE otherwise). */
export async function reintentar(id) {
  const { data } = await api.post(`/comunicaciones/mensajes/${id}/reintentar`);
  return data;
}

/** {recordatorios_activos, horas_antes, canal_preferido, horario_silencio: {desde, hasta}, plantillas} */
export async function configuracion() {
  const { data } = await api.get('/comunicaciones/configuracion');
  return data;
}

export async function guardarConfiguracion(cambios) {
  const { data } = await api.patch('/comunicaciones/configuracion', cambios);
  return data;
}

export default { mensajes, reintentar, configuracion, guardarConfiguracion };
