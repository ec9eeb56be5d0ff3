// Money travels as a string with two decimals ("1160.00"); it is only formatted, never
// turned into a float for arithmetic.

/** "1160.5" → "1.160,50" (es) — grouping with dots, decimal comma. */
export function formatMoney(value) {
  if (value === null || value === undefined || value === '') return '—';
  const s = String(value).trim();
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(s);
  if (!m) return s;
  const [, sign, int, dec = ''] = m;
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `${sign}${grouped},${(dec + '00').slice(0, 2)}`;
}
