// Imports of a clinic's data (API.md "Import and interoperability"; the exact shapes in the contract):
// read the start of a file, queue an import (dry run or real), follow it, and download its errors.
import api, { cleanParams, pageOf } from './api';
import { ApiError } from './errors';
import { conMensajeDelServidor, nombreDeArchivo } from '../utils/descargas';

// Uploading a file of up to 20 MiB over a slow link takes longer than an ordinary request.
const TIEMPO_SUBIDA_MS = 5 * 60 * 1000;

function formulario(campos) {
  const datos = new FormData();
  for (const [nombre, valor] of Object.entries(campos)) {
    if (valor !== undefined && valor !== null) datos.append(nombre, valor);
  }
  return datos;
}

/**
 * The file's header, the first 20 rows and the target fields of `tipo` ('pacientes' | 'citas'):
 * {formato, codificacion, separador, columnas, sugerencias, filas, total_filas, total_estimado?, campos}.
 */
export async function previsualizar(archivo, tipo) {
  const { data } = await api.post('/importaciones/previsualizar', formulario({ archivo, tipo }), { timeout: TIEMPO_SUBIDA_MS });
  return data;
}

/**
 * Queue an import of `archivo` as `tipo` with `mapa` ({columna: campo}; omitted: the server's suggestions);
 * `simular` runs it without writing. → {id}
 */
export async function crear({ archivo, tipo, mapa, simular = false }) {
  const datos = formulario({ archivo, tipo, mapa: mapa ? JSON.stringify(mapa) : undefined, simular: simular ? 'true' : 'false' });
  const { data } = await api.post('/importaciones', datos, { timeout: TIEMPO_SUBIDA_MS });
  return data;
}

/** {id, tipo, simular, nombre_archivo, estado, total, procesadas, creadas, existentes, con_errores, errores, mensaje, …} */
export async function obtener(id) {
  const { data } = await api.get(`/importaciones/${id}`);
  return data;
}

/** One page of the imports, newest first. */
export async function listar({ page = 1, perPage = 10 } = {}) {
  const { data } = await api.get('/importaciones', { params: cleanParams({ page, per_page: perPage }) });
  return pageOf(data, perPage);
}

/** {blob, nombre} of every error of an import, as CSV. */
export async function erroresCsv(id) {
  const res = await conMensajeDelServidor(api.get(`/importaciones/${id}/errores.csv`, { responseType: 'blob' }), ApiError);
  return { blob: res.data, nombre: nombreDeArchivo(res.headers?.['content-disposition'], `importacion-${id}-errores.csv`) };
}

export default { previsualizar, crear, obtener, listar, erroresCsv };
