import { afterEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import EntradaDialog from './EntradaDialog';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';

const SUCURSALES = [{ id: 1, nombre: 'Centro', activo: true }];
const ESPECIALIDADES = [{ id: 3, nombre: 'Kinesiología' }];
const LAURA = { id: 2, nombre: 'Laura', apellido: 'Gómez', especialidad_id: 3 };

let falso;
afterEach(() => falso?.restaurar());

function abrir(medicos) {
  falso = fakeApi((config) => (config.url === '/medicos' ? medicos(config) : [404, { message: 'No encontrado' }]));
  renderWithProviders(<EntradaDialog sucursales={SUCURSALES} especialidades={ESPECIALIDADES} sucursalId={1} onClose={() => {}} onCreated={() => {}} />);
  return { user: userEvent.setup(), dialogo: screen.getByRole('dialog', { name: 'Agregar a la lista de espera' }) };
}

describe('the waiting list entry dialog', () => {
  it('says it is loading the branch’s doctors until they arrive, then offers them', async () => {
    let soltar;
    const { user, dialogo } = abrir(() => new Promise((r) => (soltar = r)));
    expect(await within(dialogo).findByText('Cargando médicos…')).toBeInTheDocument();
    soltar([200, [LAURA]]);
    await waitFor(() => expect(within(dialogo).queryByText('Cargando médicos…')).toBeNull());
    await user.click(within(dialogo).getByRole('combobox', { name: 'Médico' }));
    expect(await screen.findByRole('option', { name: 'Laura Gómez' })).toBeInTheDocument();
    expect(falso.peticiones.find((p) => p.url === '/medicos').params).toMatchObject({ sucursal_id: '1', activo: true });
  });

  it('shows the API’s error instead of an empty list of doctors, and loads them again on retry', async () => {
    let fallar = true;
    const { user, dialogo } = abrir(() => (fallar ? [500, { message: 'No se pudo consultar a los médicos' }] : [200, [LAURA]]));
    const alerta = await within(dialogo).findByRole('alert');
    expect(alerta).toHaveTextContent('No se pudo consultar a los médicos');
    expect(alerta).toHaveTextContent('puede agregar al paciente sin elegir médico');
    fallar = false;
    await user.click(within(alerta).getByRole('button', { name: 'Reintentar' }));
    await waitFor(() => expect(within(dialogo).queryByRole('alert')).toBeNull());
    await user.click(within(dialogo).getByRole('combobox', { name: 'Médico' }));
    expect(await screen.findByRole('option', { name: 'Laura Gómez' })).toBeInTheDocument();
  });
});

