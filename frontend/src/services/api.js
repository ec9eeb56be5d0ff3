// The one Axios instance of the app: base URL, bearer token (kept in memory), one silent refresh
// on 401 with the HttpOnly refresh cookie, and every error turned into an ApiError with the
// Spanish message of the error contract.
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

/**
 * Ask the server for a new access token with the refresh cookie (the browser sends it; the header
 * is the server's CSRF check). The answer also rotates the cookie. Returns the token, stores nothing.
 */
export async function requestRefresh() {
  const { data } = await refreshClient.post('/auth/refresh', undefined, {
    headers: { ...config.csrfHeader },
    withCredentials: true,
  });
  if (!data?.access_token) throw new Error('respuesta de refresh sin token');
  return data.access_token;
}

let refreshing = null;

/**
 * Renew the access token. Concurrent callers of this tab share one request, and the tabs of the
 * browser take turns (Web Locks): each refresh spends the cookie it sends, and the server ends the
 * whole session when a spent one comes back, so two tabs must never send the same cookie at once.
 */
export function refreshAccessToken() {
  if (!refreshing) {
    const run = async () => {
      const token = await requestRefresh();
      session.setAccessToken(token);
      return token;
    };
    const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
    refreshing = (locks ? locks.request('clinica-erp-refresh', run) : run()).finally(() => {
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
      if (session.hasSession()) {
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

/**
 * GET every page of a list (per_page 100), up to `maxPages` (2,000 rows by default). Answers an array; when the
 * list had more rows than that, the array says so instead of hiding it: `truncado` is true and `total` is the
 * server's count (both non-enumerable, so the array compares and spreads as a plain one). Lists that show it use
 * components/common/AvisoTruncado.
 * Options: `sinTope` reads every page whatever their number (for lists bounded by their filters, like the agenda's
 * week); `paralelo` asks for the first page, then for all the others at once instead of one after another (a busy
 * list costs one round trip more than a quiet one, never a queue of them).
 */
export async function getAll(url, params = {}, { maxPages = 20, paralelo = false, sinTope = false } = {}) {
  const tope = sinTope ? Infinity : maxPages;
  const pedir = (page) => api.get(url, { params: { ...params, page, per_page: 100 } }).then((r) => r.data);
  if (paralelo) {
    const data = await pedir(1);
    const p = pageOf(data, 100);
    const paginas = Array.isArray(data) ? 1 : p.pages || 1;
    const hasta = Math.min(paginas, tope);
    const resto = await Promise.all(Array.from({ length: Math.max(0, hasta - 1) }, (_, i) => pedir(i + 2)));
    const all = [...p.items, ...resto.flatMap(itemsOf)];
    return hasta < paginas ? marcarTruncado(all, Math.max(p.total, all.length + 1)) : marcarTruncado(all);
  }
  const all = [];
  for (let page = 1; page <= tope; page += 1) {
    const data = await pedir(page);
    const p = pageOf(data, 100);
    all.push(...p.items);
    if (Array.isArray(data) || page >= (p.pages || 1)) break;
    // Pages left that this call will not fetch: the rows shown are the first ones of `total`.
    if (page === tope) return marcarTruncado(all, Math.max(p.total, all.length + 1));
  }
  return marcarTruncado(all);
}

/** `items` (an array) marked with `total` and `truncado` (total > items.length), as getAll answers. */
export function marcarTruncado(items, total = items.length) {
  Object.defineProperty(items, 'total', { value: total, enumerable: false, configurable: true, writable: true });
  Object.defineProperty(items, 'truncado', { value: total > items.length, enumerable: false, configurable: true, writable: true });
  return items;
}

/** Drop undefined / empty-string params so they never reach the query string. */
export function cleanParams(params = {}) {
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined && v !== null && v !== ''),
  );
}

export default api;
