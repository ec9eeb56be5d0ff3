import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MfaAdminSwitch from './MfaAdminSwitch';
import ConfiguracionForm from './ConfiguracionForm';
import administracionService from '../../services/administracionService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/administracionService', () => ({
  default: { configuracion: vi.fn(), guardarConfiguracion: vi.fn() },
}));

describe('the mfa_admin setting', () => {
  it('saves only mfa_admin and shows the refusal of an administrator without TOTP', async () => {
    const user = userEvent.setup();
    administracionService.guardarConfiguracion
      .mockRejectedValueOnce(new ApiError({ message: 'Active primero su propia verificación en dos pasos', status: 409 }))
      .mockResolvedValueOnce({ nombre: 'Clínica', mfa_admin: true });
    renderWithProviders(<MfaAdminSwitch inicial={false} />);
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

  it("shows the value of the clinic's settings, read once with the rest of them", async () => {
    administracionService.configuracion.mockResolvedValue({ nombre: 'Clínica', moneda: 'MXN', mfa_admin: true });
    renderWithProviders(<ConfiguracionForm />);
    expect(await screen.findByRole('checkbox', { name: /Exigir verificación en dos pasos/ })).toBeChecked();
    expect(administracionService.configuracion).toHaveBeenCalledTimes(1);
  });
});
