import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MfaAdminSwitch from './MfaAdminSwitch';
import administracionService from '../../services/administracionService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/administracionService', () => ({
  default: { configuracion: vi.fn(), guardarConfiguracion: vi.fn() },
}));

describe('the mfa_admin setting', () => {
  it('saves only mfa_admin and shows the refusal of an administrator without TOTP', async () => {
    const user = userEvent.setup();
    administracionService.configuracion.mockResolvedValue({ nombre: 'Clínica', mfa_admin: false });
    administracionService.guardarConfiguracion
      .mockRejectedValueOnce(new ApiError({ message: 'Active primero su propia verificación en dos pasos', status: 409 }))
      .mockResolvedValueOnce({ nombre: 'Clínica', mfa_admin: true });
    renderWithProviders(<MfaAdminSwitch />);
    const interruptor = await screen.findByRole('checkbox', { name: /Exigir verificación en dos pasos/ });
    await vi.waitFor(() => expect(interruptor).toBeEnabled());
    await user.click(interruptor);
    expect(await screen.findByRole('alert')).toHaveTextContent('Active primero su propia verificación');
    expect(interruptor).not.toBeChecked();
    await user.click(interruptor);
    expect(await screen.findByText(/deberán usar la verificación en dos pasos/)).toBeInTheDocument();
    expect(interruptor).toBeChecked();
    expect(administracionService.guardarConfiguracion).toHaveBeenLastCalledWith({ mfa_admin: true });
  });
});
