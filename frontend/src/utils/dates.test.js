import { describe, expect, it } from 'vitest';
import {
  addDays,
  ageFrom,
  formatDate,
  formatDateTime,
  formatLongDate,
  formatTime,
  hasStarted,
  isoWeekday,
  minutesToTime,
  parseFechaInput,
  parseHoraInput,
  propsFechaFiltro,
  startOfWeek,
  timeToMinutes,
  weekDates,
} from './dates';

describe('date formatting', () => {
  it('shows API dates as dd/mm/aaaa', () => {
    expect(formatDate('2024-03-05')).toBe('05/03/2024');
    expect(formatDate('1990-12-31T23:00:00+00:00')).toBe('31/12/1990');
    expect(formatDate(new Date(2024, 0, 9))).toBe('09/01/2024');
  });

  it('gives an empty string for missing or unparsable dates', () => {
    expect(formatDate(null)).toBe('');
    expect(formatDate('')).toBe('');
    expect(formatDate('ayer')).toBe('');
  });

  it('shows times in 24-hour HH:MM', () => {
    expect(formatTime('09:00:00')).toBe('09:00');
    expect(formatTime('17:30')).toBe('17:30');
    expect(formatTime('7:05')).toBe('07:05');
    expect(formatTime(undefined)).toBe('');
  });

  it('formats a timestamp in local time without AM/PM', () => {
    const local = new Date(2024, 4, 6, 15, 7);
    expect(formatDateTime(local.toISOString())).toBe('06/05/2024 15:07');
    expect(formatDateTime('no')).toBe('');
  });

  it('names the weekday in Spanish', () => {
    expect(formatLongDate('2024-03-04')).toBe('Lunes 04/03/2024');
    expect(formatLongDate('2024-03-10')).toBe('Domingo 10/03/2024');
  });
});

describe('date arithmetic', () => {
  it('adds days across month and year ends', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
    expect(addDays('2023-12-31', 1)).toBe('2024-01-01');
    expect(addDays('2024-01-01', -1)).toBe('2023-12-31');
  });

  it('numbers weekdays 1 = lunes … 7 = domingo like the API', () => {
    expect(isoWeekday('2024-03-04')).toBe(1);
    expect(isoWeekday('2024-03-09')).toBe(6);
    expect(isoWeekday('2024-03-10')).toBe(7);
  });

  it('starts the week on Monday', () => {
    expect(startOfWeek('2024-03-10')).toBe('2024-03-04');
    expect(startOfWeek('2024-03-04')).toBe('2024-03-04');
    expect(weekDates('2024-03-06')).toEqual([
      '2024-03-04',
      '2024-03-05',
      '2024-03-06',
      '2024-03-07',
      '2024-03-08',
      '2024-03-09',
      '2024-03-10',
    ]);
  });

  it('converts between times and minutes', () => {
    expect(timeToMinutes('08:30')).toBe(510);
    expect(timeToMinutes('08:30:00')).toBe(510);
    expect(minutesToTime(510)).toBe('08:30');
    expect(Number.isNaN(timeToMinutes('x'))).toBe(true);
  });

  it('computes the age in whole years', () => {
    expect(ageFrom('2000-03-05', '2024-03-04')).toBe(23);
    expect(ageFrom('2000-03-05', '2024-03-05')).toBe(24);
  });

  it('knows whether an appointment has started', () => {
    const now = new Date(2024, 2, 5, 10, 0);
    expect(hasStarted('2024-03-05', '09:30', now)).toBe(true);
    expect(hasStarted('2024-03-05', '10:00', now)).toBe(true);
    expect(hasStarted('2024-03-05', '10:30', now)).toBe(false);
    expect(hasStarted('2024-03-06', '08:00', now)).toBe(false);
  });
});

describe('typed dates and times', () => {
  it('reads dd/mm/aaaa, ddmmaaaa and ISO dates', () => {
    expect(parseFechaInput('14/07/1985')).toBe('1985-07-14');
    expect(parseFechaInput('4/7/1985')).toBe('1985-07-04');
    expect(parseFechaInput('14-07-1985')).toBe('1985-07-14');
    expect(parseFechaInput('14071985')).toBe('1985-07-14');
    expect(parseFechaInput('1985-07-14')).toBe('1985-07-14');
  });

  it('refuses impossible or partial dates', () => {
    expect(parseFechaInput('31/02/2024')).toBeNull();
    expect(parseFechaInput('14/13/1985')).toBeNull();
    expect(parseFechaInput('14/07')).toBeNull();
    expect(parseFechaInput('')).toBeNull();
  });

  it('reads 24-hour times', () => {
    expect(parseHoraInput('08:30')).toBe('08:30');
    expect(parseHoraInput('8:30')).toBe('08:30');
    expect(parseHoraInput('1730')).toBe('17:30');
    expect(parseHoraInput('24:00')).toBeNull();
    expect(parseHoraInput('12:60')).toBeNull();
    expect(parseHoraInput('8 pm')).toBeNull();
  });

  it("marks a list's date filter as wrong only while it holds something that is not a date", () => {
    expect(propsFechaFiltro('')).toEqual({});
    expect(propsFechaFiltro('14/07/1985')).toEqual({});
    expect(propsFechaFiltro('31/02/2024')).toEqual({ error: true, helperText: 'Fecha no válida' });
    expect(propsFechaFiltro('14/07', 'Fecha no válida (dd/mm/aaaa)')).toEqual({ error: true, helperText: 'Fecha no válida (dd/mm/aaaa)' });
  });
});
