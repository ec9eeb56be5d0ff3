// How a waiting-list entry reads in the lists and dialogs.
import { formatDate } from '../../utils/dates';
import { FRANJAS } from '../../services/listaEsperaService';

/** '02/03/2099 – 30/03/2099, mañana' */
export function rangoEntrada(e) {
  const rango = e.desde === e.hasta ? formatDate(e.desde) : `${formatDate(e.desde)} – ${formatDate(e.hasta)}`;
  return e.franja ? `${rango}, ${FRANJAS[e.franja]?.toLowerCase() || e.franja}` : rango;
}

/** 'Ofrecido 2 veces' / '' */
export function textoOfertas(n) {
  if (!n) return '';
  return n === 1 ? 'Ofrecido 1 vez' : `Ofrecido ${n} veces`;
}
