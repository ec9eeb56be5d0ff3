import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import odontologiaService from './odontologiaService';
import { fakeApi } from '../test/fakeApi';
import { CONDICIONES } from '../components/odontologia/catalogoPrueba';

let falso;
let responder;
const cabeceras = [];

beforeEach(() => {
  odontologiaService.limpiarCache();
  cabeceras.length = 0;
  falso = fakeApi((config) => {
    cabeceras.push(config.headers?.['X-Acceso-Emergencia']);
    return responder(config);
  });
});

afterEach(() => falso.restaurar());

const pagina = (items, page = 1, pages = 1) => ({ items, total: items.length, page, per_page: 100, pages });

describe('the dentistry service', () => {
  it('asks for the condition catalogue once per session, and again after a failed request', async () => {
    responder = () => [500, { message: 'Error interno del servidor.' }];
    await expect(odontologiaService.condiciones()).rejects.toThrow('Error interno del servidor.');
    responder = () => [200, CONDICIONES];
    expect(await odontologiaService.condiciones()).toEqual(CONDICIONES);
    expect(await odontologiaService.condiciones()).toEqual(CONDICIONES);
    expect(falso.peticiones.map((p) => p.url)).toEqual(['/odontologia/condiciones', '/odontologia/condiciones']);
  });

  it('reads the chart now or as of a date, sending a declared emergency access as the history does', async () => {
    responder = () => [200, { denticion: 'permanente', piezas: {}, actualizado_en: null }];
    await odontologiaService.odontograma(4);
    await odontologiaService.odontograma(4, { fecha: '2026-03-01', emergencia: 'Paciente inconsciente\nen urgencias' });
    expect(falso.peticiones.map((p) => [p.url, p.params])).toEqual([
      ['/pacientes/4/odontograma', undefined],
      ['/pacientes/4/odontograma', { fecha: '2026-03-01' }],
    ]);
    expect(cabeceras).toEqual([undefined, 'Paciente inconsciente en urgencias']);
  });

  it('pages the records and posts a new one', async () => {
    responder = (config) => (config.method === 'post' ? [201, { id: 9 }] : [200, pagina([{ id: 3 }], 2, 3)]);
    const p = await odontologiaService.registros(4, { page: 2, per_page: 10 });
    expect(p).toMatchObject({ items: [{ id: 3 }], page: 2, pages: 3 });
    const body = { cita_id: 7, hallazgos: [{ pieza: 36, superficies: ['O'], condicion: 'caries' }] };
    expect(await odontologiaService.registrar(4, body, { emergencia: 'Urgencia' })).toEqual({ id: 9 });
    expect(falso.peticiones[0]).toMatchObject({ method: 'get', url: '/pacientes/4/odontograma/registros', params: { page: 2, per_page: 10 } });
    expect(falso.peticiones[1]).toMatchObject({ method: 'post', url: '/pacientes/4/odontograma/registros', body });
    expect(cabeceras[1]).toBe('Urgencia');
  });
});
