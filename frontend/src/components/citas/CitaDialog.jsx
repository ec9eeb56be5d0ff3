import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Divider,
  Link,
  TextField,
  Typography,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import EstadoChip from './EstadoChip';
import EnLineaMarca from './EnLineaMarca';
import citasService from '../../services/citasService';
import { formatLongDate, formatTime } from '../../utils/dates';
import { ACCIONES_ESTADO, ESTADOS, ESTADOS_INACTIVOS, nombreEstado, puedeReprogramar, transicionesPermitidas } from '../../utils/estados';
import { nombreCompleto } from './agendaModel';
import { useAuth } from '../auth/authContext';
import SugerenciasDialog from '../listaEspera/SugerenciasDialog';

function Fila({ label, children }) {
  return (
    <Typography sx={{ mb: 0.5 }}>
      <strong>{label}:</strong> {children || '—'}
    </Typography>
  );
}

/**
 * Appointment details with the legal state changes, "Mover" and (Administrador) undo.
 * `onChanged(cita)` is called after any change so the agenda can refresh.
 */
export default function CitaDialog({ cita: inicial, estados, puedeEditar, puedeRevertir, onClose, onChanged, onMover }) {
  const [cita, setCita] = useState(inicial);
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  // null | 'cancelar' | 'cancelarSerie' | 'revertir'
  const [pidiendoMotivo, setPidiendoMotivo] = useState(null);
  // Cancelled or marked no-show here: the waiting list's matching entries open at once.
  const [sugerencias, setSugerencias] = useState(false);
  const [avisoSerie, setAvisoSerie] = useState(null);
  const [motivo, setMotivo] = useState('');
  const [motivoError, setMotivoError] = useState(null);
  const { puede } = useAuth();

  if (!cita) return null;

  const transiciones = puedeEditar ? transicionesPermitidas(cita) : [];

  const aplicar = async (fn) => {
    setBusy(true);
    setError(null);
    try {
      const actualizada = await fn();
      if (actualizada && actualizada.id) setCita(actualizada);
      setPidiendoMotivo(null);
      setMotivo('');
      onChanged?.(actualizada);
      if (actualizada && ESTADOS_INACTIVOS.includes(actualizada.estado_id)) setSugerencias(true);
    } catch (err) {
      setError(err);
      if (err.status === 409 || err.status === 404) onChanged?.(null);
    } finally {
      setBusy(false);
    }
  };

  const cambiar = (estadoId) => {
    if (estadoId === ESTADOS.CANCELADA) {
      setPidiendoMotivo('cancelar');
      return;
    }
    aplicar(() => citasService.cambiarEstado(cita.id, estadoId));
  };

  const confirmarMotivo = () => {
    if (!motivo.trim()) {
      setMotivoError(pidiendoMotivo === 'revertir' ? 'Indique el motivo' : 'Indique el motivo de la cancelación');
      return;
    }
    setMotivoError(null);
    if (pidiendoMotivo === 'cancelar') {
      aplicar(() => citasService.cambiarEstado(cita.id, ESTADOS.CANCELADA, motivo.trim()));
    } else if (pidiendoMotivo === 'cancelarSerie') {
      aplicar(async () => {
        const res = await citasService.cancelarSerie(cita.serie_id, { motivo: motivo.trim(), desde: cita.fecha });
        setAvisoSerie(res.canceladas === 1 ? 'Se canceló 1 cita de la serie.' : `Se cancelaron ${res.canceladas} citas de la serie.`);
        return citasService.obtener(cita.id);
      });
    } else {
      aplicar(async () => {
        const historial = await citasService.historialEstados(cita.id);
        const ultimo = [...historial].reverse().find((h) => h.estado_anterior_id != null && h.estado_id === cita.estado_id);
        if (!ultimo) throw new Error('La cita no tiene un cambio de estado que deshacer.');
        return citasService.revertirEstado(cita.id, ultimo.estado_anterior_id, motivo.trim());
      });
    }
  };

  const estadoNombre = cita.estado?.nombre || nombreEstado(cita.estado_id, estados);

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="cita-dialog-title">
      <DialogTitle id="cita-dialog-title">
        Cita de {nombreCompleto(cita.paciente) || `paciente #${cita.paciente_id}`}
      </DialogTitle>
      <DialogContent dividers data-testid="cita-detalle" data-cita-id={cita.id} data-estado-id={cita.estado_id}>
        <Box mb={1}>
          <EstadoChip estadoId={cita.estado_id} nombre={estadoNombre} size="medium" />
          <EnLineaMarca cita={cita} sx={{ ml: 1 }} />
        </Box>
        <Fila label="Paciente">
          <Link component={RouterLink} to={`/pacientes/${cita.paciente_id}`}>
            {nombreCompleto(cita.paciente) || `#${cita.paciente_id}`}
          </Link>
        </Fila>
        <Fila label="Médico">{nombreCompleto(cita.medico)}</Fila>
        <Fila label="Sucursal">{cita.sucursal?.nombre}</Fila>
        <Fila label="Fecha">{formatLongDate(cita.fecha)}</Fila>
        <Fila label="Hora">
          {formatTime(cita.hora_inicio)}–{formatTime(cita.hora_fin)}
        </Fila>
        <Fila label="Motivo">{cita.motivo}</Fila>
        {cita.notas && <Fila label="Notas">{cita.notas}</Fila>}
        {avisoSerie && (
          <Alert severity="success" sx={{ mt: 2 }} data-testid="cita-aviso-serie">
            {avisoSerie}
          </Alert>
        )}
        <ErrorAlert error={error} sx={{ mt: 2 }} />
        {pidiendoMotivo && (
          <Box mt={2}>
            <TextField
              id="cita-motivo-cambio"
              label={pidiendoMotivo === 'revertir' ? 'Motivo para deshacer' : 'Motivo de la cancelación'}
              value={motivo}
              onChange={(e) => setMotivo(e.target.value)}
              fullWidth
              required
              autoFocus
              multiline
              minRows={2}
              error={Boolean(motivoError)}
              helperText={motivoError}
            />
            <Box display="flex" gap={1} mt={1} justifyContent="flex-end">
              <Button onClick={() => setPidiendoMotivo(null)} disabled={busy}>
                Volver
              </Button>
              <Button variant="contained" color="error" onClick={confirmarMotivo} disabled={busy}>
                {{ cancelar: 'Confirmar cancelación', cancelarSerie: 'Cancelar esta y las siguientes' }[pidiendoMotivo] || 'Confirmar'}
              </Button>
            </Box>
          </Box>
        )}
        {!pidiendoMotivo && (transiciones.length > 0 || puedeRevertir) && (
          <>
            <Divider sx={{ my: 2 }} />
            <Typography variant="subtitle2" gutterBottom>
              Cambiar estado
            </Typography>
            <Box display="flex" flexWrap="wrap" gap={1} data-testid="cita-transiciones">
              {transiciones.map((destino) => (
                <Button
                  key={destino}
                  variant="outlined"
                  color={destino === ESTADOS.CANCELADA || destino === ESTADOS.NO_ASISTIO ? 'error' : 'primary'}
                  onClick={() => cambiar(destino)}
                  disabled={busy}
                  data-testid="cita-transicion"
                  data-estado-destino={destino}
                >
                  {ACCIONES_ESTADO[destino] || nombreEstado(destino, estados)}
                </Button>
              ))}
              {cita.serie_id != null && transiciones.includes(ESTADOS.CANCELADA) && (
                <Button variant="outlined" color="error" onClick={() => setPidiendoMotivo('cancelarSerie')} disabled={busy} data-testid="cita-cancelar-serie">
                  Cancelar esta y las siguientes de la serie
                </Button>
              )}
              {puedeRevertir && cita.estado_id !== ESTADOS.NUEVA && (
                <Button variant="text" onClick={() => setPidiendoMotivo('revertir')} disabled={busy}>
                  Deshacer último cambio
                </Button>
              )}
            </Box>
          </>
        )}
      </DialogContent>
      <DialogActions>
        {puede('consulta.atender') && [ESTADOS.CONFIRMADA, ESTADOS.EN_ESPERA, ESTADOS.EN_CONSULTA, ESTADOS.COMPLETADA].includes(cita.estado_id) && (
          <Button component={RouterLink} to={`/consulta/${cita.id}`}>
            Abrir consulta
          </Button>
        )}
        {puede('facturacion.ver') && cita.estado_id === ESTADOS.COMPLETADA && (
          <Button component={RouterLink} to={`/facturacion/nueva?cita=${cita.id}`}>
            Facturar
          </Button>
        )}
        {puedeEditar && puedeReprogramar(cita) && !pidiendoMotivo && (
          <Button onClick={() => onMover(cita)} disabled={busy}>
            Mover
          </Button>
        )}
        <Button onClick={onClose} disabled={busy} variant="contained">
          Cerrar
        </Button>
      </DialogActions>
      {sugerencias && <SugerenciasDialog cita={cita} onClose={() => setSugerencias(false)} />}
    </Dialog>
  );
}
