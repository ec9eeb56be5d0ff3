// Pure helpers that turn API data into the agenda grid.
import { formatTime, timeToMinutes } from '../../utils/dates';
import { esActiva } from '../../utils/estados';

// Where the agenda's components have always found it.
export { nombreCompleto } from '../../utils/personas';

/**
 * Build a grid of rows (start times) × columns.
 * - columns: [{key, ...}] in display order
 * - citasPorColumna: {key: [cita]}
 * - slotsPorColumna: {key: [{hora_inicio, hora_fin, sucursal_id}]}
 * Returns {horas: ['08:00', ...], celdas: {key: {'08:00': {citas: [], slot}}}}
 */
export function construirGrilla(columns, citasPorColumna = {}, slotsPorColumna = {}) {
  const horas = new Set();
  const celdas = {};
  for (const col of columns) {
    const porHora = {};
    const celda = (h) => {
      if (!porHora[h]) porHora[h] = { citas: [], slot: null };
      return porHora[h];
    };
    for (const slot of slotsPorColumna[col.key] || []) {
      const h = formatTime(slot.hora_inicio);
      if (!h) continue;
      horas.add(h);
      celda(h).slot = { ...slot, hora_inicio: h, hora_fin: formatTime(slot.hora_fin) };
    }
    for (const cita of citasPorColumna[col.key] || []) {
      const h = formatTime(cita.hora_inicio);
      if (!h) continue;
      horas.add(h);
      celda(h).citas.push(cita);
    }
    for (const c of Object.values(porHora)) {
      // active appointments first, then cancelled / no-show ones
      c.citas.sort((a, b) => Number(esActiva(b)) - Number(esActiva(a)) || a.id - b.id);
    }
    celdas[col.key] = porHora;
  }
  const ordenadas = [...horas].sort((a, b) => timeToMinutes(a) - timeToMinutes(b));
  return { horas: ordenadas, celdas };
}

/** Group a list by a key function. */
export function agruparPor(lista, keyFn) {
  const out = {};
  for (const item of lista || []) {
    const k = keyFn(item);
    (out[k] ||= []).push(item);
  }
  return out;
}

/** In the doctor's own agenda a Médico sees only their column: find their doctor record. */
export function medicoDelUsuario(medicos, usuario) {
  if (!usuario) return null;
  return medicos.find((m) => m.usuario_id != null && m.usuario_id === usuario.id) || null;
}
