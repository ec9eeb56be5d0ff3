import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Reportes from './Reportes';
import catalogosService from '../services/catalogosService';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' };
const RUTA = '/reportes?reporte=citas-por-medico&desde=2026-01-01&hasta=2026-01-31';

let falso;
let extra;
function responder(config) {
  const propia = extra[config.url];
  if (propia) return propia(config);
  if (config.url === '/sucursales') return [200, [{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Norte', activo: true }]];
  if (config.url === '/medicos') return [200, [{ id: 2, nombre: 'Laura', apellido: 'Gómez' }]];
  if (config.url === '/reportes/citas-por-medico') return [200, { items: [] }];
  return [404, { message: 'No encontrado' }];
}

beforeEach(() => {
  catalogosService.clearCache();
  extra = {};
  falso = fakeApi(responder);
});
afterEach(() => falso.restaurar());

const abrir = () => {
  renderWithProviders(<Reportes />, { usuario: ADMIN, route: RUTA });
  return userEvent.setup();
};
const reporte = () => screen.getByTestId('reporte-citas-por-medico');

describe('the reports page', () => {
  it('says it is computing the report until the API answers, then shows it (here: empty)', async () => {
    let soltar;
    extra['/reportes/citas-por-medico'] = () => new Promise((r) => (soltar = r));
    abrir();
    expect(await within(reporte()).findByText('Calculando el reporte…')).toBeInTheDocument();
    soltar([200, { items: [] }]);
    expect(await within(reporte()).findByText('No hay citas de médicos en este periodo.')).toBeInTheDocument();
    expect(within(reporte()).queryByText('Calculando el reporte…')).toBeNull();
    const pedido = falso.peticiones.find((p) => p.url === '/reportes/citas-por-medico');
    expect(pedido.params).toEqual({ desde: '2026-01-01', hasta: '2026-01-31' });
  });

  it('shows the API’s error instead of an empty report, and computes it again on retry', async () => {
    let fallar = true;
    extra['/reportes/citas-por-medico'] = () => (fallar ? [500, { message: 'No se pudo calcular el reporte' }] : [200, { items: [] }]);
    const user = abrir();
    const alerta = await within(reporte()).findByRole('alert');
    expect(alerta).toHaveTextContent('No se pudo calcular el reporte');
    expect(within(reporte()).queryByText('No hay citas de médicos en este periodo.')).toBeNull();
    fallar = false;
    await user.click(within(alerta).getByRole('button', { name: 'Reintentar' }));
    expect(await within(reporte()).findByText('No hay citas de médicos en este periodo.')).toBeInTheDocument();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows the API’s error when the filters’ branches cannot be loaded (not an empty list), and loads them on retry', async () => {
    let fallar = true;
    extra['/sucursales'] = () => (fallar ? [503, { message: 'Las sucursales no están disponibles' }] : [200, [{ id: 2, nombre: 'Norte', activo: true }]]);
    const user = abrir();
    const alerta = await screen.findByRole('alert');
    expect(alerta).toHaveTextContent('Las sucursales no están disponibles');
    fallar = false;
    await user.click(within(alerta).getByRole('button', { name: 'Reintentar' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    await user.click(screen.getByRole('combobox', { name: 'Sucursal' }));
    expect(await screen.findByRole('option', { name: 'Norte' })).toBeInTheDocument();
  });
});
