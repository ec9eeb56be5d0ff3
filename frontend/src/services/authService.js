import api from './api';
import session from './session';

export async function login(email, password) {
  const { data } = await api.post('/auth/login', { email, password });
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
