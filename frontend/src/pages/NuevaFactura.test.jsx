import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes, useLocation } from 'react-router-dom';
import NuevaFactura from './NuevaFactura';
import catalogosService from '../services/catalogosService';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador', sucursal_id: 1 };
const CAJA_CENTRO = { id: 5, nombre: 'Fabio', apellido: 'Caja', rol: 'Facturación', sucursal_id: 1 };
const pagina = (items) => [200, { items, total: items.length, page: 1, per_page: 100, pages: 1 }];
const SUCURSALES = [{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Norte', activo: true }, { id: 3, nombre: 'Cerrada', activo: false }];
const PACIENTE = { id: 4, nombre: 'Lucía', apellido: 'Gómez' };
const CITA = { id: 8, paciente_id: 4, sucursal_id: 2, fecha: '2099-03-02', hora_inicio: '10:00', estado_id: 1, estado: { id: 1, nombre: 'Nueva' } };

let falso;
let extra;
beforeEach(() => {
  catalogosService.clearCache();
  extra = {};
  falso = fakeApi((config) => {
    const clave = `${config.method} ${config.url}`;
    if (extra[clave]) return extra[clave](config);
    if (clave === 'get /sucursales') return pagina(SUCURSALES);
    if (clave === 'get /facturacion/servicios') return pagina([{ id: 9, nombre: 'Consulta', precio: '50.00', impuesto_porcentaje: '16.00', activo: true }]);
    if (clave === 'get /citas/8') return [200, CITA];
    if (clave === 'get /pacientes/4') return [200, PACIENTE];
    if (clave === 'get /pacientes/4/citas') return pagina([CITA]);
    return [404, { message: `sin respuesta para ${clave}` }];
  });
});
afterEach(() => {
  falso.restaurar();
  window.history.pushState({}, '', '/');
});

function Ubicacion() {
  const location = useLocation();
  return <span data-testid="ubicacion">{`${location.pathname}${location.search}`}</span>;
}

function abrir(usuario, query = '') {
  const route = `/facturacion/nueva${query}`;
  // useQueryParams merges into window.location's query: start there as the browser would.
  window.history.pushState({}, '', route);
  renderWithProviders(
    <>
      <Routes>
        <Route path="/facturacion/nueva" element={<NuevaFactura />} />
      </Routes>
      <Ubicacion />
    </>,
    { usuario, route },
  );
  return userEvent.setup();
}

const sucursal = () => screen.getByRole('combobox', { name: 'Sucursal' });

describe('the new invoice page', () => {
  it('gives a billing clerk bound to a branch only her branch', async () => {
    const user = abrir(CAJA_CENTRO, '?paciente=4');
    expect(await screen.findByRole('heading', { name: 'Nueva factura' })).toBeInTheDocument();
    await waitFor(() => expect(sucursal()).toHaveTextContent('Centro'));
    expect(sucursal()).toHaveAttribute('aria-disabled', 'true');
    await user.click(screen.getByRole('combobox', { name: 'Servicio 1' }));
    await user.click(await screen.findByRole('option', { name: 'Consulta' }));
    extra['post /facturacion/facturas'] = () => [201, { id: 900 }];
    await user.click(screen.getByRole('button', { name: 'Emitir factura' }));
    await waitFor(() => expect(falso.peticiones.some((p) => p.method === 'post')).toBe(true));
    expect(falso.peticiones.find((p) => p.method === 'post').body).toMatchObject({ paciente_id: 4, sucursal_id: 1 });
  });

  it('starts at the appointment’s branch, and the choice among the active branches goes to the URL', async () => {
    const user = abrir(ADMIN, '?cita=8');
    await screen.findByRole('heading', { name: 'Nueva factura' });
    await waitFor(() => expect(sucursal()).toHaveTextContent('Norte'));
    await user.click(sucursal());
    const opciones = within(await screen.findByRole('listbox')).getAllByRole('option');
    expect(opciones.map((o) => o.textContent)).toEqual(['Centro', 'Norte']);
    await user.click(screen.getByRole('option', { name: 'Centro' }));
    await waitFor(() => expect(sucursal()).toHaveTextContent('Centro'));
    expect(screen.getByTestId('ubicacion')).toHaveTextContent('/facturacion/nueva?cita=8&sucursal=1');
  });

  it('without an appointment, starts at the user’s own branch', async () => {
    abrir({ ...ADMIN, sucursal_id: 2 }, '?paciente=4');
    await screen.findByRole('heading', { name: 'Nueva factura' });
    await waitFor(() => expect(sucursal()).toHaveTextContent('Norte'));
  });

  it('says it is preparing the invoice until the services arrive', async () => {
    let soltar;
    extra['get /facturacion/servicios'] = () => new Promise((r) => (soltar = r));
    abrir(ADMIN, '?paciente=4');
    expect(await screen.findByText('Preparando la factura…')).toBeInTheDocument();
    await waitFor(() => expect(soltar).toBeDefined());
    soltar(pagina([]));
    expect(await screen.findByText('No hay servicios activos en el catálogo.')).toBeInTheDocument();
    expect(screen.queryByText('Preparando la factura…')).toBeNull();
  });

  it('shows the API’s error instead of an empty form when the services fail, and loads them again on retry', async () => {
    let fallar = true;
    extra['get /facturacion/servicios'] = () => (fallar ? [500, { message: 'No se pudo leer el catálogo de servicios' }] : pagina([]));
    const user = abrir(ADMIN, '?paciente=4');
    const alerta = await screen.findByRole('alert');
    expect(alerta).toHaveTextContent('No se pudo leer el catálogo de servicios');
    expect(screen.queryByRole('button', { name: 'Emitir factura' })).toBeNull();
    fallar = false;
    await user.click(within(alerta).getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByRole('button', { name: 'Emitir factura' })).toBeInTheDocument();
    expect(screen.queryByText('No se pudo leer el catálogo de servicios')).toBeNull();
  });

  it('shows the API’s error when the patient’s appointments fail, not an empty list', async () => {
    extra['get /pacientes/4/citas'] = () => [503, { message: 'Las citas no están disponibles' }];
    abrir(ADMIN, '?paciente=4');
    expect(await screen.findByRole('alert')).toHaveTextContent('Las citas no están disponibles');
    expect(screen.getByRole('button', { name: 'Reintentar' })).toBeInTheDocument();
  });
});
