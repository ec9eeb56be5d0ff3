import { useState } from 'react';
import { Box, Button } from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import SelectMetodoPago from './SelectMetodoPago';
import facturacionService from '../../services/facturacionService';
import { formatMoney } from '../../utils/money';
import { aCentavos, validarImporte } from '../../utils/facturaTotales';

/** A payment of a pending invoice: amount (partial allowed, never above the balance) and method. */
export default function PagoForm({ factura, onPagado }) {
  const [monto, setMonto] = useState(factura.saldo);
  const [metodo, setMetodo] = useState('efectivo');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const registrar = async () => {
    const { importe: normal, error: problema } = validarImporte(monto, {
      maximo: factura.saldo,
      mensaje: `Indique un monto mayor que 0 y no mayor que el saldo (${formatMoney(factura.saldo)}).`,
    });
    setError(problema);
    if (problema) return;
    setFallo(null);
    setBusy(true);
    try {
      const pago = await facturacionService.registrarPago(factura.id, { monto: normal, metodo });
      setMonto(pago.saldo && aCentavos(pago.saldo) > 0n ? pago.saldo : '');
      onPagado(pago);
    } catch (err) {
      setError(err.fieldErrors?.monto || null);
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Box data-testid="pago-form">
      <ErrorAlert error={fallo} />
      <Box display="flex" gap={2} flexWrap="wrap" alignItems="flex-start">
        <CampoImporte id="pago-monto" label="Monto" value={monto} onChange={setMonto} error={error} ayuda="Puede registrar un pago parcial." sx={{ width: 200 }} />
        <SelectMetodoPago id="pago-metodo" label="Método de pago" value={metodo} onChange={setMetodo} sx={{ width: 200 }} />
        <Button variant="contained" onClick={registrar} disabled={busy} sx={{ mt: 1 }}>
          Registrar pago
        </Button>
      </Box>
    </Box>
  );
}
