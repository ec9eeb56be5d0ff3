import { Chip } from '@mui/material';
import { chipPlan } from './planEstados';

/** A treatment plan's state as a chip (the colours of planEstados). */
export default function PlanEstadoChip({ estado, size = 'small' }) {
  const { label, color } = chipPlan(estado);
  return <Chip size={size} color={color} label={label} data-testid="plan-estado" data-estado={estado} />;
}
