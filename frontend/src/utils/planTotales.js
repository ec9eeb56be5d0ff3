// Treatment-plan arithmetic done exactly like the server (API.md "Dentistry"), in integer cents with the
// invoice helpers (facturaTotales): per item bruto = precio × cantidad, descuento = round(bruto × pct / 100, 2),
// impuesto = round((bruto − descuento) × iva / 100, 2), both half-up; the plan sums bruto (subtotal), descuento
// and impuesto, and total = subtotal − descuento + impuesto.
import { aCentavos, aCentavosConSigno, deCentavos, impuestoDe } from './facturaTotales';

// impuestoDe is the invoices' "percentage of an amount, half-up to the cent": the discount is the same operation.
const porcentajeDe = impuestoDe;

/**
 * {subtotal (bruto), descuento, impuesto, total} of one item as API strings, or null when it is incomplete
 * (no price, a quantity that is not a positive integer, a discount that is not a percentage from 0 to 100).
 */
export function calcularItem({ precio, impuesto_porcentaje: iva, cantidad, descuento_porcentaje: pct }) {
  const precioC = aCentavos(precio);
  const n = Number(cantidad);
  const pctC = aCentavos(pct ?? '0');
  if (precioC === null || !Number.isInteger(n) || n < 1 || pctC === null || pctC > 10000n) return null;
  const bruto = precioC * BigInt(n);
  const descuento = porcentajeDe(bruto, pct ?? '0');
  const impuesto = impuestoDe(bruto - descuento, iva ?? '0');
  return {
    subtotal: deCentavos(bruto),
    descuento: deCentavos(descuento),
    impuesto: deCentavos(impuesto),
    total: deCentavos(bruto - descuento + impuesto),
  };
}

/** Totals of a plan from its items [{precio, impuesto_porcentaje, cantidad, descuento_porcentaje}]; incomplete ones count as zero. */
export function calcularTotalesPlan(items) {
  let subtotal = 0n;
  let descuento = 0n;
  let impuesto = 0n;
  for (const item of items) {
    const r = calcularItem(item);
    if (!r) continue;
    subtotal += aCentavos(r.subtotal);
    descuento += aCentavos(r.descuento);
    impuesto += aCentavos(r.impuesto);
  }
  return {
    subtotal: deCentavos(subtotal),
    descuento: deCentavos(descuento),
    impuesto: deCentavos(impuesto),
    total: deCentavos(subtotal - descuento + impuesto),
  };
}

/**
 * What done plan items add to an invoice, from the amounts the server gave them (an accepted plan's prices never
 * change): each line's subtotal is bruto − descuento (API.md "Invoicing done work") → {subtotal, impuesto, total}.
 */
export function totalesDeItemsAFacturar(items) {
  let subtotal = 0n;
  let impuesto = 0n;
  for (const item of items) {
    subtotal += (aCentavosConSigno(item.subtotal) ?? 0n) - (aCentavosConSigno(item.descuento) ?? 0n);
    impuesto += aCentavosConSigno(item.impuesto) ?? 0n;
  }
  return { subtotal: deCentavos(subtotal), impuesto: deCentavos(impuesto), total: deCentavos(subtotal + impuesto) };
}

/** The sum of totals {subtotal, impuesto, total} (API strings). */
export function sumarTotales(...totales) {
  const suma = (campo) => deCentavos(totales.reduce((acc, t) => acc + (aCentavosConSigno(t[campo]) ?? 0n), 0n));
  return { subtotal: suma('subtotal'), impuesto: suma('impuesto'), total: suma('total') };
}
