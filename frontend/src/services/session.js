// Session persistence in localStorage, so a reload keeps the user logged in.
import config from '../config';

const K = config.storageKeys;

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
    // storage unavailable (private mode): the session lives in memory only
  }
}

export const session = {
  getAccessToken: () => read(K.accessToken),
  getRefreshToken: () => read(K.refreshToken),
  getUsuario() {
    const raw = read(K.usuario);
    if (!raw) return null;
    try {
      return JSON.parse(raw);
    } catch {
      return null;
    }
  },
  markActivity() {
    write(K.lastActivity, String(Date.now()));
  },
  setTokens({ access_token, refresh_token }) {
    if (access_token !== undefined) write(K.accessToken, access_token);
    if (refresh_token !== undefined) write(K.refreshToken, refresh_token);
  },
  setUsuario(usuario) {
    write(K.usuario, usuario ? JSON.stringify(usuario) : null);
  },
  clear() {
    write(K.accessToken, null);
    write(K.refreshToken, null);
    write(K.usuario, null);
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
