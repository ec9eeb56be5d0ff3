import { describe, expect, it } from 'vitest';
import { ciudadDeZona, enlaceMapa, fechaLarga, hora } from './formato';
import { esReserva, tokenDeRuta } from './ruta';

describe('the public page formats', () => {
  it('writes the date in Spanish without shifting it to the phone time zone', () => {
    expect(fechaLarga('2026-03-10')).toBe('Martes, 10 de marzo de 2026');
    expect(fechaLarga('2026-01-01')).toBe('Jueves, 1 de enero de 2026');
    expect(fechaLarga('no es fecha')).toBe('');
  });

  it('shows the branch times as they are', () => {
    expect(hora('09:00')).toBe('09:00 h');
    expect(hora('7:05')).toBe('07:05 h');
  });

  it('names the branch time zone by its city', () => {
    expect(ciudadDeZona('America/Mexico_City')).toBe('Ciudad de México');
    expect(ciudadDeZona('America/Argentina/Buenos_Aires')).toBe('Buenos Aires');
    expect(ciudadDeZona('America/Puerto_Rico')).toBe('Puerto Rico');
  });

  it('links the address to a map search', () => {
    expect(enlaceMapa('Av. Juárez 100, CDMX')).toBe(
      'https://www.openstreetmap.org/search?query=Av.%20Ju%C3%A1rez%20100%2C%20CDMX',
    );
  });

  it('takes the token from /c/<token> only', () => {
    expect(tokenDeRuta('/c/MTIz.abc-_')).toBe('MTIz.abc-_');
    expect(tokenDeRuta('/c/MTIz.abc/')).toBe('MTIz.abc');
    expect(tokenDeRuta('/c/')).toBe('');
    expect(tokenDeRuta('/agenda')).toBe('');
  });

  it('knows the booking pages by /reservar and what is below it', () => {
    expect(esReserva('/reservar')).toBe(true);
    expect(esReserva('/reservar/')).toBe(true);
    expect(esReserva('/reservar/sucursal/2')).toBe(true);
    expect(esReserva('/reservaciones')).toBe(false);
    expect(esReserva('/c/MTIz.abc')).toBe(false);
  });
});
