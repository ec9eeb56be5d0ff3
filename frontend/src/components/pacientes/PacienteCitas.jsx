import { Box, Card, CardContent, Stack, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import EstadoChip from '../citas/EstadoChip';
import EnLineaMarca from '../citas/EnLineaMarca';
import pacientesService from '../../services/pacientesService';
import { formatDate, formatTime } from '../../utils/dates';
import AvisoTruncado from '../common/AvisoTruncado';
import useTelefono from '../common/useTelefono';

const nombre = (p) => (p ? `${p.nombre} ${p.apellido}` : '');

/** A phone: one card per appointment. */
function Tarjetas({ citas }) {
  return (
    <Stack spacing={1} data-testid="paciente-citas">
      {citas.map((c) => (
        <Card key={c.id} variant="outlined" data-testid="paciente-cita-row" data-cita-id={c.id}>
          <CardContent sx={{ py: 1.25 }}>
            <Box display="flex" justifyContent="space-between" alignItems="center" gap={1} flexWrap="wrap">
              <Typography fontWeight={600}>
                {formatDate(c.fecha)} {formatTime(c.hora_inicio)}–{formatTime(c.hora_fin)}
              </Typography>
              <Box>
                <EstadoChip estadoId={c.estado_id} nombre={c.estado?.nombre} />
                <EnLineaMarca cita={c} sx={{ ml: 0.5 }} />
              </Box>
            </Box>
            <Typography variant="body2">
              {nombre(c.medico) || `#${c.medico_id}`} · {c.sucursal?.nombre || `#${c.sucursal_id}`}
            </Typography>
            {c.motivo && (
              <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
                {c.motivo}
              </Typography>
            )}
          </CardContent>
        </Card>
      ))}
    </Stack>
  );
}

export default function PacienteCitas({ pacienteId }) {
  const { data, loading, error, reload } = useLoader(() => pacientesService.citas(pacienteId), [pacienteId]);
  const telefono = useTelefono();
  if (loading) return <Loading label="Cargando citas…" />;
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data?.length) return <EmptyState title="El paciente no tiene citas registradas." />;
  const citas = [...data].sort((a, b) => `${b.fecha} ${b.hora_inicio}`.localeCompare(`${a.fecha} ${a.hora_inicio}`));
  if (telefono) {
    return (
      <>
        <AvisoTruncado lista={data} que="citas" />
        <Tarjetas citas={citas} />
      </>
    );
  }
  return (
    <>
      <AvisoTruncado lista={data} que="citas" />
      <TableContainer>
        <Table size="small" aria-label="Citas del paciente" data-testid="paciente-citas">
          <TableHead>
            <TableRow>
              <TableCell>Fecha</TableCell>
              <TableCell>Hora</TableCell>
              <TableCell>Médico</TableCell>
              <TableCell>Sucursal</TableCell>
              <TableCell>Motivo</TableCell>
              <TableCell>Estado</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {citas.map((c) => (
              <TableRow key={c.id} data-testid="paciente-cita-row" data-cita-id={c.id}>
                <TableCell>{formatDate(c.fecha)}</TableCell>
                <TableCell>
                  {formatTime(c.hora_inicio)}–{formatTime(c.hora_fin)}
                </TableCell>
                <TableCell>{nombre(c.medico) || `#${c.medico_id}`}</TableCell>
                <TableCell>{c.sucursal?.nombre || `#${c.sucursal_id}`}</TableCell>
                <TableCell>{c.motivo || '—'}</TableCell>
                <TableCell>
                  <EstadoChip estadoId={c.estado_id} nombre={c.estado?.nombre} />
                  <EnLineaMarca cita={c} sx={{ ml: 0.5 }} />
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
    </>
  );
}
