import { Chip } from '@mui/material';
import { ESTADOS_MENSAJE } from '../../utils/mensajes';

export default function MensajeEstadoChip({ estado }) {
  const e = ESTADOS_MENSAJE[estado] || { label: estado, color: 'default', variant: 'outlined' };
  return <Chip size="small" label={e.label} color={e.color} variant={e.variant} data-testid="mensaje-estado" data-estado={estado} />;
}
