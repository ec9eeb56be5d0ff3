import { beforeEach, describe, expect, it, vi } from 'vitest';
import { act, renderHook, waitFor } from '@testing-library/react';
import { MemoryRouter, useLocation } from 'react-router-dom';
import useSucursalElegida from './useSucursalElegida';
import catalogosService from '../../services/catalogosService';

vi.mock('../../services/catalogosService', () => ({ default: { sucursales: vi.fn() } }));

const SUCURSALES = [
  { id: 1, nombre: 'Centro', activo: true },
  { id: 2, nombre: 'Norte', activo: true },
  { id: 3, nombre: 'Cerrada', activo: false },
];
const ADMIN = { id: 1, rol: 'Administrador', sucursal_id: null };
const RECEPCION = { id: 5, rol: 'Recepcionista', sucursal_id: 3 };

function elegida(usuario, { route = '/', ...opciones } = {}) {
  return renderHook(
    () => ({ eleccion: useSucursalElegida(usuario, opciones), location: useLocation() }),
    { wrapper: ({ children }) => <MemoryRouter initialEntries={[route]} future={{ v7_startTransition: true, v7_relativeSplatPath: true }}>{children}</MemoryRouter> },
  );
}

describe('the branch a page works in', () => {
  beforeEach(() => {
    vi.clearAllMocks();
    catalogosService.sucursales.mockResolvedValue(SUCURSALES);
  });

  it('offers anyone unbound the active branches, the first one by default, or her own', async () => {
    const { result } = elegida(ADMIN);
    await waitFor(() => expect(result.current.eleccion.loading).toBe(false));
    expect(result.current.eleccion.limitada).toBeNull();
    expect(result.current.eleccion.sucursales.map((s) => s.nombre)).toEqual(['Centro', 'Norte']);
    expect(result.current.eleccion.sucursalId).toBe('1');
    expect(result.current.eleccion.sucursal.nombre).toBe('Centro');

    const propia = elegida({ ...ADMIN, sucursal_id: 2 });
    await waitFor(() => expect(propia.result.current.eleccion.sucursalId).toBe('2'));
  });

  it('takes the choice from the URL and writes a new one there, dropping the page of the previous branch', async () => {
    window.history.replaceState(null, '', '/caja?sucursal=2&page=3&medico=7'); // useQueryParams merges into it
    try {
      const { result } = elegida(ADMIN, { route: '/caja?sucursal=2&page=3&medico=7' });
      expect(result.current.eleccion.sucursalId).toBe('2');
      await waitFor(() => expect(result.current.eleccion.sucursal?.nombre).toBe('Norte'));
      act(() => result.current.eleccion.elegir('1', { medico: null }));
      expect(result.current.location.search).toBe('?sucursal=1');
      expect(result.current.eleccion.sucursalId).toBe('1');
    } finally {
      window.history.replaceState(null, '', '/');
    }
  });

  it('limits a bound receptionist to her branch whatever the URL says, even an inactive one', async () => {
    const { result } = elegida(RECEPCION, { route: '/caja?sucursal=1' });
    expect(result.current.eleccion.limitada).toBe(3);
    expect(result.current.eleccion.sucursalId).toBe('3');
    await waitFor(() => expect(result.current.eleccion.sucursales.map((s) => s.nombre)).toEqual(['Cerrada']));
  });

  it('as a list filter, means every branch when none is chosen, and does not load the list of a limited user', async () => {
    const filtro = elegida(ADMIN, { todas: true });
    await waitFor(() => expect(filtro.result.current.eleccion.sucursales).toHaveLength(2));
    expect(filtro.result.current.eleccion.sucursalId).toBe('');

    catalogosService.sucursales.mockClear();
    const limitada = elegida(RECEPCION, { todas: true, route: '/reservas?sucursal=1' });
    await waitFor(() => expect(limitada.result.current.eleccion.loading).toBe(false));
    expect(limitada.result.current.eleccion.sucursalId).toBe('');
    expect(catalogosService.sucursales).not.toHaveBeenCalled();
  });

  it('gives the error of a failed load, and loads again on reload', async () => {
    catalogosService.sucursales.mockRejectedValueOnce(new Error('sin red'));
    const { result } = elegida(ADMIN);
    await waitFor(() => expect(result.current.eleccion.error?.message).toBe('sin red'));
    expect(result.current.eleccion.sucursalId).toBe('');
    act(() => result.current.eleccion.reload());
    await waitFor(() => expect(result.current.eleccion.sucursalId).toBe('1'));
    expect(result.current.eleccion.error).toBeNull();
  });
});
