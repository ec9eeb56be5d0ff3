import { describe, expect, it } from 'vitest';
import { agruparPor, construirGrilla, medicoDelUsuario } from './agendaModel';

describe('agenda grid', () => {
  const columns = [{ key: '1' }, { key: '2' }];

  it('merges free slots and appointments into sorted rows', () => {
    const slots = {
      1: [
        { hora_inicio: '09:00:00', hora_fin: '09:30:00', sucursal_id: 1 },
        { hora_inicio: '08:30', hora_fin: '09:00', sucursal_id: 1 },
      ],
      2: [{ hora_inicio: '10:00', hora_fin: '10:20', sucursal_id: 1 }],
    };
    const citas = { 2: [{ id: 5, estado_id: 1, hora_inicio: '09:00:00' }] };
    const g = construirGrilla(columns, citas, slots);
    expect(g.horas).toEqual(['08:30', '09:00', '10:00']);
    expect(g.celdas[1]['09:00'].slot).toEqual({ hora_inicio: '09:00', hora_fin: '09:30', sucursal_id: 1 });
    expect(g.celdas[2]['09:00'].citas.map((c) => c.id)).toEqual([5]);
    expect(g.celdas[2]['08:30']).toBeUndefined();
  });

  it('lists active appointments before cancelled ones in the same cell', () => {
    const citas = {
      1: [
        { id: 1, estado_id: 5, hora_inicio: '09:00' },
        { id: 2, estado_id: 2, hora_inicio: '09:00' },
      ],
    };
    const g = construirGrilla([{ key: '1' }], citas, {});
    expect(g.celdas[1]['09:00'].citas.map((c) => c.id)).toEqual([2, 1]);
  });

  it('sorts times numerically', () => {
    const g = construirGrilla([{ key: 'a' }], {}, { a: [{ hora_inicio: '10:00' }, { hora_inicio: '9:30' }] });
    expect(g.horas).toEqual(['09:30', '10:00']);
  });

  it('groups by a key and finds the doctor of a user', () => {
    expect(agruparPor([{ m: 1 }, { m: 2 }, { m: 1 }], (x) => x.m)).toEqual({ 1: [{ m: 1 }, { m: 1 }], 2: [{ m: 2 }] });
    const medicos = [{ id: 1, usuario_id: 10 }, { id: 2, usuario_id: 11 }];
    expect(medicoDelUsuario(medicos, { id: 11 })).toEqual({ id: 2, usuario_id: 11 });
    expect(medicoDelUsuario(medicos, { id: 99 })).toBeNull();
  });
});
