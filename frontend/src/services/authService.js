import api from './api';
import session from './session';
import { ApiError } from './errors';

/**
 * Log in; `codigo` is the TOTP (or recovery) code of a user with two-step verification. When the
 * clinic requires it of an Administrador who has none, nothing is stored and an ApiError with
 * reason MFA_INSCRIPCION_REQUERIDA carries the enrolment-only token (`data.token`).
 */
export async function login(email, password, codigo) {
  const { data } = await api.post('/auth/login', codigo ? { email, password, codigo } : { email, password });
  if (data.mfa_inscripcion_requerida) {
    throw new ApiError({
      message: 'La clínica exige la verificación en dos pasos a los administradores. Actívela para continuar.',
      status: 403,
      reason: 'MFA_INSCRIPCION_REQUERIDA',
      data: { token: data.access_token },
    });
  }
  session.setTokens({ access_token: data.access_token, refresh_token: data.refresh_token });
  session.setUsuario(data.usuario);
  session.markActivity();
  return data.usuario;
}

/**
 * Forget the session locally at once, then revoke its tokens on the server (best effort:
 * the local session is gone whatever the server answers).
 */
export async function logout() {
  const token = session.getAccessToken();
  session.clear();
  if (!token) return;
  try {
    await api.post('/auth/logout', undefined, { headers: { Authorization: `Bearer ${token}` } });
  } catch {
    // already expired or revoked: nothing left to do
  }
}

export async function me() {
  const { data } = await api.get('/auth/me');
  session.setUsuario(data);
  return data;
}

export function storedUsuario() {
  return session.getAccessToken() ? session.getUsuario() : null;
}

export default { login, logout, me, storedUsuario };
