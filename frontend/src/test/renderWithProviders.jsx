import { render } from '@testing-library/react';
import { MemoryRouter } from 'react-router-dom';
import { ThemeProvider } from '@mui/material';
import theme from '../theme';
import { AuthContext } from '../components/auth/authContext';
import { puede } from '../utils/roles';

/** Render inside the router, the theme and a fake session for `usuario`. */
export function renderWithProviders(ui, { usuario = { id: 1, nombre: 'Ana', apellido: 'Admin', rol: 'Administrador' }, route = '/', auth = {} } = {}) {
  const value = {
    usuario,
    login: async () => usuario,
    logout: async () => {},
    puede: (permiso) => puede(usuario, permiso),
    ...auth,
  };
  return render(
    <ThemeProvider theme={theme}>
      <MemoryRouter initialEntries={[route]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
        <AuthContext.Provider value={value}>{ui}</AuthContext.Provider>
      </MemoryRouter>
    </ThemeProvider>,
  );
}
