import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@mui/material';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import listaEsperaService from '../../services/listaEsperaService';
import { formatLongDate, formatTime } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { rangoEntrada, textoOfertas } from './formato';
import useTelefono from '../common/useTelefono';

/**
 * The waiting-list entries that match the slot `cita` (just cancelled or marked no-show) freed, each with
 * «Ofrecer»: one click sends the patient a message whose link books the slot (the first to accept wins).
 */
export default function SugerenciasDialog({ cita, onClose }) {
  const telefono = useTelefono();
  const { data, loading, error, reload } = useLoader(() => listaEsperaService.sugerencias(cita.id), [cita.id]);
  // entry id → 'enviando' | 'ofrecida' | ApiError
  const [ofertas, setOfertas] = useState({});

  const ofrecer = async (entrada) => {
    setOfertas((o) => ({ ...o, [entrada.id]: 'enviando' }));
    try {
      await listaEsperaService.ofrecer(entrada.id, cita.id);
      setOfertas((o) => ({ ...o, [entrada.id]: 'ofrecida' }));
    } catch (err) {
      setOfertas((o) => ({ ...o, [entrada.id]: err }));
    }
  };

  const hueco = `${formatLongDate(cita.fecha)}, ${formatTime(cita.hora_inicio)}–${formatTime(cita.hora_fin)}`;
  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="sugerencias-title">
      <DialogTitle id="sugerencias-title">Lista de espera: horario liberado</DialogTitle>
      <DialogContent dividers data-testid="sugerencias-lista-espera">
        <Typography variant="body2" color="text.secondary" gutterBottom>
          {hueco}
          {cita.medico ? ` con ${nombreCompleto(cita.medico)}` : ''}
          {cita.sucursal?.nombre ? ` (${cita.sucursal.nombre})` : ''}
        </Typography>
        <ErrorAlert error={error} onRetry={reload} />
        {loading && <Loading label="Buscando pacientes en espera…" />}
        {data && data.length === 0 && (
          <Alert severity="info" data-testid="sugerencias-vacio">
            No hay pacientes en la lista de espera para este horario.
          </Alert>
        )}
        {data && data.length > 0 && (
          <List disablePadding>
            {data.map((e) => {
              const estado = ofertas[e.id];
              const fallo = estado && typeof estado === 'object' ? estado : null;
              return (
                <ListItem key={e.id} divider disableGutters data-testid="sugerencia" data-entrada-id={e.id} sx={{ flexWrap: 'wrap', gap: 1 }}>
                  <ListItemText
                    sx={{ minWidth: 180 }}
                    primary={nombreCompleto(e.paciente) || `Paciente #${e.paciente_id}`}
                    secondary={[e.paciente?.telefono, rangoEntrada(e), e.notas, textoOfertas(e.ofertas)].filter(Boolean).join(' · ')}
                  />
                  <Box ml="auto">
                    {estado === 'ofrecida' || (!estado && e.ya_ofrecida) ? (
                      <Chip color="success" label="Oferta enviada" data-testid="sugerencia-ofrecida" />
                    ) : (
                      <Button variant="contained" size="small" onClick={() => ofrecer(e)} disabled={estado === 'enviando'}>
                        {estado === 'enviando' ? 'Enviando…' : 'Ofrecer'}
                      </Button>
                    )}
                  </Box>
                  {fallo && <ErrorAlert error={fallo} sx={{ width: '100%', mb: 0 }} />}
                </ListItem>
              );
            })}
          </List>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} variant="contained">
          Cerrar
        </Button>
      </DialogActions>
    </Dialog>
  );
}
