import { lazy, Suspense, useMemo } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Card, CardContent, Grid2 as Grid, List, ListItem, ListItemText, Paper, Typography } from '@mui/material';
import Loading from '../components/common/Loading';
import EmptyState from '../components/common/EmptyState';
import ErrorAlert from '../components/common/ErrorAlert';
import useLoader from '../components/common/useLoader';
import EstadoChip from '../components/citas/EstadoChip';
import { nombreCompleto } from '../components/citas/agendaModel';
import { useAuth } from '../components/auth/authContext';
import citasService from '../services/citasService';
import { formatLongDate, formatTime, today } from '../utils/dates';
import { ESTADOS, NOMBRES_ESTADO, esActiva } from '../utils/estados';

const CitasPorEstadoChart = lazy(() => import('../components/dashboard/CitasPorEstadoChart'));

function Kpi({ label, value, testid }) {
  return (
    <Card variant="outlined">
      <CardContent>
        <Typography variant="body2" color="text.secondary">
          {label}
        </Typography>
        <Typography variant="h4" component="p" data-testid={testid}>
          {value}
        </Typography>
      </CardContent>
    </Card>
  );
}

export default function Dashboard() {
  const { usuario, puede } = useAuth();
  const hoy = today();
  const { data: citas, loading, error, reload } = useLoader(
    () => citasService.listar({ fecha_desde: hoy, fecha_hasta: hoy }),
    [hoy],
  );

  const porEstado = useMemo(
    () =>
      Object.entries(NOMBRES_ESTADO).map(([id, nombre]) => ({
        id: Number(id),
        nombre,
        total: (citas || []).filter((c) => c.estado_id === Number(id)).length,
      })),
    [citas],
  );

  const activas = (citas || []).filter(esActiva);
  const enEspera = activas.filter((c) => c.estado_id === ESTADOS.EN_ESPERA).length;
  const pendientes = activas.filter((c) => [ESTADOS.NUEVA, ESTADOS.CONFIRMADA, ESTADOS.EN_ESPERA, ESTADOS.EN_CONSULTA].includes(c.estado_id));

  return (
    <>
      <Box display="flex" alignItems="center" flexWrap="wrap" gap={2} mb={2}>
        <Box flexGrow={1}>
          <Typography variant="h5" component="h1">
            Bienvenido, {usuario?.nombre}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {formatLongDate(hoy)}
          </Typography>
        </Box>
        {puede('agenda.ver') && (
          <Button component={RouterLink} to="/agenda" variant="contained">
            Ir a la agenda
          </Button>
        )}
        {puede('pacientes.ver') && (
          <Button component={RouterLink} to="/pacientes" variant="outlined">
            Buscar paciente
          </Button>
        )}
      </Box>
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !citas && <Loading label="Cargando el día…" />}
      {citas && (
        <Grid container spacing={2}>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Kpi label="Citas de hoy" value={activas.length} testid="kpi-citas-hoy" />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Kpi label="En sala de espera" value={enEspera} testid="kpi-en-espera" />
          </Grid>
          <Grid size={{ xs: 12, sm: 4 }}>
            <Kpi label="Pendientes de atender" value={pendientes.length} testid="kpi-pendientes" />
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Paper sx={{ p: 2 }}>
              <Typography variant="h6" component="h2" gutterBottom>
                Citas de hoy por estado
              </Typography>
              {citas.length === 0 ? (
                <EmptyState title="No hay citas para hoy." />
              ) : (
                <Suspense fallback={<Loading label="Cargando gráfico…" />}>
                  <CitasPorEstadoChart datos={porEstado} />
                </Suspense>
              )}
            </Paper>
          </Grid>
          <Grid size={{ xs: 12, md: 6 }}>
            <Paper sx={{ p: 2 }}>
              <Typography variant="h6" component="h2" gutterBottom>
                Próximas citas
              </Typography>
              {pendientes.length === 0 ? (
                <EmptyState title="No quedan citas pendientes hoy." />
              ) : (
                <List dense data-testid="proximas-citas">
                  {pendientes.slice(0, 8).map((c) => (
                    <ListItem key={c.id} divider secondaryAction={<EstadoChip estadoId={c.estado_id} nombre={c.estado?.nombre} />}>
                      <ListItemText
                        primary={`${formatTime(c.hora_inicio)} · ${nombreCompleto(c.paciente)}`}
                        secondary={`${nombreCompleto(c.medico)}${c.sucursal?.nombre ? ` · ${c.sucursal.nombre}` : ''}`}
                      />
                    </ListItem>
                  ))}
                </List>
              )}
            </Paper>
          </Grid>
        </Grid>
      )}
    </>
  );
}
