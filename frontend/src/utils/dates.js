// Date helpers. Dates travel as 'YYYY-MM-DD' strings and times as 'HH:MM[:SS]';
// they are handled as plain strings so no time zone shift can creep in.

const pad = (n) => String(n).padStart(2, '0');

export const DIAS_SEMANA = ['Lunes', 'Martes', 'Miércoles', 'Jueves', 'Viernes', 'Sábado', 'Domingo'];
export const DIAS_CORTOS = ['Lun', 'Mar', 'Mié', 'Jue', 'Vie', 'Sáb', 'Dom'];

/** 'YYYY-MM-DD' of a Date in local time. */
export function toISODate(date = new Date()) {
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

export function today() {
  return toISODate(new Date());
}

/** Parse 'YYYY-MM-DD' (also the date part of a timestamp) into a local Date at midnight. */
export function parseISODate(value) {
  if (!value || typeof value !== 'string') return null;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(value);
  if (!m) return null;
  const d = new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (d.getMonth() !== Number(m[2]) - 1) return null;
  return d;
}

/** 'YYYY-MM-DD' → 'dd/mm/aaaa'. Anything unparsable gives ''. */
export function formatDate(value) {
  if (!value) return '';
  if (value instanceof Date) return `${pad(value.getDate())}/${pad(value.getMonth() + 1)}/${value.getFullYear()}`;
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(value));
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** 'HH:MM:SS' or 'HH:MM' → 'HH:MM' (24 h). */
export function formatTime(value) {
  if (!value) return '';
  const m = /^(\d{1,2}):(\d{2})/.exec(String(value));
  return m ? `${pad(Number(m[1]))}:${m[2]}` : '';
}

/** ISO timestamp → 'dd/mm/aaaa HH:MM' in the browser's local time. */
export function formatDateTime(value) {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return `${formatDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function addDays(isoDate, days) {
  const d = parseISODate(isoDate);
  if (!d) return isoDate;
  d.setDate(d.getDate() + days);
  return toISODate(d);
}

/** ISO weekday of a date: 1 = lunes … 7 = domingo. */
export function isoWeekday(isoDate) {
  const d = parseISODate(isoDate);
  if (!d) return null;
  return ((d.getDay() + 6) % 7) + 1;
}

/** Monday of the week that contains the date. */
export function startOfWeek(isoDate) {
  const wd = isoWeekday(isoDate);
  return wd ? addDays(isoDate, 1 - wd) : isoDate;
}

export function weekDates(isoDate) {
  const monday = startOfWeek(isoDate);
  return Array.from({ length: 7 }, (_, i) => addDays(monday, i));
}

/** 'Lunes 05/03/2024' */
export function formatLongDate(isoDate) {
  const wd = isoWeekday(isoDate);
  return wd ? `${DIAS_SEMANA[wd - 1]} ${formatDate(isoDate)}` : '';
}

export function timeToMinutes(value) {
  const m = /^(\d{1,2}):(\d{2})/.exec(String(value || ''));
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

export function minutesToTime(total) {
  return `${pad(Math.floor(total / 60))}:${pad(total % 60)}`;
}

/** Age in whole years at `on` (defaults to today). */
export function ageFrom(isoDate, on = today()) {
  const b = parseISODate(isoDate);
  const t = parseISODate(on);
  if (!b || !t) return null;
  let age = t.getFullYear() - b.getFullYear();
  if (t.getMonth() < b.getMonth() || (t.getMonth() === b.getMonth() && t.getDate() < b.getDate())) age -= 1;
  return age;
}

/** True when the appointment's start (local wall clock) is already past at `now`. */
export function hasStarted(fecha, horaInicio, now = new Date()) {
  const d = parseISODate(fecha);
  const mins = timeToMinutes(horaInicio);
  if (!d || Number.isNaN(mins)) return false;
  d.setMinutes(mins);
  return d.getTime() <= now.getTime();
}

/** True for an empty filter or a valid dd/mm/aaaa date (date filters of lists). */
export const fechaVaciaOValida = (texto) => !texto || Boolean(parseFechaInput(texto));

/** The props that mark a list's date filter as wrong while what was typed is not a date (empty is no filter). */
export const propsFechaFiltro = (texto, mensaje = 'Fecha no válida') =>
  fechaVaciaOValida(texto) ? {} : { error: true, helperText: mensaje };

/**
 * What a user typed in a date field → 'YYYY-MM-DD', or null when it is not a real date.
 * Accepts dd/mm/aaaa (also with - or .), ddmmaaaa and the ISO form aaaa-mm-dd.
 */
export function parseFechaInput(text) {
  const t = String(text || '').trim();
  let y;
  let m;
  let d;
  let match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(t);
  if (match) [, d, m, y] = match;
  else if ((match = /^(\d{2})(\d{2})(\d{4})$/.exec(t))) [, d, m, y] = match;
  else if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t))) [, y, m, d] = match;
  else return null;
  const iso = `${y}-${pad(Number(m))}-${pad(Number(d))}`;
  const date = parseISODate(iso);
  return date && date.getDate() === Number(d) ? iso : null;
}

/** What a user typed in a time field → "HH:MM" (24 h), or null. Accepts 9:05, 0905 and 905. */
export function parseHoraInput(text) {
  const t = String(text || '').trim();
  const match = /^(\d{1,2}):?(\d{2})$/.exec(t);
  if (!match) return null;
  const h = Number(match[1]);
  const min = Number(match[2]);
  if (h > 23 || min > 59) return null;
  return `${pad(h)}:${pad(min)}`;
}
