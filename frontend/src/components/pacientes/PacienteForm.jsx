import { useState } from 'react';
import { Link as RouterLink } from 'react-router-dom';
import { Controller, useForm } from 'react-hook-form';
import { Alert, Box, Button, Grid2 as Grid, TextField, Typography } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import DateField from '../common/DateField';
import PacientePreferencias from './PacientePreferencias';
import { applyFieldErrors, existenteId } from '../../services/errors';
import { GENEROS, TIPOS_DOCUMENTO, pacientePayload, reglasPaciente } from '../../utils/validation';

const VACIO = {
  nombre: '',
  apellido: '',
  fecha_nacimiento: '',
  genero: '',
  tipo_documento: '',
  numero_documento: '',
  telefono: '',
  email: '',
  direccion: '',
  alergias: '',
  contacto_emergencia_nombre: '',
  contacto_emergencia_telefono: '',
  acepta_recordatorios: true,
  canal_preferido: '',
};

function initialValues(paciente) {
  if (!paciente) return VACIO;
  return Object.fromEntries(Object.keys(VACIO).map((k) => [k, paciente[k] ?? VACIO[k]]));
}

/**
 * Create / edit a patient. `onSubmit(payload)` performs the request and may throw an ApiError:
 * field errors go under their fields, a duplicate offers to open the existing patient.
 */
export default function PacienteForm({ paciente, onSubmit, onCancel, submitLabel = 'Guardar', mostrarAlergias = true }) {
  const [error, setError] = useState(null);
  const {
    register,
    control,
    handleSubmit,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: initialValues(paciente), mode: 'onTouched' });

  const campo = (name, label, extra = {}) => {
    const { ref, ...rest } = register(name, reglasPaciente[name]);
    return {
      id: `paciente-${name}`,
      label,
      fullWidth: true,
      inputRef: ref,
      ...rest,
      error: Boolean(errors[name]),
      helperText: errors[name]?.message || extra.helperText,
      ...extra,
    };
  };

  const submit = async (values) => {
    setError(null);
    const payload = pacientePayload(values, paciente);
    if (paciente && Object.keys(payload).length === 0) {
      onCancel?.();
      return;
    }
    try {
      await onSubmit(payload);
    } catch (err) {
      applyFieldErrors(setFieldError, err, {
        contacto_emergencia: 'contacto_emergencia_nombre',
      });
      setError(err);
    }
  };

  const duplicadoId = error?.reason === 'PACIENTE_DUPLICADO' ? existenteId(error) : null;
  const shrink = { inputLabel: { shrink: true } };

  return (
    <Box component="form" noValidate onSubmit={handleSubmit(submit)} data-testid="paciente-form">
      {duplicadoId ? (
        <Alert
          severity="warning"
          role="alert"
          data-testid="paciente-duplicado"
          sx={{ mb: 2 }}
          action={
            <Button component={RouterLink} to={`/pacientes/${duplicadoId}`} color="inherit" size="small">
              Abrir paciente existente
            </Button>
          }
        >
          {error.message}
        </Alert>
      ) : (
        <ErrorAlert error={error} />
      )}
      <Typography variant="body2" color="text.secondary" mb={2}>
        Nombre, apellido y fecha de nacimiento son obligatorios.
      </Typography>
      <Grid container spacing={2}>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('nombre', 'Nombre')} required autoFocus />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('apellido', 'Apellido')} required />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <Controller
            name="fecha_nacimiento"
            control={control}
            rules={reglasPaciente.fecha_nacimiento}
            render={({ field, fieldState }) => (
              <DateField
                id="paciente-fecha_nacimiento"
                label="Fecha de nacimiento"
                fullWidth
                required
                name={field.name}
                value={field.value}
                onChange={field.onChange}
                onBlur={field.onBlur}
                inputRef={field.ref}
                error={Boolean(fieldState.error)}
                helperText={fieldState.error?.message}
              />
            )}
          />
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField {...campo('genero', 'Género')} select slotProps={{ ...shrink, select: { native: true } }}>
            <option value="">—</option>
            {GENEROS.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
            {paciente?.genero && !GENEROS.includes(paciente.genero) && <option value={paciente.genero}>{paciente.genero}</option>}
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 4 }}>
          <TextField {...campo('tipo_documento', 'Tipo de documento')} select slotProps={{ ...shrink, select: { native: true } }}>
            <option value="">—</option>
            {TIPOS_DOCUMENTO.map((t) => (
              <option key={t} value={t}>
                {t}
              </option>
            ))}
            {paciente?.tipo_documento && !TIPOS_DOCUMENTO.includes(paciente.tipo_documento) && (
              <option value={paciente.tipo_documento}>{paciente.tipo_documento}</option>
            )}
          </TextField>
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('numero_documento', 'Número de documento')} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('telefono', 'Teléfono')} type="tel" />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('email', 'Email')} type="email" />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('direccion', 'Dirección')} />
        </Grid>
        {mostrarAlergias && (
          <Grid size={12}>
            <TextField {...campo('alergias', 'Alergias')} multiline minRows={2} />
          </Grid>
        )}
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('contacto_emergencia_nombre', 'Contacto de emergencia')} />
        </Grid>
        <Grid size={{ xs: 12, sm: 6 }}>
          <TextField {...campo('contacto_emergencia_telefono', 'Teléfono de emergencia')} type="tel" />
        </Grid>
        <PacientePreferencias control={control} register={register} />
      </Grid>
      <Box display="flex" justifyContent="flex-end" gap={1} mt={3}>
        {onCancel && (
          <Button onClick={onCancel} disabled={isSubmitting}>
            Cancelar
          </Button>
        )}
        <Button type="submit" variant="contained" disabled={isSubmitting}>
          {isSubmitting ? 'Guardando…' : submitLabel}
        </Button>
      </Box>
    </Box>
  );
}
