import { useState } from 'react';
import { Navigate, useLocation, useNavigate, useSearchParams } from 'react-router-dom';
import { useForm } from 'react-hook-form';
import { Alert, Box, Button, Paper, TextField, Typography } from '@mui/material';
import { useAuth } from '../components/auth/authContext';
import ErrorAlert from '../components/common/ErrorAlert';
import session from '../services/session';
import { applyFieldErrors } from '../services/errors';
import config from '../config';
import { EMAIL_RE, safeTarget } from '../utils/validation';

export default function Login() {
  const { usuario, login } = useAuth();
  const location = useLocation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const [error, setError] = useState(null);
  const [aviso] = useState(() => session.takeLogoutReason());
  const target = safeTarget(location.state?.from || params.get('next') || '/');

  const {
    register,
    handleSubmit,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { email: '', password: '' } });

  if (usuario) return <Navigate to={target} replace />;

  const onSubmit = async ({ email, password }) => {
    setError(null);
    try {
      await login(email.trim(), password);
      navigate(target, { replace: true });
    } catch (err) {
      applyFieldErrors(setFieldError, err);
      setError(err);
    }
  };

  return (
    <Box minHeight="100vh" display="flex" alignItems="center" justifyContent="center" bgcolor="background.default" p={2}>
      <Paper component="main" elevation={2} sx={{ p: 4, width: '100%', maxWidth: 400 }}>
        <Typography variant="h5" component="h1" gutterBottom>
          {config.appName}
        </Typography>
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
          <TextField
            id="login-email"
            label="Correo electrónico"
            type="email"
            autoComplete="username"
            fullWidth
            margin="normal"
            autoFocus
            error={Boolean(errors.email)}
            helperText={errors.email?.message}
            {...register('email', {
              required: 'Ingrese su correo electrónico',
              pattern: { value: EMAIL_RE, message: 'Correo electrónico no válido' },
            })}
          />
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
          <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={isSubmitting}>
            {isSubmitting ? 'Ingresando…' : 'Ingresar'}
          </Button>
        </Box>
      </Paper>
    </Box>
  );
}
