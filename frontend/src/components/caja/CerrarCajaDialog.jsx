// "Cerrar caja": the counted cash, typed as a total or counted by bills and coins (sent as `conteo`), and notes.
// Closing is irreversible, so a count of 0.00 when cash was expected (e.g. nothing typed in the bills and coins)
// is confirmed first.
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
import CampoImporte from '../common/CampoImporte';
import ConfirmDialog from '../common/ConfirmDialog';
import ErrorAlert from '../common/ErrorAlert';
import ConteoEfectivo from './ConteoEfectivo';
import { conteoLimpio, denominacionesDe, sumaConteo } from './denominaciones';
import cajaService from '../../services/cajaService';
import { validarImporte } from '../../utils/facturaTotales';
import { formatDecimal, formatMoney, signo } from '../../utils/money';

/** {efectivo_contado, conteo?} from the form, or {error}. */
function contado(modo, efectivo, conteo) {
  if (modo === 'conteo') {
    const limpio = conteoLimpio(conteo);
    if (limpio === null) return { error: 'Cada cantidad debe ser un número entero mayor o igual que 0.' };
    return { efectivo_contado: sumaConteo(conteo), conteo: limpio };
  }
  const { importe, error } = validarImporte(efectivo, { mensaje: `Indique el efectivo contado (p. ej. ${formatDecimal('1250.50')}).` });
  return error ? { error } : { efectivo_contado: importe };
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
  const [sinEfectivo, setSinEfectivo] = useState(null); // the form's data while "close at 0.00?" is asked

  const enviar = async (datos) => {
    setSinEfectivo(null);
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

  const cerrar = () => {
    const datos = contado(modo, efectivo, conteo);
    setError(datos.error || null);
    if (datos.error) return;
    if (signo(datos.efectivo_contado) === 0 && signo(sesion.esperado) !== 0) setSinEfectivo(datos);
    else enviar(datos);
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
          <CampoImporte id="cerrar-efectivo" label="Efectivo contado" value={efectivo} onChange={setEfectivo} error={error} fullWidth margin="dense" autoFocus />
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
      <ConfirmDialog
        open={Boolean(sinEfectivo)}
        title="¿Cerrar la caja sin efectivo?"
        message={`El efectivo contado es ${formatMoney('0.00')} y se esperaban ${formatMoney(sesion.esperado)}. Una caja cerrada ya no cambia: la diferencia quedará registrada.`}
        confirmLabel={`Cerrar con ${formatMoney('0.00')}`}
        onConfirm={() => enviar(sinEfectivo)}
        onClose={() => setSinEfectivo(null)}
      />
    </Dialog>
  );
}
