import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import ReservasEnLinea from './ReservasEnLinea';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';
import { clearCache } from '../services/catalogosService';

let falso;
let responder;
beforeEach(() => {
  clearCache();
  falso = fakeApi((config) => responder(config));
});
afterEach(() => falso.restaurar());

const ADMIN = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' };
const RECEPCION = { id: 2, nombre: 'Rosa', apellido: 'Recepción', rol: 'Recepcionista', sucursal_id: 1 };
const cita = (id, paciente, extra = {}) => ({
  id, fecha: '2026-12-09', hora_inicio: '10:00', hora_fin: '10:30', estado_id: 1, estado: { id: 1, nombre: 'Nueva' },
  origen: 'en_linea', paciente_id: paciente.id, paciente, medico_id: 7, medico: { id: 7, nombre: 'Elena', apellido: 'Vargas' },
  sucursal_id: 1, sucursal: { id: 1, nombre: 'Sucursal Centro' }, paciente_nuevo: false, posibles_duplicados: [], ...extra,
});
const LUCIA = { id: 40, nombre: 'Lucía', apellido: 'Gómez' };
const LUCIA_ANTES = { id: 12, nombre: 'Lucia', apellido: 'Gomez', fecha_nacimiento: '1990-04-12' };
const PEDRO = { id: 41, nombre: 'Pedro', apellido: 'Sanz' };
const PAGINA = {
  items: [cita(5, LUCIA, { paciente_nuevo: true, posibles_duplicados: [LUCIA_ANTES] }), cita(6, PEDRO, { hora_inicio: '11:00', hora_fin: '11:30' })],
  total: 2, page: 1, per_page: 50, pages: 1,
};

function responderCon(extra = {}) {
  return (config) => {
    const clave = `${config.method} ${config.url}`;
    if (extra[clave]) return extra[clave](config);
    if (clave === 'get /sucursales') return [200, { items: [{ id: 1, nombre: 'Sucursal Centro' }, { id: 2, nombre: 'Norte' }], total: 2, page: 1, per_page: 100, pages: 1 }];
    if (clave === 'get /reservas-en-linea') return [200, PAGINA];
    return [404, { message: 'no' }];
  };
}

function abrir(usuario = ADMIN, route = '/reservas-en-linea') {
  renderWithProviders(
    <Routes>
      <Route path="/reservas-en-linea" element={<ReservasEnLinea />} />
    </Routes>,
    { usuario, route },
  );
}

const listas = () => falso.peticiones.filter((p) => p.method === 'get' && p.url === '/reservas-en-linea');

describe('the online bookings list', () => {
  it('highlights new patients and flags possible duplicates with a merge action for the Administrador', async () => {
    responder = responderCon();
    abrir();
    const filas = await screen.findAllByTestId('reserva-row');
    expect(filas).toHaveLength(2);
    expect(filas[0]).toHaveAttribute('data-paciente-nuevo', 'true');
    expect(within(filas[0]).getByTestId('paciente-nuevo')).toHaveTextContent('Paciente nuevo');
    expect(within(filas[0]).getByTestId('posible-duplicado')).toHaveTextContent('Lucia Gomez (n.º 12, 12/04/1990)');
    expect(within(filas[0]).getByRole('button', { name: 'Fusionar Lucía Gómez con Lucia Gomez (n.º 12)' })).toBeInTheDocument();
    expect(within(filas[1]).queryByTestId('paciente-nuevo')).not.toBeInTheDocument();
    expect(within(filas[1]).queryByTestId('posibles-duplicados')).not.toBeInTheDocument();
    expect(listas()[0].params).toEqual({ page: 1, per_page: 50 });
  });

  it('lets a receptionist see the flags but not merge, without a branch filter when she is bound to one', async () => {
    responder = responderCon();
    abrir(RECEPCION);
    const filas = await screen.findAllByTestId('reserva-row');
    expect(within(filas[0]).getByTestId('posibles-duplicados')).toHaveTextContent('Un administrador puede fusionar los registros.');
    expect(screen.queryByRole('button', { name: /^Fusionar/ })).not.toBeInTheDocument();
    expect(screen.queryByLabelText('Sucursal')).not.toBeInTheDocument();
  });

  it("shows a failed load of the branches with its retry, and the branch filter once they load", async () => {
    let fallar = true;
    responder = responderCon({
      'get /sucursales': () => (fallar ? [500, { message: 'No se pudieron cargar las sucursales' }] : responderCon()({ method: 'get', url: '/sucursales' })),
    });
    abrir();
    expect(await screen.findByText('No se pudieron cargar las sucursales')).toBeInTheDocument();
    expect(screen.queryByLabelText('Sucursal')).not.toBeInTheDocument();
    expect(await screen.findAllByTestId('reserva-row')).toHaveLength(2);
    fallar = false;
    await userEvent.click(screen.getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByLabelText('Sucursal')).toBeInTheDocument();
    expect(screen.queryByText('No se pudieron cargar las sucursales')).not.toBeInTheDocument();
  });

  it('filters by branch and dates through the query', async () => {
    responder = responderCon();
    abrir(ADMIN, '/reservas-en-linea?sucursal=2&desde=2026-12-10');
    await screen.findAllByTestId('reserva-row');
    expect(listas()[0].params).toEqual({ sucursal_id: '2', fecha_desde: '2026-12-10', page: 1, per_page: 50 });
  });

  it('merges after a confirmation that says which record is kept and that the other is deactivated', async () => {
    let fusion;
    responder = responderCon({
      'post /pacientes/12/fusionar': (config) => {
        fusion = JSON.parse(config.data);
        return [200, { ...LUCIA_ANTES, activo: true }];
      },
    });
    abrir();
    await userEvent.click(await screen.findByRole('button', { name: /^Fusionar Lucía Gómez/ }));
    const dialogo = screen.getByRole('dialog', { name: 'Fusionar pacientes' });
    const explicacion = within(dialogo).getByTestId('fusionar-explicacion');
    expect(explicacion).toHaveTextContent('Se conserva Lucia Gomez (n.º 12). El registro n.º 40 (Lucía Gómez) queda inactivo');
    expect(within(dialogo).getByRole('radio', { name: /n\.º 40.*creado por la reserva en línea/ })).not.toBeChecked();

    await userEvent.click(within(dialogo).getByRole('radio', { name: /n\.º 40/ }));
    expect(explicacion).toHaveTextContent('Se conserva Lucía Gómez (n.º 40). El registro n.º 12 (Lucia Gomez) queda inactivo');
    await userEvent.click(within(dialogo).getByRole('radio', { name: /n\.º 12/ }));
    await userEvent.click(within(dialogo).getByRole('button', { name: 'Fusionar en n.º 12' }));

    expect(await screen.findByTestId('reservas-aviso')).toHaveTextContent('Pacientes fusionados: se conserva Lucia Gomez (n.º 12).');
    expect(fusion).toEqual({ con_id: 40 });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await waitFor(() => expect(listas()).toHaveLength(2)); // the list is read again
  });

  it('shows a refused merge in the dialog', async () => {
    responder = responderCon({
      'post /pacientes/12/fusionar': () => [409, { code: 409, reason: 'CITAS_SUPERPUESTAS', message: 'Los dos pacientes tienen citas a la misma hora' }],
    });
    abrir();
    await userEvent.click(await screen.findByRole('button', { name: /^Fusionar Lucía Gómez/ }));
    const dialogo = screen.getByRole('dialog', { name: 'Fusionar pacientes' });
    await userEvent.click(within(dialogo).getByRole('button', { name: 'Fusionar en n.º 12' }));
    expect(await within(dialogo).findByRole('alert')).toHaveTextContent('Los dos pacientes tienen citas a la misma hora');
    expect(within(dialogo).getByRole('button', { name: 'Volver' })).toBeEnabled();
  });

  it('says when there are no online bookings', async () => {
    responder = responderCon({ 'get /reservas-en-linea': () => [200, { items: [], total: 0, page: 1, per_page: 50, pages: 0 }] });
    abrir();
    expect(await screen.findByText('No hay reservas en línea desde esa fecha.')).toBeInTheDocument();
  });
});
