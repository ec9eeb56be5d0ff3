// The branch whose cash register the page shows: a Recepcionista or Facturación user bound to a branch only
// has hers (the API's scope); anyone else picks one (?sucursal=), by default her own or the first active one.
import useLoader from '../../utils/useLoader';
import useQueryParams from '../common/useQueryParams';
import catalogosService from '../../services/catalogosService';
import { ROLES } from '../../utils/roles';

export const ligadoASucursal = (usuario) =>
  usuario?.sucursal_id != null && (usuario?.rol === ROLES.RECEPCION || usuario?.rol === ROLES.FACTURACION);

export default function useSucursalCaja(usuario) {
  const [params, update] = useQueryParams();
  const ligado = ligadoASucursal(usuario);
  const { data, error, reload } = useLoader(() => catalogosService.sucursales(), []);
  const todas = data || [];
  const sucursales = ligado ? todas.filter((s) => s.id === usuario.sucursal_id) : todas.filter((s) => s.activo !== false);
  const porDefecto = sucursales.find((s) => s.id === usuario?.sucursal_id) || sucursales[0];
  let sucursalId = '';
  if (ligado) sucursalId = String(usuario.sucursal_id);
  else if (data) sucursalId = params.get('sucursal') || (porDefecto ? String(porDefecto.id) : '');
  return {
    ligado,
    sucursales,
    sucursalId,
    sucursal: sucursales.find((s) => String(s.id) === sucursalId) || null,
    listo: Boolean(data) || ligado,
    error,
    reload,
    elegir: (id) => update({ sucursal: id, page: null }, { replace: true }),
  };
}
