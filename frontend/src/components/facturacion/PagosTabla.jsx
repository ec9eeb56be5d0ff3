import { Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import { etiquetaMetodo } from './estadosFactura';
import { formatDateTime } from '../../utils/dates';
import { formatMoney, signo } from '../../utils/money';

/** The payments of an invoice; a refund is a negative payment, shown as «Devolución». */
export default function PagosTabla({ pagos }) {
  if (pagos.length === 0) {
    return (
      <Typography color="text.secondary" mb={2}>
        Todavía no hay pagos registrados.
      </Typography>
    );
  }
  return (
    <Table size="small" aria-label="Pagos" sx={{ mb: 2 }}>
      <TableHead>
        <TableRow>
          <TableCell>Fecha</TableCell>
          <TableCell>Tipo</TableCell>
          <TableCell>Método</TableCell>
          <TableCell align="right">Monto</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {pagos.map((p) => {
          const devolucion = signo(p.monto) < 0;
          return (
            <TableRow key={p.id} data-testid="pago-row" data-tipo={devolucion ? 'devolucion' : 'pago'}>
              <TableCell>{formatDateTime(p.fecha)}</TableCell>
              <TableCell>{devolucion ? 'Devolución' : 'Pago'}</TableCell>
              <TableCell>{etiquetaMetodo(p.metodo)}</TableCell>
              <TableCell align="right" sx={devolucion ? { color: 'error.main' } : undefined}>
                {formatMoney(p.monto)}
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
