import { afterEach, describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Login from '../../pages/Login';
import authService from '../../services/authService';
import { ApiError } from '../../services/errors';
import { renderWithProviders } from '../../test/renderWithProviders';

afterEach(() => vi.restoreAllMocks());

const ENVIADO = 'Si el correo está registrado, recibirá un enlace para restablecer su contraseña.';

function montar() {
  renderWithProviders(
    <Routes>
      <Route path="/login" element={<Login />} />
    </Routes>,
    { usuario: null, route: '/login', auth: { login: vi.fn() } },
  );
}

async function abrir(user) {
  await user.click(screen.getByRole('button', { name: '¿Olvidó su contraseña?' }));
  return screen.findByRole('heading', { name: 'Restablecer la contraseña' });
}

describe('"¿Olvidó su contraseña?" on the login page', () => {
  it('asks for the address, sends it and shows the same message whatever the answer says', async () => {
    const user = userEvent.setup();
    const recuperar = vi.spyOn(authService, 'recuperarPassword').mockResolvedValue();
    montar();
    await abrir(user);
    await user.type(screen.getByLabelText('Correo electrónico'), ' ana@clinica.test ');
    await user.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText(ENVIADO)).toBeInTheDocument();
    expect(recuperar).toHaveBeenCalledWith('ana@clinica.test');
    expect(screen.queryByRole('button', { name: 'Enviar enlace' })).not.toBeInTheDocument();
  });

  it('brings along the address already typed in the login form', async () => {
    const user = userEvent.setup();
    montar();
    await user.type(screen.getByLabelText('Correo electrónico'), 'ana@clinica.test');
    await abrir(user);
    expect(screen.getByLabelText('Correo electrónico')).toHaveValue('ana@clinica.test');
  });

  it('checks the address before calling the API', async () => {
    const user = userEvent.setup();
    const recuperar = vi.spyOn(authService, 'recuperarPassword');
    montar();
    await abrir(user);
    await user.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText('Ingrese su correo electrónico')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Correo electrónico'), 'no-es-un-correo');
    await user.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByText('Correo electrónico no válido')).toBeInTheDocument();
    expect(recuperar).not.toHaveBeenCalled();
  });

  it('shows the server message when the request fails (too many requests)', async () => {
    const user = userEvent.setup();
    vi.spyOn(authService, 'recuperarPassword').mockRejectedValue(
      new ApiError({ status: 429, reason: 'LIMITE', message: 'Demasiadas solicitudes; inténtelo de nuevo en unos minutos' }),
    );
    montar();
    await abrir(user);
    await user.type(screen.getByLabelText('Correo electrónico'), 'ana@clinica.test');
    await user.click(screen.getByRole('button', { name: 'Enviar enlace' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Demasiadas solicitudes');
    expect(screen.queryByText(ENVIADO)).not.toBeInTheDocument();
  });

  it('goes back to the login form', async () => {
    const user = userEvent.setup();
    montar();
    await abrir(user);
    await user.click(screen.getByRole('button', { name: 'Volver a iniciar sesión' }));
    expect(screen.getByRole('button', { name: 'Ingresar' })).toBeInTheDocument();
  });
});
