import { useState } from 'react';
import { useForm } from 'react-hook-form';
import { Alert, Box, Button, Typography } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import CampoEmailCuenta from './CampoEmailCuenta';
import authService from '../../services/authService';
import { applyFieldErrors } from '../../services/errors';

export const MENSAJE_ENVIADO = 'Si el correo está registrado, recibirá un enlace para restablecer su contraseña.';

/**
 * "¿Olvidó su contraseña?": asks for the address and asks the server for a reset link. The answer
 * is the same whether or not the address has an account, and so is the message shown.
 */
export default function RecuperarPasswordForm({ emailInicial = '', onVolver }) {
  const [enviado, setEnviado] = useState(false);
  const [fallo, setFallo] = useState(null);
  const {
    register,
    handleSubmit,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { email: emailInicial } });

  const onSubmit = async ({ email }) => {
    setFallo(null);
    try {
      await authService.recuperarPassword(email.trim());
      setEnviado(true);
    } catch (err) {
      if (!applyFieldErrors(setError, err)) setFallo(err);
    }
  };

  return (
    <Box data-testid="recuperar-password">
      <Typography variant="h6" component="h2" gutterBottom>
        Restablecer la contraseña
      </Typography>
      {enviado ? (
        <Alert severity="success" role="status" data-testid="recuperar-enviado" sx={{ mb: 2 }}>
          {MENSAJE_ENVIADO}
        </Alert>
      ) : (
        <Box component="form" noValidate onSubmit={handleSubmit(onSubmit)}>
          <Typography variant="body2" color="text.secondary">
            Escriba el correo de su cuenta y le enviaremos un enlace para elegir una contraseña nueva.
          </Typography>
          <ErrorAlert error={fallo} sx={{ mt: 2 }} />
          <CampoEmailCuenta id="recuperar-email" register={register} error={errors.email} maxLength={254} />
          <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={isSubmitting}>
            {isSubmitting ? 'Enviando…' : 'Enviar enlace'}
          </Button>
        </Box>
      )}
      <Button fullWidth sx={{ mt: 1 }} onClick={onVolver}>
        Volver a iniciar sesión
      </Button>
    </Box>
  );
}
