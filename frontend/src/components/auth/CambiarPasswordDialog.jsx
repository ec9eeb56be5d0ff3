import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import authService from '../../services/authService';
import { applyFieldErrors } from '../../services/errors';
import { PASSWORD_MINIMO, reglaRepetir, reglasPasswordNueva } from '../../utils/validation';

/** Change one's own password (the current one is required). The other sessions end on the server. */
export default function CambiarPasswordDialog({ open, onClose }) {
  const [fallo, setFallo] = useState(null);
  const [hecho, setHecho] = useState(false);
  const {
    register,
    handleSubmit,
    getValues,
    reset,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { actual: '', nueva: '', confirmacion: '' } });

  const cerrar = () => {
    if (isSubmitting) return;
    reset();
    setFallo(null);
    setHecho(false);
    onClose();
  };

  const onSubmit = async ({ actual, nueva }) => {
    setFallo(null);
    try {
      await authService.cambiarPassword(actual, nueva);
      reset();
      setHecho(true);
    } catch (err) {
      if (!applyFieldErrors(setError, err)) setFallo(err);
    }
  };

  return (
    <Dialog open={open} onClose={cerrar} maxWidth="xs" fullWidth aria-labelledby="cambiar-password-title">
      <DialogTitle id="cambiar-password-title">Cambiar contraseña</DialogTitle>
      <DialogContent>
        {hecho ? (
          <Alert severity="success" data-testid="password-cambiada">
            Contraseña actualizada. Las demás sesiones abiertas con su cuenta se cerraron.
          </Alert>
        ) : (
          <form id="cambiar-password-form" noValidate onSubmit={handleSubmit(onSubmit)}>
            <ErrorAlert error={fallo} />
            <TextField
              id="password-actual"
              label="Contraseña actual"
              type="password"
              autoComplete="current-password"
              fullWidth
              margin="dense"
              autoFocus
              error={Boolean(errors.actual)}
              helperText={errors.actual?.message}
              {...register('actual', { required: 'Ingrese su contraseña actual' })}
            />
            <TextField
              id="password-nueva"
              label="Nueva contraseña"
              type="password"
              autoComplete="new-password"
              fullWidth
              margin="dense"
              error={Boolean(errors.nueva)}
              helperText={errors.nueva?.message || `Al menos ${PASSWORD_MINIMO} caracteres`}
              {...register('nueva', {
                ...reglasPasswordNueva,
                validate: (v) => v !== getValues('actual') || 'Debe ser distinta de la actual',
              })}
            />
            <TextField
              id="password-confirmacion"
              label="Repita la nueva contraseña"
              type="password"
              autoComplete="new-password"
              fullWidth
              margin="dense"
              error={Boolean(errors.confirmacion)}
              helperText={errors.confirmacion?.message}
              {...register('confirmacion', reglaRepetir(getValues, 'nueva'))}
            />
          </form>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={cerrar} disabled={isSubmitting}>
          {hecho ? 'Cerrar' : 'Cancelar'}
        </Button>
        {!hecho && (
          <Button type="submit" form="cambiar-password-form" variant="contained" disabled={isSubmitting}>
            {isSubmitting ? 'Guardando…' : 'Cambiar contraseña'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
