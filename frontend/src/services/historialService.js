// Clinical history. A declared emergency access sends X-Acceso-Emergencia: <motivo> (the server
// records it in the audit log).
import api, { pageOf } from './api';

export const CABECERA_EMERGENCIA = 'X-Acceso-Emergencia';

/** HTTP header values must be ISO-8859-1: keep Spanish letters, replace anything else. */
export function motivoParaCabecera(motivo) {
  return String(motivo || '')
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/[^\x20-\x7E\xA0-\xFF]/g, '?')
    .trim()
    .slice(0, 500);
}

/** The headers of a request made under a declared emergency access (none without one). */
export function cabecerasEmergencia(emergencia) {
  return emergencia ? { [CABECERA_EMERGENCIA]: motivoParaCabecera(emergencia) } : {};
}

/** Every entry of a patient (newest first, with addenda). */
export async function listar(pacienteId, { emergencia } = {}) {
  const all = [];
  for (let page = 1; page <= 20; page += 1) {
    const { data } = await api.get('/historial', {
      params: { paciente_id: pacienteId, page, per_page: 100 },
      headers: cabecerasEmergencia(emergencia),
    });
    const p = pageOf(data, 100);
    all.push(...p.items);
    if (page >= (p.pages || 1)) break;
  }
  return all;
}

/** {paciente_id, cita_id?, diagnostico, tratamiento?, observaciones?} */
export async function crear(entrada, { emergencia } = {}) {
  const { data } = await api.post('/historial', entrada, { headers: cabecerasEmergencia(emergencia) });
  return data;
}

/** {texto, motivo} */
export async function adendar(historialId, adenda, { emergencia } = {}) {
  const { data } = await api.post(`/historial/${historialId}/adendas`, adenda, { headers: cabecerasEmergencia(emergencia) });
  return data;
}

export default { listar, crear, adendar, motivoParaCabecera };
