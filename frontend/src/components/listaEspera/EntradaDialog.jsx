import { useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import DateField from '../common/DateField';
import PacienteAutocomplete from '../pacientes/PacienteAutocomplete';
import { SELECT_CON_VACIO } from '../common/selectConVacio';
import listaEsperaService, { FRANJAS } from '../../services/listaEsperaService';
import medicosService from '../../services/medicosService';
import { applyFieldErrors } from '../../services/errors';
import { addDays, parseISODate, today } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import useTelefono from '../common/useTelefono';
import useLoader from '../../utils/useLoader';

const fechaValida = (v) => Boolean(v && parseISODate(v)) || 'Indique una fecha dd/mm/aaaa';

/**
 * Add a patient to the waiting list: branch, optional doctor or specialty, the dates that suit her and the part of
 * the day. `sucursales` and `especialidades` come from the page; `sucursalId` preselects one (a limited user's only
 * branch). `onCreated(entrada)` after the API accepts it.
 */
export default function EntradaDialog({ sucursales, especialidades, sucursalId = '', onClose, onCreated }) {
  const telefono = useTelefono();
  const [error, setError] = useState(null);
  const {
    control,
    register,
    handleSubmit,
    watch,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({
    defaultValues: {
      paciente: null,
      sucursal_id: sucursalId ? String(sucursalId) : sucursales.length === 1 ? String(sucursales[0].id) : '',
      especialidad_id: '',
      medico_id: '',
      desde: today(),
      hasta: addDays(today(), 30),
      franja: '',
      notas: '',
    },
  });
  const sucursal = watch('sucursal_id');
  const especialidad = watch('especialidad_id');
  const desde = watch('desde');

  // The doctors of the chosen branch (and specialty).
  const doctores = useLoader(
    () => (sucursal ? medicosService.listar({ sucursal_id: sucursal, activo: true, especialidad_id: especialidad || undefined }) : Promise.resolve([])),
    [sucursal, especialidad],
  );
  const medicos = doctores.data || [];

  const guardar = async (v) => {
    setError(null);
    try {
      const entrada = await listaEsperaService.crear({
        paciente_id: v.paciente.id,
        sucursal_id: Number(v.sucursal_id),
        especialidad_id: v.especialidad_id ? Number(v.especialidad_id) : undefined,
        medico_id: v.medico_id ? Number(v.medico_id) : undefined,
        desde: v.desde,
        hasta: v.hasta,
        franja: v.franja || undefined,
        notas: v.notas.trim() || undefined,
      });
      onCreated?.(entrada);
    } catch (err) {
      applyFieldErrors(setFieldError, err, { paciente_id: 'paciente' });
      setError(err);
    }
  };

  const fecha = (name, label, extra = {}) => (
    <Controller
      name={name}
      control={control}
      rules={{ validate: { fecha: fechaValida, ...extra } }}
      render={({ field }) => (
        <DateField
          id={`lista-espera-${name}`}
          label={label}
          value={field.value}
          onChange={field.onChange}
          onBlur={field.onBlur}
          required
          error={Boolean(errors[name])}
          helperText={errors[name]?.message}
          sx={{ flex: '1 1 150px' }}
        />
      )}
    />
  );

  return (
    <Dialog open onClose={isSubmitting ? undefined : onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="lista-espera-nueva-title">
      <DialogTitle id="lista-espera-nueva-title">Agregar a la lista de espera</DialogTitle>
      <Box component="form" noValidate onSubmit={handleSubmit(guardar)} data-testid="lista-espera-form">
        <DialogContent dividers>
          <ErrorAlert error={error} />
          <Controller
            name="paciente"
            control={control}
            rules={{ required: 'Seleccione un paciente' }}
            render={({ field }) => (
              <PacienteAutocomplete
                id="lista-espera-paciente"
                value={field.value}
                onChange={field.onChange}
                autoFocus
                error={Boolean(errors.paciente)}
                helperText={errors.paciente?.message}
              />
            )}
          />
          <Controller
            name="sucursal_id"
            control={control}
            rules={{ required: 'Elija la sucursal' }}
            render={({ field }) => (
              <TextField
                {...field}
                id="lista-espera-sucursal"
                select
                label="Sucursal"
                fullWidth
                margin="normal"
                required
                disabled={sucursales.length <= 1 && Boolean(field.value)}
                error={Boolean(errors.sucursal_id)}
                helperText={errors.sucursal_id?.message}
              >
                {sucursales.map((s) => (
                  <MenuItem key={s.id} value={String(s.id)}>
                    {s.nombre}
                  </MenuItem>
                ))}
              </TextField>
            )}
          />
          <Box display="flex" flexWrap="wrap" columnGap={2}>
            <Controller
              name="especialidad_id"
              control={control}
              render={({ field }) => (
                <TextField {...field} id="lista-espera-especialidad" select label="Especialidad" margin="normal" slotProps={SELECT_CON_VACIO} sx={{ flex: '1 1 180px' }}>
                  <MenuItem value="">Cualquiera</MenuItem>
                  {especialidades.map((e) => (
                    <MenuItem key={e.id} value={String(e.id)}>
                      {e.nombre}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <Controller
              name="medico_id"
              control={control}
              render={({ field }) => (
                <TextField
                  {...field}
                  id="lista-espera-medico"
                  select
                  label="Médico"
                  margin="normal"
                  slotProps={SELECT_CON_VACIO}
                  sx={{ flex: '1 1 180px' }}
                  disabled={doctores.loading || Boolean(doctores.error)}
                  helperText={doctores.loading && sucursal ? 'Cargando médicos…' : undefined}
                >
                  <MenuItem value="">Cualquiera</MenuItem>
                  {medicos.map((m) => (
                    <MenuItem key={m.id} value={String(m.id)}>
                      {nombreCompleto(m)}
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
          </Box>
          <ErrorAlert error={doctores.error} onRetry={doctores.reload} sx={{ mt: 1 }}>
            {' '}No se pudieron cargar los médicos de la sucursal; puede agregar al paciente sin elegir médico.
          </ErrorAlert>
          <Box display="flex" flexWrap="wrap" gap={2} mt={2}>
            {fecha('desde', 'Desde')}
            {fecha('hasta', 'Hasta', { orden: (v) => !parseISODate(desde) || !parseISODate(v) || v >= desde || 'Debe ser igual o posterior a «Desde»' })}
          </Box>
          <Controller
            name="franja"
            control={control}
            render={({ field }) => (
              <TextField {...field} id="lista-espera-franja" select label="Horario" fullWidth margin="normal" slotProps={SELECT_CON_VACIO}>
                <MenuItem value="">Cualquier hora</MenuItem>
                <MenuItem value="manana">{FRANJAS.manana} (antes de las 14:00)</MenuItem>
                <MenuItem value="tarde">{FRANJAS.tarde} (desde las 14:00)</MenuItem>
              </TextField>
            )}
          />
          <TextField
            id="lista-espera-notas"
            label="Notas"
            fullWidth
            multiline
            minRows={2}
            margin="normal"
            error={Boolean(errors.notas)}
            helperText={errors.notas?.message}
            {...register('notas', { maxLength: { value: 2000, message: 'Máximo 2000 caracteres' } })}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            Cancelar
          </Button>
          <Button type="submit" variant="contained" disabled={isSubmitting}>
            {isSubmitting ? 'Agregando…' : 'Agregar'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
