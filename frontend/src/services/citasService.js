import api, { cleanParams, getAll, itemsOf } from './api';

/** Every appointment matching the filters (fecha_desde, fecha_hasta, medico_id, sucursal_id, ...). */
export function listar(filtros = {}) {
  return getAll('/citas', cleanParams(filtros));
}

export async function obtener(id) {
  const { data } = await api.get(`/citas/${id}`);
  return data;
}

/** {paciente_id, medico_id, sucursal_id, fecha, hora_inicio, hora_fin?, motivo?, notas?} */
export async function agendar(cita) {
  const { data } = await api.post('/citas', cleanParams(cita));
  return data;
}

/** Reschedule ({fecha, hora_inicio, hora_fin, medico_id, sucursal_id}) or edit motivo/notas. */
export async function actualizar(id, cambios) {
  const { data } = await api.patch(`/citas/${id}`, cambios);
  return data;
}

export async function cambiarEstado(id, estadoId, motivo) {
  const body = { estado_id: estadoId };
  if (motivo) body.motivo = motivo;
  const { data } = await api.post(`/citas/${id}/estado`, body);
  return data;
}

/** Administrador: undo the last transition (back to `estadoAnteriorId`). */
export async function revertirEstado(id, estadoAnteriorId, motivo) {
  const { data } = await api.post(`/citas/${id}/estado`, {
    estado_id: estadoAnteriorId,
    motivo,
    revertir: true,
  });
  return data;
}

/** State history, oldest first: [{estado_anterior_id, estado_id, usuario_id, fecha, motivo}]. */
export function historialEstados(id) {
  return getAll(`/citas/${id}/estados`);
}

/** Earliest free slots across doctors: [{medico_id, sucursal_id, fecha, hora_inicio, hora_fin}]. */
export async function proximosLibres({ especialidad_id, sucursal_id, desde, hasta, limite = 10 }) {
  const { data } = await api.get('/citas/disponibilidad', {
    params: cleanParams({ especialidad_id, sucursal_id, desde, hasta, limite }),
  });
  return itemsOf(data);
}

/**
 * A series (API "Agenda: series and waiting list"): a booking plus `repeticion` ({cada_semanas | cada_dias, veces})
 * and `modo` ('todas' | 'las_posibles'). `simular: true` writes nothing and answers {posibles, conflictos}; otherwise
 * {serie_id, creadas, conflictos}. 'todas' with any conflict is a 409 SERIE_CON_CONFLICTOS (err.data.conflictos).
 */
export async function reservarSerie(serie) {
  const { data } = await api.post('/citas/series', cleanParams(serie));
  return data;
}

/** Cancel the series' active appointments from `desde` (default today): {canceladas, citas}. */
export async function cancelarSerie(serieId, { motivo, desde }) {
  const { data } = await api.post(`/citas/series/${serieId}/cancelar`, cleanParams({ motivo, desde }));
  return data;
}

export default {
  listar,
  reservarSerie,
  cancelarSerie,
  obtener,
  agendar,
  actualizar,
  cambiarEstado,
  revertirEstado,
  historialEstados,
  proximosLibres,
};
