import { Box, Button, Card, CardContent, Divider, Typography } from '@mui/material';
import EmptyState from '../common/EmptyState';
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

const autorDe = (e) =>
  e.medico ? `${e.medico.nombre} ${e.medico.apellido}` : e.medico_id ? `Médico #${e.medico_id}` : '';

/** Clinical-history entries, newest first, each with its author, its addenda and (optionally) "Agregar adenda".
 * Used by the consultation and by the patient's history tab. */
export default function HistorialLista({
  entradas,
  onAdenda,
  testId = 'consulta-historial',
  vacio = 'El paciente no tiene entradas previas en su historial clínico.',
}) {
  if (!entradas.length) return <EmptyState title={vacio} />;
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid={testId}>
      {entradas.map((e) => (
        <Card key={e.id} variant="outlined" data-testid="historial-entrada" data-historial-id={e.id}>
          <CardContent>
            <Box display="flex" alignItems="center" gap={1} mb={1}>
              <Typography variant="subtitle2" sx={{ flexGrow: 1 }}>
                {formatDateTime(e.fecha)} {autorDe(e) && `· ${autorDe(e)}`}
              </Typography>
              {onAdenda && (
                <Button size="small" onClick={() => onAdenda(e)}>
                  Agregar adenda
                </Button>
              )}
            </Box>
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
                  <Box key={a.id} pl={2} borderLeft={3} borderColor="divider" my={1} data-testid="historial-adenda">
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
