import { TextField } from '@mui/material';
import { EMAIL_RE } from '../../utils/validation';

/**
 * The address of the account, as the login and the password-reset request ask for it: a react-hook-form
 * field `email` (`register` and its `error`), with a length limit only where `maxLength` is given.
 */
export default function CampoEmailCuenta({ id, register, error, maxLength }) {
  return (
    <TextField
      id={id}
      label="Correo electrónico"
      type="email"
      autoComplete="username"
      fullWidth
      margin="normal"
      autoFocus
      error={Boolean(error)}
      helperText={error?.message}
      {...register('email', {
        required: 'Ingrese su correo electrónico',
        ...(maxLength && { maxLength: { value: maxLength, message: `Máximo ${maxLength} caracteres` } }),
        pattern: { value: EMAIL_RE, message: 'Correo electrónico no válido' },
      })}
    />
  );
}
