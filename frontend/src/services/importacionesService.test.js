import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import importacionesService from './importacionesService';
import { fakeApi } from '../test/fakeApi';

let falso;
let responder;

beforeEach(() => {
  falso = fakeApi((config) => responder(config));
});

afterEach(() => falso.restaurar());

const csv = () => new File(['Nombre;Apellidos\nAna;García\n'], 'pacientes.csv', { type: 'text/csv' });

describe('the imports service', () => {
  it('sends the file and its kind as a multipart form to read its start', async () => {
    const archivo = csv();
    responder = () => [200, { formato: 'csv', columnas: ['Nombre', 'Apellidos'] }];
    const previa = await importacionesService.previsualizar(archivo, 'pacientes');
    expect(previa.columnas).toEqual(['Nombre', 'Apellidos']);
    const [peticion] = falso.peticiones;
    expect([peticion.method, peticion.url]).toEqual(['post', '/importaciones/previsualizar']);
    expect(peticion.body).toBeInstanceOf(FormData);
    expect([...peticion.body.keys()]).toEqual(['archivo', 'tipo']);
    expect(peticion.body.get('archivo').name).toBe('pacientes.csv');
    expect(peticion.body.get('tipo')).toBe('pacientes');
  });

  it('queues a dry run with the map as JSON text and simular "true"', async () => {
    responder = () => [202, { id: 9 }];
    const creada = await importacionesService.crear({ archivo: csv(), tipo: 'citas', mapa: { Fecha: 'fecha', Hora: 'hora_inicio' }, simular: true });
    expect(creada).toEqual({ id: 9 });
    const { method, url, body } = falso.peticiones[0];
    expect([method, url]).toEqual(['post', '/importaciones']);
    expect(body.get('archivo').name).toBe('pacientes.csv');
    expect(body.get('tipo')).toBe('citas');
    expect(JSON.parse(body.get('mapa'))).toEqual({ Fecha: 'fecha', Hora: 'hora_inicio' });
    expect(body.get('simular')).toBe('true');
  });

  it('queues a real run by default, and leaves the map to the server\'s suggestions when none is given', async () => {
    responder = () => [202, { id: 10 }];
    await importacionesService.crear({ archivo: csv(), tipo: 'pacientes' });
    const { body } = falso.peticiones[0];
    expect(body.get('simular')).toBe('false');
    expect(body.has('mapa')).toBe(false);
  });

  it('reads one import and a page of them, newest first as the server gives them', async () => {
    responder = (config) =>
      config.url === '/importaciones'
        ? [200, { items: [{ id: 2 }, { id: 1 }], total: 2, page: 1, per_page: 10, pages: 1 }]
        : [200, { id: 2, estado: 'procesando' }];
    expect(await importacionesService.obtener(2)).toEqual({ id: 2, estado: 'procesando' });
    const pagina = await importacionesService.listar({ page: 1, perPage: 10 });
    expect(pagina.items.map((i) => i.id)).toEqual([2, 1]);
    expect(falso.peticiones.map((p) => [p.url, p.params])).toEqual([
      ['/importaciones/2', undefined],
      ['/importaciones', { page: 1, per_page: 10 }],
    ]);
  });

  it('downloads the errors as a CSV blob with a file name', async () => {
    responder = () => [200, new Blob(['\ufefffila,columna,campo,mensaje\n'], { type: 'text/csv' })];
    const { blob, nombre } = await importacionesService.erroresCsv(5);
    expect(blob).toBeInstanceOf(Blob);
    expect(nombre).toBe('importacion-5-errores.csv');
    expect(falso.peticiones[0].url).toBe('/importaciones/5/errores.csv');
  });

  it('carries the server\'s field errors of a refused file', async () => {
    responder = () => [422, { code: 422, status: 'Unprocessable Entity', message: 'Datos inválidos', errors: { archivo: ['El archivo está vacío'] } }];
    await expect(importacionesService.previsualizar(csv(), 'pacientes')).rejects.toMatchObject({
      status: 422,
      fieldErrors: { archivo: 'El archivo está vacío' },
    });
  });
});
