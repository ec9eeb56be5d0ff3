// The branch a page works in, kept in the URL (`?sucursal=`). A user limited to one branch (sucursalLimitada: the
// API's scope) has only hers; anyone else picks among the active branches, by default her own or the first one.
import { useMemo } from 'react';
import useLoader from '../../utils/useLoader';
import useQueryParams from './useQueryParams';
import catalogosService from '../../services/catalogosService';
import { sucursalLimitada } from '../../utils/roles';

/**
 * {limitada, sucursales, sucursalId, sucursal, loading, error, reload, elegir}:
 * - `limitada`: the id of the user's only branch, or null;
 * - `sucursales`: what may be picked (her branch if limited, else the active ones) once loaded;
 * - `sucursalId`: the chosen id as a string, '' while there is none;
 * - `elegir(id, cambios, {replace})`: writes the choice in the URL with `cambios`, dropping `?page=` (a list's
 *   page belongs to the previous branch); it replaces the history entry unless told otherwise.
 *
 * With `{todas: true}` (a list's filter) an empty choice means every branch: there is no default, and a limited
 * user has nothing to choose (sucursalId '': the API scopes her list), so her list is not even loaded.
 */
export default function useSucursalElegida(usuario, { todas = false } = {}) {
  const [params, update] = useQueryParams();
  const limitada = sucursalLimitada(usuario);
  const sinEleccion = todas && limitada != null;
  const { data, loading, error, reload } = useLoader(
    () => (sinEleccion ? Promise.resolve([]) : catalogosService.sucursales()),
    [sinEleccion],
  );
  const sucursales = useMemo(
    () => (data || []).filter((s) => (limitada != null ? s.id === limitada : s.activo !== false)),
    [data, limitada],
  );

  let sucursalId;
  if (limitada != null) sucursalId = todas ? '' : String(limitada);
  else if (params.get('sucursal')) sucursalId = params.get('sucursal');
  else if (todas) sucursalId = '';
  else {
    const porDefecto = sucursales.find((s) => s.id === usuario?.sucursal_id) || sucursales[0];
    sucursalId = porDefecto ? String(porDefecto.id) : '';
  }

  return {
    limitada,
    sucursales,
    sucursalId,
    sucursal: sucursales.find((s) => String(s.id) === sucursalId) || null,
    loading,
    error,
    reload,
    elegir: (id, cambios = {}, { replace = true } = {}) => update({ sucursal: id, page: null, ...cambios }, { replace }),
  };
}
