import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Box, Button, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import { applyFieldErrors } from '../../services/errors';

const MAX = 20000;

/** Diagnosis, treatment, observations → onSubmit({diagnostico, tratamiento, observaciones}). */
export default function EntradaHistorialForm({ onSubmit, disabled }) {
  const { register, handleSubmit, reset, setError, formState } = useForm({
    defaultValues: { diagnostico: '', tratamiento: '', observaciones: '' },
  });
  const { errors, isSubmitting } = formState;
  const [fallo, setFallo] = useState(null);

  const enviar = async (valores) => {
    setFallo(null);
    const limpio = (v) => (v.trim() ? v.trim() : null);
    try {
      await onSubmit({
        diagnostico: valores.diagnostico.trim(),
        tratamiento: limpio(valores.tratamiento),
        observaciones: limpio(valores.observaciones),
      });
      reset();
    } catch (err) {
      applyFieldErrors(setError, err);
      setFallo(err);
    }
  };

  const campo = (name, label, reglas = {}) => (
    <TextField
      id={`consulta-${name}`}
      label={label}
      fullWidth
      multiline
      minRows={name === 'diagnostico' ? 2 : 3}
      margin="dense"
      error={Boolean(errors[name])}
      helperText={errors[name]?.message}
      disabled={disabled}
      {...register(name, {
        maxLength: { value: MAX, message: `Máximo ${MAX} caracteres.` },
        ...reglas,
      })}
    />
  );

  return (
    <Box component="form" noValidate onSubmit={handleSubmit(enviar)} data-testid="consulta-form">
      <ErrorAlert error={fallo} />
      {campo('diagnostico', 'Diagnóstico', {
        validate: (v) => (v.trim() ? true : 'Indique el diagnóstico.'),
      })}
      {campo('tratamiento', 'Tratamiento')}
      {campo('observaciones', 'Observaciones')}
      <Box display="flex" justifyContent="flex-end" mt={1}>
        <Button type="submit" variant="contained" disabled={disabled || isSubmitting}>
          {isSubmitting ? 'Guardando…' : 'Guardar entrada'}
        </Button>
      </Box>
    </Box>
  );
}
