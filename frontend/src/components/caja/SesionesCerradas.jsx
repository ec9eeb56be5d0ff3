// The branch's closed sessions, newest first, each linking to its report.
import { Link as RouterLink } from 'react-router-dom';
import { Link, Paper, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import Loading from '../common/Loading';
import PaginacionTabla from '../common/PaginacionTabla';
import { formatDateTime } from '../../utils/dates';
import { formatMoney, signo } from '../../utils/money';

export default function SesionesCerradas({ pagina, loading, error, onRetry, onPage, perPage }) {
  return (
    <Paper sx={{ p: 2 }} data-testid="sesiones-cerradas">
      <Typography variant="h6" component="h2" gutterBottom>
        Cierres anteriores
      </Typography>
      <ErrorAlert error={error} onRetry={onRetry} />
      {loading && !pagina && <Loading label="Cargando cierres…" />}
      {pagina && pagina.items.length === 0 && <EmptyState title="Esta sucursal todavía no ha cerrado ninguna caja." />}
      {pagina && pagina.items.length > 0 && (
        <>
          <Table size="small" aria-label="Cierres anteriores">
            <TableHead>
              <TableRow>
                <TableCell>Abierta</TableCell>
                <TableCell>Cerrada</TableCell>
                <TableCell align="right">Esperado</TableCell>
                <TableCell align="right">Contado</TableCell>
                <TableCell align="right">Diferencia</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {pagina.items.map((s) => (
                <TableRow key={s.id} data-testid="sesion-cerrada-row">
                  <TableCell>{formatDateTime(s.abierta_en)}</TableCell>
                  <TableCell>
                    <Link component={RouterLink} to={`/caja/sesiones/${s.id}`}>
                      {formatDateTime(s.cerrada_en)}
                    </Link>
                  </TableCell>
                  <TableCell align="right">{formatMoney(s.esperado)}</TableCell>
                  <TableCell align="right">{formatMoney(s.contado)}</TableCell>
                  <TableCell align="right" sx={signo(s.diferencia) !== 0 ? { color: 'error.main', fontWeight: 600 } : undefined}>
                    {formatMoney(s.diferencia)}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <PaginacionTabla total={pagina.total} page={pagina.page} perPage={perPage} onPage={onPage} />
        </>
      )}
    </Paper>
  );
}
