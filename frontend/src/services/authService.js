import api from './api';
import session from './session';

export async function login(email, password) {
  const { data } = await api.post('/auth/login', { email, password });
  session.setTokens({ access_token: data.access_token, refresh_token: data.refresh_token });
  session.setUsuario(data.usuario);
  session.markActivity();
  return data.usuario;
}

/** Revoke the tokens on the server (best effort) and forget the session locally. */
export async function logout() {
  try {
    if (session.getAccessToken()) await api.post('/auth/logout');
  } catch {
    // the session is closed locally whatever the server answers
  } finally {
    session.clear();
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
