// A fake transport for the Axios instances (services/api.js): pages, services and interceptors run as in the
// browser, and the test answers each request. `responder(config)` returns [status, data] (or a promise of it).
import api from '../services/api';

/**
 * An Axios adapter that records each request in `peticiones` ({method, url, params, body (parsed), auth, csrf,
 * withCredentials}) and answers it with `responder(config)`: a status of 400 or more is thrown as Axios does.
 */
export function fakeAdapter(responder, peticiones) {
  return async (config) => {
    const body = typeof config.data === 'string' && config.data ? JSON.parse(config.data) : config.data;
    peticiones.push({
      method: config.method,
      url: config.url,
      params: config.params,
      body,
      auth: config.headers?.Authorization,
      csrf: config.headers?.['X-Requested-With'],
      withCredentials: config.withCredentials,
    });
    const [status, data] = await responder(config);
    const response = { status, data, headers: {}, config, statusText: String(status), request: {} };
    if (status >= 400) {
      const err = new Error(`Request failed with status code ${status}`);
      Object.assign(err, { isAxiosError: true, config, response, request: {} });
      throw err;
    }
    return response;
  };
}

/** The staff API's instance answered by `responder`; `restaurar()` puts its transport back. */
export function fakeApi(responder) {
  const peticiones = [];
  const original = api.defaults.adapter;
  const state = { responder };
  api.defaults.adapter = fakeAdapter((config) => state.responder(config), peticiones);
  return {
    peticiones,
    responder: (r) => {
      state.responder = r;
    },
    restaurar: () => {
      api.defaults.adapter = original;
    },
  };
}
