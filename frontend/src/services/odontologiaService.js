// Dentistry: the condition catalogue and the patient's odontogram (chart and its append-only records). The chart
// follows the clinical history's rules, so a declared emergency access travels the same way: the
// X-Acceso-Emergencia header of historialService.
import api, { pageOf } from './api';
import { cabecerasEmergencia } from './historialService';

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

/** {cita_id?, hallazgos: [{pieza, superficies?, condicion, nota?}], observaciones?} → the new record. */
export async function registrar(pacienteId, body, { emergencia } = {}) {
  const { data } = await api.post(`/pacientes/${pacienteId}/odontograma/registros`, body, {
    headers: cabecerasEmergencia(emergencia),
  });
  return data;
}


export default { condiciones, limpiarCache, odontograma, registros, registrar };
