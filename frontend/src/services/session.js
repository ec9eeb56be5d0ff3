// The session as the browser keeps it. The access token lives in memory only (this module), so a
// script injected into the page cannot find it in storage, and the refresh token is an HttpOnly
// cookie that scripts never see (the server sets it, scoped to /api/auth). localStorage keeps only
// non-secret hints shared by the tabs: that this browser has a session (a reload then renews the
// access token with the cookie), the last user activity (idle logout) and a message for the login page.
import config from '../config';

const K = config.storageKeys;

// Earlier versions kept the tokens and the user in localStorage: forget them.
const LEGACY_KEYS = ['clinica.access_token', 'clinica.refresh_token', 'clinica.usuario'];

function read(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function write(key, value) {
  try {
    if (value === null || value === undefined) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // storage unavailable (private mode): a reload then asks for the login again
  }
}

LEGACY_KEYS.forEach((key) => write(key, null));

let accessToken = null;
let usuario = null;

export const session = {
  getAccessToken: () => accessToken,
  setAccessToken(token) {
    accessToken = token || null;
  },
  getUsuario: () => usuario,
  setUsuario(u) {
    usuario = u || null;
  },
  /** Whether this browser logged in and has not logged out (the cookie may still have expired). */
  hasSession: () => read(K.session) === '1',
  /** After a login: the tokens are in memory and the cookie is set. */
  start({ access_token, usuario: u }) {
    accessToken = access_token || null;
    usuario = u || null;
    write(K.session, '1');
  },
  markActivity() {
    write(K.lastActivity, String(Date.now()));
  },
  clear() {
    accessToken = null;
    usuario = null;
    write(K.session, null);
  },
  /** A one-shot message for the login page (e.g. "closed for inactivity"). */
  setLogoutReason(reason) {
    write(K.logoutReason, reason);
  },
  takeLogoutReason() {
    const r = read(K.logoutReason);
    write(K.logoutReason, null);
    return r;
  },
};

export default session;
