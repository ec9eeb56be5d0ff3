import { Chip } from '@mui/material';
import { colorEstado, nombreEstado } from '../../utils/estados';

export default function EstadoChip({ estadoId, nombre, size = 'small' }) {
  const c = colorEstado(estadoId);
  return (
    <Chip
      size={size}
      label={nombre || nombreEstado(estadoId)}
      data-testid="estado-chip"
      data-estado-id={estadoId}
      sx={{ bgcolor: c.bg, color: c.fg, fontWeight: 500 }}
    />
  );
}
