import { afterEach, describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useNavigate } from 'react-router-dom';
import AuthProvider from './AuthProvider';
import { useAuth } from './authContext';
import authService from '../../services/authService';
import administracionService from '../../services/administracionService';
import config from '../../config';
import { MONEDA_POR_DEFECTO, formatMoney, setMoneda } from '../../utils/money';

vi.mock('../../services/authService', () => ({
  default: { login: vi.fn(), logout: vi.fn(), restaurar: vi.fn(), storedUsuario: vi.fn(() => null) },
}));
vi.mock('../../services/administracionService', () => ({ default: { configuracion: vi.fn() } }));

const USUARIO = { id: 3, nombre: 'Fe', apellido: 'Cobros', rol: 'Facturación' };
const NBSP = '\u00a0';

afterEach(() => {
  setMoneda(MONEDA_POR_DEFECTO);
  vi.clearAllMocks();
});

function Entrar() {
  const { login } = useAuth();
  const navigate = useNavigate();
  return (
    <button
      type="button"
      onClick={async () => {
        await login('fe@clinica.test', 'clave');
        navigate('/');
      }}
    >
      Ingresar
    </button>
  );
}

/** Renders a page that writes an amount and remembers every form it wrote it in. */
function montar(route) {
  const escritos = [];
  function Pagina() {
    const importe = formatMoney('1160.50');
    escritos.push(importe);
    return <p data-testid="importe">{importe}</p>;
  }
  render(
    <MemoryRouter initialEntries={[route]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>
      <AuthProvider>
        <Routes>
          <Route path="/login" element={<Entrar />} />
          <Route path="/" element={<Pagina />} />
        </Routes>
      </AuthProvider>
    </MemoryRouter>,
  );
  return escritos;
}

describe('the clinic currency, learnt at login', () => {
  it('is read before the first page renders, so no amount shows in another currency', async () => {
    authService.login.mockResolvedValue(USUARIO);
    administracionService.configuracion.mockResolvedValue({ nombre: 'Clínica', moneda: 'EUR' });
    const escritos = montar('/login');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Ingresar' }));

    expect((await screen.findByTestId('importe')).textContent).toBe(`1.160,50${NBSP}€`);
    expect(new Set(escritos)).toEqual(new Set([`1.160,50${NBSP}€`]));
    expect(administracionService.configuracion).toHaveBeenCalledTimes(1);
  });

  it('is read again when a reload restores the session', async () => {
    window.localStorage.setItem(config.storageKeys.session, '1');
    authService.restaurar.mockResolvedValue(USUARIO);
    administracionService.configuracion.mockResolvedValue({ moneda: 'COP' });
    const escritos = montar('/');

    expect((await screen.findByTestId('importe')).textContent).toBe(`$${NBSP}1.160,50`);
    expect(new Set(escritos)).toEqual(new Set([`$${NBSP}1.160,50`]));
  });

  it('falls back to the default currency when the settings cannot be read, without keeping the user out', async () => {
    authService.login.mockResolvedValue(USUARIO);
    administracionService.configuracion.mockRejectedValue(new Error('Network Error'));
    montar('/login');

    await userEvent.setup().click(screen.getByRole('button', { name: 'Ingresar' }));

    expect((await screen.findByTestId('importe')).textContent).toBe('$1,160.50');
  });
});
