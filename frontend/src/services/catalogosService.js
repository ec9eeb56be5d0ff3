import { getAll } from './api';

// Catalogs change rarely: keep them for the page's lifetime, per user session.
const cache = new Map();

function cached(key, loader) {
  if (!cache.has(key)) {
    const p = loader().catch((err) => {
      cache.delete(key);
      throw err;
    });
    cache.set(key, p);
  }
  return cache.get(key);
}

export function clearCache() {
  cache.clear();
}

export const sucursales = () => cached('sucursales', () => getAll('/sucursales'));
export const especialidades = () => cached('especialidades', () => getAll('/especialidades'));
export const estadosCita = () => cached('estados-cita', () => getAll('/estados-cita'));

export default { sucursales, especialidades, estadosCita, clearCache };
