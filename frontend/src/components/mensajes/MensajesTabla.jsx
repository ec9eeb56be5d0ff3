import { Button, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Tooltip, Typography } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import MensajeEstadoChip from './MensajeEstadoChip';
import PaginacionTabla from '../common/PaginacionTabla';
import { formatDateTime } from '../../utils/dates';
import { etiquetaCanal, etiquetaTipo } from '../../utils/mensajes';

function UltimoError({ texto }) {
  if (!texto) return '—';
  return (
    <Tooltip title={texto}>
      <Typography variant="body2" noWrap color="error.main" sx={{ maxWidth: 280 }}>
        {texto}
      </Typography>
    </Tooltip>
  );
}

/** One page of the message log; `onReintentar(mensaje)` on the `fallido` rows, `reintentando` the id in flight. */
export default function MensajesTabla({ pagina, perPage, onPage, onReintentar, reintentando }) {
  return (
    <Paper variant="outlined">
      <TableContainer>
        <Table size="small" aria-label="Registro de mensajes" data-testid="mensajes-tabla">
          <TableHead>
            <TableRow>
              <TableCell>Fecha programada</TableCell>
              <TableCell>Tipo</TableCell>
              <TableCell>Canal</TableCell>
              <TableCell>Destino</TableCell>
              <TableCell>Estado</TableCell>
              <TableCell align="right">Intentos</TableCell>
              <TableCell>Último error</TableCell>
              <TableCell />
            </TableRow>
          </TableHead>
          <TableBody>
            {pagina.items.map((m) => (
              <TableRow key={m.id} data-testid="mensaje-row" data-id={m.id}>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(m.programado_para)}</TableCell>
                <TableCell>{etiquetaTipo(m.tipo)}</TableCell>
                <TableCell>{etiquetaCanal(m.canal)}</TableCell>
                <TableCell sx={{ fontFamily: 'monospace' }}>{m.destino || '—'}</TableCell>
                <TableCell>
                  <Tooltip title={m.enviado_en ? `Enviado el ${formatDateTime(m.enviado_en)}` : ''}>
                    <span>
                      <MensajeEstadoChip estado={m.estado} />
                    </span>
                  </Tooltip>
                </TableCell>
                <TableCell align="right">{m.intentos}</TableCell>
                <TableCell>
                  <UltimoError texto={m.ultimo_error} />
                </TableCell>
                <TableCell align="right">
                  {m.estado === 'fallido' && (
                    <Button size="small" startIcon={<ReplayIcon />} onClick={() => onReintentar(m)} disabled={reintentando === m.id}>
                      Reintentar
                    </Button>
                  )}
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      <PaginacionTabla total={pagina.total} page={pagina.page} perPage={perPage} onPage={onPage} />
    </Paper>
  );
}
