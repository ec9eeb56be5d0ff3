// Days and times of the booking pages. Dates are the branch's wall-clock dates ('YYYY-MM-DD') and are handled
// as UTC calendar days, so the phone's own time zone never shifts them; "today" is today in the branch's zone.
import { formatTime } from '../../utils/dates';
import { ciudadDeZona } from '../formato';

export const DIAS_POR_VENTANA = 14;
// The furthest a window may start: the API's horizonte_dias is at most 365.
export const HORIZONTE_MAXIMO_DIAS = 365;

const pad = (n) => String(n).padStart(2, '0');

function aUTC(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  return m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : null;
}

const aISO = (d) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

/** Today's date in the IANA zone `zona` ('YYYY-MM-DD'). */
export function hoyEn(zona, ahora = new Date()) {
  const partes = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: zona || undefined, year: 'numeric', month: '2-digit', day: '2-digit' })
      .formatToParts(ahora)
      .map((p) => [p.type, p.value]),
  );
  return `${partes.year}-${partes.month}-${partes.day}`;
}

export function sumarDias(iso, dias) {
  const d = aUTC(iso);
  if (!d) return iso;
  d.setUTCDate(d.getUTCDate() + dias);
  return aISO(d);
}

/** The `DIAS_POR_VENTANA` dates from `desde`. */
export function diasDeVentana(desde) {
  return Array.from({ length: DIAS_POR_VENTANA }, (_, i) => sumarDias(desde, i));
}

const fmt = (opciones) => new Intl.DateTimeFormat('es-MX', { timeZone: 'UTC', ...opciones });
const capital = (s) => s.charAt(0).toUpperCase() + s.slice(1);

/** '2026-03-10' → {semana: 'Mar', dia: '10', mes: 'mar'} for a day's button. */
export function partesDia(iso) {
  const d = aUTC(iso);
  if (!d) return { semana: '', dia: '', mes: '' };
  return {
    semana: capital(fmt({ weekday: 'short' }).format(d).replace('.', '')),
    dia: String(d.getUTCDate()),
    mes: fmt({ month: 'short' }).format(d).replace('.', ''),
  };
}

/** '2026-03-10' → 'martes 10 de marzo'. */
export function diaLargo(iso) {
  const d = aUTC(iso);
  return d ? fmt({ weekday: 'long', day: 'numeric', month: 'long' }).format(d).replace(',', '') : '';
}

/** The window's span: '10 al 23 de marzo de 2026', '24 de marzo al 6 de abril de 2026'. */
export function rangoVentana(desde, hasta) {
  const a = aUTC(desde);
  const b = aUTC(hasta);
  if (!a || !b) return '';
  const mismoMes = a.getUTCMonth() === b.getUTCMonth() && a.getUTCFullYear() === b.getUTCFullYear();
  const mismoAnio = a.getUTCFullYear() === b.getUTCFullYear();
  const inicio = mismoMes
    ? String(a.getUTCDate())
    : fmt(mismoAnio ? { day: 'numeric', month: 'long' } : { day: 'numeric', month: 'long', year: 'numeric' }).format(a);
  return `${inicio} al ${fmt({ day: 'numeric', month: 'long', year: 'numeric' }).format(b)}`;
}

/** 'Europe/Madrid' → 'hora de Madrid'. */
export function nombreZona(zona) {
  return zona ? `hora de ${ciudadDeZona(zona)}` : '';
}

/** '10:30' and 'Europe/Madrid' → '10:30 (hora de Madrid)'. */
export function horaConZona(hhmm, zona) {
  const h = formatTime(hhmm);
  return zona ? `${h} (${nombreZona(zona)})` : h;
}

/** An instant (ISO 8601 with offset) → 'HH:MM' on the wall clock of `zona`. */
export function horaDeInstante(instante, zona) {
  const d = new Date(instante);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat('en-GB', { timeZone: zona || undefined, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .format(d);
}
