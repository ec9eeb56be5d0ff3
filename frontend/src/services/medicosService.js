import api, { cleanParams, getAll } from './api';

export function listar(filtros = {}) {
  return getAll('/medicos', cleanParams(filtros));
}

export async function obtener(id) {
  const { data } = await api.get(`/medicos/${id}`);
  return data;
}

export async function crear(medico) {
  const { data } = await api.post('/medicos', medico);
  return data;
}

export async function actualizar(id, cambios) {
  const { data } = await api.patch(`/medicos/${id}`, cambios);
  return data;
}

export function horarios(id) {
  return getAll(`/medicos/${id}/horarios`);
}

/** {sucursal_id, dia_semana (1..7), hora_inicio, hora_fin, intervalo_citas} */
export async function crearHorario(id, horario) {
  const { data } = await api.post(`/medicos/${id}/horarios`, horario);
  return data;
}

export async function eliminarHorario(id, horarioId) {
  await api.delete(`/medicos/${id}/horarios/${horarioId}`);
}

/** Free slots of a doctor on a day: [{sucursal_id, hora_inicio, hora_fin}]. */
export async function disponibilidad(id, fecha, sucursalId) {
  const { data } = await api.get(`/medicos/${id}/disponibilidad`, {
    params: cleanParams({ fecha, sucursal_id: sucursalId }),
  });
  return Array.isArray(data) ? data : data?.slots || [];
}

/** Active users with the Médico role, to link a doctor to the account they log in with (Administrador). */
export function usuariosMedicos() {
  return getAll('/usuarios', { rol: 'Médico', activo: true });
}

/** Create or replace the doctor's secret calendar link (iCalendar feed): the previous one stops working. */
export async function enlaceCalendario(id) {
  const { data } = await api.post(`/medicos/${id}/agenda-token`);
  return data.url;
}

export default {
  listar,
  obtener,
  crear,
  actualizar,
  horarios,
  crearHorario,
  eliminarHorario,
  disponibilidad,
  usuariosMedicos,
  enlaceCalendario,
};
