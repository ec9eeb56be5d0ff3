// Appointment states (ids fixed by the API) and their legal transitions.
import { hasStarted, toISODate } from './dates';

export const ESTADOS = {
  NUEVA: 1,
  CONFIRMADA: 2,
  EN_ESPERA: 3,
  COMPLETADA: 4,
  CANCELADA: 5,
  EN_CONSULTA: 6,
  NO_ASISTIO: 7,
};

export const NOMBRES_ESTADO = {
  1: 'Nueva',
  2: 'Confirmada',
  3: 'En Espera',
  4: 'Completada',
  5: 'Cancelada',
  6: 'En Consulta',
  7: 'No Asistió',
};

// Background / text colours per state (WCAG AA contrast on white text).
export const COLORES_ESTADO = {
  1: { bg: '#1565c0', fg: '#ffffff' },
  2: { bg: '#2e7d32', fg: '#ffffff' },
  3: { bg: '#b26a00', fg: '#ffffff' },
  4: { bg: '#546e7a', fg: '#ffffff' },
  5: { bg: '#9e9e9e', fg: '#1a1a1a' },
  6: { bg: '#6a1b9a', fg: '#ffffff' },
  7: { bg: '#c62828', fg: '#ffffff' },
};

const TRANSICIONES = {
  1: [2, 3, 5, 7],
  2: [3, 5, 7],
  3: [6, 4, 5],
  6: [4],
  4: [],
  5: [],
  7: [],
};

/** States that free the slot. */
export const ESTADOS_INACTIVOS = [ESTADOS.CANCELADA, ESTADOS.NO_ASISTIO];

export function nombreEstado(id, estados) {
  const found = estados?.find((e) => e.id === id);
  return found?.nombre || NOMBRES_ESTADO[id] || `Estado ${id}`;
}

export function colorEstado(id) {
  return COLORES_ESTADO[id] || { bg: '#607d8b', fg: '#ffffff' };
}

export function esActiva(cita) {
  return !ESTADOS_INACTIVOS.includes(cita?.estado_id);
}

/** A PATCH (move / edit) is allowed only while Nueva or Confirmada. */
export function puedeReprogramar(cita) {
  return cita?.estado_id === ESTADOS.NUEVA || cita?.estado_id === ESTADOS.CONFIRMADA;
}

/**
 * Legal next states for an appointment, following API.md:
 * Nueva→Confirmada|En Espera|Cancelada|No Asistió; Confirmada→En Espera|Cancelada|No Asistió;
 * En Espera→En Consulta|Completada|Cancelada; En Consulta→Completada.
 * "No Asistió" only once the start time has passed; "En Espera" only on the appointment's day.
 */
export function transicionesPermitidas(cita, now = new Date()) {
  if (!cita) return [];
  const candidatos = TRANSICIONES[cita.estado_id] || [];
  return candidatos.filter((destino) => {
    if (destino === ESTADOS.NO_ASISTIO) return hasStarted(cita.fecha, cita.hora_inicio, now);
    if (destino === ESTADOS.EN_ESPERA) return cita.fecha === toISODate(now);
    return true;
  });
}

/** Label of the action that moves an appointment into a state. */
export const ACCIONES_ESTADO = {
  2: 'Confirmar',
  3: 'Marcar en espera',
  4: 'Completar',
  5: 'Cancelar cita',
  6: 'Pasar a consulta',
  7: 'Marcar no asistió',
};
