import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import api, { cleanParams, getAll, pageOf, refreshClient, setSessionExpiredHandler } from './api';
import session from './session';
import { ApiError } from './errors';
import { fakeAdapter } from '../test/fakeApi';
import { textoTruncado } from '../utils/listas';

describe('the Axios instance', () => {
  let calls;
  let expired;

  beforeEach(() => {
    calls = [];
    expired = vi.fn();
    setSessionExpiredHandler(expired);
    session.start({ access_token: 'viejo', usuario: { id: 1 } });
  });

  afterEach(() => {
    setSessionExpiredHandler(null);
    delete api.defaults.adapter;
    delete refreshClient.defaults.adapter;
  });

  it('sends the bearer token under /api', async () => {
    api.defaults.adapter = fakeAdapter(() => [200, { ok: true }], calls);
    await api.get('/pacientes');
    expect(calls[0].auth).toBe('Bearer viejo');
    expect(api.defaults.baseURL).toBe('/api');
  });

  it('refreshes once on 401 with the cookie and retries with the new token', async () => {
    api.defaults.adapter = fakeAdapter((c) => (c.headers.Authorization === 'Bearer nuevo' ? [200, { items: [] }] : [401, { message: 'Token expirado' }]), calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'nuevo' }], calls);
    const { data } = await api.get('/citas');
    expect(data).toEqual({ items: [] });
    expect(calls.map((c) => c.url)).toEqual(['/citas', '/auth/refresh', '/citas']);
    // the refresh token is the browser's HttpOnly cookie: no Authorization, the CSRF header instead
    expect(calls[1].auth).toBeUndefined();
    expect(calls[1].csrf).toBe('clinica-erp');
    expect(calls[1].withCredentials).toBe(true);
    expect(session.getAccessToken()).toBe('nuevo');
    expect(expired).not.toHaveBeenCalled();
  });

  it('keeps no token in localStorage', async () => {
    api.defaults.adapter = fakeAdapter((c) => (c.headers.Authorization === 'Bearer nuevo' ? [200, {}] : [401, {}]), calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'nuevo' }], calls);
    await api.get('/citas');
    const guardado = Object.keys(window.localStorage).map((k) => window.localStorage.getItem(k)).join(' ');
    expect(guardado).not.toContain('nuevo');
    expect(guardado).not.toContain('viejo');
  });

  it('does not try the cookie when this browser has no session', async () => {
    session.clear();
    api.defaults.adapter = fakeAdapter(() => [401, { message: 'Falta el token' }], calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'nuevo' }], calls);
    await expect(api.get('/pacientes')).rejects.toMatchObject({ status: 401 });
    expect(calls.map((c) => c.url)).toEqual(['/pacientes']);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('shares one refresh between concurrent 401s', async () => {
    api.defaults.adapter = fakeAdapter((c) => (c.headers.Authorization === 'Bearer nuevo' ? [200, {}] : [401, {}]), calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'nuevo' }], calls);
    await Promise.all([api.get('/a'), api.get('/b'), api.get('/c')]);
    expect(calls.filter((c) => c.url === '/auth/refresh')).toHaveLength(1);
  });

  it('clears the session and reports expiry when the refresh fails', async () => {
    api.defaults.adapter = fakeAdapter(() => [401, { message: 'Token revocado' }], calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [401, { message: 'Refresh revocado' }], calls);
    await expect(api.get('/pacientes')).rejects.toMatchObject({ status: 401, message: 'Token revocado' });
    expect(session.getAccessToken()).toBeNull();
    expect(session.hasSession()).toBe(false);
    expect(expired).toHaveBeenCalledTimes(1);
  });

  it('does not try to refresh a failed login', async () => {
    api.defaults.adapter = fakeAdapter(() => [401, { message: 'Credenciales inválidas' }], calls);
    const err = await api.post('/auth/login', {}).catch((e) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err.message).toBe('Credenciales inválidas');
    expect(calls).toHaveLength(1);
    expect(expired).not.toHaveBeenCalled();
  });

  it('turns other errors into ApiError with the server message', async () => {
    api.defaults.adapter = fakeAdapter(() => [409, { message: 'El paciente ya existe', reason: 'PACIENTE_DUPLICADO', existente_id: 3 }], calls);
    const err = await api.post('/pacientes', {}).catch((e) => e);
    expect(err).toMatchObject({ status: 409, reason: 'PACIENTE_DUPLICADO', message: 'El paciente ya existe' });
  });

  it('walks every page of a list', async () => {
    api.defaults.adapter = fakeAdapter((c) => {
      const page = c.params.page;
      return [200, { items: [page], total: 3, page, per_page: 100, pages: 3 }];
    }, calls);
    const todos = await getAll('/medicos', { activo: true });
    expect(todos).toEqual([1, 2, 3]);
    expect(todos).toMatchObject({ truncado: false, total: 3 });
    expect(calls[0].params).toEqual({ activo: true, page: 1, per_page: 100 });
  });

  it('says when it stopped before the last page instead of hiding the rest', async () => {
    api.defaults.adapter = fakeAdapter((c) => {
      const page = c.params.page;
      return [200, { items: Array.from({ length: 100 }, (_, i) => (page - 1) * 100 + i), total: 2345, page, per_page: 100, pages: 24 }];
    }, calls);
    const lista = await getAll('/citas');
    expect(calls).toHaveLength(20);
    expect(lista).toHaveLength(2000);
    expect(lista.truncado).toBe(true);
    expect(lista.total).toBe(2345);
    expect(textoTruncado(lista, 'citas')).toBe('Mostrando los primeros 2,000 de 2,345 citas.');
    // the marks do not change how the array spreads or compares
    expect(Object.keys(lista)).toHaveLength(2000);
  });

  it('on request reads every page, past the cap, asking for all but the first at once', async () => {
    const esperando = [];
    api.defaults.adapter = fakeAdapter((c) => {
      const page = c.params.page;
      const respuesta = [200, { items: Array.from({ length: 100 }, (_, i) => (page - 1) * 100 + i), total: 2345, page, per_page: 100, pages: 24 }];
      if (page === 1) return respuesta;
      // Pages 2… answer only once all of them have been asked for: a page-by-page walk would never get there.
      return new Promise((resolver) => esperando.push(() => resolver(respuesta)));
    }, calls);
    const promesa = getAll('/citas', { sucursal_id: 1 }, { paralelo: true, sinTope: true });
    await vi.waitFor(() => expect(esperando).toHaveLength(23));
    esperando.reverse().forEach((responder) => responder());
    const lista = await promesa;
    expect(calls).toHaveLength(24);
    expect(calls[0].params).toEqual({ sucursal_id: 1, page: 1, per_page: 100 });
    expect(lista).toHaveLength(2400);
    expect(lista.slice(0, 3)).toEqual([0, 1, 2]);
    expect(lista[2399]).toBe(2399); // in page order whatever order the pages came back in
    expect(lista.truncado).toBe(false);
  });

  it('in parallel still stops at the cap unless told not to, and says so', async () => {
    api.defaults.adapter = fakeAdapter((c) => [200, { items: [c.params.page], total: 30, page: c.params.page, per_page: 1, pages: 30 }], calls);
    const lista = await getAll('/citas', {}, { paralelo: true, maxPages: 5 });
    expect(calls.map((c) => c.params.page).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    expect(lista).toEqual([1, 2, 3, 4, 5]);
    expect(lista).toMatchObject({ truncado: true, total: 30 });
  });

  it('in parallel reads a bare array answer as the whole list', async () => {
    api.defaults.adapter = fakeAdapter(() => [200, ['a', 'b']], calls);
    const lista = await getAll('/especialidades', {}, { paralelo: true, sinTope: true });
    expect(lista).toEqual(['a', 'b']);
    expect(calls).toHaveLength(1);
    expect(lista.truncado).toBe(false);
  });

  it('reads a bare array answer as the whole list', async () => {
    api.defaults.adapter = fakeAdapter(() => [200, ['a', 'b']], calls);
    const lista = await getAll('/especialidades');
    expect(lista).toEqual(['a', 'b']);
    expect(lista.truncado).toBe(false);
    expect(textoTruncado(lista)).toBeNull();
  });
});

describe('list helpers', () => {
  it('normalises a bare array and an envelope', () => {
    expect(pageOf([1, 2])).toMatchObject({ items: [1, 2], total: 2, pages: 1 });
    expect(pageOf({ items: [1], total: 41, page: 3, per_page: 20, pages: 3 })).toEqual({
      items: [1],
      total: 41,
      page: 3,
      per_page: 20,
      pages: 3,
    });
  });

  it('drops empty query parameters', () => {
    expect(cleanParams({ q: '', a: 0, b: null, c: undefined, d: 'x' })).toEqual({ a: 0, d: 'x' });
  });
});
