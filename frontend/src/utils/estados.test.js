import { describe, expect, it } from 'vitest';
import { ESTADOS, esActiva, nombreEstado, puedeReprogramar, transicionesPermitidas } from './estados';

const { NUEVA, CONFIRMADA, EN_ESPERA, COMPLETADA, CANCELADA, EN_CONSULTA, NO_ASISTIO } = ESTADOS;

// "now" is 05/03/2024 at 10:00 local time
const now = new Date(2024, 2, 5, 10, 0);
const cita = (estado_id, fecha = '2024-03-05', hora_inicio = '09:00') => ({ id: 1, estado_id, fecha, hora_inicio });

describe('legal state transitions of an appointment', () => {
  it('lets a new appointment of today that has started go anywhere API.md allows', () => {
    expect(transicionesPermitidas(cita(NUEVA), now)).toEqual([CONFIRMADA, EN_ESPERA, CANCELADA, NO_ASISTIO]);
  });

  it('lets a confirmed one be put in the waiting room, cancelled or marked as a no-show', () => {
    expect(transicionesPermitidas(cita(CONFIRMADA), now)).toEqual([EN_ESPERA, CANCELADA, NO_ASISTIO]);
  });

  it('moves a waiting patient to consultation, completion or cancellation', () => {
    expect(transicionesPermitidas(cita(EN_ESPERA), now)).toEqual([EN_CONSULTA, COMPLETADA, CANCELADA]);
  });

  it('only completes an appointment in consultation', () => {
    expect(transicionesPermitidas(cita(EN_CONSULTA), now)).toEqual([COMPLETADA]);
  });

  it('offers nothing from a final state', () => {
    for (const final of [COMPLETADA, CANCELADA, NO_ASISTIO]) {
      expect(transicionesPermitidas(cita(final), now)).toEqual([]);
    }
  });

  it('does not offer "No Asistió" before the start time', () => {
    const futura = cita(CONFIRMADA, '2024-03-05', '11:00');
    expect(transicionesPermitidas(futura, now)).not.toContain(NO_ASISTIO);
  });

  it('offers "En Espera" only on the appointment day', () => {
    const manana = cita(NUEVA, '2024-03-06', '09:00');
    expect(transicionesPermitidas(manana, now)).toEqual([CONFIRMADA, CANCELADA]);
    const ayer = cita(CONFIRMADA, '2024-03-04', '09:00');
    expect(transicionesPermitidas(ayer, now)).toEqual([CANCELADA, NO_ASISTIO]);
  });

  it('handles a missing appointment', () => {
    expect(transicionesPermitidas(null, now)).toEqual([]);
  });
});

describe('appointment helpers', () => {
  it('reschedules only while Nueva or Confirmada', () => {
    expect(puedeReprogramar(cita(NUEVA))).toBe(true);
    expect(puedeReprogramar(cita(CONFIRMADA))).toBe(true);
    expect(puedeReprogramar(cita(EN_ESPERA))).toBe(false);
    expect(puedeReprogramar(cita(CANCELADA))).toBe(false);
  });

  it('treats cancelled and no-show appointments as freeing the slot', () => {
    expect(esActiva(cita(CANCELADA))).toBe(false);
    expect(esActiva(cita(NO_ASISTIO))).toBe(false);
    expect(esActiva(cita(EN_CONSULTA))).toBe(true);
  });

  it('names states from the catalog, else from the fixed ids', () => {
    expect(nombreEstado(3, [{ id: 3, nombre: 'En sala' }])).toBe('En sala');
    expect(nombreEstado(7)).toBe('No Asistió');
  });
});
