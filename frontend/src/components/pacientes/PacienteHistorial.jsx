import { Alert, Box, Card, CardContent, Divider, Typography } from '@mui/material';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../common/useLoader';
import pacientesService from '../../services/pacientesService';
import { formatDateTime } from '../../utils/dates';

function Campo({ label, value }) {
  if (!value) return null;
  return (
    <Box mb={1}>
      <Typography variant="caption" color="text.secondary">
        {label}
      </Typography>
      <Typography sx={{ whiteSpace: 'pre-wrap' }}>{value}</Typography>
    </Box>
  );
}

const autor = (e) =>
  e.medico ? `${e.medico.nombre} ${e.medico.apellido}` : e.medico_id ? `Médico #${e.medico_id}` : '';

/** Read-only clinical history (entries are append-only; writing comes with the consultation view). */
export default function PacienteHistorial({ pacienteId }) {
  const { data, loading, error, reload } = useLoader(() => pacientesService.historial(pacienteId), [pacienteId]);
  if (loading) return <Loading label="Cargando historial clínico…" />;
  // A Médico reads only the history of patients they treat: the API answers 404 for the others.
  if (error?.status === 404) {
    return (
      <Alert severity="info" data-testid="historial-sin-acceso">
        Solo puede consultar el historial clínico de los pacientes que atiende (con una cita o una entrada suya).
      </Alert>
    );
  }
  if (error) return <ErrorAlert error={error} onRetry={reload} />;
  if (!data?.length) return <EmptyState title="El paciente no tiene entradas en su historial clínico." />;
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="paciente-historial">
      {data.map((e) => (
        <Card key={e.id} variant="outlined" data-testid="historial-entrada">
          <CardContent>
            <Typography variant="subtitle2" gutterBottom>
              {formatDateTime(e.fecha)} {autor(e) && `· ${autor(e)}`}
            </Typography>
            <Campo label="Diagnóstico" value={e.diagnostico} />
            <Campo label="Tratamiento" value={e.tratamiento} />
            <Campo label="Observaciones" value={e.observaciones} />
            {e.adendas?.length > 0 && (
              <>
                <Divider sx={{ my: 1 }} />
                <Typography variant="caption" color="text.secondary">
                  Adendas
                </Typography>
                {e.adendas.map((a) => (
                  <Box key={a.id} pl={2} borderLeft={3} borderColor="divider" my={1}>
                    <Typography variant="body2" color="text.secondary">
                      {formatDateTime(a.fecha)} {a.motivo && `· Motivo: ${a.motivo}`}
                    </Typography>
                    <Typography sx={{ whiteSpace: 'pre-wrap' }}>{a.texto}</Typography>
                  </Box>
                ))}
              </>
            )}
          </CardContent>
        </Card>
      ))}
    </Box>
  );
}
