// Treatment plans and their budgets (API.md "Dentistry"; the exact shapes in the contract).
import api, { cleanParams, pageOf } from './api';
import { ApiError } from './errors';
import { conMensajeDelServidor, nombreDeArchivo } from '../utils/descargas';

/** One page of a patient's plans, newest first: params {page, perPage, estado}. */
export async function listar(pacienteId, { page = 1, perPage = 20, ...filtros } = {}) {
  const { data } = await api.get(`/pacientes/${pacienteId}/planes`, { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

/**
 * {titulo, sucursal_id?, vigencia_dias?, items: [{servicio_id, pieza?, superficies?, cantidad?, fase?,
 * descuento_porcentaje?, nota?}]} → 201 the plan (borrador), its amounts computed by the server.
 */
export async function crear(pacienteId, plan) {
  const { data } = await api.post(`/pacientes/${pacienteId}/planes`, plan);
  return data;
}

export async function obtener(id) {
  const { data } = await api.get(`/planes/${id}`);
  return data;
}

/** The fields of `crear`, all optional (items replace them all); only while borrador, else 409 PLAN_NO_MODIFICABLE. */
export async function editar(id, cambios) {
  const { data } = await api.patch(`/planes/${id}`, cambios);
  return data;
}

/** {estado, motivo?, aceptado_por?} → the plan; a move the state machine does not allow → 409 TRANSICION_INVALIDA. */
export async function cambiarEstado(id, cambio) {
  const { data } = await api.post(`/planes/${id}/estado`, cleanParams(cambio));
  return data;
}

/** Mark an item done ({cita_id?}) → the plan (an accepted plan becomes en_curso). */
export async function realizar(id, itemId, datos = {}) {
  const { data } = await api.post(`/planes/${id}/items/${itemId}/realizar`, cleanParams(datos));
  return data;
}

/** {blob, nombre} of the budget the patient signs. */
export async function presupuestoPdf(id) {
  const res = await conMensajeDelServidor(api.get(`/planes/${id}/presupuesto.pdf`, { responseType: 'blob' }), ApiError);
  return { blob: res.data, nombre: nombreDeArchivo(res.headers?.['content-disposition'], `presupuesto-${id}.pdf`) };
}

export default { listar, crear, obtener, editar, cambiarEstado, realizar, presupuestoPdf };
