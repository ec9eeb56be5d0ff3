// The dashboard's "Tratamientos" card: the clinic's pipeline of treatment plans in the last 30 days — budgets
// presented and accepted, the acceptance rate, and the accepted work not yet done (GET /api/reportes/tratamientos).
import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Paper, Stack, Typography } from '@mui/material';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import reportesService from '../../services/reportesService';
import { formatMoney } from '../../utils/money';
import { formatPorcentaje, periodoPredefinido } from '../../utils/periodos';

const presupuestos = (n) => `${n} ${n === 1 ? 'presupuesto' : 'presupuestos'}`;

function Fila({ label, valor, detalle, testid }) {
  return (
    <Box display="flex" alignItems="baseline" justifyContent="space-between" gap={2}>
      <Box>
        <Typography variant="body2">{label}</Typography>
        {detalle && (
          <Typography variant="caption" color="text.secondary">
            {detalle}
          </Typography>
        )}
      </Box>
      <Typography variant="h6" component="p" data-testid={testid}>
        {valor}
      </Typography>
    </Box>
  );
}

export default function TarjetaTratamientos() {
  const periodo = periodoPredefinido('ultimos-30');
  const { data, loading, error, reload } = useLoader(() => reportesService.tratamientos(periodo), [periodo.desde, periodo.hasta]);
  return (
    <Paper sx={{ p: 2, height: '100%' }} data-testid="tarjeta-tratamientos">
      <Typography variant="h6" component="h2" gutterBottom>
        Tratamientos en los últimos 30 días
      </Typography>
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading label="Calculando tratamientos…" />}
      {data && (
        <Stack spacing={2}>
          <Box>
            <Typography variant="h4" component="p" data-testid="kpi-tasa-aceptacion">
              {formatPorcentaje(data.tasa_aceptacion)}
            </Typography>
            <Typography variant="body2" color="text.secondary">
              de los presupuestos presentados fueron aceptados
            </Typography>
          </Box>
          <Fila label="Presentados" valor={formatMoney(data.presentados.importe)} detalle={presupuestos(data.presentados.cantidad)} testid="kpi-presentados" />
          <Fila label="Aceptados" valor={formatMoney(data.aceptados.importe)} detalle={presupuestos(data.aceptados.cantidad)} testid="kpi-aceptados" />
          <Fila label="Aceptado pendiente de realizar" valor={formatMoney(data.pendiente_de_realizar)} detalle="Trabajo aceptado que aún no se ha hecho, hoy" testid="kpi-pendiente-realizar" />
          <Box>
            <Button size="small" component={RouterLink} to={`/reportes?reporte=tratamientos&desde=${periodo.desde}&hasta=${periodo.hasta}`}>
              Ver el reporte
            </Button>
          </Box>
        </Stack>
      )}
    </Paper>
  );
}
