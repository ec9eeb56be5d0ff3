import { Alert } from '@mui/material';
import { textoTruncado } from '../../utils/listas';

/**
 * "Mostrando los primeros N de M …" when `lista` (an answer of services/api.js getAll) left rows out; nothing
 * otherwise. `que` names the rows ("citas", "facturas"…); `sugerencia` tells how to narrow the list.
 */
export default function AvisoTruncado({ lista, que, sugerencia, sx }) {
  const texto = textoTruncado(lista, que);
  if (!texto) return null;
  return (
    <Alert severity="warning" sx={{ mb: 2, ...sx }} data-testid="aviso-truncado" role="status">
      {texto}
      {sugerencia ? ` ${sugerencia}` : ''}
    </Alert>
  );
}
