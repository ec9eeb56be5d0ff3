import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import api, { refreshClient } from './api';
import authService from './authService';
import session from './session';
import { fakeAdapter } from '../test/fakeApi';

const ANA = { id: 7, nombre: 'Ana', rol: 'Recepcionista' };

describe('the session service', () => {
  let calls;

  beforeEach(() => {
    calls = [];
    session.clear();
  });

  afterEach(() => {
    delete api.defaults.adapter;
    delete refreshClient.defaults.adapter;
  });

  it('keeps the access token of a login in memory and only a hint in localStorage', async () => {
    api.defaults.adapter = fakeAdapter(() => [200, { access_token: 'acceso-1', usuario: ANA }], calls);
    expect(await authService.login('ana@clinica.test', 'clave-segura-123')).toEqual(ANA);
    expect(session.getAccessToken()).toBe('acceso-1');
    expect(session.hasSession()).toBe(true);
    expect(JSON.stringify({ ...window.localStorage })).not.toContain('acceso-1');
    expect(calls[0].body).toEqual({ email: 'ana@clinica.test', password: 'clave-segura-123' });
  });

  it('after a reload renews the access token with the cookie and loads the user', async () => {
    api.defaults.adapter = fakeAdapter(() => [200, { access_token: 'acceso-1', usuario: ANA }], calls);
    await authService.login('ana@clinica.test', 'clave-segura-123');
    session.setAccessToken(null); // what a reload leaves: the hint, no token
    session.setUsuario(null);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'acceso-2' }], calls);
    api.defaults.adapter = fakeAdapter(() => [200, ANA], calls);
    expect(await authService.restaurar()).toEqual(ANA);
    expect(calls.slice(1).map((c) => [c.url, c.auth])).toEqual([
      ['/auth/refresh', undefined],
      ['/auth/me', 'Bearer acceso-2'],
    ]);
  });

  it('a reload whose session ended on the server goes to the login', async () => {
    session.start({ access_token: null, usuario: null });
    refreshClient.defaults.adapter = fakeAdapter(() => [401, { reason: 'TOKEN_REVOCADO' }], calls);
    expect(await authService.restaurar()).toBeNull();
    expect(session.hasSession()).toBe(false);
  });

  it('without a session a reload asks nothing of the server', async () => {
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'x' }], calls);
    expect(await authService.restaurar()).toBeNull();
    expect(calls).toEqual([]);
  });

  it('logs out with a renewed token when the access token has expired', async () => {
    session.start({ access_token: 'vencido', usuario: ANA });
    api.defaults.adapter = fakeAdapter((c) => (c.headers.Authorization === 'Bearer vencido' ? [401, {}] : [204, null]), calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'fresco' }], calls);
    await authService.logout();
    expect(calls.map((c) => [c.url, c.auth])).toEqual([
      ['/auth/logout', 'Bearer vencido'],
      ['/auth/refresh', undefined],
      ['/auth/logout', 'Bearer fresco'],
    ]);
    expect(session.hasSession()).toBe(false);
    expect(session.getAccessToken()).toBeNull();
  });

  it('after changing the password renews the access token with the new cookie', async () => {
    session.start({ access_token: 'acceso-1', usuario: ANA });
    api.defaults.adapter = fakeAdapter(() => [204, null], calls);
    refreshClient.defaults.adapter = fakeAdapter(() => [200, { access_token: 'acceso-2' }], calls);
    await authService.cambiarPassword('clave-segura-123', 'otra-clave-segura');
    expect(calls.map((c) => c.url)).toEqual(['/auth/password', '/auth/refresh']);
    expect(calls[0].body).toEqual({ actual: 'clave-segura-123', nueva: 'otra-clave-segura' });
    expect(session.getAccessToken()).toBe('acceso-2');
  });
});

describe('the password reset calls', () => {
  afterEach(() => {
    delete api.defaults.adapter;
  });

  it('post the address, then the token with the new password, to the public endpoints', async () => {
    const calls = [];
    session.clear();
    api.defaults.adapter = fakeAdapter((config) => [config.url.endsWith('/recuperar') ? 202 : 204, ''], calls);
    await authService.recuperarPassword('ana@clinica.test');
    await authService.restablecerPassword('tok-123', 'nueva-clave-segura');
    expect(calls.map((c) => [c.url, c.auth, c.body])).toEqual([
      ['/auth/recuperar', undefined, { email: 'ana@clinica.test' }],
      ['/auth/restablecer', undefined, { token: 'tok-123', password: 'nueva-clave-segura' }],
    ]);
  });
});
