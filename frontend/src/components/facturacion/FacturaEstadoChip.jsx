import { Chip } from '@mui/material';
import { colorEstadoFactura, etiquetaEstadoFactura } from './estadosFactura';

export default function FacturaEstadoChip({ estado, size = 'small' }) {
  return (
    <Chip size={size} color={colorEstadoFactura(estado)} label={etiquetaEstadoFactura(estado)} data-testid="factura-estado" data-estado={estado} />
  );
}
