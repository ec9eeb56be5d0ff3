import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Mensajes from './Mensajes';
import { fakeApi } from '../test/fakeApi';
import { renderWithProviders } from '../test/renderWithProviders';

// The API is faked at the transport: the page, its service and the Axios instance run as in the browser.
let falso;
let responder;
const peticiones = () => falso.peticiones;

beforeEach(() => {
  falso = fakeApi((config) => responder(config));
});

afterEach(() => falso.restaurar());

const FALLIDO = {
  id: 7,
  tipo: 'recordatorio',
  canal: 'email',
  destino: 'j***@correo.mx',
  cita_id: 31,
  paciente_id: 4,
  programado_para: '2026-12-13T10:30:00-06:00',
  enviado_en: null,
  estado: 'fallido',
  intentos: 3,
  ultimo_error: 'SMTP: smtp.clinica.mx:587 no respondió en 10 s',
};
const ENVIADO = {
  ...FALLIDO,
  id: 8,
  tipo: 'confirmacion_cita',
  canal: 'whatsapp',
  destino: '******5678',
  estado: 'enviado',
  intentos: 1,
  enviado_en: '2026-12-01T09:00:00-06:00',
  ultimo_error: null,
};
const pagina = (items, extra = {}) => ({ items, total: items.length, page: 1, per_page: 50, pages: 1, ...extra });
const listas = () => peticiones().filter((p) => p.method === 'get' && p.url === '/comunicaciones/mensajes');

function abrir(route = '/mensajes') {
  renderWithProviders(
    <Routes>
      <Route path="/mensajes" element={<Mensajes />} />
    </Routes>,
    { usuario: { id: 2, nombre: 'Rosa', apellido: 'Recepción', rol: 'Recepcionista' }, route },
  );
}

describe('the message log', () => {
  it('shows each message with Spanish labels, the masked destination, attempts and the last error', async () => {
    responder = () => [200, pagina([FALLIDO, ENVIADO])];
    abrir();
    const filas = await screen.findAllByTestId('mensaje-row');
    expect(filas).toHaveLength(2);
    const [fallido, enviado] = filas.map((f) => within(f));
    expect(fallido.getByText('Recordatorio')).toBeInTheDocument();
    expect(fallido.getByText('Correo electrónico')).toBeInTheDocument();
    expect(fallido.getByText('j***@correo.mx')).toBeInTheDocument();
    expect(fallido.getByTestId('mensaje-estado')).toHaveTextContent('Fallido');
    expect(fallido.getByText('3')).toBeInTheDocument();
    expect(fallido.getByText(/no respondió en 10 s/)).toBeInTheDocument();
    expect(fallido.getByText('13/12/2026', { exact: false })).toBeInTheDocument();
    expect(enviado.getByText('Confirmación de cita')).toBeInTheDocument();
    expect(enviado.getByText('WhatsApp')).toBeInTheDocument();
    expect(enviado.getByText('******5678')).toBeInTheDocument();
    expect(enviado.getByTestId('mensaje-estado')).toHaveTextContent('Enviado');
    expect(listas()[0].params).toEqual({ page: 1, per_page: 50 });
  });

  it('offers a retry only on failed messages', async () => {
    responder = () => [200, pagina([FALLIDO, ENVIADO])];
    abrir();
    const [fallido, enviado] = await screen.findAllByTestId('mensaje-row');
    expect(within(fallido).getByRole('button', { name: 'Reintentar' })).toBeInTheDocument();
    expect(within(enviado).queryByRole('button', { name: 'Reintentar' })).toBeNull();
  });

  it('puts a failed message back in the queue and shows it pending', async () => {
    const user = userEvent.setup();
    responder = (config) =>
      config.method === 'post' ? [200, { ...FALLIDO, estado: 'pendiente', ultimo_error: null }] : [200, pagina([FALLIDO])];
    abrir();
    const [fila] = await screen.findAllByTestId('mensaje-row');
    await user.click(within(fila).getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByText('El mensaje volvió a la cola de envío.')).toBeInTheDocument();
    expect(peticiones()).toContainEqual(expect.objectContaining({ method: 'post', url: '/comunicaciones/mensajes/7/reintentar' }));
    expect(within(fila).getByTestId('mensaje-estado')).toHaveTextContent('Pendiente');
    expect(within(fila).queryByRole('button', { name: 'Reintentar' })).toBeNull();
  });

  it('shows why a message can no longer be retried and reloads the log', async () => {
    const user = userEvent.setup();
    responder = (config) =>
      config.method === 'post'
        ? [409, { code: 409, status: 'Conflict', reason: 'MENSAJE_NO_REINTENTABLE', message: 'Solo se reintenta un mensaje fallido' }]
        : [200, pagina([FALLIDO])];
    abrir();
    const [fila] = await screen.findAllByTestId('mensaje-row');
    await user.click(within(fila).getByRole('button', { name: 'Reintentar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Solo se reintenta un mensaje fallido');
    await waitFor(() => expect(listas()).toHaveLength(2));
  });

  it('filters by state at once and by patient on Buscar, back to the first page', async () => {
    const user = userEvent.setup();
    responder = () => [200, pagina([FALLIDO], { total: 120, page: 2, pages: 3 })];
    abrir('/mensajes?page=2&tipo=recordatorio');
    await screen.findAllByTestId('mensaje-row');
    expect(listas()[0].params).toEqual({ tipo: 'recordatorio', page: 2, per_page: 50 });
    await user.click(screen.getByLabelText('Estado'));
    await user.click(await screen.findByRole('option', { name: 'Fallido' }));
    await waitFor(() => expect(listas().at(-1).params).toMatchObject({ estado: 'fallido', page: 1 }));
    await user.type(screen.getByLabelText('ID de paciente'), '4x');
    await user.click(screen.getByRole('button', { name: 'Buscar' }));
    await waitFor(() => expect(listas().at(-1).params).toMatchObject({ paciente_id: '4', page: 1 }));
  });

  it('says so when no message matches', async () => {
    responder = () => [200, pagina([])];
    abrir('/mensajes?cita=99');
    expect(await screen.findByText('No hay mensajes con estos filtros.')).toBeInTheDocument();
    expect(listas()[0].params).toEqual({ cita_id: '99', page: 1, per_page: 50 });
    expect(screen.getByLabelText('ID de cita')).toHaveValue('99');
  });

  it('shows a loading state until the log arrives', async () => {
    let entregar;
    responder = () => new Promise((resolve) => (entregar = resolve));
    abrir();
    expect(await screen.findByText('Cargando mensajes…')).toBeInTheDocument();
    entregar([200, pagina([ENVIADO])]);
    expect(await screen.findByTestId('mensaje-row')).toBeInTheDocument();
    expect(screen.queryByText('Cargando mensajes…')).toBeNull();
  });
});
