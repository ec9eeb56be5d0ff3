import { useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useForm } from 'react-hook-form';
import { Alert, Box, Button, Link, TextField, Typography } from '@mui/material';
import { useAuth } from '../components/auth/authContext';
import ErrorAlert from '../components/common/ErrorAlert';
import CampoEmailCuenta from '../components/auth/CampoEmailCuenta';
import MfaDialog from '../components/auth/MfaDialog';
import PantallaSinSesion from '../components/auth/PantallaSinSesion';
import RecuperarPasswordForm from '../components/auth/RecuperarPasswordForm';
import session from '../services/session';
import { applyFieldErrors } from '../services/errors';
import { safeTarget } from '../utils/validation';

export default function Login() {
  const { usuario, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(() => session.takeLogoutReason());
  // Two-step verification: the code field appears when the server asks for it (MFA_REQUERIDO);
  // an Administrador the clinic requires it of enrols first with the token the login gave.
  const [pideCodigo, setPideCodigo] = useState(false);
  const [tokenInscripcion, setTokenInscripcion] = useState(null);
  // "¿Olvidó su contraseña?" swaps the login form for the reset request.
  const [recuperando, setRecuperando] = useState(false);
  const target = safeTarget(location.state?.from || params.get('next') || '/');

  const {
    register,
    handleSubmit,
    getValues,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { email: '', password: '', codigo: '' } });

  if (usuario) return <Navigate to={target} replace />;

  const onSubmit = async ({ email, password, codigo }) => {
    setError(null);
    try {
      if (pideCodigo) await login(email.trim(), password, codigo.trim());
      else await login(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      if (err?.reason === 'MFA_REQUERIDO') {
        setPideCodigo(true);
        return;
      }
      if (err?.reason === 'MFA_INSCRIPCION_REQUERIDA' && err.data?.token) {
        setTokenInscripcion(err.data.token);
        return;
      }
      applyFieldErrors(setFieldError, err);
      setError(err);
    }
  };

  const finInscripcion = ({ activada }) => {
    setTokenInscripcion(null);
    if (activada) {
      setPideCodigo(true);
      setAviso('Verificación en dos pasos activada. Inicie sesión con el código de su aplicación.');
    }
  };

  return (
    <>
      <PantallaSinSesion>
        {recuperando ? (
          <RecuperarPasswordForm emailInicial={getValues('email').trim()} onVolver={() => setRecuperando(false)} />
        ) : (
          <>
            <Typography variant="body2" color="text.secondary" mb={2}>
              Inicie sesión para continuar
            </Typography>
            {aviso && !error && (
              <Alert severity="info" sx={{ mb: 2 }} data-testid="login-aviso">
                {aviso}
              </Alert>
            )}
            <ErrorAlert error={error} />
            <Box component="form" noValidate onSubmit={handleSubmit(onSubmit)} data-testid="login-form">
              <CampoEmailCuenta id="login-email" register={register} error={errors.email} />
              <TextField
                id="login-password"
                label="Contraseña"
                type="password"
                autoComplete="current-password"
                fullWidth
                margin="normal"
                error={Boolean(errors.password)}
                helperText={errors.password?.message}
                {...register('password', { required: 'Ingrese su contraseña' })}
              />
              {pideCodigo && (
                <TextField
                  id="login-codigo"
                  label="Código de verificación"
                  autoComplete="one-time-code"
                  fullWidth
                  margin="normal"
                  autoFocus
                  error={Boolean(errors.codigo)}
                  helperText={
                    errors.codigo?.message || 'El código de 6 dígitos de su aplicación, o uno de sus códigos de recuperación'
                  }
                  {...register('codigo', {
                    required: 'Ingrese el código de verificación',
                    maxLength: { value: 20, message: 'Máximo 20 caracteres' },
                  })}
                />
              )}
              <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={isSubmitting}>
                {isSubmitting ? 'Ingresando…' : 'Ingresar'}
              </Button>
            </Box>
            <Box textAlign="center" mt={2}>
              <Link component="button" type="button" variant="body2" onClick={() => setRecuperando(true)}>
                ¿Olvidó su contraseña?
              </Link>
            </Box>
          </>
        )}
      </PantallaSinSesion>
      <MfaDialog open={Boolean(tokenInscripcion)} token={tokenInscripcion} onClose={finInscripcion} />
    </>
  );
}
