import { afterEach, describe, expect, it } from 'vitest';
import {
  LOCALES,
  MONEDA_POR_DEFECTO,
  absoluto,
  formatDecimal,
  formatMoney,
  formatMoneyEntero,
  formatMoneyIn,
  getMoneda,
  setMoneda,
  signo,
} from './money';
import compartidos from './money.casos.json';

// Intl separates a symbol from the number with a no-break space (U+00A0); the assertions keep it, as the
// page shows it (it stops an amount from wrapping in a narrow cell).
const NBSP = '\u00a0';

afterEach(() => setMoneda(MONEDA_POR_DEFECTO));

describe('money in the currency of the clinic', () => {
  it('writes each currency the way its country does', () => {
    expect(formatMoneyIn('1160.50', 'MXN')).toBe('$1,160.50');
    expect(formatMoneyIn('1160.50', 'EUR')).toBe(`1.160,50${NBSP}€`);
    expect(formatMoneyIn('1160.50', 'COP')).toBe(`$${NBSP}1.160,50`);
    expect(formatMoneyIn('1160.50', 'USD')).toBe('$1,160.50');
    expect(formatMoneyIn('1160.50', 'ARS')).toBe(`$${NBSP}1.160,50`);
    expect(formatMoneyIn('1160.50', 'CLP')).toBe('$1.160,50');
    expect(formatMoneyIn('1160.50', 'PEN')).toBe(`S/${NBSP}1,160.50`);
    expect(formatMoneyIn('1160.50', 'GTQ')).toBe(`Q${NBSP}1,160.50`);
    expect(formatMoneyIn('1160.50', 'DOP')).toBe('RD$1,160.50');
    expect(formatMoneyIn('1160.50', 'CRC')).toBe(`₡1${NBSP}160,50`);
  });

  it('puts the minus where the locale does', () => {
    expect(formatMoneyIn('-1160.50', 'MXN')).toBe('-$1,160.50');
    expect(formatMoneyIn('-1160.50', 'EUR')).toBe(`-1.160,50${NBSP}€`);
    expect(formatMoneyIn('-1160.50', 'COP')).toBe(`-$${NBSP}1.160,50`);
    expect(formatMoneyIn('-1160.50', 'CLP')).toBe('$-1.160,50');
    expect(formatMoneyIn('-30.00', 'PYG')).toBe(`Gs.${NBSP}-30,00`);
  });

  it('rounds half-up to the cent from the string, with no float in between', () => {
    expect(formatMoneyIn('1.005', 'MXN')).toBe('$1.01'); // as a float, 1.005 is 1.00499… and would give $1.00
    expect(formatMoneyIn('-0.005', 'MXN')).toBe('-$0.01');
    expect(formatMoneyIn('999.995', 'EUR')).toBe(`1.000,00${NBSP}€`);
    expect(formatMoneyIn('12345678901234567.89', 'MXN')).toBe('$12,345,678,901,234,567.89');
  });

  it('writes zero without a sign', () => {
    expect(formatMoneyIn('0.00', 'MXN')).toBe('$0.00');
    expect(formatMoneyIn('-0.00', 'MXN')).toBe('$0.00');
    expect(formatMoneyIn('-0.004', 'EUR')).toBe(`0,00${NBSP}€`);
  });

  it('groups four-digit euro amounts too, and keeps two decimals for currencies without cents', () => {
    expect(formatMoneyIn('1000', 'EUR')).toBe(`1.000,00${NBSP}€`);
    expect(formatMoneyIn('1160', 'CLP')).toBe('$1.160,00');
  });

  it('follows the number with the code of a currency it does not know', () => {
    expect(formatMoneyIn('1160.5', 'CAD')).toBe('1,160.50 CAD');
    expect(formatMoneyIn('-1160.5', 'xts')).toBe('-1,160.50 XTS');
  });

  it('formats in the currency set for the clinic, MXN until one is set', () => {
    expect(getMoneda()).toBe('MXN');
    expect(formatMoney('1160.50')).toBe('$1,160.50');
    setMoneda('eur');
    expect(getMoneda()).toBe('EUR');
    expect(formatMoney('1160.50')).toBe(`1.160,50${NBSP}€`);
    expect(formatMoneyEntero('1160')).toBe(`1.160${NBSP}€`);
    expect(formatDecimal('16.00')).toBe('16,00');
    setMoneda('');
    expect(getMoneda()).toBe('EUR');
  });

  it('shows a dash for a missing amount and leaves what is not a number alone', () => {
    expect(formatMoney(null)).toBe('—');
    expect(formatMoney(undefined)).toBe('—');
    expect(formatMoney('')).toBe('—');
    expect(formatMoney('n/d')).toBe('n/d');
    expect(formatMoney(1160.5)).toBe('$1,160.50');
  });

  it('writes every case shared with the backend (dinero.py) exactly alike', () => {
    const monedas = new Set(compartidos.casos.map(([moneda]) => moneda));
    expect(Object.keys(LOCALES).filter((m) => !monedas.has(m))).toEqual([]);
    const distintos = compartidos.casos.filter(([moneda, valor, esperado]) => formatMoneyIn(valor, moneda) !== esperado);
    expect(distintos).toEqual([]);
  });
});

describe('the sign of an amount', () => {
  it('is -1, 0 or 1, a zero written with a minus being 0', () => {
    expect(signo('-30.00')).toBe(-1);
    expect(signo('-0.01')).toBe(-1);
    expect(signo('1160.50')).toBe(1);
    expect(signo('0.00')).toBe(0);
    expect(signo('-0.00')).toBe(0);
    expect(signo(null)).toBe(0);
    expect(signo('')).toBe(0);
  });

  it('is dropped by absoluto', () => {
    expect(absoluto('-30.00')).toBe('30.00');
    expect(absoluto('30.00')).toBe('30.00');
    expect(absoluto(null)).toBeNull();
    expect(formatMoney(absoluto('-1160.50'))).toBe('$1,160.50');
  });
});
