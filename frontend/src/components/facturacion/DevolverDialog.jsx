// "Devolver": a refund of what the patient paid (a negative payment), never more than the net paid. It is
// pre-filled with what the clinic owes the patient after credit notes (−saldo), not with everything paid.
import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle } from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import SelectMetodoPago from './SelectMetodoPago';
import facturacionService from '../../services/facturacionService';
import { formatMoney } from '../../utils/money';
import { aCentavosConSigno, deCentavos, devolucionSugerida, validarImporte } from '../../utils/facturaTotales';

export default function DevolverDialog({ factura, onClose, onDevuelta }) {
  const [monto, setMonto] = useState(() => devolucionSugerida(factura.pagado, factura.saldo));
  const [metodo, setMetodo] = useState('efectivo');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  const aFavor = -(aCentavosConSigno(factura.saldo) ?? 0n);

  const devolver = async () => {
    const { importe: normal, error: problema } = validarImporte(monto, {
      maximo: factura.pagado,
      mensaje: `Indique un monto mayor que 0 y no mayor que lo pagado (${formatMoney(factura.pagado)}).`,
    });
    setError(problema);
    if (problema) return;
    setFallo(null);
    setBusy(true);
    try {
      onDevuelta(await facturacionService.devolver(factura.id, { monto: normal, metodo }));
    } catch (err) {
      setError(err.fieldErrors?.monto || null);
      setFallo(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth aria-labelledby="devolver-title">
      <DialogTitle id="devolver-title">Devolver un pago</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          Pagado hasta ahora: {formatMoney(factura.pagado)}.
          {aFavor > 0n && ` Saldo a favor del paciente: ${formatMoney(deCentavos(aFavor))}.`} La devolución
          queda registrada como un pago negativo.
        </DialogContentText>
        <ErrorAlert error={fallo} />
        <CampoImporte id="devolver-monto" label="Monto a devolver" value={monto} onChange={setMonto} error={error} fullWidth margin="dense" autoFocus />
        <SelectMetodoPago id="devolver-metodo" label="Método de la devolución" value={metodo} onChange={setMetodo} fullWidth margin="dense" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={devolver} disabled={busy}>
          Registrar devolución
        </Button>
      </DialogActions>
    </Dialog>
  );
}
