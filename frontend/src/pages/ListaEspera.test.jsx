import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ListaEspera from './ListaEspera';
import catalogosService from '../services/catalogosService';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

const recepcion = { id: 5, nombre: 'Rita', apellido: 'Recepción', rol: 'Recepcionista', sucursal_id: 1 };
const paciente = { id: 20, nombre: 'Marta', apellido: 'Ríos', telefono: '+56 9 1234 5678', numero_documento: '99' };
const entrada = (id, extra = {}) => ({
  id,
  paciente_id: 20,
  paciente,
  sucursal_id: 1,
  especialidad_id: 3,
  medico_id: null,
  desde: '2099-01-01',
  hasta: '2099-01-31',
  franja: 'tarde',
  notas: 'Después del trabajo',
  creado_en: '2098-12-20T10:00:00Z',
  estado: 'activa',
  ofertas: 2,
  ...extra,
});

let falso;
let lista;
beforeEach(() => {
  catalogosService.clearCache();
  lista = [entrada(11)];
});
afterEach(() => falso?.restaurar());

function montar(antes = () => null) {
  falso = fakeApi((config) => {
    const { method, url } = config;
    const propia = antes(config);
    if (propia) return propia;
    if (url === '/sucursales') return [200, [{ id: 1, nombre: 'Centro', activo: true }, { id: 2, nombre: 'Norte', activo: true }]];
    if (url === '/especialidades') return [200, [{ id: 3, nombre: 'Kinesiología' }]];
    if (url === '/medicos') return [200, [{ id: 2, nombre: 'Laura', apellido: 'Gómez', especialidad_id: 3 }]];
    if (url === '/pacientes') return [200, { items: [paciente], total: 1, page: 1, per_page: 10, pages: 1 }];
    if (url === '/lista-espera' && method === 'get') return [200, { items: lista, total: lista.length, page: 1, per_page: 20, pages: 1 }];
    if (url === '/lista-espera' && method === 'post') {
      const nueva = entrada(12, { ...JSON.parse(config.data), ofertas: 0 });
      lista = [...lista, nueva];
      return [201, nueva];
    }
    if (url === '/lista-espera/11' && method === 'delete') {
      lista = lista.filter((e) => e.id !== 11);
      return [204, null];
    }
    return [404, { message: 'No encontrado' }];
  });
  renderWithProviders(<ListaEspera />, { usuario: recepcion, route: '/lista-espera' });
}

describe('the waiting list page', () => {
  it('lists the active entries with the patient, dates, part of the day and offers made', async () => {
    montar();
    const fila = await screen.findByTestId('lista-espera-entrada');
    expect(fila).toHaveTextContent('Marta Ríos');
    expect(fila).toHaveTextContent('+56 9 1234 5678');
    expect(fila).toHaveTextContent('01/01/2099 – 31/01/2099, tarde');
    expect(fila).toHaveTextContent('Centro');
    expect(fila).toHaveTextContent('Kinesiología');
    expect(fila).toHaveTextContent('Ofrecido 2 veces');
    // a receptionist limited to her branch: the API scopes the list, no branch filter is offered
    expect(screen.queryByRole('combobox', { name: 'Sucursal' })).toBeNull();
  });

  it('adds a patient with a date range and a part of the day', async () => {
    const user = userEvent.setup();
    montar();
    await screen.findByTestId('lista-espera-entrada');
    await user.click(screen.getByRole('button', { name: 'Agregar a la lista' }));
    const dialogo = await screen.findByRole('dialog', { name: 'Agregar a la lista de espera' });
    await user.type(within(dialogo).getByRole('combobox', { name: 'Paciente' }), 'Ríos');
    await user.click(await screen.findByRole('option', { name: /Ríos, Marta/ }));
    const desde = within(dialogo).getByLabelText(/Desde/);
    const hasta = within(dialogo).getByLabelText(/Hasta/);
    await user.clear(desde);
    await user.type(desde, '10/02/2099');
    await user.clear(hasta);
    await user.type(hasta, '01/02/2099');
    await user.click(within(dialogo).getByRole('button', { name: 'Agregar' }));
    expect(await within(dialogo).findByText('Debe ser igual o posterior a «Desde»')).toBeInTheDocument();
    await user.clear(hasta);
    await user.type(hasta, '28/02/2099');
    await user.click(within(dialogo).getByRole('combobox', { name: 'Horario' }));
    await user.click(await screen.findByRole('option', { name: /Mañana/ }));
    await user.type(within(dialogo).getByLabelText('Notas'), 'Puede venir con poco aviso');
    await user.click(within(dialogo).getByRole('button', { name: 'Agregar' }));

    expect(await screen.findByTestId('lista-espera-aviso')).toHaveTextContent('Marta Ríos fue agregado a la lista de espera.');
    const alta = falso.peticiones.find((p) => p.method === 'post');
    expect(alta.body).toEqual({
      paciente_id: 20,
      sucursal_id: 1,
      desde: '2099-02-10',
      hasta: '2099-02-28',
      franja: 'manana',
      notas: 'Puede venir con poco aviso',
    });
    await waitFor(() => expect(screen.getAllByTestId('lista-espera-entrada')).toHaveLength(2));
  });

  it('removes an entry after confirming', async () => {
    const user = userEvent.setup();
    montar();
    const fila = await screen.findByTestId('lista-espera-entrada');
    await user.click(within(fila).getByRole('button', { name: 'Quitar' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Quitar' }));
    expect(await screen.findByText('No hay pacientes en la lista de espera.')).toBeInTheDocument();
    expect(falso.peticiones.some((p) => p.method === 'delete' && p.url === '/lista-espera/11')).toBe(true);
  });

  it('shows a loading state until the list and its catalogues arrive', async () => {
    let soltar;
    const medicos = new Promise((r) => {
      soltar = r;
    });
    montar((config) => (config.url === '/medicos' ? medicos : null));
    expect(await screen.findByText('Cargando lista de espera…')).toBeInTheDocument();
    expect(screen.queryByTestId('lista-espera-entrada')).toBeNull();
    expect(screen.getByRole('button', { name: 'Agregar a la lista' })).toBeDisabled();
    soltar([200, [{ id: 2, nombre: 'Laura', apellido: 'Gómez', especialidad_id: 3 }]]);
    expect(await screen.findByTestId('lista-espera-entrada')).toHaveTextContent('Kinesiología');
    expect(screen.queryByText('Cargando lista de espera…')).toBeNull();
  });

  it('shows the API’s error when the catalogues fail, and loads them again on retry', async () => {
    const user = userEvent.setup();
    let fallar = true;
    montar((config) => (config.url === '/especialidades' && fallar ? [500, { message: 'No se pudieron cargar las especialidades' }] : null));
    expect(await screen.findByRole('alert')).toHaveTextContent('No se pudieron cargar las especialidades');
    // the form cannot be opened without its choices
    expect(screen.getByRole('button', { name: 'Agregar a la lista' })).toBeDisabled();
    fallar = false;
    await user.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByTestId('lista-espera-entrada')).toHaveTextContent('Kinesiología');
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Agregar a la lista' })).toBeEnabled();
  });

  it('shows the API’s error instead of an empty list when the list fails', async () => {
    montar((config) => (config.url === '/lista-espera' && config.method === 'get' ? [503, { message: 'Servicio no disponible' }] : null));
    expect(await screen.findByRole('alert')).toHaveTextContent('Servicio no disponible');
    expect(screen.queryByText('No hay pacientes en la lista de espera.')).toBeNull();
    expect(screen.getByRole('button', { name: 'Reintentar' })).toBeInTheDocument();
  });
});
