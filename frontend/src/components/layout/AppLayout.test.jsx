import { beforeAll, describe, expect, it, vi } from 'vitest';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Route, Routes } from 'react-router-dom';
import AppLayout from './AppLayout';
import { renderWithProviders } from '../../test/renderWithProviders';

beforeAll(() => {
  // desktop width: the permanent drawer with the navigation is rendered
  window.matchMedia = vi.fn().mockImplementation((query) => ({
    matches: true,
    media: query,
    addEventListener: () => {},
    removeEventListener: () => {},
    addListener: () => {},
    removeListener: () => {},
  }));
});

function navDe(rol) {
  renderWithProviders(
    <Routes>
      <Route element={<AppLayout />}>
        <Route index element={<p>contenido</p>} />
      </Route>
    </Routes>,
    { usuario: { id: 1, nombre: 'Ana', apellido: 'Pérez', rol } },
  );
  const nav = screen.getByRole('navigation', { name: 'Navegación principal' });
  return within(nav)
    .getAllByRole('link')
    .map((a) => a.textContent);
}

describe('navigation per role', () => {
  it('shows the Administrador every section', () => {
    expect(navDe('Administrador')).toEqual([
      'Inicio', 'Pacientes', 'Agenda', 'Lista de espera', 'Reservas en línea', 'Mensajes', 'Médicos', 'Facturación', 'Caja', 'Reportes', 'Administración', 'Importar', 'Auditoría',
    ]);
  });

  it('shows reception the doctors (read-only) and the cash register too', () => {
    expect(navDe('Recepcionista')).toEqual(['Inicio', 'Pacientes', 'Agenda', 'Lista de espera', 'Reservas en línea', 'Mensajes', 'Médicos', 'Caja']);
  });

  it('shows a Médico patients and agenda', () => {
    expect(navDe('Médico')).toEqual(['Inicio', 'Pacientes', 'Agenda', 'Lista de espera']);
  });

  it('shows Facturación patients, agenda (read-only), billing, the cash register and reports', () => {
    expect(navDe('Facturación')).toEqual(['Inicio', 'Pacientes', 'Agenda', 'Facturación', 'Caja', 'Reportes']);
  });

  it('shows who is logged in and a logout button', () => {
    navDe('Médico');
    expect(screen.getByTestId('usuario-rol')).toHaveTextContent('Médico');
    expect(screen.getByRole('button', { name: 'Cerrar sesión' })).toBeInTheDocument();
  });

  it('opens one dialog at a time from the user menu; only a Médico has "Mi calendario"', async () => {
    const user = userEvent.setup();
    navDe('Médico');
    await user.click(screen.getByRole('button', { name: 'Menú de usuario' }));
    expect(screen.getByTestId('menu-calendario')).toBeInTheDocument();
    await user.click(screen.getByTestId('menu-cambiar-password'));
    const dialogo = await screen.findByRole('dialog', { name: 'Cambiar contraseña' });
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    await user.click(within(dialogo).getByRole('button', { name: 'Cancelar' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
  });

  it('offers no calendar in the user menu of other roles', async () => {
    const user = userEvent.setup();
    navDe('Administrador');
    await user.click(screen.getByRole('button', { name: 'Menú de usuario' }));
    expect(screen.getByRole('menuitem', { name: 'Cambiar contraseña' })).toBeInTheDocument();
    expect(screen.queryByTestId('menu-calendario')).not.toBeInTheDocument();
  });
});
