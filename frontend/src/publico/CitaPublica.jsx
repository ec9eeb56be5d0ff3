import { useState } from 'react';
import {
  Alert, Box, Button, Chip, CircularProgress, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle,
  Divider, FormControl, FormHelperText, InputLabel, Link, OutlinedInput, Paper, Stack, Typography,
} from '@mui/material';
import { cancelarCita, confirmarCita, obtenerCita } from './citaPublicaService';
import { ciudadDeZona, enlaceMapa, fechaLarga, hora } from './formato';
import useLoader from '../utils/useLoader';
import { MAX_MOTIVO } from './limites';
// Plain modules (estados.js imports only dates.js, personas.js nothing): no staff application code enters this bundle.
import { NOMBRES_ESTADO, colorEstado } from '../utils/estados';
import { nombreCompleto } from '../utils/personas';

// The state as a patient reads it (the API gives the state's name); its colours are the staff agenda's.
const TEXTOS_ESTADO = {
  Nueva: 'Pendiente de confirmar',
  'En Espera': 'En sala de espera',
  'En Consulta': 'En consulta',
  Completada: 'Atendida',
  'No Asistió': 'No asistió',
};
const ID_ESTADO = Object.fromEntries(Object.entries(NOMBRES_ESTADO).map(([id, nombre]) => [nombre, Number(id)]));

function Seccion({ titulo, children }) {
  return (
    <Box component="section" aria-label={titulo} sx={{ py: 1.5 }}>
      <Typography variant="overline" color="text.secondary" component="h2" sx={{ lineHeight: 1.5 }}>
        {titulo}
      </Typography>
      {children}
    </Box>
  );
}

function CancelarDialog({ open, enviando, onClose, onConfirm }) {
  const [motivo, setMotivo] = useState('');
  const largo = motivo.length > MAX_MOTIVO;
  return (
    <Dialog open={open} onClose={enviando ? undefined : onClose} fullWidth maxWidth="xs" aria-labelledby="cancelar-titulo">
      <DialogTitle id="cancelar-titulo">¿Cancelar la cita?</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          El horario quedará libre para otro paciente. Si lo desea, díganos el motivo.
        </DialogContentText>
        {/* FormControl + OutlinedInput rather than TextField: TextField brings Select and Menu into this bundle. */}
        <FormControl fullWidth error={largo}>
          <InputLabel htmlFor="cancelar-motivo">Motivo (opcional)</InputLabel>
          <OutlinedInput
            id="cancelar-motivo"
            label="Motivo (opcional)"
            value={motivo}
            onChange={(e) => setMotivo(e.target.value)}
            multiline
            minRows={2}
            aria-describedby="cancelar-motivo-ayuda"
          />
          <FormHelperText id="cancelar-motivo-ayuda">{largo ? `Máximo ${MAX_MOTIVO} caracteres.` : ' '}</FormHelperText>
        </FormControl>
      </DialogContent>
      <DialogActions sx={{ px: 3, pb: 2 }}>
        <Button onClick={onClose} disabled={enviando}>Volver</Button>
        <Button
          variant="contained"
          color="error"
          disabled={enviando || largo}
          onClick={() => onConfirm(motivo.trim())}
        >
          Sí, cancelar la cita
        </Button>
      </DialogActions>
    </Dialog>
  );
}

export default function CitaPublica({ token }) {
  const { data: cita, loading: cargando, error: errorCarga, reload: recargar, setData: setCita } = useLoader(() => obtenerCita(token), [token]);
  const [errorAccion, setErrorAccion] = useState(null); // what the last confirm or cancel was refused with
  const [aviso, setAviso] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const [dialogo, setDialogo] = useState(false);

  async function actuar(accion, exito) {
    setEnviando(true);
    setErrorAccion(null);
    setAviso(null);
    try {
      setCita(await accion());
      setAviso(exito);
      setDialogo(false);
    } catch (e) {
      setErrorAccion(e);
      setDialogo(false);
      if (e.status === 409) recargar(); // the appointment changed meanwhile: show it as it is (kept on screen while it loads)
    } finally {
      setEnviando(false);
    }
  }

  // The link no longer valid, found loading the page or by an action: the page says only that.
  const errorPagina = errorCarga || (errorAccion?.status === 404 ? errorAccion : null);
  if (errorPagina) {
    return (
      <Alert severity={errorPagina.status === 404 ? 'info' : 'error'} sx={{ mt: 2 }} data-testid="cita-error">
        {errorPagina.message}
      </Alert>
    );
  }
  if (!cita) {
    return (
      <Stack alignItems="center" spacing={2} sx={{ py: 8 }} role="status">
        <CircularProgress aria-hidden />
        <Typography>Cargando su cita…</Typography>
      </Stack>
    );
  }

  const estado = { texto: TEXTOS_ESTADO[cita.estado] || cita.estado, ...colorEstado(ID_ESTADO[cita.estado]) };
  const abierta = cita.estado === 'Nueva' || cita.estado === 'Confirmada';
  const { sucursal, medico } = cita;
  return (
    <Paper variant="outlined" sx={{ p: { xs: 2, sm: 3 }, mt: 2 }}>
      <Stack direction="row" alignItems="center" justifyContent="space-between" spacing={1} flexWrap="wrap">
        <Typography variant="h5" component="h1">Su cita</Typography>
        <Chip
          label={estado.texto}
          data-testid="cita-estado"
          data-estado={cita.estado}
          sx={{ bgcolor: estado.bg, color: estado.fg, fontWeight: 500 }}
        />
      </Stack>

      {aviso && <Alert severity="success" sx={{ mt: 2 }} role="status">{aviso}</Alert>}
      {errorAccion && <Alert severity="warning" sx={{ mt: 2 }} role="alert">{errorAccion.message}</Alert>}

      <Seccion titulo="Qué">
        <Typography variant="body1" sx={{ fontWeight: 500 }}>{cita.especialidad || 'Consulta'}</Typography>
        <Typography variant="body1">con {nombreCompleto(medico)}</Typography>
      </Seccion>
      <Divider />
      <Seccion titulo="Cuándo">
        <Typography variant="body1" sx={{ fontWeight: 500 }} data-testid="cita-fecha">{fechaLarga(cita.fecha)}</Typography>
        <Typography variant="body1" data-testid="cita-hora">
          De {hora(cita.hora_inicio)} a {hora(cita.hora_fin)}
        </Typography>
        <Typography variant="body2" color="text.secondary" data-testid="cita-zona">
          Hora de {ciudadDeZona(cita.zona_horaria)} ({cita.zona_horaria})
        </Typography>
      </Seccion>
      <Divider />
      <Seccion titulo="Dónde">
        <Typography variant="body1" sx={{ fontWeight: 500 }}>{sucursal.nombre}</Typography>
        <Typography variant="body1">{sucursal.direccion}</Typography>
        <Stack direction="row" spacing={2} sx={{ mt: 0.5 }} flexWrap="wrap">
          <Link href={enlaceMapa(sucursal.direccion)} target="_blank" rel="noopener noreferrer">Ver en el mapa</Link>
          {sucursal.telefono && <Link href={`tel:${sucursal.telefono}`}>Llamar al {sucursal.telefono}</Link>}
        </Stack>
      </Seccion>

      {(cita.puede_confirmar || cita.puede_cancelar) && (
        <Stack spacing={1.5} sx={{ mt: 2 }}>
          {cita.puede_confirmar && (
            <Button
              variant="contained"
              size="large"
              disabled={enviando || cargando}
              onClick={() => actuar(() => confirmarCita(token), '¡Gracias! Su asistencia quedó confirmada.')}
            >
              Confirmar asistencia
            </Button>
          )}
          {cita.puede_cancelar && (
            <Button variant="outlined" color="error" size="large" disabled={enviando || cargando} onClick={() => setDialogo(true)}>
              Cancelar cita
            </Button>
          )}
        </Stack>
      )}
      {abierta && !cita.puede_cancelar && (
        <Typography variant="body2" color="text.secondary" sx={{ mt: 2 }}>
          Ya no es posible cancelar desde este enlace. Si no puede asistir, llame a la sucursal.
        </Typography>
      )}

      {dialogo && (
        <CancelarDialog
          open
          enviando={enviando}
          onClose={() => setDialogo(false)}
          onConfirm={(motivo) => actuar(() => cancelarCita(token, motivo), 'Su cita fue cancelada.')}
        />
      )}
    </Paper>
  );
}
