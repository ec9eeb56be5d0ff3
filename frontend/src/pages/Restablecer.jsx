import { useState } from 'react';
import { Link as RouterLink, useLocation } from 'react-router-dom';
import { useForm } from 'react-hook-form';
import { Alert, Box, Button, Link, TextField, Typography } from '@mui/material';
import ErrorAlert from '../components/common/ErrorAlert';
import PantallaSinSesion from '../components/auth/PantallaSinSesion';
import authService from '../services/authService';
import { applyFieldErrors } from '../services/errors';
import { PASSWORD_MINIMO, reglaRepetir, reglasPasswordNueva } from '../utils/validation';

export const ENLACE_INVALIDO = 'El enlace no es válido o ya expiró; solicite uno nuevo';

/** The token of the e-mailed link: it travels in the URL's fragment (`#token=…`), never sent to a server. */
function tokenDe(hash) {
  return new URLSearchParams((hash || '').replace(/^#/, '')).get('token') || '';
}

/**
 * `/restablecer#token=…`: the page of the password-reset link, without login. Asks the new password
 * twice and sends it with the token; the server ends every session of the account.
 */
export default function Restablecer() {
  const location = useLocation();
  // Read once; then the token leaves the address bar (and the history entry) of the browser.
  const [token] = useState(() => {
    const valor = tokenDe(location.hash);
    if (valor && typeof window !== 'undefined' && window.location.hash) {
      window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    }
    return valor;
  });
  const [hecho, setHecho] = useState(false);
  const [invalido, setInvalido] = useState(!token);
  const [fallo, setFallo] = useState(null);
  const {
    register,
    handleSubmit,
    getValues,
    setError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { password: '', confirmacion: '' } });

  const onSubmit = async ({ password }) => {
    setFallo(null);
    try {
      await authService.restablecerPassword(token, password);
      setHecho(true);
    } catch (err) {
      if (err?.reason === 'TOKEN_INVALIDO') setInvalido(true);
      else if (!applyFieldErrors(setError, err)) setFallo(err);
    }
  };

  const alLogin = (
    <Link component={RouterLink} to="/login">
      Ir a iniciar sesión
    </Link>
  );

  let contenido;
  if (hecho) {
    contenido = (
      <Alert severity="success" data-testid="restablecer-hecho">
        Su contraseña se cambió. Las sesiones abiertas con su cuenta se cerraron. {alLogin}
      </Alert>
    );
  } else if (invalido) {
    contenido = (
      <Alert severity="error" role="alert" data-testid="restablecer-invalido">
        {ENLACE_INVALIDO}. {alLogin}
      </Alert>
    );
  } else {
    contenido = (
      <Box component="form" noValidate onSubmit={handleSubmit(onSubmit)}>
        <ErrorAlert error={fallo} />
        <TextField
          id="restablecer-password"
          label="Nueva contraseña"
          type="password"
          autoComplete="new-password"
          fullWidth
          margin="normal"
          autoFocus
          error={Boolean(errors.password)}
          helperText={errors.password?.message || `Al menos ${PASSWORD_MINIMO} caracteres`}
          {...register('password', reglasPasswordNueva)}
        />
        <TextField
          id="restablecer-confirmacion"
          label="Repita la nueva contraseña"
          type="password"
          autoComplete="new-password"
          fullWidth
          margin="normal"
          error={Boolean(errors.confirmacion)}
          helperText={errors.confirmacion?.message}
          {...register('confirmacion', reglaRepetir(getValues, 'password'))}
        />
        <Button type="submit" variant="contained" fullWidth size="large" sx={{ mt: 2 }} disabled={isSubmitting}>
          {isSubmitting ? 'Guardando…' : 'Guardar contraseña'}
        </Button>
      </Box>
    );
  }

  return (
    <PantallaSinSesion>
      <Typography variant="h6" component="h2" gutterBottom>
        Elegir una contraseña nueva
      </Typography>
      {contenido}
    </PantallaSinSesion>
  );
}
