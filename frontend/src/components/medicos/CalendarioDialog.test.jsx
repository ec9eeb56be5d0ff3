import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CalendarioDialog from './CalendarioDialog';
import medicosService from '../../services/medicosService';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/medicosService', () => ({ default: { listar: vi.fn(), enlaceCalendario: vi.fn() } }));

const URL_FEED = 'https://clinica.example/api/medicos/7/agenda.ics?token=secreto-de-prueba';
const lucia = { id: 7, nombre: 'Lucía', apellido: 'Ferrer', usuario_id: 30 };
const tomas = { id: 8, nombre: 'Tomás', apellido: 'Ríos', usuario_id: 31 };
const medica = { id: 30, nombre: 'Lucía', apellido: 'Ferrer', rol: 'Médico' };

describe('the calendar link dialog', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    medicosService.enlaceCalendario.mockResolvedValue(URL_FEED);
    medicosService.listar.mockResolvedValue([tomas, lucia]);
  });

  it('gets the link of the doctor chosen by the Administrador, warns that it replaces the old one and copies it', async () => {
    const user = userEvent.setup();
    const escribir = vi.spyOn(navigator.clipboard, 'writeText');
    renderWithProviders(<CalendarioDialog open medico={lucia} onClose={vi.fn()} />);
    expect(screen.getByText('Calendario de Lucía Ferrer')).toBeInTheDocument();
    expect(screen.getByTestId('calendario-aviso')).toHaveTextContent('Generar un enlace nuevo desactiva el anterior');
    expect(screen.queryByLabelText('Enlace del calendario')).toBeNull();

    await user.click(screen.getByRole('button', { name: 'Obtener enlace de calendario' }));
    expect(medicosService.enlaceCalendario).toHaveBeenCalledWith(7);
    expect(await screen.findByLabelText('Enlace del calendario')).toHaveValue(URL_FEED);
    expect(medicosService.listar).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'Copiar enlace' }));
    expect(escribir).toHaveBeenCalledWith(URL_FEED);
    expect(await screen.findByText('Enlace copiado.')).toBeInTheDocument();
  });

  it('gives a Médico the link of their own agenda', async () => {
    const user = userEvent.setup();
    renderWithProviders(<CalendarioDialog open onClose={vi.fn()} />, { usuario: medica });
    expect(await screen.findByText('Calendario de Lucía Ferrer')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Obtener enlace de calendario' }));
    expect(medicosService.enlaceCalendario).toHaveBeenCalledWith(7);
    expect(await screen.findByLabelText('Enlace del calendario')).toHaveValue(URL_FEED);
  });

  it('tells a Médico whose account has no doctor that there is nothing to link', async () => {
    medicosService.listar.mockResolvedValue([tomas]);
    renderWithProviders(<CalendarioDialog open onClose={vi.fn()} />, { usuario: medica });
    expect(await screen.findByText('Su cuenta no está vinculada a ningún médico.')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Obtener enlace de calendario' })).toBeDisabled();
  });

  it('shows the server refusal and no link', async () => {
    const user = userEvent.setup();
    medicosService.enlaceCalendario.mockRejectedValue({ message: 'El médico está inactivo' });
    renderWithProviders(<CalendarioDialog open medico={lucia} onClose={vi.fn()} />);
    await user.click(screen.getByRole('button', { name: 'Obtener enlace de calendario' }));
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('El médico está inactivo');
    expect(screen.queryByLabelText('Enlace del calendario')).toBeNull();
  });

  it('forgets the link when closed', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    renderWithProviders(<CalendarioDialog open medico={lucia} onClose={onClose} />);
    await user.click(screen.getByRole('button', { name: 'Obtener enlace de calendario' }));
    await screen.findByLabelText('Enlace del calendario');
    await user.click(screen.getByRole('button', { name: 'Cerrar' }));
    expect(onClose).toHaveBeenCalled();
    expect(screen.queryByLabelText('Enlace del calendario')).toBeNull();
  });
});
