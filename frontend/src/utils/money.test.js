import { describe, expect, it } from 'vitest';
import { formatMoney } from './money';

describe('money formatting', () => {
  it('formats API money strings without float arithmetic', () => {
    expect(formatMoney('1160.00')).toBe('1.160,00');
    expect(formatMoney('0.5')).toBe('0,50');
    expect(formatMoney('1234567.89')).toBe('1.234.567,89');
    expect(formatMoney(null)).toBe('—');
  });
});
