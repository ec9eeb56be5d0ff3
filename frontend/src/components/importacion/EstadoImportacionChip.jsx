import { Chip } from '@mui/material';
import { ESTADOS_IMPORTACION } from '../../utils/importacion';

export default function EstadoImportacionChip({ estado }) {
  const e = ESTADOS_IMPORTACION[estado] || { label: estado, color: 'default' };
  return <Chip size="small" label={e.label} color={e.color} data-testid="importacion-estado" data-estado={estado} />;
}
