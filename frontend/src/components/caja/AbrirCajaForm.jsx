// No open session at the branch: open one with the float (fondo inicial) in the drawer.
import { useState } from 'react';
import { Box, Button, Paper, Typography } from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import cajaService from '../../services/cajaService';
import { validarImporte } from '../../utils/facturaTotales';

export default function AbrirCajaForm({ sucursalId, onAbierta }) {
  const [fondo, setFondo] = useState('');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const abrir = async (e) => {
    e.preventDefault();
    const { importe: normal, error: problema } = validarImporte(fondo, { mensaje: 'Indique el fondo inicial (0 si el cajón empieza vacío).' });
    setError(problema);
    if (problema) return;
    setBusy(true);
    setFallo(null);
    try {
      onAbierta(await cajaService.abrir({ sucursal_id: Number(sucursalId), fondo_inicial: normal }));
    } catch (err) {
      setError(err.fieldErrors?.fondo_inicial || null);
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Paper sx={{ p: 2, mb: 2 }} data-testid="abrir-caja">
      <Typography variant="h6" component="h2">
        La caja está cerrada
      </Typography>
      <Typography color="text.secondary" mb={2}>
        Ábrala con el efectivo que hay en el cajón: los pagos y devoluciones de la sucursal se registrarán en esta sesión.
      </Typography>
      <ErrorAlert error={fallo} />
      <Box component="form" onSubmit={abrir} display="flex" gap={2} alignItems="flex-start" flexWrap="wrap">
        <CampoImporte id="caja-fondo" label="Fondo inicial" value={fondo} onChange={setFondo} error={error} sx={{ width: 220 }} />
        <Button type="submit" variant="contained" disabled={busy} sx={{ mt: 1 }}>
          Abrir caja
        </Button>
      </Box>
    </Paper>
  );
}
