import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import PacienteAutocomplete from '../pacientes/PacienteAutocomplete';
import citasService from '../../services/citasService';
import { applyFieldErrors } from '../../services/errors';
import { formatLongDate } from '../../utils/dates';

/**
 * Book a free slot. `slot` = {medicoId, medicoNombre, sucursal_id, sucursalNombre, fecha, hora_inicio, hora_fin}.
 * A 409 (someone else took the slot, patient busy, ...) shows the server's message and asks the
 * agenda to refresh through `onConflict`.
 */
export default function ReservarCitaDialog({ slot, onClose, onBooked, onConflict }) {
  const [error, setError] = useState(null);
  const {
    control,
    register,
    handleSubmit,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { paciente: null, motivo: '', notas: '' } });

  if (!slot) return null;

  const submit = async ({ paciente, motivo, notas }) => {
    setError(null);
    try {
      const cita = await citasService.agendar({
        paciente_id: paciente.id,
        medico_id: slot.medicoId,
        sucursal_id: slot.sucursal_id,
        fecha: slot.fecha,
        hora_inicio: slot.hora_inicio,
        hora_fin: slot.hora_fin || undefined,
        motivo: motivo.trim() || undefined,
        notas: notas.trim() || undefined,
      });
      onBooked?.(cita);
    } catch (err) {
      applyFieldErrors(setFieldError, err, { paciente_id: 'paciente' });
      setError(err);
      if (err.status === 409) onConflict?.(err);
    }
  };

  return (
    <Dialog open onClose={isSubmitting ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="reservar-title">
      <DialogTitle id="reservar-title">Agendar cita</DialogTitle>
      <Box component="form" noValidate onSubmit={handleSubmit(submit)} data-testid="reservar-form">
        <DialogContent dividers>
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
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            Cancelar
          </Button>
          <Button type="submit" variant="contained" disabled={isSubmitting}>
            {isSubmitting ? 'Agendando…' : 'Agendar cita'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
