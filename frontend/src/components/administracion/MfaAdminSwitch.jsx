import { useState } from 'react';
import { Alert, FormControlLabel, Paper, Switch, Typography } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import administracionService from '../../services/administracionService';

/** The clinic setting `mfa_admin`: every Administrador must log in with a TOTP code. `inicial`: its loaded value. */
export default function MfaAdminSwitch({ inicial }) {
  const [valor, setValor] = useState(inicial);
  const [error, setError] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [busy, setBusy] = useState(false);

  async function cambiar(e) {
    const nuevo = e.target.checked;
    setBusy(true);
    setError(null);
    setAviso(null);
    try {
      const c = await administracionService.guardarConfiguracion({ mfa_admin: nuevo });
      setValor(Boolean(c.mfa_admin));
      setAviso(nuevo ? 'Los administradores deberán usar la verificación en dos pasos.' : 'Requisito desactivado.');
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Paper variant="outlined" sx={{ p: 2, mt: 2 }}>
      <Typography variant="subtitle1" component="h2" gutterBottom>
        Seguridad
      </Typography>
      <ErrorAlert error={error} />
      {aviso && (
        <Alert severity="success" sx={{ mb: 1 }}>
          {aviso}
        </Alert>
      )}
      <FormControlLabel
        control={<Switch checked={valor} onChange={cambiar} disabled={busy} />}
        label="Exigir verificación en dos pasos a los administradores"
      />
      <Typography variant="body2" color="text.secondary">
        Un administrador sin ella solo podrá activarla al iniciar sesión. Para exigirla, active antes la suya
        (menú de usuario → Verificación en dos pasos).
      </Typography>
    </Paper>
  );
}
