import { describe, expect, it } from 'vitest';
import { leerHoras, problemaPlantilla, renderizarPlantilla } from './mensajes';

describe('templates read as the server reads them (str.format)', () => {
  it('accepts the allowed placeholders and doubled braces as literal ones', () => {
    expect(problemaPlantilla('Hola {paciente_nombre}, {{no es marcador}} {enlace}')).toBeNull();
    expect(renderizarPlantilla('{{x}} {hora}', { hora: '10:30' })).toBe('{x} 10:30');
  });

  it('names every unknown placeholder once, the empty one included', () => {
    expect(problemaPlantilla('{telefono} {telefono} {} {fecha}')).toMatch(/^Marcadores no permitidos: \{telefono\}, \{\}\./);
  });

  it('refuses a brace without its pair, an empty text and a text over 2000 characters', () => {
    expect(problemaPlantilla('Hola {paciente_nombre')).toMatch(/sin cerrar/);
    expect(problemaPlantilla('Hola } adiós')).toMatch(/sin su/);
    expect(problemaPlantilla('   ')).toBe('La plantilla no puede estar vacía.');
    expect(problemaPlantilla('x'.repeat(2001))).toMatch(/2000/);
  });
});

describe('reminder offsets', () => {
  it('reads one to three whole hours between 1 and 168', () => {
    expect(leerHoras('48, 2')).toEqual({ horas: [48, 2] });
    expect(leerHoras('168 1')).toEqual({ horas: [168, 1] });
    expect(leerHoras('0').error).toBeDefined();
    expect(leerHoras('1.5').error).toBeDefined();
    expect(leerHoras('').error).toBeDefined();
    expect(leerHoras('2, 2').error).toBe('No repita valores.');
  });
});
