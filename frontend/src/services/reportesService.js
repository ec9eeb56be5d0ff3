import api, { cleanParams } from './api';
import { ApiError } from './errors';
import { conMensajeDelServidor, nombreDeArchivo } from '../utils/descargas';

export const REPORTES = {
  resumen: '/reportes/resumen',
  'citas-por-medico': '/reportes/citas-por-medico',
  ingresos: '/reportes/ingresos',
  tratamientos: '/reportes/tratamientos',
};

async function obtener(reporte, filtros) {
  const { data } = await api.get(REPORTES[reporte], { params: cleanParams(filtros) });
  return data;
}

/** filtros: {desde, hasta, sucursal_id?, medico_id?} */
export const resumen = (filtros) => obtener('resumen', filtros);
export const citasPorMedico = (filtros) => obtener('citas-por-medico', filtros);
/** filtros: {..., agrupar: 'dia' | 'mes'} */
export const ingresos = (filtros) => obtener('ingresos', filtros);
/**
 * Treatment plans of the period (filtros {desde, hasta, sucursal_id?}): {presentados, aceptados, rechazados:
 * {cantidad, importe}, tasa_aceptacion (0..1 or null), pendiente_de_realizar (accepted work not yet done, now)}.
 */
export const tratamientos = (filtros) => obtener('tratamientos', filtros);

/** {blob, nombre} of a report as CSV (?formato=csv). */
export async function csv(reporte, filtros) {
  const res = await conMensajeDelServidor(
    api.get(REPORTES[reporte], { params: cleanParams({ ...filtros, formato: 'csv' }), responseType: 'blob' }),
    ApiError,
  );
  const porDefecto = `${reporte.replace(/-/g, '_')}_${filtros.desde || ''}_${filtros.hasta || ''}.csv`;
  return { blob: res.data, nombre: nombreDeArchivo(res.headers?.['content-disposition'], porDefecto) };
}

export default { resumen, citasPorMedico, ingresos, tratamientos, csv };
