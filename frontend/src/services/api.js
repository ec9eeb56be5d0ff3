// The one Axios instance of the app: base URL, bearer token, one silent refresh on 401,
// and every error turned into an ApiError with the Spanish message of the error contract.
import axios from 'axios';
import config from '../config';
import session from './session';
import { toApiError } from './errors';

const api = axios.create({
  baseURL: config.apiBaseUrl,
  timeout: config.requestTimeoutMs,
  headers: { Accept: 'application/json' },
});

// A bare instance for the refresh call, so it never goes through the 401 logic itself.
export const refreshClient = axios.create({ baseURL: config.apiBaseUrl, timeout: config.requestTimeoutMs });

let onSessionExpired = null;

/** The auth layer registers what to do when the session cannot be renewed. */
export function setSessionExpiredHandler(handler) {
  onSessionExpired = handler;
}

let refreshing = null;

/** Renew the access token with the refresh token. Concurrent callers share one request. */
export function refreshAccessToken() {
  if (!refreshing) {
    const refreshToken = session.getRefreshToken();
    refreshing = (async () => {
      if (!refreshToken) throw new Error('sin refresh token');
      // Flask-JWT-Extended reads the refresh token from the Authorization header.
      const { data } = await refreshClient.post('/auth/refresh', undefined, {
        headers: { Authorization: `Bearer ${refreshToken}` },
      });
      if (!data?.access_token) throw new Error('respuesta de refresh sin token');
      session.setTokens({ access_token: data.access_token, refresh_token: data.refresh_token });
      return data.access_token;
    })().finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

const NO_REFRESH_PATHS = ['/auth/login', '/auth/refresh', '/auth/logout'];

function isAuthPath(url = '') {
  return NO_REFRESH_PATHS.some((p) => url.replace(/\/$/, '').endsWith(p));
}

api.interceptors.request.use((req) => {
  const token = session.getAccessToken();
  if (token && !req.headers.Authorization) {
    req.headers.Authorization = `Bearer ${token}`;
  }
  return req;
});

api.interceptors.response.use(
  (response) => response,
  async (error) => {
    const original = error?.config;
    const status = error?.response?.status;
    if (status === 401 && original && !original._retried && !isAuthPath(original.url)) {
      original._retried = true;
      if (session.getRefreshToken()) {
        try {
          const token = await refreshAccessToken();
          original.headers = { ...(original.headers || {}), Authorization: `Bearer ${token}` };
          return api(original);
        } catch {
          // fall through: the session cannot be renewed
        }
      }
      session.clear();
      if (onSessionExpired) onSessionExpired();
      else if (typeof window !== 'undefined' && window.location.pathname !== '/login') {
        const next = window.location.pathname + window.location.search;
        window.location.assign(`/login?next=${encodeURIComponent(next)}`);
      }
    }
    return Promise.reject(toApiError(error));
  },
);

/** Items of a list answer, whether it is a bare array or the paginated envelope. */
export function itemsOf(data) {
  if (Array.isArray(data)) return data;
  if (data && Array.isArray(data.items)) return data.items;
  return [];
}

/** Normalised page: {items, total, page, per_page, pages}. */
export function pageOf(data, fallbackPerPage = config.pageSize) {
  if (Array.isArray(data)) {
    return { items: data, total: data.length, page: 1, per_page: fallbackPerPage, pages: 1 };
  }
  const items = itemsOf(data);
  return {
    items,
    total: data?.total ?? items.length,
    page: data?.page ?? 1,
    per_page: data?.per_page ?? fallbackPerPage,
    pages: data?.pages ?? 1,
  };
}

/** GET every page of a list (per_page 100), up to `maxPages`. */
export async function getAll(url, params = {}, { maxPages = 20 } = {}) {
  const all = [];
  for (let page = 1; page <= maxPages; page += 1) {
    const { data } = await api.get(url, { params: { ...params, page, per_page: 100 } });
    const p = pageOf(data, 100);
    all.push(...p.items);
    if (Array.isArray(data) || page >= (p.pages || 1)) break;
  }
  return all;
}

/** Drop undefined / empty-string params so they never reach the query string. */
export function cleanParams(params = {}) {
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

export default api;
