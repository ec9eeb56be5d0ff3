// Report periods: 'YYYY-MM-DD' strings, inclusive on both ends, at most 366 days (the API's limit).
import { addDays, parseISODate, toISODate, today } from './dates';

export const MAX_DIAS_PERIODO = 366;

export function inicioDeMes(iso = today()) {
  return `${iso.slice(0, 7)}-01`;
}

export function finDeMes(iso = today()) {
  const d = parseISODate(inicioDeMes(iso));
  return toISODate(new Date(d.getFullYear(), d.getMonth() + 1, 0));
}

/** First day of the month `n` months before the month of `iso`. */
export function mesesAtras(iso, n) {
  const d = parseISODate(inicioDeMes(iso));
  return toISODate(new Date(d.getFullYear(), d.getMonth() - n, 1));
}

/** Number of days of [desde, hasta], both included (NaN when a date is invalid). */
export function diasDelPeriodo(desde, hasta) {
  const a = parseISODate(desde);
  const b = parseISODate(hasta);
  if (!a || !b) return NaN;
  return Math.round((Date.UTC(b.getFullYear(), b.getMonth(), b.getDate()) - Date.UTC(a.getFullYear(), a.getMonth(), a.getDate())) / 86400000) + 1;
}

/** Spanish message for a bad period, or null when it is fine. */
export function validarPeriodo(desde, hasta) {
  if (!parseISODate(desde)) return 'Indique una fecha «Desde» válida (dd/mm/aaaa).';
  if (!parseISODate(hasta)) return 'Indique una fecha «Hasta» válida (dd/mm/aaaa).';
  const dias = diasDelPeriodo(desde, hasta);
  if (dias < 1) return '«Hasta» debe ser igual o posterior a «Desde».';
  if (dias > MAX_DIAS_PERIODO) return `El periodo no puede superar ${MAX_DIAS_PERIODO} días.`;
  return null;
}

/** Named periods offered by the filters. */
export function periodoPredefinido(nombre, hoy = today()) {
  switch (nombre) {
    case 'mes':
      return { desde: inicioDeMes(hoy), hasta: finDeMes(hoy) };
    case 'mes-anterior': {
      const inicio = mesesAtras(hoy, 1);
      return { desde: inicio, hasta: finDeMes(inicio) };
    }
    case 'ultimos-30':
      return { desde: addDays(hoy, -29), hasta: hoy };
    case 'ultimos-12-meses':
      return { desde: mesesAtras(hoy, 11), hasta: finDeMes(hoy) };
    case 'anio':
      return { desde: `${hoy.slice(0, 4)}-01-01`, hasta: `${hoy.slice(0, 4)}-12-31` };
    default:
      return null;
  }
}

const MESES = ['ene', 'feb', 'mar', 'abr', 'may', 'jun', 'jul', 'ago', 'sep', 'oct', 'nov', 'dic'];

/** Label of a revenue period: 'YYYY-MM' → 'ene 2026'; 'YYYY-MM-DD' → 'dd/mm'. */
export function etiquetaPeriodo(periodo) {
  const s = String(periodo || '');
  let m = /^(\d{4})-(\d{2})$/.exec(s);
  if (m) return `${MESES[Number(m[2]) - 1]} ${m[1]}`;
  m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (m) return `${m[3]}/${m[2]}`;
  return s;
}

/** 0.1234 → "12,3 %" */
export function formatPorcentaje(fraccion) {
  if (fraccion === null || fraccion === undefined || Number.isNaN(Number(fraccion))) return '—';
  return `${(Number(fraccion) * 100).toFixed(1).replace('.', ',')} %`;
}
