// Money written the way the clinic's country writes it — the one money formatter of the UI:
// MXN "$1,160.50", EUR "1.160,50 €", COP "$ 1.160,50". The backend's PDFs use the same forms
// (backend/app/utils/dinero.py); both sides are tested against money.casos.json.
//
// Money travels as a string with two decimals ("1160.50", "-30.00"); it is only formatted, never
// turned into a float for arithmetic: the string itself goes to Intl.NumberFormat, which reads it
// as an exact decimal (so "1.005" rounds half-up to "1.01" like the server's Decimal would).
//
// Where the currency comes from: GET /api/configuracion (every role may read it) returns `moneda`.
// AuthProvider reads it once per login (and when a reload restores the session) and calls setMoneda()
// before it sets the user, so no page ever renders in another currency and `formatMoney(value)`
// needs no currency argument and no React context anywhere; ConfiguracionForm calls setMoneda() when
// an admin changes it. A module-level setting is enough because the currency is one per clinic and
// changes at most by an admin's hand. Until it is set (login page, tests) it is the server's default, MXN.
//
// Conventions (the same in dinero.py): always two decimals (also CLP and PYG, whose ISO minor unit is
// 0: amounts are stored to the cent and fewer digits would show lines that do not add up to their
// total); the minus where the locale puts it ("-$1,160.50", but Chile "$-1.160,50"); no minus on an
// amount that rounds to zero; the space after a symbol is Intl's no-break space (U+00A0), kept as is
// so an amount never wraps in a narrow cell; unknown codes as "1,160.50 XXX".

export const MONEDA_POR_DEFECTO = 'MXN';

// Currency → the locale of the country that uses it (Spanish-speaking countries, plus USD).
// Keep in step with FORMATOS in backend/app/utils/dinero.py.
export const LOCALES = {
  MXN: 'es-MX',
  USD: 'es-US', // "$1,160.50" (Puerto Rico, El Salvador, Panama; Ecuador gets it too)
  EUR: 'es-ES',
  COP: 'es-CO',
  ARS: 'es-AR',
  CLP: 'es-CL',
  PEN: 'es-PE',
  UYU: 'es-UY',
  GTQ: 'es-GT',
  DOP: 'es-DO',
  BOB: 'es-BO',
  PYG: 'es-PY',
  CRC: 'es-CR',
  HNL: 'es-HN',
  NIO: 'es-NI',
  PAB: 'es-PA',
  VES: 'es-VE',
  CUP: 'es-CU',
  XAF: 'es-GQ',
};

let monedaActual = MONEDA_POR_DEFECTO;

/** The clinic's currency (ISO 4217 code) for formatMoney; unknown or empty codes are kept as given / ignored. */
export function setMoneda(codigo) {
  const c = String(codigo ?? '').trim().toUpperCase();
  if (c) monedaActual = c;
}

export function getMoneda() {
  return monedaActual;
}

const formateadores = new Map();

/** A memoised Intl formatter (x: the amount as a decimal string) of `moneda` (null: no symbol) with `decimales`. */
function formateador(moneda, decimales) {
  const clave = `${moneda ?? `número ${monedaActual}`}/${decimales}`;
  if (!formateadores.has(clave)) {
    const locale = LOCALES[moneda ?? monedaActual];
    // 'always': es-ES would otherwise write 4-digit amounts without grouping ("1160,50 €").
    const opciones = { minimumFractionDigits: decimales, maximumFractionDigits: decimales, useGrouping: 'always' };
    let f;
    if (moneda === null) {
      const nf = new Intl.NumberFormat(locale || 'en-US', opciones);
      f = (x) => nf.format(x);
    } else if (locale) {
      const nf = new Intl.NumberFormat(locale, { ...opciones, style: 'currency', currency: moneda });
      f = (x) => nf.format(x);
    } else {
      const nf = new Intl.NumberFormat('en-US', opciones);
      f = (x) => `${nf.format(x)} ${moneda}`;
    }
    formateadores.set(clave, f);
  }
  return formateadores.get(clave);
}

function formatear(value, moneda, decimales) {
  if (value === null || value === undefined || value === '') return '—';
  const s = String(value).trim();
  if (!/^-?\d+(\.\d+)?$/.test(s)) return s;
  const f = formateador(moneda, decimales);
  // Intl writes "-$0.00" for "-0.00" and "-0.004": an amount that rounds to zero has no sign.
  if (s.startsWith('-') && f(s.slice(1)) === f('0')) return f('0');
  return f(s);
}

const codigo = (moneda) => String(moneda ?? '').trim().toUpperCase() || MONEDA_POR_DEFECTO;

/** "1160.5" → "$1,160.50" in the clinic's currency (see setMoneda); null/'' → "—". */
export function formatMoney(value) {
  return formatear(value, monedaActual, 2);
}

/** formatMoney in a given currency: formatMoneyIn("1160.50", "EUR") → "1.160,50 €". */
export function formatMoneyIn(value, moneda) {
  return formatear(value, codigo(moneda), 2);
}

/** Whole units, for chart axes: "1160" → "$1,160". */
export function formatMoneyEntero(value) {
  return formatear(value, monedaActual, 0);
}

/** A plain number with two decimals in the clinic's locale, for tax rates: "16" → "16.00" (MXN) / "16,00" (EUR). */
export function formatDecimal(value) {
  return formatear(value, null, 2);
}

const IMPORTE = /^(-?)(\d+)(?:\.(\d+))?$/;

/** The sign of an API amount: "-30.00" → -1, "0.00" (and "-0.00") → 0, "30.00" → 1; 0 when it is not an amount (null, ''). */
export function signo(valor) {
  const m = IMPORTE.exec(String(valor ?? '').trim());
  if (!m || !/[1-9]/.test(`${m[2]}${m[3] ?? ''}`)) return 0;
  return m[1] ? -1 : 1;
}

/** An API amount without its sign: "-30.00" → "30.00" (for "Faltante de $30.00"); null stays null. */
export function absoluto(valor) {
  if (valor === null || valor === undefined) return valor;
  const s = String(valor).trim();
  return s.startsWith('-') ? s.slice(1) : s;
}
