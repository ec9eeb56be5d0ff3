import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Restablecer from './Restablecer';
import authService from '../services/authService';
import { ApiError } from '../services/errors';
import { renderWithProviders } from '../test/renderWithProviders';

afterEach(() => vi.restoreAllMocks());

const INVALIDO = 'El enlace no es válido o ya expiró; solicite uno nuevo';

function montar(route = '/restablecer#token=abc_DEF-123') {
  renderWithProviders(
    <Routes>
      <Route path="/restablecer" element={<Restablecer />} />
      <Route path="/login" element={<p>Página de inicio de sesión</p>} />
    </Routes>,
    { usuario: null, route },
  );
}

async function llenar(user, password, confirmacion = password) {
  await user.type(screen.getByLabelText('Nueva contraseña'), password);
  await user.type(screen.getByLabelText('Repita la nueva contraseña'), confirmacion);
  await user.click(screen.getByRole('button', { name: 'Guardar contraseña' }));
}

describe('the page of the password-reset link', () => {
  it('sends the token of the fragment with the new password and then offers to log in', async () => {
    const user = userEvent.setup();
    const restablecer = vi.spyOn(authService, 'restablecerPassword').mockResolvedValue();
    montar();
    await llenar(user, 'nueva-clave-segura');
    expect(await screen.findByTestId('restablecer-hecho')).toHaveTextContent('Su contraseña se cambió');
    expect(restablecer).toHaveBeenCalledWith('abc_DEF-123', 'nueva-clave-segura');
    await user.click(screen.getByRole('link', { name: 'Ir a iniciar sesión' }));
    expect(await screen.findByText('Página de inicio de sesión')).toBeInTheDocument();
  });

  it('checks length and confirmation before calling the API', async () => {
    const user = userEvent.setup();
    const restablecer = vi.spyOn(authService, 'restablecerPassword');
    montar();
    await llenar(user, 'corta', 'otra');
    expect(await screen.findByText('Debe tener al menos 10 caracteres')).toBeInTheDocument();
    expect(screen.getByText('No coincide con la nueva contraseña')).toBeInTheDocument();
    expect(restablecer).not.toHaveBeenCalled();
  });

  it('says the link is no longer valid when the server answers TOKEN_INVALIDO', async () => {
    const user = userEvent.setup();
    vi.spyOn(authService, 'restablecerPassword').mockRejectedValue(
      new ApiError({ status: 409, reason: 'TOKEN_INVALIDO', message: INVALIDO }),
    );
    montar();
    await llenar(user, 'nueva-clave-segura');
    expect(await screen.findByRole('alert')).toHaveTextContent(INVALIDO);
    expect(screen.queryByLabelText('Nueva contraseña')).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ir a iniciar sesión' })).toBeInTheDocument();
  });

  it('shows the policy message of the server on the password field', async () => {
    const user = userEvent.setup();
    vi.spyOn(authService, 'restablecerPassword').mockRejectedValue(
      new ApiError({ status: 422, message: 'Datos inválidos', fieldErrors: { password: 'Debe tener entre 10 y 128 caracteres.' } }),
    );
    montar();
    await llenar(user, 'nueva-clave-segura');
    expect(await screen.findByText('Debe tener entre 10 y 128 caracteres.')).toBeInTheDocument();
  });

  it('without a token in the link it says so and asks for nothing', () => {
    const restablecer = vi.spyOn(authService, 'restablecerPassword');
    montar('/restablecer');
    expect(screen.getByRole('alert')).toHaveTextContent(INVALIDO);
    expect(screen.queryByLabelText('Nueva contraseña')).not.toBeInTheDocument();
    expect(restablecer).not.toHaveBeenCalled();
  });
});
