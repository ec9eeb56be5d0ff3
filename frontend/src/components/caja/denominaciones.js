// Bills and coins per currency for counting the drawer; a currency not listed is counted by typing the total.
// Keys are the API's `conteo` keys: whole amounts without decimals ("500"), fractions with two ("0.50").
import { aCentavos, deCentavos } from '../../utils/facturaTotales';

export const DENOMINACIONES = {
  MXN: { billetes: ['1000', '500', '200', '100', '50', '20'], monedas: ['10', '5', '2', '1', '0.50'] },
  EUR: {
    billetes: ['500', '200', '100', '50', '20', '10', '5'],
    monedas: ['2', '1', '0.50', '0.20', '0.10', '0.05', '0.02', '0.01'],
  },
  USD: { billetes: ['100', '50', '20', '10', '5', '2', '1'], monedas: ['0.50', '0.25', '0.10', '0.05', '0.01'] },
  COP: { billetes: ['100000', '50000', '20000', '10000', '5000', '2000'], monedas: ['1000', '500', '200', '100', '50'] },
};

/** {billetes, monedas} of `moneda`, or null when the app has no table for it. */
export function denominacionesDe(moneda) {
  return DENOMINACIONES[String(moneda || '').toUpperCase()] || null;
}

/** What the user typed as a count ("3", "", "-1", "2.5") → a whole number ≥ 0, or null. */
export function piezas(texto) {
  const t = String(texto ?? '').trim();
  if (t === '') return 0;
  return /^\d+$/.test(t) ? Number(t) : null;
}

/** Only the denominations counted (> 0), as the API's `conteo`: {"500": 2, "0.50": 3}. Null if a count is invalid. */
export function conteoLimpio(conteo) {
  const limpio = {};
  for (const [denominacion, texto] of Object.entries(conteo)) {
    const n = piezas(texto);
    if (n === null) return null;
    if (n > 0) limpio[denominacion] = n;
  }
  return limpio;
}

/** The total of a count in the API's money format ("1000.50"), exact (cents as BigInt). Invalid counts count 0. */
export function sumaConteo(conteo) {
  let total = 0n;
  for (const [denominacion, texto] of Object.entries(conteo)) {
    const n = piezas(texto);
    if (n) total += aCentavos(denominacion) * BigInt(n);
  }
  return deCentavos(total);
}
