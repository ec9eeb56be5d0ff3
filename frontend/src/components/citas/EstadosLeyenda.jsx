import { Box } from '@mui/material';
import EstadoChip from './EstadoChip';
import { NOMBRES_ESTADO } from '../../utils/estados';

export default function EstadosLeyenda({ estados }) {
  const lista = estados?.length ? estados : Object.entries(NOMBRES_ESTADO).map(([id, nombre]) => ({ id: Number(id), nombre }));
  return (
    <Box display="flex" flexWrap="wrap" gap={0.5} mb={1} aria-label="Leyenda de estados" data-testid="estados-leyenda">
      {lista.map((e) => (
        <EstadoChip key={e.id} estadoId={e.id} nombre={e.nombre} />
      ))}
    </Box>
  );
}
