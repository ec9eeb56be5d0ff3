import api, { cleanParams, getAll, pageOf } from './api';
import { ApiError } from './errors';
import { conMensajeDelServidor, nombreDeArchivo } from '../utils/descargas';

export function servicios(filtros = {}) {
  return getAll('/facturacion/servicios', cleanParams(filtros));
}

/** {nombre, descripcion?, precio: "100.00", impuesto_porcentaje: "16.00", activo, condicion_resultante?: odontogram code | null} */
export async function crearServicio(servicio) {
  const { data } = await api.post('/facturacion/servicios', servicio);
  return data;
}

export async function actualizarServicio(id, cambios) {
  const { data } = await api.patch(`/facturacion/servicios/${id}`, cambios);
  return data;
}

/** One page of invoices: filters estado, tipo (ordinaria | rectificativa), fecha_desde, fecha_hasta, paciente_id, sucursal_id. */
export async function facturas({ page = 1, perPage = 20, ...filtros } = {}) {
  const { data } = await api.get('/facturacion/facturas', {
    params: cleanParams({ ...filtros, page, per_page: perPage }),
  });
  return pageOf(data, perPage);
}

export async function factura(id) {
  const { data } = await api.get(`/facturacion/facturas/${id}`);
  return data;
}

/** {paciente_id, cita_id?, sucursal_id?, detalles: [{servicio_id, cantidad}], plan_items?: [done plan item ids]} */
export async function crearFactura(datos) {
  const { data } = await api.post('/facturacion/facturas', cleanParams(datos));
  return data;
}

/** {monto: "100.00", metodo: efectivo|tarjeta|transferencia} */
export async function registrarPago(id, pago) {
  const { data } = await api.post(`/facturacion/facturas/${id}/pagos`, pago);
  return data;
}

/** Credit note of an invoice: {motivo, lineas?: [{detalle_id, cantidad}]} (every line left when omitted). */
export async function rectificar(id, datos) {
  const { data } = await api.post(`/facturacion/facturas/${id}/rectificar`, datos);
  return data;
}

/** Refund of what was paid: {monto: "100.00" (positive), metodo}. */
export async function devolver(id, devolucion) {
  const { data } = await api.post(`/facturacion/facturas/${id}/devoluciones`, devolucion);
  return data;
}

export async function anular(id, motivo) {
  const { data } = await api.post(`/facturacion/facturas/${id}/anular`, { motivo });
  return data;
}

/** {blob, nombre} of the invoice's PDF. */
export async function pdf(id, numero) {
  const res = await conMensajeDelServidor(api.get(`/facturacion/facturas/${id}/pdf`, { responseType: 'blob' }), ApiError);
  return { blob: res.data, nombre: nombreDeArchivo(res.headers?.['content-disposition'], `factura-${numero || id}.pdf`) };
}

export default {
  servicios,
  crearServicio,
  actualizarServicio,
  facturas,
  factura,
  crearFactura,
  registrarPago,
  rectificar,
  devolver,
  anular,
  pdf,
};
