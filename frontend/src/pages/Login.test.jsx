import { describe, expect, it, vi } from 'vitest';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import Login from './Login';
import { ApiError } from '../services/errors';
import { renderWithProviders } from '../test/renderWithProviders';
import mfaService from '../services/mfaService';

vi.mock('../services/mfaService', () => ({
  default: {
    estado: vi.fn().mockResolvedValue({ activo: false, obligatorio: true, codigos_restantes: 0 }),
    inscribir: vi.fn(),
    activar: vi.fn(),
    desactivar: vi.fn(),
  },
}));

function montar(login, route = '/login?next=/agenda') {
  renderWithProviders(
    <Routes>
      <Route path="/login" element={<Login />} />
      <Route path="/agenda" element={<p>Página de agenda</p>} />
    </Routes>,
    { usuario: null, route, auth: { login } },
  );
}

describe('the login page', () => {
  it('asks for both fields before calling the API', async () => {
    const user = userEvent.setup();
    const login = vi.fn();
    montar(login);
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByText('Ingrese su correo electrónico')).toBeInTheDocument();
    expect(screen.getByText('Ingrese su contraseña')).toBeInTheDocument();
    expect(login).not.toHaveBeenCalled();
  });

  it('shows the server message on bad credentials', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockRejectedValue(new ApiError({ message: 'Correo o contraseña incorrectos', status: 401 }));
    montar(login);
    await user.type(screen.getByLabelText('Correo electrónico'), 'ana@clinica.test');
    await user.type(screen.getByLabelText('Contraseña'), 'equivocada');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Correo o contraseña incorrectos');
  });

  it('goes back to the remembered page after logging in', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockResolvedValue({ id: 1, rol: 'Administrador' });
    montar(login);
    await user.type(screen.getByLabelText('Correo electrónico'), ' ana@clinica.test ');
    await user.type(screen.getByLabelText('Contraseña'), 'clave-segura-123');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByText('Página de agenda')).toBeInTheDocument();
    expect(login).toHaveBeenCalledWith('ana@clinica.test', 'clave-segura-123');
  });

  it('asks for the verification code when the server requires it and sends it', async () => {
    const user = userEvent.setup();
    const login = vi
      .fn()
      .mockRejectedValueOnce(new ApiError({ message: 'Introduzca el código', status: 401, reason: 'MFA_REQUERIDO' }))
      .mockResolvedValueOnce({ id: 1, rol: 'Médico' });
    montar(login);
    await user.type(screen.getByLabelText('Correo electrónico'), 'ana@clinica.test');
    await user.type(screen.getByLabelText('Contraseña'), 'clave-segura-123');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    const codigo = await screen.findByLabelText('Código de verificación');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    await user.type(codigo, ' 123456 ');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByText('Página de agenda')).toBeInTheDocument();
    expect(login).toHaveBeenLastCalledWith('ana@clinica.test', 'clave-segura-123', '123456');
  });

  it('opens the enrolment when the clinic requires two-step verification of an administrator', async () => {
    const user = userEvent.setup();
    const login = vi.fn().mockRejectedValue(
      new ApiError({ message: 'Actívela', status: 403, reason: 'MFA_INSCRIPCION_REQUERIDA', data: { token: 'tok' } }),
    );
    montar(login);
    await user.type(screen.getByLabelText('Correo electrónico'), 'ana@clinica.test');
    await user.type(screen.getByLabelText('Contraseña'), 'clave-segura-123');
    await user.click(screen.getByRole('button', { name: 'Ingresar' }));
    expect(await screen.findByRole('dialog', { name: 'Verificación en dos pasos' })).toBeInTheDocument();
    expect(mfaService.estado).toHaveBeenCalledWith('tok');
  });
});
