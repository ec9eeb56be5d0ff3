import { Box, Typography } from '@mui/material';
import { formatMoney } from '../../utils/money';

/**
 * The totals of an invoice or a treatment plan, right-aligned: subtotal, discount (when the document has one), tax
 * and total. Test ids: `{contenedor}` on the box and `{prefijo}-subtotal|descuento|impuesto|total` on the amounts.
 */
export default function ResumenTotales({ totales, prefijo, contenedor, sx }) {
  const fila = (etiqueta, campo) => (
    <Typography variant={campo === 'total' ? 'h6' : undefined}>
      {etiqueta}: <span data-testid={`${prefijo}-${campo}`}>{formatMoney(totales[campo])}</span>
    </Typography>
  );
  return (
    <Box display="flex" flexDirection="column" alignItems="flex-end" gap={0.5} sx={sx} data-testid={contenedor}>
      {fila('Subtotal', 'subtotal')}
      {totales.descuento !== undefined && fila('Descuento', 'descuento')}
      {fila('Impuesto', 'impuesto')}
      {fila('Total', 'total')}
    </Box>
  );
}
