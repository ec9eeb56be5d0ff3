import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import ReservarCitaDialog from './ReservarCitaDialog';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';

const slot = {
  medicoId: 2,
  medicoNombre: 'Laura Gómez',
  sucursal_id: 1,
  sucursalNombre: 'Centro',
  fecha: '2099-03-02',
  hora_inicio: '09:00',
  hora_fin: '09:30',
};
const paciente = { id: 8, nombre: 'José', apellido: 'Núñez', numero_documento: '123' };
const posibles = [
  { fecha: '2099-03-02', hora_inicio: '09:00:00', hora_fin: '09:30:00' },
  { fecha: '2099-03-16', hora_inicio: '09:00:00', hora_fin: '09:30:00' },
];
const conflicto = { fecha: '2099-03-09', hora_inicio: '09:00:00', reason: 'MEDICO_OCUPADO', message: 'El médico ya tiene una cita' };
const cita = (id, fecha) => ({ id, serie_id: 40, fecha, hora_inicio: '09:00:00', hora_fin: '09:30:00', paciente_id: 8, estado_id: 1 });

let falso;
afterEach(() => falso?.restaurar());

function responder(serie) {
  return (config) => {
    if (config.url === '/pacientes') return [200, { items: [paciente], total: 1, page: 1, per_page: 10, pages: 1 }];
    if (config.url === '/citas/series') return serie(JSON.parse(config.data));
    return [404, { message: 'No encontrado' }];
  };
}

async function llenarSerie(user) {
  await user.type(screen.getByRole('combobox', { name: 'Paciente' }), 'Nuñez');
  await user.click(await screen.findByRole('option', { name: /Núñez, José/ }));
  await user.click(screen.getByRole('checkbox', { name: 'Repetir' }));
  const veces = screen.getByRole('spinbutton', { name: 'Veces' });
  await user.clear(veces);
  await user.type(veces, '3');
  const cada = screen.getByRole('spinbutton', { name: 'Cada' });
  await user.clear(cada);
  await user.type(cada, '1');
  await user.click(screen.getByRole('button', { name: 'Revisar fechas' }));
}

describe('booking a series', () => {
  it('lists every date with ✓ or its conflict before booking, then books the possible ones and shows what was skipped', async () => {
    const user = userEvent.setup();
    const onBooked = vi.fn();
    falso = fakeApi(
      responder((body) =>
        body.simular
          ? [200, { serie_id: null, posibles, conflictos: [conflicto] }]
          : [201, { serie_id: 40, creadas: [cita(1, '2099-03-02'), cita(2, '2099-03-16')], conflictos: [conflicto] }],
      ),
    );
    renderWithProviders(<ReservarCitaDialog slot={slot} onClose={vi.fn()} onBooked={onBooked} />);
    await llenarSerie(user);

    const filas = await screen.findAllByTestId('serie-fecha');
    expect(filas.map((f) => [f.dataset.fecha, f.dataset.libre])).toEqual([
      ['2099-03-02', 'si'],
      ['2099-03-09', 'no'],
      ['2099-03-16', 'si'],
    ]);
    expect(filas[0]).toHaveTextContent('✓');
    expect(filas[1]).toHaveTextContent('El médico ya tiene una cita a esa hora');
    expect(screen.getByTestId('serie-revision-resumen')).toHaveTextContent('2 de 3 fechas disponibles; 1 con conflicto.');
    const simulacion = falso.peticiones.find((p) => p.url === '/citas/series');
    expect(simulacion.body).toMatchObject({
      paciente_id: 8,
      medico_id: 2,
      sucursal_id: 1,
      fecha: '2099-03-02',
      hora_inicio: '09:00',
      repeticion: { cada_semanas: 1, veces: 3 },
      simular: true,
    });

    await user.click(screen.getByRole('button', { name: 'Reservar las posibles' }));
    expect(await screen.findByTestId('serie-resultado-resumen')).toHaveTextContent('Se reservaron 2 citas; 1 fecha quedó sin reservar.');
    const reserva = falso.peticiones.filter((p) => p.url === '/citas/series')[1];
    expect(reserva.body).toMatchObject({ modo: 'las_posibles', repeticion: { cada_semanas: 1, veces: 3 } });
    expect(reserva.body.simular).toBeUndefined();
    expect(within(screen.getByTestId('serie-resultado')).getByText(/No reservada: El médico ya tiene/)).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Cerrar' }));
    expect(onBooked).toHaveBeenCalledWith(expect.objectContaining({ id: 1 }), expect.objectContaining({ serie_id: 40 }));
  });

  it('books nothing with «Reservar todas» when a date conflicts, and lists the conflicts the server found', async () => {
    const user = userEvent.setup();
    const onConflict = vi.fn();
    falso = fakeApi(
      responder((body) =>
        body.simular
          ? [200, { serie_id: null, posibles: [...posibles, { fecha: '2099-03-09', hora_inicio: '09:00:00', hora_fin: '09:30:00' }], conflictos: [] }]
          : [409, { code: 409, reason: 'SERIE_CON_CONFLICTOS', message: 'Algunas fechas no están disponibles', conflictos: [{ ...conflicto, reason: 'PACIENTE_OCUPADO' }] }],
      ),
    );
    renderWithProviders(<ReservarCitaDialog slot={slot} onClose={vi.fn()} onBooked={vi.fn()} onConflict={onConflict} />);
    await llenarSerie(user);
    expect(await screen.findAllByTestId('serie-fecha')).toHaveLength(3);
    expect(screen.getAllByTestId('serie-fecha').every((f) => f.dataset.libre === 'si')).toBe(true);

    await user.click(screen.getByRole('button', { name: 'Reservar todas' }));
    expect(await screen.findByText('Algunas fechas no están disponibles')).toBeInTheDocument();
    const filas = screen.getAllByTestId('serie-fecha');
    expect(filas.find((f) => f.dataset.fecha === '2099-03-09')).toHaveTextContent('El paciente ya tiene una cita a esa hora');
    expect(filas.filter((f) => f.dataset.libre === 'si')).toHaveLength(2);
    expect(falso.peticiones.filter((p) => p.url === '/citas/series')[1].body.modo).toBe('todas');
    expect(onConflict).toHaveBeenCalled();
    // the user can still book the free ones
    expect(screen.getByRole('button', { name: 'Reservar las posibles' })).toBeEnabled();
  });

  it('checks the repetition limits before asking the server', async () => {
    const user = userEvent.setup();
    falso = fakeApi(responder(() => [500, {}]));
    renderWithProviders(<ReservarCitaDialog slot={slot} onClose={vi.fn()} onBooked={vi.fn()} />);
    await user.type(screen.getByRole('combobox', { name: 'Paciente' }), 'Nuñez');
    await user.click(await screen.findByRole('option', { name: /Núñez, José/ }));
    await user.click(screen.getByRole('checkbox', { name: 'Repetir' }));
    const veces = screen.getByRole('spinbutton', { name: 'Veces' });
    await user.clear(veces);
    await user.type(veces, '60');
    await user.click(screen.getByRole('button', { name: 'Revisar fechas' }));
    expect(await screen.findByText('Veces: un número entre 2 y 52')).toBeInTheDocument();
    expect(falso.peticiones.some((p) => p.url === '/citas/series')).toBe(false);
  });

  it('still books a single appointment without «Repetir»', async () => {
    const user = userEvent.setup();
    const onBooked = vi.fn();
    falso = fakeApi((config) => {
      if (config.url === '/pacientes') return [200, { items: [paciente], total: 1, page: 1, per_page: 10, pages: 1 }];
      return [201, cita(5, '2099-03-02')];
    });
    renderWithProviders(<ReservarCitaDialog slot={slot} onClose={vi.fn()} onBooked={onBooked} />);
    await user.type(screen.getByRole('combobox', { name: 'Paciente' }), 'Nuñez');
    await user.click(await screen.findByRole('option', { name: /Núñez, José/ }));
    await user.click(screen.getByRole('button', { name: 'Agendar cita' }));
    await waitFor(() => expect(onBooked).toHaveBeenCalledWith(expect.objectContaining({ id: 5 })));
    expect(falso.peticiones.at(-1)).toMatchObject({ method: 'post', url: '/citas' });
  });
});
