// The TOTP second factor of the session's user (/api/auth/mfa). Every call takes an optional
// access token: the enrolment-only token a login hands out when the clinic requires TOTP of an
// Administrador who has none yet (it is never stored as the session's token).
import api from './api';

function opciones(token) {
  return token ? { headers: { Authorization: `Bearer ${token}` } } : undefined;
}

export async function estado(token) {
  const { data } = await api.get('/auth/mfa', opciones(token));
  return data;
}

/** {secreto, uri, qr_svg}: a new secret, not active until confirmed with a code. */
export async function inscribir(token) {
  const { data } = await api.post('/auth/mfa/inscribir', undefined, opciones(token));
  return data;
}

/** The recovery codes: the only time they are shown. */
export async function activar(codigo, token) {
  const { data } = await api.post('/auth/mfa/activar', { codigo }, opciones(token));
  return data.codigos_recuperacion;
}

export async function desactivar(password, codigo) {
  await api.post('/auth/mfa/desactivar', { password, codigo });
}

export default { estado, inscribir, activar, desactivar };
