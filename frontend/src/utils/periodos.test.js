import { describe, expect, it } from 'vitest';
import { diasDelPeriodo, etiquetaPeriodo, finDeMes, formatPorcentaje, inicioDeMes, mesesAtras, periodoPredefinido, validarPeriodo } from './periodos';

describe('report periods', () => {
  it('knows the first and last day of a month, leap years included', () => {
    expect(inicioDeMes('2024-02-17')).toBe('2024-02-01');
    expect(finDeMes('2024-02-17')).toBe('2024-02-29');
    expect(finDeMes('2025-12-03')).toBe('2025-12-31');
  });

  it('goes back whole months across a year', () => {
    expect(mesesAtras('2026-01-15', 1)).toBe('2025-12-01');
    expect(mesesAtras('2026-11-28', 11)).toBe('2025-12-01');
  });

  it('counts both ends of a period', () => {
    expect(diasDelPeriodo('2026-01-01', '2026-01-01')).toBe(1);
    expect(diasDelPeriodo('2026-01-01', '2026-12-31')).toBe(365);
    expect(diasDelPeriodo('2026-03-01', '2026-03-31')).toBe(31);
  });

  it('refuses periods the API would refuse, in Spanish', () => {
    expect(validarPeriodo('2026-01-01', '2026-01-31')).toBeNull();
    expect(validarPeriodo('2026-02-01', '2026-01-31')).toMatch(/posterior/);
    expect(validarPeriodo('2024-01-01', '2024-12-31')).toBeNull(); // 366 days fit
    expect(validarPeriodo('2025-01-01', '2026-01-02')).toMatch(/366 días/);
    expect(validarPeriodo('31/01/2026', '2026-02-01')).toMatch(/Desde/);
  });

  it('offers named periods that the API accepts', () => {
    expect(periodoPredefinido('mes', '2026-11-28')).toEqual({ desde: '2026-11-01', hasta: '2026-11-30' });
    expect(periodoPredefinido('mes-anterior', '2026-01-10')).toEqual({ desde: '2025-12-01', hasta: '2025-12-31' });
    expect(periodoPredefinido('ultimos-30', '2026-03-01')).toEqual({ desde: '2026-01-31', hasta: '2026-03-01' });
    const doce = periodoPredefinido('ultimos-12-meses', '2026-11-28');
    expect(doce).toEqual({ desde: '2025-12-01', hasta: '2026-11-30' });
    expect(validarPeriodo(doce.desde, doce.hasta)).toBeNull();
  });

  it('labels revenue periods and percentages in Spanish', () => {
    expect(etiquetaPeriodo('2026-01')).toBe('ene 2026');
    expect(etiquetaPeriodo('2026-03-05')).toBe('05/03');
    expect(formatPorcentaje(0.1234)).toBe('12,3 %');
    expect(formatPorcentaje(null)).toBe('—');
  });
});
