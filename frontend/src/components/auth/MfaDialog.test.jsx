import { beforeEach, describe, expect, it, vi } from 'vitest';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import MfaDialog from './MfaDialog';
import mfaService from '../../services/mfaService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

vi.mock('../../services/mfaService', () => ({
  default: { estado: vi.fn(), inscribir: vi.fn(), activar: vi.fn(), desactivar: vi.fn() },
}));

const CODIGOS = ['ABCDE-FGHJK', 'MNPQR-STUVW'];

beforeEach(() => {
  vi.clearAllMocks();
});

describe('the two-step verification dialog', () => {
  it('enrols with the QR code and shows the recovery codes once', async () => {
    const user = userEvent.setup();
    mfaService.estado.mockResolvedValue({ activo: false, obligatorio: false, codigos_restantes: 0 });
    mfaService.inscribir.mockResolvedValue({ secreto: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/x', qr_svg: '<svg></svg>' });
    mfaService.activar.mockResolvedValue(CODIGOS);
    const onClose = vi.fn();
    renderWithProviders(<MfaDialog open onClose={onClose} />);

    await user.click(await screen.findByRole('button', { name: 'Comenzar' }));
    expect(await screen.findByAltText('Código QR para la aplicación de autenticación')).toHaveAttribute(
      'src',
      expect.stringContaining('data:image/svg+xml'),
    );
    expect(screen.getByTestId('mfa-secreto')).toHaveTextContent('JBSWY3DPEHPK3PXP');

    await user.click(screen.getByRole('button', { name: 'Activar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('código de 6 dígitos');
    expect(mfaService.activar).not.toHaveBeenCalled();

    await user.type(screen.getByLabelText('Código de verificación'), '123456');
    await user.click(screen.getByRole('button', { name: 'Activar' }));
    const lista = await screen.findByTestId('mfa-codigos');
    expect(within(lista).getAllByRole('listitem').map((li) => li.textContent)).toEqual(CODIGOS);
    expect(mfaService.activar).toHaveBeenCalledWith('123456', null);

    await user.click(screen.getByRole('button', { name: 'He guardado los códigos' }));
    expect(onClose).toHaveBeenCalledWith({ activada: true });
  });

  it('uses the enrolment token it is given and says the clinic requires it', async () => {
    const user = userEvent.setup();
    mfaService.estado.mockResolvedValue({ activo: false, obligatorio: true, codigos_restantes: 0 });
    mfaService.inscribir.mockResolvedValue({ secreto: 'S', uri: 'otpauth://totp/x', qr_svg: '<svg></svg>' });
    renderWithProviders(<MfaDialog open token="tok-inscripcion" onClose={vi.fn()} />);
    expect(await screen.findByText(/exige la verificación en dos pasos/)).toBeInTheDocument();
    expect(mfaService.estado).toHaveBeenCalledWith('tok-inscripcion');
    await user.click(screen.getByRole('button', { name: 'Comenzar' }));
    expect(mfaService.inscribir).toHaveBeenCalledWith('tok-inscripcion');
  });

  it('removes an active factor with the password and a code, and shows a refusal', async () => {
    const user = userEvent.setup();
    mfaService.estado.mockResolvedValue({ activo: true, obligatorio: false, codigos_restantes: 7 });
    mfaService.desactivar
      .mockRejectedValueOnce(new ApiError({ message: 'Los datos enviados no son válidos', status: 422 }))
      .mockResolvedValueOnce(undefined);
    const onClose = vi.fn();
    renderWithProviders(<MfaDialog open onClose={onClose} />);
    expect(await screen.findByText(/Le quedan 7 códigos/)).toBeInTheDocument();
    await user.type(screen.getByLabelText('Contraseña'), 'clave-segura-123');
    await user.type(screen.getByLabelText('Código de verificación'), '654321');
    await user.click(screen.getByRole('button', { name: 'Desactivar' }));
    expect(await screen.findByTestId('error-alert')).toHaveTextContent('no son válidos');
    await user.click(screen.getByRole('button', { name: 'Desactivar' }));
    expect(mfaService.desactivar).toHaveBeenLastCalledWith('clave-segura-123', '654321');
    expect(onClose).toHaveBeenCalledWith({ desactivada: true });
  });

  it('offers no removal when the clinic requires it', async () => {
    mfaService.estado.mockResolvedValue({ activo: true, obligatorio: true, codigos_restantes: 10 });
    renderWithProviders(<MfaDialog open onClose={vi.fn()} />);
    expect(await screen.findByText(/no se puede desactivar/)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Desactivar' })).not.toBeInTheDocument();
  });
});
