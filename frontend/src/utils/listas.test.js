import { afterEach, describe, expect, it } from 'vitest';
import { formatearCantidad, textoTruncado } from './listas';
import { marcarTruncado } from '../services/api';
import { MONEDA_POR_DEFECTO, setMoneda } from './money';

describe('formatearCantidad', () => {
  afterEach(() => setMoneda(MONEDA_POR_DEFECTO));

  it('writes counts as the clinic’s country does (its currency’s locale)', () => {
    expect(formatearCantidad(2000)).toBe('2,000');
    expect(formatearCantidad(1234567)).toBe('1,234,567');
    setMoneda('EUR');
    expect(formatearCantidad(2000)).toBe('2.000');
    setMoneda('COP');
    expect(formatearCantidad(2345)).toBe('2.345');
  });

  it('reads missing counts as zero and keeps small ones as they are', () => {
    expect(formatearCantidad(null)).toBe('0');
    expect(formatearCantidad(20)).toBe('20');
  });

  it('says how much of a cut list is shown in the same locale', () => {
    setMoneda('EUR');
    const lista = marcarTruncado(Array.from({ length: 2000 }, (_, i) => i), 2345);
    expect(textoTruncado(lista, 'citas')).toBe('Mostrando los primeros 2.000 de 2.345 citas.');
  });
});
