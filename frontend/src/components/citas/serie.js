// Series of appointments (API "Agenda: series and waiting list"): the repetition the form sends and the dates the
// server answers, each free or with its conflict in Spanish.

export const MOTIVOS_CONFLICTO = {
  MEDICO_OCUPADO: 'El médico ya tiene una cita a esa hora',
  PACIENTE_OCUPADO: 'El paciente ya tiene una cita a esa hora',
  FUERA_DE_HORARIO: 'El médico no atiende en ese horario',
  FECHA_PASADA: 'La fecha ya pasó',
  INACTIVO: 'El médico, el paciente o la sucursal no están activos',
};

export const LIMITES_REPETICION = {
  semanas: { min: 1, max: 12 },
  dias: { min: 1, max: 60 },
  veces: { min: 2, max: 52 },
};

/** {unidad: 'semanas'|'dias', cada, veces} of the form → the API's `repeticion`. */
export function repeticionDe({ unidad, cada, veces }) {
  const n = Number(cada);
  return unidad === 'dias' ? { cada_dias: n, veces: Number(veces) } : { cada_semanas: n, veces: Number(veces) };
}

/** The Spanish reason of one conflicting date. */
export function motivoConflicto(conflicto) {
  return MOTIVOS_CONFLICTO[conflicto?.reason] || conflicto?.message || 'Horario no disponible';
}

/**
 * One row per date, in order: {fecha, hora_inicio, libre, motivo?, id?} from the free ones (`posibles` of a
 * simulation, or `creadas` of a booking) and the `conflictos`.
 */
export function fechasDeSerie({ libres = [], conflictos = [] }) {
  const filas = [
    ...libres.map((c) => ({ fecha: c.fecha, hora_inicio: c.hora_inicio, hora_fin: c.hora_fin, libre: true, id: c.id })),
    ...conflictos.map((c) => ({ fecha: c.fecha, hora_inicio: c.hora_inicio, libre: false, motivo: motivoConflicto(c), reason: c.reason })),
  ];
  return filas.sort((a, b) => `${a.fecha} ${a.hora_inicio || ''}`.localeCompare(`${b.fecha} ${b.hora_inicio || ''}`));
}
