// The done plan items a new invoice takes (plan_items): read-only lines at the plan's prices, with their discount.
import { Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import { piezaYSuperficies } from './planEstados';
import { aCentavos, deCentavos } from '../../utils/facturaTotales';
import { formatDecimal, formatMoney } from '../../utils/money';

/** An invoice line's subtotal for a plan item: precio × cantidad − descuento (API.md "Invoicing done work"). */
const neto = (i) => deCentavos((aCentavos(i.subtotal) ?? 0n) - (aCentavos(i.descuento) ?? 0n));

export default function PlanItemsFactura({ items }) {
  if (!items?.length) return null;
  return (
    <Paper sx={{ p: 2, mb: 2 }} data-testid="factura-plan-items">
      <Typography variant="h6" component="h2" gutterBottom>
        Tratamientos realizados
      </Typography>
      <Typography variant="body2" color="text.secondary" mb={1}>
        Se facturan a los precios del plan aceptado; no se pueden modificar.
      </Typography>
      <TableContainer>
        <Table size="small" aria-label="Tratamientos realizados a facturar">
          <TableHead>
            <TableRow>
              <TableCell>Plan</TableCell>
              <TableCell>Tratamiento</TableCell>
              <TableCell>Pieza</TableCell>
              <TableCell align="right">Cantidad</TableCell>
              <TableCell align="right">Precio unitario</TableCell>
              <TableCell align="right">Descuento</TableCell>
              <TableCell align="right">Subtotal</TableCell>
              <TableCell align="right">Impuesto</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {items.map((i) => (
              <TableRow key={i.id} data-testid="factura-plan-item" data-item-id={i.id}>
                <TableCell>{i.plan_titulo || ''}</TableCell>
                <TableCell>{i.servicio?.nombre}</TableCell>
                <TableCell>{piezaYSuperficies(i) || '—'}</TableCell>
                <TableCell align="right">{i.cantidad}</TableCell>
                <TableCell align="right">{formatMoney(i.precio_unitario)}</TableCell>
                <TableCell align="right" data-testid="plan-item-descuento">
                  {Number(i.descuento_porcentaje) > 0 ? `${formatMoney(i.descuento)} (${formatDecimal(i.descuento_porcentaje)} %)` : '—'}
                </TableCell>
                <TableCell align="right">{formatMoney(neto(i))}</TableCell>
                <TableCell align="right">{formatMoney(i.impuesto)}</TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </Paper>
  );
}
