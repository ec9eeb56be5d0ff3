import { Chip } from '@mui/material';
import { chipFactura } from './estadosFactura';

/** The state of an invoice (`estado`), or «Rectificativa» when it is a credit note (`tipo`). */
export default function FacturaEstadoChip({ estado, tipo, size = 'small' }) {
  const { label, color } = chipFactura(estado, tipo);
  return <Chip size={size} color={color} label={label} data-testid="factura-estado" data-estado={estado} data-tipo={tipo} />;
}
