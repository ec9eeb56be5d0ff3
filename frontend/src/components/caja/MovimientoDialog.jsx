// "Ingreso / Egreso de efectivo": cash put into or taken out of the drawer, with its concept.
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, MenuItem, TextField } from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import cajaService from '../../services/cajaService';
import { validarImporte } from '../../utils/facturaTotales';

export default function MovimientoDialog({ sesion, onClose, onRegistrado }) {
  const [valores, setValores] = useState({ tipo: 'ingreso', monto: '', concepto: '' });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (campo) => (e) => setValores((v) => ({ ...v, [campo]: e.target.value }));

  const registrar = async () => {
    const { importe: monto, error } = validarImporte(valores.monto, { positivo: true, mensaje: 'Indique un monto mayor que 0.' });
    const e = {};
    if (error) e.monto = error;
    if (!valores.concepto.trim()) e.concepto = 'Indique el concepto del movimiento.';
    setErrores(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFallo(null);
    try {
      onRegistrado(await cajaService.movimiento(sesion.id, { tipo: valores.tipo, monto, concepto: valores.concepto.trim() }));
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth aria-labelledby="movimiento-title">
      <DialogTitle id="movimiento-title">Ingreso o egreso de efectivo</DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo} />
        <TextField select id="movimiento-tipo" label="Tipo" value={valores.tipo} onChange={set('tipo')} fullWidth margin="dense">
          <MenuItem value="ingreso">Ingreso</MenuItem>
          <MenuItem value="egreso">Egreso</MenuItem>
        </TextField>
        <CampoImporte id="movimiento-monto" label="Monto" value={valores.monto} onChange={(monto) => setValores((v) => ({ ...v, monto }))} fullWidth
          margin="dense" autoFocus error={errores.monto} />
        <TextField id="movimiento-concepto" label="Concepto" value={valores.concepto} onChange={set('concepto')} fullWidth margin="dense"
          error={Boolean(errores.concepto)} helperText={errores.concepto || 'P. ej. cambio para el cajón, compra de material'} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={registrar} disabled={busy}>
          Registrar movimiento
        </Button>
      </DialogActions>
    </Dialog>
  );
}
