import { Link as RouterLink } from 'react-router-dom';
import {
  Box, Button, Chip, Link, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography,
} from '@mui/material';
import WarningAmberIcon from '@mui/icons-material/WarningAmber';
import EstadoChip from '../citas/EstadoChip';
import PaginacionTabla from '../common/PaginacionTabla';
import { formatDate, formatTime } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';

function Duplicados({ cita, puedeFusionar, onFusionar }) {
  if (!cita.posibles_duplicados?.length) return null;
  return (
    <Box mt={0.5} data-testid="posibles-duplicados">
      <Typography variant="caption" color="warning.dark" sx={{ display: 'flex', alignItems: 'center', gap: 0.5, fontWeight: 500 }}>
        <WarningAmberIcon sx={{ fontSize: 16 }} aria-hidden />
        Posible duplicado de:
      </Typography>
      {cita.posibles_duplicados.map((d) => (
        <Box key={d.id} display="flex" alignItems="center" gap={1} flexWrap="wrap" data-testid="posible-duplicado" data-paciente-id={d.id}>
          <Typography variant="body2">
            <Link component={RouterLink} to={`/pacientes/${d.id}`}>{nombreCompleto(d)}</Link>
            {' '}(n.º {d.id}, {formatDate(d.fecha_nacimiento)})
          </Typography>
          {puedeFusionar && (
            <Button size="small" variant="outlined" color="warning" onClick={() => onFusionar(cita, d)}
              aria-label={`Fusionar ${nombreCompleto(cita.paciente)} con ${nombreCompleto(d)} (n.º ${d.id})`}>
              Fusionar…
            </Button>
          )}
        </Box>
      ))}
      {!puedeFusionar && (
        <Typography variant="caption" color="text.secondary">Un administrador puede fusionar los registros.</Typography>
      )}
    </Box>
  );
}

/**
 * One page of online bookings: new patients highlighted, possible duplicates flagged; `onFusionar(cita, duplicado)`
 * for the Administrador.
 */
export default function ReservasTabla({ pagina, perPage, onPage, puedeFusionar, onFusionar }) {
  return (
    <Paper variant="outlined">
      <TableContainer>
        <Table size="small" aria-label="Reservas en línea" data-testid="reservas-tabla">
          <TableHead>
            <TableRow>
              <TableCell>Fecha</TableCell>
              <TableCell>Hora</TableCell>
              <TableCell>Paciente</TableCell>
              <TableCell>Médico</TableCell>
              <TableCell>Sucursal</TableCell>
              <TableCell>Estado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pagina.items.map((c) => (
              <TableRow
                key={c.id}
                data-testid="reserva-row"
                data-cita-id={c.id}
                data-paciente-nuevo={c.paciente_nuevo ? 'true' : 'false'}
                sx={c.paciente_nuevo ? { bgcolor: 'rgba(0, 137, 123, 0.07)', '& > td:first-of-type': { boxShadow: 'inset 4px 0 0 #00897b' } } : undefined}
              >
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDate(c.fecha)}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatTime(c.hora_inicio)}–{formatTime(c.hora_fin)}</TableCell>
                <TableCell>
                  <Box display="flex" alignItems="center" gap={1} flexWrap="wrap">
                    <Link component={RouterLink} to={`/pacientes/${c.paciente_id}`}>{nombreCompleto(c.paciente) || `#${c.paciente_id}`}</Link>
                    {c.paciente_nuevo && <Chip size="small" color="secondary" label="Paciente nuevo" data-testid="paciente-nuevo" />}
                  </Box>
                  <Duplicados cita={c} puedeFusionar={puedeFusionar} onFusionar={onFusionar} />
                </TableCell>
                <TableCell>{nombreCompleto(c.medico)}</TableCell>
                <TableCell>{c.sucursal?.nombre || `#${c.sucursal_id}`}</TableCell>
                <TableCell>
                  <EstadoChip estadoId={c.estado_id} nombre={c.estado?.nombre} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {pagina.total > perPage && <PaginacionTabla total={pagina.total} page={pagina.page} perPage={perPage} onPage={onPage} />}
    </Paper>
  );
}
