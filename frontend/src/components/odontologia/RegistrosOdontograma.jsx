import { Box, Card, CardContent, Typography } from '@mui/material';
import EmptyState from '../common/EmptyState';
import PaginacionTabla from '../common/PaginacionTabla';
import { formatDateTime } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { nombresSuperficies } from './fdi';

const autorDe = (r) => nombreCompleto(r.medico) || (r.medico_id ? `Médico #${r.medico_id}` : '');

/** The chart's records (append-only), newest first as the API pages them: date, author, findings, observations. */
export default function RegistrosOdontograma({ pagina, nombreDe, onPage }) {
  if (!pagina?.items?.length) return <EmptyState title="Todavía no hay hallazgos registrados en el odontograma." />;
  return (
    <Box data-testid="registros-odontograma">
      <Box display="flex" flexDirection="column" gap={1.5}>
        {pagina.items.map((r) => (
          <Card key={r.id} variant="outlined" data-testid="registro-odontograma" data-registro-id={r.id}>
            <CardContent sx={{ '&:last-child': { pb: 2 } }}>
              <Typography variant="subtitle2">
                {formatDateTime(r.fecha)}
                {autorDe(r) && ` · ${autorDe(r)}`}
                {r.cita_id && ` · Cita #${r.cita_id}`}
              </Typography>
              <Box component="ul" sx={{ m: 0, pl: 3 }}>
                {(r.hallazgos ?? []).map((h, i) => (
                  <Typography component="li" variant="body2" key={i}>
                    Pieza {h.pieza}
                    {h.superficies?.length ? ` (${nombresSuperficies(h.superficies)})` : ''}: {nombreDe(h.condicion)}
                    {h.nota && ` — ${h.nota}`}
                  </Typography>
                ))}
              </Box>
              {r.observaciones && (
                <Typography variant="body2" color="text.secondary" sx={{ whiteSpace: 'pre-wrap', mt: 0.5 }}>
                  {r.observaciones}
                </Typography>
              )}
            </CardContent>
          </Card>
        ))}
      </Box>
      {pagina.pages > 1 && <PaginacionTabla total={pagina.total} page={pagina.page} perPage={pagina.per_page} onPage={onPage} />}
    </Box>
  );
}
