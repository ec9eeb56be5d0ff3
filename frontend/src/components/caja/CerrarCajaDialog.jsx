// "Cerrar caja": the counted cash, typed as a total or counted by bills and coins (sent as `conteo`), and notes.
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogContentText,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import ConteoEfectivo from './ConteoEfectivo';
import { conteoLimpio, denominacionesDe, sumaConteo } from './denominaciones';
import cajaService from '../../services/cajaService';
import { leerImporte } from '../../utils/facturaTotales';
import { formatDecimal, formatMoney } from '../../utils/money';

/** {efectivo_contado, conteo?} from the form, or {error}. */
function contado(modo, efectivo, conteo) {
  if (modo === 'conteo') {
    const limpio = conteoLimpio(conteo);
    if (limpio === null) return { error: 'Cada cantidad debe ser un número entero mayor o igual que 0.' };
    return { efectivo_contado: sumaConteo(conteo), conteo: limpio };
  }
  const { importe, aviso } = leerImporte(efectivo);
  if (importe === null) return { error: aviso || `Indique el efectivo contado (p. ej. ${formatDecimal('1250.50')}).` };
  return { efectivo_contado: importe };
}

export default function CerrarCajaDialog({ sesion, moneda, onClose, onCerrada }) {
  const denominaciones = denominacionesDe(moneda);
  const [modo, setModo] = useState('total');
  const [efectivo, setEfectivo] = useState('');
  const [conteo, setConteo] = useState({});
  const [notas, setNotas] = useState('');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const cerrar = async () => {
    const datos = contado(modo, efectivo, conteo);
    setError(datos.error || null);
    if (datos.error) return;
    setBusy(true);
    setFallo(null);
    try {
      onCerrada(await cajaService.cerrar(sesion.id, { ...datos, notas: notas.trim() || undefined }));
    } catch (err) {
      setError(err.fieldErrors?.efectivo_contado || err.fieldErrors?.conteo || null);
      setFallo(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="cerrar-caja-title">
      <DialogTitle id="cerrar-caja-title">Cerrar caja</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          Cuente el efectivo del cajón. Una caja cerrada ya no cambia: los pagos siguientes irán a la próxima sesión.
        </DialogContentText>
        <ErrorAlert error={fallo} />
        {denominaciones && (
          <RadioGroup row value={modo} onChange={(e) => setModo(e.target.value)} aria-label="Cómo contar">
            <FormControlLabel value="total" control={<Radio />} label="Escribir el total" />
            <FormControlLabel value="conteo" control={<Radio />} label="Contar billetes y monedas" />
          </RadioGroup>
        )}
        {modo === 'total' ? (
          <TextField
            id="cerrar-efectivo"
            label="Efectivo contado"
            value={efectivo}
            onChange={(e) => setEfectivo(e.target.value)}
            fullWidth
            margin="dense"
            autoFocus
            error={Boolean(error)}
            helperText={error}
            slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          />
        ) : (
          <>
            <ConteoEfectivo denominaciones={denominaciones} conteo={conteo} onCambio={(d, v) => setConteo((c) => ({ ...c, [d]: v }))} />
            <ErrorAlert error={error} sx={{ mt: 1 }} />
          </>
        )}
        <TextField id="cerrar-notas" label="Notas" value={notas} onChange={(e) => setNotas(e.target.value)} fullWidth multiline minRows={2} margin="dense" />
        <DialogContentText variant="body2" sx={{ mt: 1 }}>
          Efectivo esperado: {formatMoney(sesion.esperado)}
        </DialogContentText>
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={cerrar} disabled={busy}>
          Cerrar caja
        </Button>
      </DialogActions>
    </Dialog>
  );
}
