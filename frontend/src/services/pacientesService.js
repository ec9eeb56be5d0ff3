import api, { cleanParams, getAll, pageOf } from './api';

export async function buscar({ q, page = 1, perPage = 20, activo } = {}) {
  const { data } = await api.get('/pacientes', {
    params: cleanParams({ q: q?.trim(), page, per_page: perPage, activo }),
  });
  return pageOf(data, perPage);
}

export async function obtener(id) {
  const { data } = await api.get(`/pacientes/${id}`);
  return data;
}

export async function crear(paciente) {
  const { data } = await api.post('/pacientes', paciente);
  return data;
}

export async function actualizar(id, cambios) {
  const { data } = await api.patch(`/pacientes/${id}`, cambios);
  return data;
}

export async function desactivar(id) {
  await api.delete(`/pacientes/${id}`);
}

/** Keep patient `conservarId`, merge `fusionarId` into it (deactivated). Administrador. → the kept patient. */
export async function fusionar(conservarId, fusionarId) {
  const { data } = await api.post(`/pacientes/${conservarId}/fusionar`, { con_id: fusionarId });
  return data;
}

export function citas(id) {
  return getAll(`/pacientes/${id}/citas`);
}

export function facturas(id) {
  return getAll(`/pacientes/${id}/facturas`);
}

export function historial(id) {
  return getAll(`/pacientes/${id}/historial`);
}

export default { buscar, obtener, crear, actualizar, desactivar, fusionar, citas, facturas, historial };
