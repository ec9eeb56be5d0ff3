// Dentistry: the condition catalogue and the patient's odontogram (chart and its append-only records). The chart
// follows the clinical history's rules, so a declared emergency access travels the same way: the
// X-Acceso-Emergencia header of historialService.
import api, { pageOf } from './api';
import { cabecerasEmergencia } from './historialService';
import { toISODate } from '../utils/dates';

// Reference data seeded by a migration: one request per session of the page.
let catalogo = null;

/** The condition catalogue [{codigo, nombre, ambito: pieza|superficie, color}], kept in memory once loaded. */
export function condiciones() {
  if (!catalogo) {
    catalogo = api.get('/odontologia/condiciones').then(
      ({ data }) => data,
      (err) => {
        catalogo = null;
        throw err;
      },
    );
  }
  return catalogo;
}

/** Forget the catalogue (tests, or after a change of user). */
export function limpiarCache() {
  catalogo = null;
}

/** The chart now, or as of the end of `fecha` ('YYYY-MM-DD'): {denticion, piezas, actualizado_en}. */
export async function odontograma(pacienteId, { fecha, emergencia } = {}) {
  const { data } = await api.get(`/pacientes/${pacienteId}/odontograma`, {
    params: fecha ? { fecha } : undefined,
    headers: cabecerasEmergencia(emergencia),
  });
  return data;
}

/** One page of the chart's records, newest first: {items, total, page, per_page, pages}. */
export async function registros(pacienteId, { page = 1, per_page = 10, emergencia } = {}) {
  const { data } = await api.get(`/pacientes/${pacienteId}/odontograma/registros`, {
    params: { page, per_page },
    headers: cabecerasEmergencia(emergencia),
  });
  return pageOf(data, per_page);
}

/** The dates ('YYYY-MM-DD', local) on which the chart changed, oldest first: the stops of the date slider. */
export async function fechasDeRegistros(pacienteId, { emergencia, maxPaginas = 10 } = {}) {
  const fechas = new Set();
  for (let page = 1; page <= maxPaginas; page += 1) {
    const p = await registros(pacienteId, { page, per_page: 100, emergencia });
    p.items.forEach((r) => r.fecha && fechas.add(diaLocal(r.fecha)));
    if (page >= (p.pages || 1)) break;
  }
  return [...fechas].filter(Boolean).sort();
}

/** {cita_id?, hallazgos: [{pieza, superficies?, condicion, nota?}], observaciones?} → the new record. */
export async function registrar(pacienteId, body, { emergencia } = {}) {
  const { data } = await api.post(`/pacientes/${pacienteId}/odontograma/registros`, body, {
    headers: cabecerasEmergencia(emergencia),
  });
  return data;
}

/** The local calendar day of a timestamp (a bare date stays as it is). */
export function diaLocal(valor) {
  if (/^\d{4}-\d{2}-\d{2}$/.test(valor)) return valor;
  const d = new Date(valor);
  if (Number.isNaN(d.getTime())) return null;
  return toISODate(d);
}

export default { condiciones, limpiarCache, odontograma, registros, fechasDeRegistros, registrar };
