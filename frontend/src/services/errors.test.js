import { describe, expect, it, vi } from 'vitest';
import {
  ApiError,
  MENSAJE_SIN_CONEXION,
  MENSAJE_TIMEOUT,
  applyFieldErrors,
  erroresPorCampo,
  existenteId,
  normalizeFieldErrors,
  toApiError,
} from './errors';

const axiosError = (status, data) => ({ isAxiosError: true, response: { status, data }, request: {} });

describe('API error → Spanish message', () => {
  it('uses the message and reason of the error contract', () => {
    const err = toApiError(
      axiosError(409, {
        code: 409,
        status: 'Conflict',
        message: 'El médico ya tiene una cita en ese horario',
        reason: 'MEDICO_OCUPADO',
      }),
    );
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('El médico ya tiene una cita en ese horario');
    expect(err.status).toBe(409);
    expect(err.reason).toBe('MEDICO_OCUPADO');
  });

  it('maps 422 field errors to one message per field', () => {
    const err = toApiError(
      axiosError(422, {
        code: 422,
        message: 'Datos inválidos',
        errors: { email: ['Correo no válido', 'otro'], nombre: ['Requerido'] },
      }),
    );
    expect(err.fieldErrors).toEqual({ email: 'Correo no válido', nombre: 'Requerido' });
  });

  it('flattens webargs-style errors nested by location', () => {
    expect(normalizeFieldErrors({ json: { telefono: ['Muy largo'] }, query: { page: ['Debe ser positivo'] } })).toEqual({
      telefono: 'Muy largo',
      page: 'Debe ser positivo',
    });
    expect(normalizeFieldErrors({ detalles: { 0: { cantidad: ['Máximo 999'] } } })).toEqual({ detalles: 'Máximo 999' });
    expect(normalizeFieldErrors(null)).toEqual({});
  });

  it('falls back to a Spanish message per status when the body has none', () => {
    expect(toApiError(axiosError(403, {})).message).toBe('No tiene permiso para realizar esta acción.');
    expect(toApiError(axiosError(404, null)).message).toBe('No se encontró el recurso solicitado.');
    expect(toApiError(axiosError(429, {})).message).toMatch(/Demasiados intentos/);
    expect(toApiError(axiosError(502, '<html>Bad gateway</html>')).message).toBe('El servidor no está disponible en este momento.');
    expect(toApiError(axiosError(599, {})).message).toMatch(/Error interno/);
  });

  it('explains network failures and timeouts', () => {
    expect(toApiError({ request: {}, code: 'ERR_NETWORK' }).message).toBe(MENSAJE_SIN_CONEXION);
    expect(toApiError({ request: {}, code: 'ECONNABORTED' }).message).toBe(MENSAJE_TIMEOUT);
  });

  it('passes an ApiError through unchanged', () => {
    const e = new ApiError({ message: 'x', status: 400 });
    expect(toApiError(e)).toBe(e);
  });

  it('finds the existing patient of a duplicate', () => {
    const err = toApiError(axiosError(409, { message: 'Ya existe', reason: 'PACIENTE_DUPLICADO', existente_id: 42 }));
    expect(existenteId(err)).toBe(42);
    expect(existenteId(toApiError(axiosError(409, { errors: { existente_id: [7] } })))).toBe(7);
    expect(existenteId(toApiError(axiosError(409, { message: 'x' })))).toBeNull();
  });

  it('puts server field errors on react-hook-form fields', () => {
    const setError = vi.fn();
    const err = toApiError(axiosError(422, { errors: { paciente_id: ['No existe'], motivo: ['Largo'] } }));
    expect(applyFieldErrors(setError, err, { paciente_id: 'paciente' })).toBe(true);
    expect(setError).toHaveBeenCalledWith('paciente', { type: 'server', message: 'No existe' });
    expect(setError).toHaveBeenCalledWith('motivo', { type: 'server', message: 'Largo' });
    expect(applyFieldErrors(setError, new ApiError({ message: 'x' }))).toBe(false);
  });
});

describe('422 errors by field', () => {
  it('flattens nested objects to dotted keys and a list item to its list', () => {
    expect(
      erroresPorCampo({
        horario_silencio: { desde: ['a'], _schema: ['b'] },
        horas_antes: { 1: ['c'] },
        'plantillas.cancelacion': ['d'],
        plantillas: { recordatorio: ['e'] },
      }),
    ).toEqual({
      'horario_silencio.desde': 'a',
      horario_silencio: 'b',
      horas_antes: 'c',
      'plantillas.cancelacion': 'd',
      'plantillas.recordatorio': 'e',
    });
  });

  it('gives the errors of one part of the body named as inside it', () => {
    const errors = { reserva_en_linea: { horizonte_dias: ['f'], _schema: ['g'] }, moneda: ['h'] };
    expect(erroresPorCampo(errors, 'reserva_en_linea')).toEqual({ horizonte_dias: 'f' });
    expect(erroresPorCampo(undefined, 'reserva_en_linea')).toEqual({});
  });
});
