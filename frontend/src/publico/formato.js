// Dates and times of the public page, in Spanish. The API gives the branch's wall-clock date and times
// ('YYYY-MM-DD', 'HH:MM') and its IANA time zone: they are shown as they are, never converted to the
// phone's zone (a patient travelling still sees the branch's time, labelled with the branch's zone).
import { formatTime } from '../utils/dates';

const CIUDADES = {
  'America/Mexico_City': 'Ciudad de México',
  'America/Monterrey': 'Monterrey',
  'America/Cancun': 'Cancún',
  'America/Tijuana': 'Tijuana',
  'America/Mazatlan': 'Mazatlán',
  'America/Chihuahua': 'Chihuahua',
  'America/Merida': 'Mérida',
  'America/Bogota': 'Bogotá',
  'America/Lima': 'Lima',
  'America/Santiago': 'Santiago de Chile',
  'America/Argentina/Buenos_Aires': 'Buenos Aires',
  'America/Caracas': 'Caracas',
  'America/Guatemala': 'Guatemala',
  'America/Panama': 'Panamá',
  'America/Guayaquil': 'Guayaquil',
  'America/La_Paz': 'La Paz',
  'America/Asuncion': 'Asunción',
  'America/Montevideo': 'Montevideo',
  'America/Santo_Domingo': 'Santo Domingo',
  'America/Costa_Rica': 'Costa Rica',
  'America/El_Salvador': 'El Salvador',
  'America/Tegucigalpa': 'Tegucigalpa',
  'America/Managua': 'Managua',
  'Europe/Madrid': 'Madrid',
};

/** 'YYYY-MM-DD' → 'martes, 10 de marzo de 2026' (the first letter in upper case). */
export function fechaLarga(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || '');
  if (!m) return '';
  const texto = new Intl.DateTimeFormat('es-MX', {
    weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC',
  }).format(new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))));
  return texto.charAt(0).toUpperCase() + texto.slice(1);
}

/** 'HH:MM' of the branch → 'HH:MM h'. */
export function hora(valor) {
  const hhmm = formatTime(valor);
  return hhmm ? `${hhmm} h` : '';
}

/** 'America/Mexico_City' → 'Ciudad de México'; unknown zones by their last part ('America/Bahia' → 'Bahia'). */
export function ciudadDeZona(zona) {
  if (!zona) return '';
  if (CIUDADES[zona]) return CIUDADES[zona];
  return zona.split('/').pop().replace(/_/g, ' ');
}

export function enlaceMapa(direccion) {
  return `https://www.openstreetmap.org/search?query=${encodeURIComponent(direccion || '')}`;
}
