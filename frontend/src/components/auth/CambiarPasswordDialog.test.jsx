import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import CambiarPasswordDialog from './CambiarPasswordDialog';
import authService from '../../services/authService';
import { ApiError } from '../../services/errors';

afterEach(() => vi.restoreAllMocks());

async function llenar(user, actual, nueva, confirmacion = nueva) {
  await user.type(screen.getByLabelText('Contraseña actual'), actual);
  await user.type(screen.getByLabelText('Nueva contraseña'), nueva);
  await user.type(screen.getByLabelText('Repita la nueva contraseña'), confirmacion);
  await user.click(screen.getByRole('button', { name: 'Cambiar contraseña' }));
}

describe('changing one\'s own password', () => {
  it('checks length and confirmation before calling the API', async () => {
    const user = userEvent.setup();
    const cambiar = vi.spyOn(authService, 'cambiarPassword');
    render(<CambiarPasswordDialog open onClose={() => {}} />);
    await llenar(user, 'clave-actual-123', 'corta', 'otra');
    expect(await screen.findByText('Debe tener al menos 10 caracteres')).toBeInTheDocument();
    expect(screen.getByText('No coincide con la nueva contraseña')).toBeInTheDocument();
    expect(cambiar).not.toHaveBeenCalled();
  });

  it('shows the server\'s message on the current password field', async () => {
    const user = userEvent.setup();
    vi.spyOn(authService, 'cambiarPassword').mockRejectedValue(
      new ApiError({ status: 422, message: 'Datos inválidos', fieldErrors: { actual: 'La contraseña actual no es correcta.' } }),
    );
    render(<CambiarPasswordDialog open onClose={() => {}} />);
    await llenar(user, 'no-es-la-actual', 'nueva-clave-segura');
    expect(await screen.findByText('La contraseña actual no es correcta.')).toBeInTheDocument();
  });

  it('confirms the change', async () => {
    const user = userEvent.setup();
    const cambiar = vi.spyOn(authService, 'cambiarPassword').mockResolvedValue();
    render(<CambiarPasswordDialog open onClose={() => {}} />);
    await llenar(user, 'clave-actual-123', 'nueva-clave-segura');
    expect(await screen.findByTestId('password-cambiada')).toHaveTextContent('Las demás sesiones');
    expect(cambiar).toHaveBeenCalledWith('clave-actual-123', 'nueva-clave-segura');
  });
});
