import { useCallback, useEffect, useMemo, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import authService from '../../services/authService';
import administracionService from '../../services/administracionService';
import catalogosService from '../../services/catalogosService';
import { setSessionExpiredHandler } from '../../services/api';
import session from '../../services/session';
import config from '../../config';
import { puede } from '../../utils/roles';
import { setMoneda } from '../../utils/money';
import { AuthContext } from './authContext';
import useIdleLogout from './useIdleLogout';
import Loading from '../common/Loading';

export const MENSAJE_EXPIRADA = 'Su sesión ha expirado. Inicie sesión nuevamente.';
export const MENSAJE_INACTIVIDAD = 'Su sesión se cerró por inactividad.';

/**
 * The clinic's currency for formatMoney (utils/money.js), from GET /api/configuracion (every role may read
 * it). Loaded once per login before the user is set, so the first page already writes amounts right; if
 * it fails the amounts show in the default currency rather than keeping anyone out.
 */
async function cargarMoneda() {
  try {
    setMoneda((await administracionService.configuracion()).moneda);
  } catch {
    // keep the current currency
  }
}

export default function AuthProvider({ children }) {
  const [usuario, setUsuario] = useState(() => authService.storedUsuario());
  // Whose currency has been loaded: a user restored from memory waits (<Loading>) until theirs is.
  const [monedaDe, setMonedaDe] = useState(null);
  // After a reload the access token is gone (it lives in memory): renew it with the refresh cookie
  // before deciding whether the user is logged in.
  const [restaurando, setRestaurando] = useState(() => !usuario && session.hasSession());
  const navigate = useNavigate();
  const location = useLocation();

  const goToLogin = useCallback(
    (reason) => {
      if (reason) session.setLogoutReason(reason);
      catalogosService.clearCache();
      setUsuario(null);
      const here = window.location.pathname + window.location.search;
      const from = here.startsWith('/login') ? undefined : here;
      navigate('/login', { replace: true, state: from ? { from } : undefined });
    },
    [navigate],
  );

  // The API layer calls this when a 401 cannot be fixed by a refresh.
  useEffect(() => {
    setSessionExpiredHandler(() => goToLogin(MENSAJE_EXPIRADA));
    return () => setSessionExpiredHandler(null);
  }, [goToLogin]);

  useEffect(() => {
    if (!restaurando) return undefined;
    let alive = true;
    authService.restaurar().then(async (u) => {
      if (u) await cargarMoneda();
      if (!alive) return;
      setMonedaDe(u?.id ?? null);
      setUsuario(u);
      setRestaurando(false);
    });
    return () => {
      alive = false;
    };
  }, [restaurando]);

  // Another tab logged out: the session (shared through the cookie) is over here too.
  useEffect(() => {
    function onStorage(e) {
      if (e.key === config.storageKeys.session && !e.newValue && session.getAccessToken()) {
        session.clear();
        goToLogin();
      }
    }
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, [goToLogin]);

  const login = useCallback(async (email, password, codigo) => {
    catalogosService.clearCache();
    const u = await authService.login(email, password, codigo);
    await cargarMoneda();
    setMonedaDe(u.id);
    setUsuario(u);
    return u;
  }, []);

  const logout = useCallback(
    async (reason) => {
      const revocar = authService.logout();
      goToLogin(reason);
      await revocar;
    },
    [goToLogin],
  );

  const faltaMoneda = Boolean(usuario) && !restaurando && monedaDe !== usuario.id;
  useEffect(() => {
    if (!faltaMoneda) return undefined;
    let alive = true;
    cargarMoneda().then(() => alive && setMonedaDe(usuario.id));
    return () => {
      alive = false;
    };
  }, [faltaMoneda, usuario]);

  useIdleLogout({
    enabled: Boolean(usuario) && location.pathname !== '/login',
    timeoutMs: config.idleTimeoutMinutes * 60 * 1000,
    onIdle: () => logout(MENSAJE_INACTIVIDAD),
  });

  const value = useMemo(
    () => ({ usuario, login, logout, puede: (permiso) => puede(usuario, permiso) }),
    [usuario, login, logout],
  );

  return (
    <AuthContext.Provider value={value}>{restaurando || faltaMoneda ? <Loading minHeight="100vh" /> : children}</AuthContext.Provider>
  );
}
