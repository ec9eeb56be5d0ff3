import { Box, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { formatMoney } from '../../utils/money';

/** The credit note as the server will issue it (calcularRectificativa): negative lines and totals. */
export default function RectificativaPreview({ nota }) {
  return (
    <Box data-testid="rectificativa-preview" mt={2}>
      <Typography variant="subtitle2" gutterBottom>
        Vista previa de la factura rectificativa
      </Typography>
      {nota.lineas.length === 0 ? (
        <Typography color="text.secondary">Elija al menos una línea con cantidad.</Typography>
      ) : (
        <Table size="small" aria-label="Vista previa de la rectificativa">
          <TableHead>
            <TableRow>
              <TableCell>Descripción</TableCell>
              <TableCell align="right">Cantidad</TableCell>
              <TableCell align="right">Subtotal</TableCell>
              <TableCell align="right">Impuesto</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {nota.lineas.map((l) => (
              <TableRow key={l.detalle_id} data-testid="preview-linea">
                <TableCell>{l.descripcion}</TableCell>
                <TableCell align="right">{l.cantidad}</TableCell>
                <TableCell align="right">{formatMoney(l.subtotal)}</TableCell>
                <TableCell align="right">{formatMoney(l.impuesto)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      <Box display="flex" justifyContent="flex-end" gap={3} mt={1}>
        <Typography>
          Subtotal: <span data-testid="preview-subtotal">{formatMoney(nota.subtotal)}</span>
        </Typography>
        <Typography>
          Impuesto: <span data-testid="preview-impuesto">{formatMoney(nota.impuesto)}</span>
        </Typography>
        <Typography fontWeight={600}>
          Total: <span data-testid="preview-total">{formatMoney(nota.total)}</span>
        </Typography>
      </Box>
    </Box>
  );
}
