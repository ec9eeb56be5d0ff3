// IANA time zones offered for a branch (the browser's list when it has one).
const COMUNES = [
  'America/Mexico_City', 'America/Monterrey', 'America/Cancun', 'America/Tijuana', 'America/Bogota', 'America/Lima',
  'America/Santiago', 'America/Argentina/Buenos_Aires', 'America/Caracas', 'America/Guatemala', 'America/Panama',
  'America/Guayaquil', 'America/La_Paz', 'America/Asuncion', 'America/Montevideo', 'America/Santo_Domingo',
  'America/Costa_Rica', 'America/El_Salvador', 'America/Tegucigalpa', 'America/Managua', 'Europe/Madrid', 'UTC',
];

export function zonasHorarias() {
  try {
    const todas = Intl.supportedValuesOf?.('timeZone');
    if (todas?.length) return Array.from(new Set([...COMUNES, ...todas]));
  } catch {
    // older browsers
  }
  return COMUNES;
}
