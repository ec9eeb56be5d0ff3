// Lists that the UI shows in full (services/api.js getAll) and say when they were cut.
import { getMoneda, LOCALES } from './money';

/** 2000 → "2,000" ("2.000" where the clinic groups with dots): written as in the clinic's country (its currency's
 * locale, like utils/importacion.js formatearTamano), grouped also at four digits. */
export function formatearCantidad(n) {
  return Number(n ?? 0).toLocaleString(LOCALES[getMoneda()] || 'es-MX', { useGrouping: 'always' });
}

/** 'Mostrando los primeros N de M <que>.' when `lista` was cut by getAll, else null. */
export function textoTruncado(lista, que = 'registros') {
  if (!lista?.truncado) return null;
  return `Mostrando los primeros ${formatearCantidad(lista.length)} de ${formatearCantidad(lista.total)} ${que}.`;
}
