import { describe, expect, it } from 'vitest';
import { motivoParaCabecera } from './historialService';

describe('emergency access header', () => {
  it('keeps Spanish text and makes it a valid header value', () => {
    expect(motivoParaCabecera('  Paciente inconsciente en urgencias, sin médico tratante ')).toBe(
      'Paciente inconsciente en urgencias, sin médico tratante',
    );
    expect(motivoParaCabecera('línea 1\nlínea 2')).toBe('línea 1 línea 2');
    expect(motivoParaCabecera('código — ✓')).toBe('código ? ?');
    expect(motivoParaCabecera('x'.repeat(600))).toHaveLength(500);
  });
});
