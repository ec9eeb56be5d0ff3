// Invoice arithmetic done exactly like the server (API.md "Billing"): money as integer cents
// (BigInt, never floats); per line subtotal = precio × cantidad, impuesto = round(subtotal ×
// porcentaje / 100, 2) half-up; the invoice sums the lines; total = subtotal + impuesto.

import { LOCALES, formatDecimal, getMoneda } from './money';

/** "1160.5" / "1160.50" / "1160" → 116050n (cents). Null when it is not a non-negative amount with ≤ 2 decimals. */
export function aCentavos(valor) {
  const s = String(valor ?? '').trim();
  const m = /^(\d+)(?:\.(\d{0,2}))?$/.exec(s);
  if (!m) return null;
  return BigInt(m[1]) * 100n + BigInt((m[2] || '').padEnd(2, '0') || '0');
}

/** 116050n → "1160.50" (the API's money format). */
export function deCentavos(centavos) {
  const c = BigInt(centavos);
  const neg = c < 0n;
  const abs = neg ? -c : c;
  const entero = abs / 100n;
  const dec = String(abs % 100n).padStart(2, '0');
  return `${neg ? '-' : ''}${entero}.${dec}`;
}

/** Tax of a line subtotal (cents) at `porcentaje` ("16.00"), rounded half-up to the cent. */
export function impuestoDe(subtotalCentavos, porcentaje) {
  // porcentaje in hundredths of a percent: 16.00 → 1600; tax = subtotal × p / 10000.
  const p = aCentavos(porcentaje) ?? 0n;
  const numerador = BigInt(subtotalCentavos) * p;
  return (numerador * 2n + 10000n) / 20000n;
}

/** {subtotal, impuesto, total} of one line as API strings; null pieces when the line is incomplete. */
export function calcularLinea({ precio, impuesto_porcentaje: porcentaje, cantidad }) {
  const precioC = aCentavos(precio);
  const n = Number(cantidad);
  if (precioC === null || !Number.isInteger(n) || n < 1) return null;
  const subtotal = precioC * BigInt(n);
  const impuesto = impuestoDe(subtotal, porcentaje ?? '0');
  return { subtotal: deCentavos(subtotal), impuesto: deCentavos(impuesto), total: deCentavos(subtotal + impuesto) };
}

/** Totals of an invoice from its lines [{precio, impuesto_porcentaje, cantidad}]. Incomplete lines count as zero. */
export function calcularTotales(lineas) {
  let subtotal = 0n;
  let impuesto = 0n;
  for (const linea of lineas) {
    const r = calcularLinea(linea);
    if (!r) continue;
    subtotal += aCentavos(r.subtotal);
    impuesto += aCentavos(r.impuesto);
  }
  return { subtotal: deCentavos(subtotal), impuesto: deCentavos(impuesto), total: deCentavos(subtotal + impuesto) };
}

/** True when `monto` is a valid payment for an invoice with `saldo` left: 0 < monto ≤ saldo. */
export function montoValido(monto, saldo) {
  const m = aCentavos(monto);
  const s = aCentavos(saldo);
  return m !== null && s !== null && m > 0n && m <= s;
}

const separadores = new Map();

/** {decimal, grupo} of the clinic's currency as its country writes numbers (money.js LOCALES; unknown: en-US). */
function separadoresDeLaClinica() {
  const moneda = getMoneda();
  if (!separadores.has(moneda)) {
    const partes = new Intl.NumberFormat(LOCALES[moneda] || 'en-US', { useGrouping: 'always' }).formatToParts(1160.5);
    const de = (tipo, defecto) => partes.find((p) => p.type === tipo)?.value ?? defecto;
    separadores.set(moneda, { decimal: de('decimal', '.'), grupo: de('group', ',') });
  }
  return separadores.get(moneda);
}

/**
 * What a user typed as an amount, read the way the clinic's country writes numbers (getMoneda):
 * → {importe: "1160.50", aviso: null}, or {importe: null, aviso} where `aviso` is a Spanish message when the
 * text looks like an amount but is ambiguous or written with the other separators (null when it is empty or
 * not an amount at all: the form says what it expects).
 *
 * Accepted, with the clinic's decimal separator D and group separator G ("." and "," in Mexico, "," and "."
 * in Spain; spaces are ignored): plain digits ("1160"); D and up to two decimals ("1160,5" in Spain,
 * "1160.50" in Mexico); G grouping by thousands with or without decimals ("1.160,50" / "1,160.50", "1.160");
 * and the other mark followed by one or two digits, which can only be a decimal point (the API's own
 * "1160.50", which forms are pre-filled with, in Spain). Refused rather than guessed: one mark followed by
 * three digits that the clinic does not read as grouping ("1.160" in Mexico: 1160 or 1.16?), more than two
 * decimals, and the other country's way ("1,160.50" in Spain).
 */
export function leerImporte(texto) {
  const t = String(texto ?? '').replace(/\s/g, '');
  const nada = { importe: null, aviso: null };
  if (!/^\d[\d.,]*$/.test(t)) return nada;
  const { decimal, grupo } = separadoresDeLaClinica();
  const otro = decimal === ',' ? '.' : ',';
  const ejemplo = formatDecimal('1160.50');
  const error = (aviso) => ({ importe: null, aviso });
  const separador = () => error(`Escriba el importe con ${decimal === ',' ? 'la coma' : 'el punto'} como separador decimal, p. ej. ${ejemplo}.`);
  const decimales = () => error(`Un importe lleva como máximo dos decimales, p. ej. ${ejemplo}.`);
  const ambiguo = () => error(`«${t}» es ambiguo: escriba ${t.replace(/[.,]/g, '')} si no lleva decimales; si los lleva, como máximo dos, p. ej. ${ejemplo}.`);
  const agrupado = (entero) => grupo === otro && new RegExp(`^\\d{1,3}(\\${otro}\\d{3})+$`).test(entero);
  const importe = (entero, dec = '') => {
    const c = aCentavos(`${entero.replaceAll(otro, '')}.${dec}`);
    return c === null ? nada : { importe: deCentavos(c), aviso: null };
  };

  const partes = t.split(decimal);
  if (partes.length > 2) return separador();
  const [entero, dec] = partes;
  if (dec !== undefined) {
    if (dec.includes(otro)) return separador();
    if (!/^\d{0,2}$/.test(dec)) return /^\d{3}$/.test(dec) && /^\d{1,3}$/.test(entero) ? ambiguo() : decimales();
    if (entero.includes(otro) && !agrupado(entero)) return separador();
    return importe(entero, dec);
  }
  if (!entero.includes(otro) || agrupado(entero)) return importe(entero);
  const trozos = entero.split(otro);
  if (trozos.length > 2) return separador();
  if (/^\d{0,2}$/.test(trozos[1])) return importe(trozos[0], trozos[1]); // only a decimal point can be followed by 1–2 digits
  return /^\d{3}$/.test(trozos[1]) && /^\d{1,3}$/.test(trozos[0]) ? ambiguo() : decimales();
}

/**
 * A form's amount field checked before it is sent: what leerImporte reads, refused when it is zero and
 * `positivo`, or outside 0 < importe ≤ `maximo` when a `maximo` (an API amount: the balance, what was paid) is
 * given (montoValido). → {importe: "1160.50", error: null} or {importe: null, error}, where `error` is leerImporte's
 * `aviso` when it has one (the text is written the wrong way), else `mensaje` (what the field expects).
 */
export function validarImporte(texto, { positivo = false, maximo, mensaje = 'Indique un importe válido.' } = {}) {
  const { importe, aviso } = leerImporte(texto);
  const valido = importe !== null && (maximo !== undefined ? montoValido(importe, maximo) : !positivo || aCentavos(importe) > 0n);
  return valido ? { importe, error: null } : { importe: null, error: aviso || mensaje };
}

/** What a user typed as an amount → "1160.50" (the API's format), or null; see leerImporte for the rules. */
export function normalizarImporte(texto) {
  return leerImporte(texto).importe;
}

/** A signed API amount ("-116.00", "116.00") → cents (BigInt), or null. */
export function aCentavosConSigno(valor) {
  const s = String(valor ?? '').trim();
  if (s.startsWith('-')) {
    const c = aCentavos(s.slice(1));
    return c === null ? null : -c;
  }
  return aCentavos(s);
}

/**
 * The refund a form suggests for an invoice, as an API string, or "" when there is nothing to suggest: what the
 * clinic owes the patient (−saldo, once credit notes took more than what is left to pay), never more than the net
 * paid (`pagado`, the most a refund may be). An invoice that is not in credit (saldo ≥ 0) suggests nothing.
 */
export function devolucionSugerida(pagado, saldo) {
  const p = aCentavosConSigno(pagado) ?? 0n;
  const aFavor = -(aCentavosConSigno(saldo) ?? 0n);
  const sugerida = aFavor < p ? aFavor : p;
  return sugerida > 0n ? deCentavos(sugerida) : '';
}

/**
 * Positive cents {subtotal, impuesto} that a credit note takes of line `d` for `cantidad` units, as the server
 * does (facturacion_service._lineas_rectificativa): the last units (cantidad = cantidad_rectificable) take exactly
 * what is left of the line (subtotal_rectificable, impuesto_rectificable); fewer units, the invoice's arithmetic
 * (precio × cantidad, tax rounded half-up) with the tax capped at what is left of it — rounded up unit by unit,
 * the parts could otherwise take more tax than the line had.
 */
function tomaDeLinea(d, cantidad) {
  const quedaSubtotal = aCentavosConSigno(d.subtotal_rectificable) ?? 0n;
  const quedaImpuesto = aCentavosConSigno(d.impuesto_rectificable) ?? 0n;
  if (cantidad === d.cantidad_rectificable) return { subtotal: quedaSubtotal, impuesto: quedaImpuesto };
  const subtotal = (aCentavos(d.precio_unitario) ?? 0n) * BigInt(cantidad);
  const impuesto = impuestoDe(subtotal, d.impuesto_porcentaje ?? '0');
  return { subtotal, impuesto: impuesto < quedaImpuesto ? impuesto : quedaImpuesto };
}

/**
 * The credit note that takes `cantidades[detalle.id]` units of each line of `detalles` (the lines of
 * GET /api/facturacion/facturas/{id}, with cantidad_rectificable, subtotal_rectificable and impuesto_rectificable),
 * computed like the server (tomaDeLinea) with the sign turned. Lines with no quantity are left out.
 * → {lineas: [{detalle_id, descripcion, cantidad, precio_unitario, subtotal, impuesto}], subtotal, impuesto, total}
 * with negative amounts as API strings.
 */
export function calcularRectificativa(detalles, cantidades) {
  let subtotal = 0n;
  let impuesto = 0n;
  const lineas = [];
  for (const d of detalles) {
    const cantidad = Number(cantidades[d.id] ?? 0);
    if (!Number.isInteger(cantidad) || cantidad < 1) continue;
    const toma = tomaDeLinea(d, cantidad);
    subtotal -= toma.subtotal;
    impuesto -= toma.impuesto;
    lineas.push({
      detalle_id: d.id,
      descripcion: d.descripcion,
      cantidad: -cantidad,
      precio_unitario: d.precio_unitario,
      subtotal: deCentavos(-toma.subtotal),
      impuesto: deCentavos(-toma.impuesto),
    });
  }
  return { lineas, subtotal: deCentavos(subtotal), impuesto: deCentavos(impuesto), total: deCentavos(subtotal + impuesto) };
}
