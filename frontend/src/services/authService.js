import api, { refreshAccessToken, requestRefresh } from './api';
import session from './session';
import { ApiError } from './errors';

/**
 * Log in: the access token stays in memory, the refresh token arrives as an HttpOnly cookie.
 * `codigo`: the two-step verification code, when the server asked for it (MFA_REQUERIDO). An
 * Administrador who must enrol TOTP first gets no session: the enrolment-only token comes back
 * in an MFA_INSCRIPCION_REQUERIDA error (err.data.token) for the enrolment dialog.
 */
export async function login(email, password, codigo) {
  const { data } = await api.post('/auth/login', codigo ? { email, password, codigo } : { email, password });
  if (data.mfa_inscripcion_requerida) {
    throw new ApiError({
      message: 'La clínica exige la verificación en dos pasos a los administradores. Actívela para continuar.',
      status: 403,
      reason: 'MFA_INSCRIPCION_REQUERIDA',
      data: { token: data.access_token, usuario: data.usuario },
    });
  }
  session.start(data);
  session.markActivity();
  return data.usuario;
}

async function revocar(token) {
  await api.post('/auth/logout', undefined, { headers: { Authorization: `Bearer ${token}` } });
}

/**
 * Forget the session locally at once, then end it on the server (best effort: the local session is
 * gone whatever the server answers). An expired access token is renewed with the cookie first, so
 * the server session (and the cookie, which the answer deletes) does not outlive the logout.
 */
export async function logout() {
  const token = session.getAccessToken();
  const tenia = token || session.hasSession();
  session.clear();
  if (!tenia) return;
  try {
    await revocar(token || (await requestRefresh()));
  } catch (err) {
    if (err?.status !== 401 || !token) return;
    try {
      await revocar(await requestRefresh());
    } catch {
      // the session had already ended on the server
    }
  }
}

export async function me() {
  const { data } = await api.get('/auth/me');
  session.setUsuario(data);
  return data;
}

/**
 * After a reload: renew the access token with the cookie and load the user. Null when this
 * browser has no session or the server ended it (idle time, 12-hour limit, logout elsewhere).
 */
export async function restaurar() {
  if (!session.hasSession()) return null;
  try {
    await refreshAccessToken();
    return await me();
  } catch {
    session.clear();
    return null;
  }
}

/**
 * Change one's own password. The server ends every other session and sends this browser a new
 * refresh cookie; the access token is renewed with it at once (the old one no longer works).
 */
export async function cambiarPassword(actual, nueva) {
  await api.post('/auth/password', { actual, nueva });
  await refreshAccessToken();
}

/**
 * Ask for a password-reset link. The server answers the same (202) whether or not the address has
 * an account, so there is nothing to return.
 */
export async function recuperarPassword(email) {
  await api.post('/auth/recuperar', { email });
}

/** Set a new password with the token of the e-mailed link (409 TOKEN_INVALIDO: used, expired or unknown). */
export async function restablecerPassword(token, password) {
  await api.post('/auth/restablecer', { token, password });
}

export function storedUsuario() {
  return session.getAccessToken() ? session.getUsuario() : null;
}

export default {
  login,
  logout,
  me,
  restaurar,
  cambiarPassword,
  recuperarPassword,
  restablecerPassword,
  storedUsuario,
};
