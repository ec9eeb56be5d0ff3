import { describe, expect, it } from 'vitest';
import { fechasDeSerie, motivoConflicto, repeticionDe } from './serie';

describe('series helpers', () => {
  it('sends every N weeks or every N days', () => {
    expect(repeticionDe({ unidad: 'semanas', cada: '2', veces: '6' })).toEqual({ cada_semanas: 2, veces: 6 });
    expect(repeticionDe({ unidad: 'dias', cada: '3', veces: '10' })).toEqual({ cada_dias: 3, veces: 10 });
  });

  it('names every conflict in Spanish, the server message for an unknown reason', () => {
    expect(motivoConflicto({ reason: 'FUERA_DE_HORARIO' })).toBe('El médico no atiende en ese horario');
    expect(motivoConflicto({ reason: 'FECHA_PASADA' })).toBe('La fecha ya pasó');
    expect(motivoConflicto({ reason: 'OTRO', message: 'Feriado' })).toBe('Feriado');
  });

  it('merges free and conflicting dates in date order', () => {
    const filas = fechasDeSerie({
      libres: [{ fecha: '2099-01-15', hora_inicio: '10:00:00' }, { fecha: '2099-01-01', hora_inicio: '10:00:00' }],
      conflictos: [{ fecha: '2099-01-08', hora_inicio: '10:00:00', reason: 'INACTIVO' }],
    });
    expect(filas.map((f) => [f.fecha, f.libre])).toEqual([
      ['2099-01-01', true],
      ['2099-01-08', false],
      ['2099-01-15', true],
    ]);
  });
});
