import { describe, expect, it } from 'vitest';
import {
  diaLargo, diasDeVentana, horaConZona, horaDeInstante, hoyEn, nombreZona, partesDia, rangoVentana, sumarDias,
} from './fechas';

describe('the booking pages dates', () => {
  it('takes today in the branch time zone, not the phone one', () => {
    // 02:30 UTC on 10 March is still the 9th in Bogotá and already the 10th in Madrid.
    const instante = new Date('2026-03-10T02:30:00Z');
    expect(hoyEn('America/Bogota', instante)).toBe('2026-03-09');
    expect(hoyEn('Europe/Madrid', instante)).toBe('2026-03-10');
  });

  it('counts calendar days across month ends and daylight-saving changes', () => {
    expect(sumarDias('2026-03-25', 7)).toBe('2026-04-01');
    expect(sumarDias('2026-03-28', 1)).toBe('2026-03-29'); // Madrid moves its clocks that night
    expect(sumarDias('2026-01-05', -14)).toBe('2025-12-22');
    const ventana = diasDeVentana('2026-03-24');
    expect(ventana).toHaveLength(14);
    expect(ventana[0]).toBe('2026-03-24');
    expect(ventana[13]).toBe('2026-04-06');
  });

  it('names the days in Spanish', () => {
    expect(partesDia('2026-03-10')).toEqual({ semana: 'Mar', dia: '10', mes: 'mar' });
    expect(diaLargo('2026-03-10')).toBe('martes 10 de marzo');
    expect(rangoVentana('2026-03-10', '2026-03-23')).toBe('10 al 23 de marzo de 2026');
    expect(rangoVentana('2026-03-24', '2026-04-06')).toBe('24 de marzo al 6 de abril de 2026');
    expect(rangoVentana('2026-12-25', '2027-01-07')).toBe('25 de diciembre de 2026 al 7 de enero de 2027');
  });

  it('shows each time with the branch time zone', () => {
    expect(nombreZona('Europe/Madrid')).toBe('hora de Madrid');
    expect(horaConZona('10:30', 'Europe/Madrid')).toBe('10:30 (hora de Madrid)');
    expect(horaConZona('9:05:00', 'America/Bogota')).toBe('09:05 (hora de Bogotá)');
    // An instant (the code's expiry) on the branch's wall clock, whatever the phone's zone.
    expect(horaDeInstante('2026-03-10T15:45:00+00:00', 'Europe/Madrid')).toBe('16:45');
    expect(horaDeInstante('2026-03-10T15:45:00+00:00', 'America/Bogota')).toBe('10:45');
  });
});
