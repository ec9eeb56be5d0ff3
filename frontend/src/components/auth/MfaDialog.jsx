import { useEffect, useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  TextField,
  Typography,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import Loading from '../common/Loading';
import mfaService from '../../services/mfaService';

const CODIGO_RE = /^\d{6}$/;

function CampoCodigo({ value, onChange, slotProps }) {
  return (
    <TextField
      label="Código de verificación"
      fullWidth
      margin="dense"
      autoComplete="one-time-code"
      value={value}
      onChange={(e) => onChange(e.target.value)}
      slotProps={slotProps}
    />
  );
}

/**
 * "Verificación en dos pasos": enrol (QR code, first code, recovery codes shown once) or, when
 * active, remove it with the password and a code. `token` is the enrolment-only token of a login
 * that the clinic's setting stopped (then the dialog only enrols).
 */
export default function MfaDialog({ open, onClose, token = null }) {
  const [estado, setEstado] = useState(null);
  const [inscripcion, setInscripcion] = useState(null);
  const [codigos, setCodigos] = useState(null);
  const [codigo, setCodigo] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    if (!open) return undefined;
    let alive = true;
    setEstado(null);
    setInscripcion(null);
    setCodigos(null);
    setCodigo('');
    setPassword('');
    setError(null);
    mfaService
      .estado(token)
      .then((e) => alive && setEstado(e))
      .catch((e) => alive && setError(e));
    return () => {
      alive = false;
    };
  }, [open, token]);

  async function run(fn) {
    setBusy(true);
    setError(null);
    try {
      await fn();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  const comenzar = () => run(async () => setInscripcion(await mfaService.inscribir(token)));

  const activar = () => {
    if (!CODIGO_RE.test(codigo.trim())) {
      setError('Escriba el código de 6 dígitos que muestra la aplicación.');
      return;
    }
    run(async () => {
      setCodigos(await mfaService.activar(codigo.trim(), token));
      setEstado((e) => ({ ...e, activo: true }));
    });
  };

  const desactivar = () => {
    if (!password || !codigo.trim()) {
      setError('Escriba su contraseña y un código de verificación.');
      return;
    }
    run(async () => {
      await mfaService.desactivar(password, codigo.trim());
      onClose({ desactivada: true });
    });
  };

  let contenido;
  let acciones;
  if (codigos) {
    contenido = (
      <>
        <Alert severity="success" sx={{ mb: 2 }}>
          La verificación en dos pasos está activa.
        </Alert>
        <Typography gutterBottom>
          Guarde estos códigos de recuperación en un lugar seguro. Cada uno sirve una sola vez si pierde el
          teléfono, y <strong>no se volverán a mostrar</strong>.
        </Typography>
        <Box
          component="ul"
          data-testid="mfa-codigos"
          sx={{ fontFamily: 'monospace', columns: 2, listStyle: 'none', pl: 0, fontSize: '1.05rem' }}
        >
          {codigos.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </Box>
      </>
    );
    acciones = (
      <Button variant="contained" onClick={() => onClose({ activada: true })}>
        He guardado los códigos
      </Button>
    );
  } else if (!estado) {
    contenido = error ? null : <Loading />;
    acciones = <Button onClick={() => onClose({})}>Cerrar</Button>;
  } else if (estado.activo) {
    contenido = (
      <>
        <Alert severity="success" sx={{ mb: 2 }}>
          La verificación en dos pasos está activa. Le quedan {estado.codigos_restantes} códigos de recuperación.
        </Alert>
        {estado.obligatorio ? (
          <Typography color="text.secondary">La clínica la exige a los administradores: no se puede desactivar.</Typography>
        ) : (
          <>
            <Typography gutterBottom>Para desactivarla, confirme su contraseña y un código.</Typography>
            <TextField
              label="Contraseña"
              type="password"
              autoComplete="current-password"
              fullWidth
              margin="dense"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
            <CampoCodigo value={codigo} onChange={setCodigo} />
          </>
        )}
      </>
    );
    acciones = (
      <>
        <Button onClick={() => onClose({})}>Cerrar</Button>
        {!estado.obligatorio && (
          <Button color="error" onClick={desactivar} disabled={busy}>
            Desactivar
          </Button>
        )}
      </>
    );
  } else if (!inscripcion) {
    contenido = (
      <>
        {estado.obligatorio && (
          <Alert severity="warning" sx={{ mb: 2 }}>
            La clínica exige la verificación en dos pasos a los administradores. Actívela para continuar.
          </Alert>
        )}
        <Typography>
          Además de la contraseña, se le pedirá un código de 6 dígitos de una aplicación de autenticación
          (Google Authenticator, Microsoft Authenticator, FreeOTP…) instalada en su teléfono.
        </Typography>
      </>
    );
    acciones = (
      <>
        <Button onClick={() => onClose({})}>Cancelar</Button>
        <Button variant="contained" onClick={comenzar} disabled={busy}>
          Comenzar
        </Button>
      </>
    );
  } else {
    contenido = (
      <>
        <Typography gutterBottom>1. Escanee este código QR con la aplicación de autenticación.</Typography>
        <Box display="flex" justifyContent="center" my={1}>
          <img
            alt="Código QR para la aplicación de autenticación"
            src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(inscripcion.qr_svg)}`}
            width={200}
            height={200}
          />
        </Box>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          ¿No puede escanearlo? Escriba esta clave: <code data-testid="mfa-secreto">{inscripcion.secreto}</code>
        </Typography>
        <Typography sx={{ mt: 2 }}>2. Escriba el código de 6 dígitos que muestra la aplicación.</Typography>
        <CampoCodigo value={codigo} onChange={setCodigo} slotProps={{ htmlInput: { inputMode: 'numeric', maxLength: 6 } }} />
      </>
    );
    acciones = (
      <>
        <Button onClick={() => onClose({})}>Cancelar</Button>
        <Button variant="contained" onClick={activar} disabled={busy}>
          Activar
        </Button>
      </>
    );
  }

  return (
    <Dialog open={open} onClose={codigos ? undefined : () => onClose({})} maxWidth="sm" fullWidth>
      <DialogTitle>Verificación en dos pasos</DialogTitle>
      <DialogContent>
        <ErrorAlert error={error} />
        {contenido}
      </DialogContent>
      <DialogActions>{acciones}</DialogActions>
    </Dialog>
  );
}
