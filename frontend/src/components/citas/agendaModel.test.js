import { describe, expect, it } from 'vitest';
import { medicoDelUsuario } from './agendaModel';

describe('agenda helpers', () => {
  it('finds the doctor record of a Médico user', () => {
    const medicos = [{ id: 1, usuario_id: 10 }, { id: 2, usuario_id: 11 }, { id: 3, usuario_id: null }];
    expect(medicoDelUsuario(medicos, { id: 11 })).toEqual({ id: 2, usuario_id: 11 });
    expect(medicoDelUsuario(medicos, { id: 99 })).toBeNull();
    expect(medicoDelUsuario(medicos, null)).toBeNull();
  });
});
