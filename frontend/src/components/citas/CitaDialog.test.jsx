import { describe, expect, it, vi, beforeEach } from 'vitest';
import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CitaDialog from './CitaDialog';
import citasService from '../../services/citasService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';
import { toISODate } from '../../utils/dates';

vi.mock('../../services/citasService', () => ({
  default: { cambiarEstado: vi.fn(), revertirEstado: vi.fn(), historialEstados: vi.fn() },
}));
// A cancellation opens the waiting list's suggestions (tested in CitaDialog.listaEspera.test.jsx).
vi.mock('../../services/listaEsperaService', () => ({ default: { sugerencias: vi.fn().mockResolvedValue([]) } }));

const base = {
  id: 3,
  paciente_id: 8,
  medico_id: 2,
  sucursal_id: 1,
  fecha: '2099-01-05',
  hora_inicio: '09:00:00',
  hora_fin: '09:30:00',
  estado_id: 1,
  motivo: 'Control',
  paciente: { id: 8, nombre: 'José', apellido: 'Núñez' },
  medico: { id: 2, nombre: 'Laura', apellido: 'Gómez' },
  sucursal: { id: 1, nombre: 'Centro' },
  estado: { id: 1, nombre: 'Nueva' },
};

function abrir(cita, props = {}) {
  const onChanged = vi.fn();
  renderWithProviders(
    <CitaDialog cita={cita} puedeEditar puedeRevertir={false} onClose={vi.fn()} onChanged={onChanged} onMover={vi.fn()} {...props} />,
  );
  return { onChanged };
}

describe('the appointment dialog', () => {
  beforeEach(() => vi.clearAllMocks());

  it('offers only the legal transitions of a future new appointment', () => {
    abrir(base);
    const botones = screen.getAllByTestId('cita-transicion').map((b) => b.textContent);
    expect(botones).toEqual(['Confirmar', 'Cancelar cita']);
    expect(screen.getByRole('button', { name: 'Mover' })).toBeInTheDocument();
  });

  it('offers the waiting room for an appointment of today', () => {
    abrir({ ...base, fecha: toISODate(new Date()), hora_inicio: '23:59', estado_id: 2 });
    const botones = screen.getAllByTestId('cita-transicion').map((b) => b.textContent);
    expect(botones).toEqual(['Marcar en espera', 'Cancelar cita']);
  });

  it('shows no actions to a read-only role', () => {
    abrir(base, { puedeEditar: false });
    expect(screen.queryByTestId('cita-transicion')).toBeNull();
    expect(screen.queryByRole('button', { name: 'Mover' })).toBeNull();
  });

  it('asks for a reason before cancelling', async () => {
    const user = userEvent.setup();
    citasService.cambiarEstado.mockResolvedValue({ ...base, estado_id: 5, estado: { id: 5, nombre: 'Cancelada' } });
    const { onChanged } = abrir(base);
    await user.click(screen.getByRole('button', { name: 'Cancelar cita' }));
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));
    expect(screen.getByText('Indique el motivo de la cancelación')).toBeInTheDocument();
    expect(citasService.cambiarEstado).not.toHaveBeenCalled();
    await user.type(screen.getByLabelText(/Motivo de la cancelación/), 'El paciente avisó');
    await user.click(screen.getByRole('button', { name: 'Confirmar cancelación' }));
    await waitFor(() => expect(citasService.cambiarEstado).toHaveBeenCalledWith(3, 5, 'El paciente avisó'));
    expect(onChanged).toHaveBeenCalled();
    expect(await screen.findByText('Cancelada')).toBeInTheDocument();
  });

  it('shows the server message when a transition is refused', async () => {
    const user = userEvent.setup();
    citasService.cambiarEstado.mockRejectedValue(
      new ApiError({ message: 'Transición de estado no permitida', status: 409, reason: 'TRANSICION_INVALIDA' }),
    );
    abrir(base);
    await user.click(screen.getByRole('button', { name: 'Confirmar' }));
    expect(await screen.findByText('Transición de estado no permitida')).toBeInTheDocument();
  });
});
