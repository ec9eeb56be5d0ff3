// The cash register of each branch (API.md "Credit notes, refunds and the cash register").
import api, { cleanParams, pageOf } from './api';
import { ApiError } from './errors';
import { conMensajeDelServidor, nombreDeArchivo } from '../utils/descargas';

/** One page of sessions, newest first: filters sucursal_id, estado (abierta|cerrada). */
export async function sesiones({ page = 1, perPage = 20, ...filtros } = {}) {
  const { data } = await api.get('/caja/sesiones', { params: cleanParams({ ...filtros, page, per_page: perPage }) });
  return pageOf(data, perPage);
}

/** The open session of a branch (without movements), or null. */
export async function abierta(sucursalId) {
  const { items } = await sesiones({ sucursal_id: sucursalId, estado: 'abierta', perPage: 1 });
  return items[0] || null;
}

/** A session with its movements, oldest first. */
export async function sesion(id) {
  const { data } = await api.get(`/caja/sesiones/${id}`);
  return data;
}

/** {sucursal_id, fondo_inicial: "500.00"} */
export async function abrir(datos) {
  const { data } = await api.post('/caja/sesiones', datos);
  return data;
}

/** {tipo: ingreso|egreso, monto: "100.00" (positive), concepto} */
export async function movimiento(id, datos) {
  const { data } = await api.post(`/caja/sesiones/${id}/movimientos`, datos);
  return data;
}

/** {efectivo_contado: "1234.50", notas?, conteo?: {"500": 2, "0.50": 3}} → the closed session. */
export async function cerrar(id, datos) {
  const { data } = await api.post(`/caja/sesiones/${id}/cerrar`, cleanParams(datos));
  return data;
}

/** {blob, nombre} of the session's closing report. */
export async function arqueoPdf(id) {
  const res = await conMensajeDelServidor(api.get(`/caja/sesiones/${id}/arqueo.pdf`, { responseType: 'blob' }), ApiError);
  return { blob: res.data, nombre: nombreDeArchivo(res.headers?.['content-disposition'], `arqueo-${id}.pdf`) };
}

export default { sesiones, abierta, sesion, abrir, movimiento, cerrar, arqueoPdf };
