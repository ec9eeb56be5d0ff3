import { useEffect, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  Box,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  FormHelperText,
  Grid2 as Grid,
  TextField,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import { applyFieldErrors } from '../../services/errors';
import { validarEmail, validarTelefono } from '../../utils/validation';
import medicosService from '../../services/medicosService';

const max = (n) => ({ value: n, message: `Máximo ${n} caracteres` });

/**
 * Create (medico = null) or edit a doctor. `onSave(payload)` performs the request.
 * `medicos` (the other doctors) hides the user accounts already linked to one of them.
 */
export default function MedicoFormDialog({ medico, especialidades, medicos = [], onSave, onClose }) {
  const [error, setError] = useState(null);
  const [usuarios, setUsuarios] = useState(null); // null until loaded: the select mounts with its value then

  // The user account a Médico logs in with: it decides whose agenda they see.
  useEffect(() => {
    let alive = true;
    medicosService
      .usuariosMedicos()
      .then((lista) => alive && setUsuarios(lista))
      .catch(() => {});
    return () => {
      alive = false;
    };
  }, []);
  const ocupados = new Set(medicos.filter((m) => m.id !== medico?.id && m.usuario_id != null).map((m) => m.usuario_id));
  const usuariosLibres = (usuarios || []).filter((u) => !ocupados.has(u.id) || u.id === medico?.usuario_id);
  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({
    defaultValues: {
      nombre: medico?.nombre ?? '',
      apellido: medico?.apellido ?? '',
      email: medico?.email ?? '',
      telefono: medico?.telefono ?? '',
      especialidad_id: medico?.especialidad_id ? String(medico.especialidad_id) : '',
      usuario_id: medico?.usuario_id ? String(medico.usuario_id) : '',
      activo: medico ? medico.activo !== false : true,
      reserva_en_linea: Boolean(medico?.reserva_en_linea),
    },
  });

  const campo = (name, label, rules, extra = {}) => {
    const { ref, ...rest } = register(name, rules);
    return { id: `medico-${name}`, label, fullWidth: true, inputRef: ref, ...rest, error: Boolean(errors[name]), helperText: errors[name]?.message, ...extra };
  };

  const submit = async (v) => {
    setError(null);
    const payload = {
      nombre: v.nombre.trim(),
      apellido: v.apellido.trim(),
      email: v.email.trim() || null,
      telefono: v.telefono.trim() || null,
      especialidad_id: v.especialidad_id ? Number(v.especialidad_id) : null,
      usuario_id: v.usuario_id ? Number(v.usuario_id) : null,
      reserva_en_linea: Boolean(v.reserva_en_linea),
    };
    if (usuarios === null) delete payload.usuario_id; // the accounts could not be listed: leave the link alone
    if (medico) payload.activo = v.activo;
    else {
      for (const k of Object.keys(payload)) if (payload[k] === null) delete payload[k];
    }
    try {
      await onSave(payload);
    } catch (err) {
      applyFieldErrors(setFieldError, err);
      setError(err);
    }
  };

  return (
    <Dialog open onClose={isSubmitting ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="medico-form-title">
      <DialogTitle id="medico-form-title">{medico ? 'Editar médico' : 'Nuevo médico'}</DialogTitle>
      <Box component="form" noValidate onSubmit={handleSubmit(submit)} data-testid="medico-form">
        <DialogContent dividers>
          <ErrorAlert error={error} />
          <Grid container spacing={2}>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField {...campo('nombre', 'Nombre', { required: 'El nombre es obligatorio', maxLength: max(100) })} required autoFocus />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField {...campo('apellido', 'Apellido', { required: 'El apellido es obligatorio', maxLength: max(100) })} required />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField {...campo('email', 'Email', { maxLength: max(100), validate: validarEmail })} type="email" />
            </Grid>
            <Grid size={{ xs: 12, sm: 6 }}>
              <TextField {...campo('telefono', 'Teléfono', { maxLength: max(15), validate: validarTelefono })} type="tel" />
            </Grid>
            <Grid size={12}>
              <TextField
                {...campo('especialidad_id', 'Especialidad', { required: 'Seleccione la especialidad' })}
                select
                required
                slotProps={{ inputLabel: { shrink: true }, select: { native: true } }}
              >
                <option value="">Seleccione…</option>
                {especialidades.map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.nombre}
                  </option>
                ))}
              </TextField>
            </Grid>
            {usuarios !== null && (
              <Grid size={12}>
                <TextField
                  {...campo('usuario_id', 'Usuario del sistema')}
                  select
                  helperText={errors.usuario_id?.message || 'La cuenta con la que el médico inicia sesión y ve su propia agenda.'}
                  slotProps={{ inputLabel: { shrink: true }, select: { native: true } }}
                >
                  <option value="">Sin usuario</option>
                  {usuariosLibres.map((u) => (
                    <option key={u.id} value={u.id}>
                      {`${u.nombre} ${u.apellido} — ${u.email}`}
                    </option>
                  ))}
                  {medico?.usuario_id && !usuariosLibres.some((u) => u.id === medico.usuario_id) && (
                    <option value={medico.usuario_id}>{`Usuario #${medico.usuario_id}`}</option>
                  )}
                </TextField>
              </Grid>
            )}
            <Grid size={12}>
              <FormControlLabel
                control={<Checkbox {...register('reserva_en_linea')} defaultChecked={Boolean(medico?.reserva_en_linea)} />}
                label="Acepta reservas en línea"
              />
              <FormHelperText sx={{ mt: -0.5, ml: 4 }}>
                Los pacientes pueden reservar con este médico en /reservar, en los horarios de su agenda.
              </FormHelperText>
            </Grid>
            {medico && (
              <Grid size={12}>
                <FormControlLabel control={<Checkbox {...register('activo')} defaultChecked={medico.activo !== false} />} label="Activo" />
              </Grid>
            )}
          </Grid>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose} disabled={isSubmitting}>
            Cancelar
          </Button>
          <Button type="submit" variant="contained" disabled={isSubmitting}>
            {isSubmitting ? 'Guardando…' : 'Guardar'}
          </Button>
        </DialogActions>
      </Box>
    </Dialog>
  );
}
