// The link between an invoice and its credit notes, both ways.
import { Link as RouterLink } from 'react-router-dom';
import { Alert, Link, List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import { formatDateTime } from '../../utils/dates';
import { formatMoney } from '../../utils/money';

/** On a credit note: which invoice it corrects, and why. */
export function AvisoRectificativa({ factura }) {
  return (
    <Alert severity="info" sx={{ mb: 2 }} data-testid="aviso-rectificativa">
      Rectificativa de{' '}
      <Link component={RouterLink} to={`/facturacion/${factura.factura_rectificada_id}`} data-testid="enlace-rectificada">
        {factura.factura_rectificada_numero}
      </Link>
      {factura.motivo_rectificacion ? `. Motivo: ${factura.motivo_rectificacion}` : ''}
    </Alert>
  );
}

/** On an invoice: the credit notes issued against it and the amount rectified so far. */
export function ListaRectificativas({ factura }) {
  if (!factura.rectificativas?.length) return null;
  return (
    <Paper sx={{ p: 2, mb: 2 }} data-testid="lista-rectificativas">
      <Typography variant="h6" component="h2">
        Rectificativas
      </Typography>
      <Typography variant="body2" color="text.secondary">
        Rectificado hasta ahora: <span data-testid="factura-rectificado">{formatMoney(factura.rectificado)}</span>
      </Typography>
      <List dense>
        {factura.rectificativas.map((r) => (
          <ListItem key={r.id} divider data-testid="rectificativa-item">
            <ListItemText
              primary={
                <Link component={RouterLink} to={`/facturacion/${r.id}`}>
                  {r.numero_factura}
                </Link>
              }
              secondary={`${formatDateTime(r.fecha_emision)} · ${formatMoney(r.total)}`}
            />
          </ListItem>
        ))}
      </List>
    </Paper>
  );
}
