import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CitaDialog from './CitaDialog';
import { fakeApi } from '../../test/fakeApi';
import { renderWithProviders } from '../../test/renderWithProviders';
import { addDays, today } from '../../utils/dates';

const base = {
  id: 3,
  serie_id: null,
  paciente_id: 8,
  medico_id: 2,
  sucursal_id: 1,
  fecha: '2099-01-05',
  hora_inicio: '09:00:00',
  hora_fin: '09:30:00',
  estado_id: 2,
  motivo: 'Fisioterapia',
  paciente: { id: 8, nombre: 'José', apellido: 'Núñez' },
  medico: { id: 2, nombre: 'Laura', apellido: 'Gómez' },
  sucursal: { id: 1, nombre: 'Centro' },
  estado: { id: 2, nombre: 'Confirmada' },
};
const entrada = {
  id: 11,
  paciente_id: 20,
  paciente: { id: 20, nombre: 'Marta', apellido: 'Ríos', telefono: '+56 9 1234 5678' },
  sucursal_id: 1,
  especialidad_id: null,
  medico_id: null,
  desde: '2099-01-01',
  hasta: '2099-01-31',
  franja: 'manana',
  notas: 'Prefiere temprano',
  estado: 'activa',
  ofertas: 0,
};

let falso;
afterEach(() => falso?.restaurar());

/** The API: the appointment's changes as `cambios(config)` answers them, and the waiting list. */
function api(cambios) {
  return (config) => {
    if (config.url === '/lista-espera/sugerencias') return [200, { items: [entrada] }];
    if (config.url === '/lista-espera/11/ofrecer') return [202, { oferta_id: 77 }];
    return cambios(config);
  };
}

function abrir(cita) {
  const onChanged = vi.fn();
  renderWithProviders(<CitaDialog cita={cita} puedeEditar puedeRevertir={false} onClose={vi.fn()} onChanged={onChanged} onMover={vi.fn()} />, {
    usuario: { id: 5, nombre: 'Rita', apellido: 'Recepción', rol: 'Recepcionista' },
  });
  return { onChanged };
}

describe('a freed slot offered to the waiting list', () => {
  it('opens the matching entries as soon as the appointment is cancelled, and offers the slot in one click', async () => {
    const user = userEvent.setup();
    falso = fakeApi(api(() => [200, { ...base, estado_id: 5, estado: { id: 5, nombre: 'Cancelada' } }]));
    const { onChanged } = abrir(base);
    await user.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'Viaja');
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));

    const dialogo = await screen.findByTestId('sugerencias-lista-espera');
    const sugerencia = await within(dialogo).findByTestId('sugerencia');
    expect(sugerencia).toHaveTextContent('Marta Ríos');
    expect(sugerencia).toHaveTextContent('+56 9 1234 5678');
    expect(sugerencia).toHaveTextContent('01/01/2099 – 31/01/2099, mañana');
    expect(falso.peticiones.find((p) => p.url === '/lista-espera/sugerencias').params).toEqual({ cita_id: 3 });
    expect(onChanged).toHaveBeenCalled();

    await user.click(within(sugerencia).getByRole('button', { name: 'Ofrecer' }));
    expect(await within(sugerencia).findByTestId('sugerencia-ofrecida')).toHaveTextContent('Oferta enviada');
    const oferta = falso.peticiones.find((p) => p.url === '/lista-espera/11/ofrecer');
    expect(oferta).toMatchObject({ method: 'post', body: { cita_id: 3 } });
  });

  it('opens them too when the patient did not come', async () => {
    const user = userEvent.setup();
    const ayer = { ...base, fecha: addDays(today(), -1) };
    falso = fakeApi(api(() => [200, { ...ayer, estado_id: 7, estado: { id: 7, nombre: 'No Asistió' } }]));
    abrir(ayer);
    await user.click(screen.getByRole('button', { name: 'Marcar no asistió' }));
    expect(await screen.findByTestId('sugerencia')).toHaveTextContent('Marta Ríos');
  });

  it('shows an entry already offered that slot as offered, with no second «Ofrecer»', async () => {
    const user = userEvent.setup();
    falso = fakeApi((config) => {
      if (config.url === '/lista-espera/sugerencias') return [200, { items: [{ ...entrada, ya_ofrecida: true }] }];
      return [200, { ...base, estado_id: 5, estado: { id: 5, nombre: 'Cancelada' } }];
    });
    abrir(base);
    await user.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'Viaja');
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));
    const sugerencia = await screen.findByTestId('sugerencia');
    expect(within(sugerencia).getByTestId('sugerencia-ofrecida')).toHaveTextContent('Oferta enviada');
    expect(within(sugerencia).queryByRole('button', { name: 'Ofrecer' })).toBeNull();
  });

  it('says so when nobody waits for that slot', async () => {
    const user = userEvent.setup();
    falso = fakeApi((config) => {
      if (config.url === '/lista-espera/sugerencias') return [200, { items: [] }];
      return [200, { ...base, estado_id: 5 }];
    });
    abrir(base);
    await user.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'Viaja');
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));
    expect(await screen.findByTestId('sugerencias-vacio')).toHaveTextContent('No hay pacientes en la lista de espera para este horario.');
  });

  it('shows the reason when an offer is refused', async () => {
    const user = userEvent.setup();
    falso = fakeApi((config) => {
      if (config.url === '/lista-espera/sugerencias') return [200, { items: [entrada] }];
      if (config.url === '/lista-espera/11/ofrecer') return [409, { reason: 'OFERTA_NO_DISPONIBLE', message: 'Este horario ya no está disponible' }];
      return [200, { ...base, estado_id: 5 }];
    });
    abrir(base);
    await user.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'Viaja');
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));
    await user.click(await screen.findByRole('button', { name: 'Ofrecer' }));
    expect(await screen.findByText('Este horario ya no está disponible')).toBeInTheDocument();
  });
});

describe('cancelling the rest of a series', () => {
  it('cancels this appointment and the following ones of its series from its date', async () => {
    const user = userEvent.setup();
    const deSerie = { ...base, serie_id: 40 };
    falso = fakeApi(
      api((config) => {
        if (config.url === '/citas/series/40/cancelar') return [200, { canceladas: 3, citas: [3, 4, 5] }];
        if (config.url === '/citas/3') return [200, { ...deSerie, estado_id: 5, estado: { id: 5, nombre: 'Cancelada' } }];
        return [404, {}];
      }),
    );
    const { onChanged } = abrir(deSerie);
    await user.click(screen.getByRole('button', { name: 'Cancelar esta y las siguientes de la serie' }));
    await user.click(screen.getByRole('button', { name: 'Cancelar esta y las siguientes' }));
    expect(screen.getByText('Indique el motivo de la cancelación')).toBeInTheDocument();
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'Termina el tratamiento');
    await user.click(screen.getByRole('button', { name: 'Cancelar esta y las siguientes' }));

    expect(await screen.findByTestId('cita-aviso-serie')).toHaveTextContent('Se cancelaron 3 citas de la serie.');
    const pedido = falso.peticiones.find((p) => p.url === '/citas/series/40/cancelar');
    expect(pedido).toMatchObject({ method: 'post', body: { motivo: 'Termina el tratamiento', desde: '2099-01-05' } });
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(expect.objectContaining({ id: 3, estado_id: 5 })));
    // the freed slot of this one is offered to the waiting list too
    expect(await screen.findByTestId('sugerencias-lista-espera')).toBeInTheDocument();
  });

  it('is not offered for an appointment outside a series', () => {
    falso = fakeApi(() => [200, {}]);
    abrir(base);
    expect(screen.queryByTestId('cita-cancelar-serie')).toBeNull();
  });
});
