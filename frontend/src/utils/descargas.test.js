import { describe, expect, it } from 'vitest';
import { conMensajeDelServidor, nombreDeArchivo } from './descargas';
import { ApiError } from '../services/errors';

describe('downloads', () => {
  it('takes the file name from Content-Disposition', () => {
    expect(nombreDeArchivo('attachment; filename=ingresos_2026-01-01_2026-01-31.csv', 'x.csv')).toBe('ingresos_2026-01-01_2026-01-31.csv');
    expect(nombreDeArchivo('attachment; filename="F S001-00000012.pdf"', 'x.pdf')).toBe('F S001-00000012.pdf');
    expect(nombreDeArchivo("attachment; filename*=UTF-8''factura%20%C3%B1.pdf", 'x.pdf')).toBe('factura ñ.pdf');
    expect(nombreDeArchivo(undefined, 'porDefecto.csv')).toBe('porDefecto.csv');
  });

  it('turns a JSON error read as a Blob into the server\'s Spanish message', async () => {
    const blob = new Blob([JSON.stringify({ message: 'La factura no existe', reason: null })], { type: 'application/json' });
    const fallo = new ApiError({ message: 'No se encontró el recurso solicitado.', status: 404, data: blob });
    await expect(conMensajeDelServidor(Promise.reject(fallo), ApiError)).rejects.toMatchObject({
      message: 'La factura no existe',
      status: 404,
    });
  });

  it('keeps the original error when the body is not JSON', async () => {
    const fallo = new ApiError({ message: 'Error interno del servidor.', status: 500, data: new Blob(['<html>']) });
    await expect(conMensajeDelServidor(Promise.reject(fallo), ApiError)).rejects.toBe(fallo);
  });
});
