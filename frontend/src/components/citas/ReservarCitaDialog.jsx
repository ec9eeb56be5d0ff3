import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import {
  Alert,
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  TextField,
  Typography,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import PacienteAutocomplete from '../pacientes/PacienteAutocomplete';
import SerieFechas from './SerieFechas';
import citasService from '../../services/citasService';
import { applyFieldErrors } from '../../services/errors';
import { formatLongDate } from '../../utils/dates';
import { LIMITES_REPETICION, fechasDeSerie, repeticionDe } from './serie';
import useTelefono from '../common/useTelefono';

const entero = (min, max, nombre) => (v) => {
  const n = Number(v);
  return (Number.isInteger(n) && n >= min && n <= max) || `${nombre}: un número entre ${min} y ${max}`;
};

/**
 * Book a free slot, once or as a series. `slot` = {medicoId, medicoNombre, sucursal_id, sucursalNombre, fecha,
 * hora_inicio, hora_fin}. A 409 (someone else took the slot, patient busy, ...) shows the server's message and asks
 * the agenda to refresh through `onConflict`.
 *
 * With "Repetir" the dialog goes through three steps: the form, "Revisar fechas" (a simulation listing every date
 * with ✓ or its conflict) and what was booked and skipped. `onBooked(primeraCita, serie)` is called when it ends;
 * `serie` ({serie_id, creadas, conflictos}) only for a series.
 */
export default function ReservarCitaDialog({ slot, onClose, onBooked, onConflict }) {
  const telefono = useTelefono();
  const [error, setError] = useState(null);
  // 'form' | 'revision' | 'resultado'
  const [paso, setPaso] = useState('form');
  const [pedido, setPedido] = useState(null);
  const [revision, setRevision] = useState(null);
  const [resultado, setResultado] = useState(null);
  const [busy, setBusy] = useState(false);
  const {
    control,
    register,
    handleSubmit,
    watch,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({
    defaultValues: { paciente: null, motivo: '', notas: '', repetir: false, unidad: 'semanas', cada: 1, veces: 4 },
  });

  if (!slot) return null;
  const repetir = watch('repetir');
  const unidad = watch('unidad');
  const ocupado = isSubmitting || busy;

  const base = ({ paciente, motivo, notas }) => ({
    paciente_id: paciente.id,
    medico_id: slot.medicoId,
    sucursal_id: slot.sucursal_id,
    fecha: slot.fecha,
    hora_inicio: slot.hora_inicio,
    hora_fin: slot.hora_fin || undefined,
    motivo: motivo.trim() || undefined,
    notas: notas.trim() || undefined,
  });

  const submit = async (valores) => {
    setError(null);
    try {
      if (!valores.repetir) {
        const cita = await citasService.agendar(base(valores));
        onBooked?.(cita);
        return;
      }
      const serie = { ...base(valores), repeticion: repeticionDe(valores) };
      const simulada = await citasService.reservarSerie({ ...serie, modo: 'las_posibles', simular: true });
      setPedido(serie);
      setRevision({ filas: fechasDeSerie({ libres: simulada.posibles, conflictos: simulada.conflictos }), posibles: simulada.posibles?.length || 0 });
      setPaso('revision');
    } catch (err) {
      applyFieldErrors(setFieldError, err, { paciente_id: 'paciente' });
      setError(err);
      if (err.status === 409) onConflict?.(err);
    }
  };

  const reservarSerie = async (modo) => {
    setError(null);
    setBusy(true);
    try {
      const res = await citasService.reservarSerie({ ...pedido, modo });
      setResultado({ ...res, filas: fechasDeSerie({ libres: res.creadas, conflictos: res.conflictos }) });
      setPaso('resultado');
    } catch (err) {
      setError(err);
      if (err.status === 409 && Array.isArray(err.data?.conflictos)) {
        // 'todas' refused: the list as the server sees it now (the free dates are those not in conflict)
        const enConflicto = new Set(err.data.conflictos.map((c) => c.fecha));
        const libres = revision.filas.filter((f) => f.libre && !enConflicto.has(f.fecha));
        setRevision({ filas: fechasDeSerie({ libres, conflictos: err.data.conflictos }), posibles: libres.length });
      }
      if (err.status === 409) onConflict?.(err);
    } finally {
      setBusy(false);
    }
  };

  const terminar = () => onBooked?.(resultado.creadas?.[0] || null, resultado);

  const resumen = (
    <Box mb={2} data-testid="reservar-resumen">
      <Typography>
        <strong>Médico:</strong> {slot.medicoNombre}
      </Typography>
      <Typography>
        <strong>Fecha:</strong> {formatLongDate(slot.fecha)}
      </Typography>
      <Typography>
        <strong>Hora:</strong> {slot.hora_inicio}
        {slot.hora_fin && `–${slot.hora_fin}`}
      </Typography>
      {slot.sucursalNombre && (
        <Typography>
          <strong>Sucursal:</strong> {slot.sucursalNombre}
        </Typography>
      )}
    </Box>
  );

  if (paso === 'resultado') {
    const creadas = resultado.creadas?.length || 0;
    const omitidas = resultado.conflictos?.length || 0;
    return (
      <Dialog open onClose={terminar} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="reservar-title">
        <DialogTitle id="reservar-title">Serie reservada</DialogTitle>
        <DialogContent dividers data-testid="serie-resultado">
          <Alert severity={omitidas ? 'warning' : 'success'} sx={{ mb: 2 }} data-testid="serie-resultado-resumen">
            {creadas === 1 ? 'Se reservó 1 cita' : `Se reservaron ${creadas} citas`}
            {omitidas ? (omitidas === 1 ? '; 1 fecha quedó sin reservar.' : `; ${omitidas} fechas quedaron sin reservar.`) : '.'}
          </Alert>
          <SerieFechas filas={resultado.filas} textoLibre="Reservada" textoConflicto="No reservada: " />
        </DialogContent>
        <DialogActions>
          <Button onClick={terminar} variant="contained">
            Cerrar
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  if (paso === 'revision') {
    const conflictos = revision.filas.length - revision.posibles;
    return (
      <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="reservar-title">
        <DialogTitle id="reservar-title">Revisar fechas</DialogTitle>
        <DialogContent dividers data-testid="serie-revision">
          {resumen}
          <ErrorAlert error={error} />
          <Typography variant="body2" gutterBottom data-testid="serie-revision-resumen">
            {revision.posibles} de {revision.filas.length} fechas disponibles
            {conflictos ? `; ${conflictos === 1 ? '1 con conflicto' : `${conflictos} con conflicto`}.` : '.'}
          </Typography>
          <SerieFechas filas={revision.filas} />
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap', gap: 1 }}>
          <Button onClick={() => setPaso('form')} disabled={busy}>
            Volver
          </Button>
          <Button onClick={() => reservarSerie('las_posibles')} disabled={busy || revision.posibles === 0} variant="outlined">
            Reservar las posibles
          </Button>
          <Button onClick={() => reservarSerie('todas')} disabled={busy} variant="contained">
            {busy ? 'Reservando…' : 'Reservar todas'}
          </Button>
        </DialogActions>
      </Dialog>
    );
  }

  const limites = LIMITES_REPETICION[unidad] || LIMITES_REPETICION.semanas;
  return (
    <Dialog open onClose={ocupado ? undefined : onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="reservar-title">
      <DialogTitle id="reservar-title">Agendar cita</DialogTitle>
      <Box component="form" noValidate onSubmit={handleSubmit(submit)} data-testid="reservar-form">
        <DialogContent dividers>
          {resumen}
          <ErrorAlert error={error} />
          <Controller
            name="paciente"
            control={control}
            rules={{ required: 'Seleccione un paciente' }}
            render={({ field }) => (
              <PacienteAutocomplete
                value={field.value}
                onChange={field.onChange}
                autoFocus
                error={Boolean(errors.paciente)}
                helperText={errors.paciente?.message}
              />
            )}
          />
          <TextField
            id="reservar-motivo"
            label="Motivo"
            fullWidth
            margin="normal"
            error={Boolean(errors.motivo)}
            helperText={errors.motivo?.message}
            {...register('motivo', { maxLength: { value: 2000, message: 'Máximo 2000 caracteres' } })}
          />
          <TextField
            id="reservar-notas"
            label="Notas"
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={Boolean(errors.notas)}
            helperText={errors.notas?.message}
            {...register('notas', { maxLength: { value: 10000, message: 'Máximo 10000 caracteres' } })}
          />
          <Controller
            name="repetir"
            control={control}
            render={({ field }) => (
              <FormControlLabel
                control={<Checkbox checked={field.value} onChange={(e) => field.onChange(e.target.checked)} />}
                label="Repetir"
              />
            )}
          />
          {repetir && (
            <Box display="flex" flexWrap="wrap" gap={2} data-testid="reservar-repeticion">
              <TextField
                id="reservar-cada"
                label="Cada"
                type="number"
                sx={{ width: 100 }}
                slotProps={{ htmlInput: { min: limites.min, max: limites.max } }}
                error={Boolean(errors.cada)}
                helperText={errors.cada?.message}
                {...register('cada', { validate: entero(limites.min, limites.max, 'Cada') })}
              />
              <Controller
                name="unidad"
                control={control}
                render={({ field }) => (
                  <TextField id="reservar-unidad" select label="Unidad" sx={{ minWidth: 140 }} {...field}>
                    <MenuItem value="semanas">semanas</MenuItem>
                    <MenuItem value="dias">días</MenuItem>
                  </TextField>
                )}
              />
              <TextField
                id="reservar-veces"
                label="Veces"
                type="number"
                sx={{ width: 100 }}
                slotProps={{ htmlInput: { min: LIMITES_REPETICION.veces.min, max: LIMITES_REPETICION.veces.max } }}
                error={Boolean(errors.veces)}
                helperText={errors.veces?.message}
                {...register('veces', { validate: entero(LIMITES_REPETICION.veces.min, LIMITES_REPETICION.veces.max, 'Veces') })}
              />
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={ocupado}>
            Cancelar
          </Button>
          <Button type="submit" variant="contained" disabled={ocupado}>
            {repetir ? (ocupado ? 'Revisando…' : 'Revisar fechas') : ocupado ? 'Agendando…' : 'Agendar cita'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
