// A fake transport for the one Axios instance (services/api.js): pages, services and interceptors run as in the
// browser, and the test answers each request. `responder(config)` returns [status, data] (or a promise of it).
import api from '../services/api';

export function fakeApi(responder) {
  const peticiones = [];
  const original = api.defaults.adapter;
  const state = { responder };
  api.defaults.adapter = async (config) => {
    const body = typeof config.data === 'string' && config.data ? JSON.parse(config.data) : config.data;
    peticiones.push({ method: config.method, url: config.url, params: config.params, body });
    const [status, data] = await state.responder(config);
    const response = { status, data, headers: {}, config, statusText: String(status), request: {} };
    if (status >= 400) {
      const err = new Error(`Request failed with status code ${status}`);
      Object.assign(err, { isAxiosError: true, config, response, request: {} });
      throw err;
    }
    return response;
  };
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
