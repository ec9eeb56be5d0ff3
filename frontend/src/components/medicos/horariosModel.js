import { timeToMinutes } from '../../utils/dates';

/** Blocks sorted by weekday then start time. */
export function ordenarHorarios(horarios) {
  return [...horarios].sort(
    (a, b) => a.dia_semana - b.dia_semana || timeToMinutes(a.hora_inicio) - timeToMinutes(b.hora_inicio),
  );
}

/** True when two blocks of the same weekday overlap (half-open intervals). */
export function seSolapan(a, b) {
  if (Number(a.dia_semana) !== Number(b.dia_semana)) return false;
  return timeToMinutes(a.hora_inicio) < timeToMinutes(b.hora_fin) && timeToMinutes(b.hora_inicio) < timeToMinutes(a.hora_fin);
}
