import { describe, expect, it } from 'vitest';
import { nombreCompleto } from './personas';

describe('how a person is named', () => {
  it('puts the first name before the surname', () => {
    expect(nombreCompleto({ nombre: 'Elena', apellido: 'Vargas' })).toBe('Elena Vargas');
  });

  it('leaves out a missing part and names nobody as empty', () => {
    expect(nombreCompleto({ nombre: 'Elena', apellido: null })).toBe('Elena');
    expect(nombreCompleto({ apellido: 'Vargas' })).toBe('Vargas');
    expect(nombreCompleto(null)).toBe('');
    expect(nombreCompleto(undefined)).toBe('');
  });
});
