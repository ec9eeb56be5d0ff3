// The dashboard's "Confirmaciones" card: among the period's appointments that ended (Completada or No Asistió),
// how many had been confirmed, and the no-show rate of confirmed vs unconfirmed ones
// (`confirmaciones` of GET /api/reportes/resumen; definitions in docs/reportes.md).
import { Box, Paper, Stack, Typography } from '@mui/material';
import EmptyState from '../common/EmptyState';
import { formatPorcentaje } from '../../utils/periodos';

function Fila({ label, tasa, detalle, testid }) {
  return (
    <Box display="flex" alignItems="baseline" justifyContent="space-between" gap={2}>
      <Box>
        <Typography variant="body2">{label}</Typography>
        <Typography variant="caption" color="text.secondary">
          {detalle}
        </Typography>
      </Box>
      <Typography variant="h6" component="p" data-testid={testid}>
        {formatPorcentaje(tasa)}
      </Typography>
    </Box>
  );
}

const citas = (n) => `${n} ${n === 1 ? 'cita' : 'citas'}`;

export default function TarjetaConfirmaciones({ datos }) {
  const cerradas = datos ? datos.confirmadas + datos.sin_confirmar : 0;
  let contenido;
  if (!datos || cerradas === 0) {
    contenido = <EmptyState title="Todavía no hay citas atendidas ni inasistencias en el periodo." />;
  } else {
    contenido = (
      <Stack spacing={2}>
        <Box>
          <Typography variant="h4" component="p" data-testid="kpi-tasa-confirmacion">
            {formatPorcentaje(datos.tasa_confirmacion)}
          </Typography>
          <Typography variant="body2" color="text.secondary">
            {`de las citas atendidas o perdidas estaban confirmadas (${datos.confirmadas} de ${cerradas}`}
            {datos.confirmadas_por_paciente > 0 ? `; ${datos.confirmadas_por_paciente} por el paciente)` : ')'}
          </Typography>
        </Box>
        <Fila
          label="Inasistencia con confirmación"
          tasa={datos.tasa_inasistencia_confirmadas}
          detalle={`${datos.inasistencias_confirmadas} de ${citas(datos.confirmadas)}`}
          testid="kpi-inasistencia-confirmadas"
        />
        <Fila
          label="Inasistencia sin confirmación"
          tasa={datos.tasa_inasistencia_sin_confirmar}
          detalle={`${datos.inasistencias_sin_confirmar} de ${citas(datos.sin_confirmar)}`}
          testid="kpi-inasistencia-sin-confirmar"
        />
      </Stack>
    );
  }
  return (
    <Paper sx={{ p: 2, height: '100%' }} data-testid="tarjeta-confirmaciones">
      <Typography variant="h6" component="h2" gutterBottom>
        Confirmaciones
      </Typography>
      {contenido}
    </Paper>
  );
}
