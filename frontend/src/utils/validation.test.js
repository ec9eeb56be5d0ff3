import { describe, expect, it } from 'vitest';
import { pacientePayload, safeTarget, validarEmail, validarFechaNacimiento, validarPaciente } from './validation';

const HOY = '2024-03-05';
const valido = { nombre: 'José', apellido: 'Núñez', fecha_nacimiento: '1985-07-14' };

describe('patient form validation (same limits as the API)', () => {
  it('accepts a minimal valid patient', () => {
    expect(validarPaciente(valido, HOY)).toEqual({});
  });

  it('requires nombre, apellido and fecha de nacimiento', () => {
    const e = validarPaciente({ nombre: ' ', apellido: '', fecha_nacimiento: '' }, HOY);
    expect(e.nombre).toMatch(/obligatorio/);
    expect(e.apellido).toMatch(/obligatorio/);
    expect(e.fecha_nacimiento).toMatch(/obligatoria/);
  });

  it('enforces the column lengths', () => {
    const e = validarPaciente(
      {
        ...valido,
        nombre: 'a'.repeat(101),
        apellido: 'b'.repeat(101),
        tipo_documento: 'DNI',
        numero_documento: '1'.repeat(21),
        telefono: '5'.repeat(21),
        email: `${'x'.repeat(95)}@ab.com`,
      },
      HOY,
    );
    expect(e.nombre).toBe('Máximo 100 caracteres');
    expect(e.apellido).toBe('Máximo 100 caracteres');
    expect(e.numero_documento).toBe('Máximo 20 caracteres');
    expect(e.telefono).toBe('Máximo 20 caracteres');
    expect(e.email).toBe('Máximo 100 caracteres');
  });

  it('accepts values exactly at the limits', () => {
    const e = validarPaciente(
      { ...valido, nombre: 'a'.repeat(100), tipo_documento: 'DNI', numero_documento: '1'.repeat(20), telefono: '+52 (55) 1234-5678' },
      HOY,
    );
    expect(e).toEqual({});
  });

  it('refuses birth dates in the future or before 1900', () => {
    expect(validarFechaNacimiento('2024-03-06', HOY)).toMatch(/futura/);
    expect(validarFechaNacimiento('1899-12-31', HOY)).toMatch(/1900/);
    expect(validarFechaNacimiento('1900-01-01', HOY)).toBe(true);
    expect(validarFechaNacimiento(HOY, HOY)).toBe(true);
    expect(validarFechaNacimiento('2023-02-30', HOY)).toBe('Fecha no válida');
  });

  it('checks the email format only when one is given', () => {
    expect(validarEmail('')).toBe(true);
    expect(validarEmail('ana@clinica.com')).toBe(true);
    expect(validarEmail('ana@clinica')).toMatch(/no válido/);
    expect(validarEmail('ana clinica.com')).toMatch(/no válido/);
  });

  it('asks for document type and number together, like the API', () => {
    expect(validarPaciente({ ...valido, numero_documento: '123' }, HOY).tipo_documento).toMatch(/tipo/);
    expect(validarPaciente({ ...valido, tipo_documento: 'DNI' }, HOY).numero_documento).toMatch(/número/);
    expect(validarPaciente({ ...valido, tipo_documento: 'DNI', numero_documento: '#12' }, HOY).numero_documento).toMatch(/no válido/);
    expect(validarPaciente({ ...valido, tipo_documento: 'DNI', numero_documento: 'AB-12.345/6' }, HOY)).toEqual({});
  });

  it('checks phone numbers like the API: symbols allowed, 7 to 15 digits', () => {
    expect(validarPaciente({ ...valido, telefono: 'abc' }, HOY).telefono).toMatch(/no válido/);
    expect(validarPaciente({ ...valido, telefono: '55-12' }, HOY).telefono).toMatch(/entre 7 y 15/);
    expect(validarPaciente({ ...valido, telefono: '+1234567890123456' }, HOY).telefono).toMatch(/entre 7 y 15/);
    expect(validarPaciente({ ...valido, telefono: '(55) 123-4567' }, HOY).telefono).toBeUndefined();
  });
});

describe('patient request body', () => {
  it('leaves empty optional fields out on create and trims text', () => {
    expect(pacientePayload({ ...valido, nombre: ' José ', email: '', telefono: '555' })).toEqual({
      nombre: 'José',
      apellido: 'Núñez',
      fecha_nacimiento: '1985-07-14',
      telefono: '555',
    });
  });

  it('sends only changed fields on edit, a cleared one as null', () => {
    const original = { ...valido, telefono: '555', email: 'a@b.com' };
    expect(pacientePayload({ ...valido, telefono: '', email: 'a@b.com', direccion: 'Calle 1' }, original)).toEqual({
      telefono: null,
      direccion: 'Calle 1',
    });
  });
});

describe('redirect target after login', () => {
  it('keeps in-app paths and refuses anything else', () => {
    expect(safeTarget('/pacientes/3?tab=citas')).toBe('/pacientes/3?tab=citas');
    expect(safeTarget('//evil.example')).toBe('/');
    expect(safeTarget('https://evil.example')).toBe('/');
    expect(safeTarget('/login')).toBe('/');
    expect(safeTarget(undefined)).toBe('/');
  });
});
