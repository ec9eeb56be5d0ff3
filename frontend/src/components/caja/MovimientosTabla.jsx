// Everything that moved money in a session, oldest first: payments, refunds and manual cash in/out. A payment
// links to its invoice only for users who may open invoices (a Recepcionista sees the register, not the invoices).
import { Link as RouterLink } from 'react-router-dom';
import { Link, Table, TableBody, TableCell, TableHead, TableRow } from '@mui/material';
import EmptyState from '../common/EmptyState';
import { useAuth } from '../auth/authContext';
import { etiquetaMetodo } from '../facturacion/estadosFactura';
import { nombreCompleto } from '../citas/agendaModel';
import { formatDateTime } from '../../utils/dates';
import { formatMoney, signo } from '../../utils/money';

const TIPOS = { pago: 'Pago', devolucion: 'Devolución', ingreso: 'Ingreso', egreso: 'Egreso' };

function Concepto({ movimiento: m, verFacturas }) {
  if (m.factura_id && !verFacturas) return `Factura ${m.numero_factura}`;
  if (m.factura_id) {
    return (
      <Link component={RouterLink} to={`/facturacion/${m.factura_id}`}>
        Factura {m.numero_factura}
      </Link>
    );
  }
  return m.concepto || '—';
}

export default function MovimientosTabla({ movimientos }) {
  const { puede } = useAuth();
  const verFacturas = puede('facturacion.ver');
  if (!movimientos?.length) return <EmptyState title="Todavía no hay movimientos en esta sesión." />;
  return (
    <Table size="small" aria-label="Movimientos de caja">
      <TableHead>
        <TableRow>
          <TableCell>Fecha</TableCell>
          <TableCell>Tipo</TableCell>
          <TableCell>Método</TableCell>
          <TableCell>Concepto</TableCell>
          <TableCell>Usuario</TableCell>
          <TableCell align="right">Monto</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {movimientos.map((m, i) => (
          <TableRow key={`${m.tipo}-${m.id ?? i}`} data-testid="movimiento-row" data-tipo={m.tipo}>
            <TableCell>{formatDateTime(m.fecha)}</TableCell>
            <TableCell>{TIPOS[m.tipo] || m.tipo}</TableCell>
            <TableCell>{etiquetaMetodo(m.metodo)}</TableCell>
            <TableCell>
              <Concepto movimiento={m} verFacturas={verFacturas} />
            </TableCell>
            <TableCell>{m.usuario ? nombreCompleto(m.usuario) : '—'}</TableCell>
            <TableCell align="right" sx={signo(m.monto) < 0 ? { color: 'error.main' } : undefined}>
              {formatMoney(m.monto)}
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
