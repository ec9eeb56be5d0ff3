import { useState } from 'react';
import { Box, Button, MenuItem, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import { METODOS_PAGO } from './estadosFactura';
import facturacionService from '../../services/facturacionService';
import { formatMoney } from '../../utils/money';
import { aCentavos, leerImporte, montoValido } from '../../utils/facturaTotales';

/** A payment of a pending invoice: amount (partial allowed, never above the balance) and method. */
export default function PagoForm({ factura, onPagado }) {
  const [monto, setMonto] = useState(factura.saldo);
  const [metodo, setMetodo] = useState('efectivo');
  const [error, setError] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const registrar = async () => {
    const { importe: normal, aviso } = leerImporte(monto);
    if (!normal || !montoValido(normal, factura.saldo)) {
      setError(aviso || `Indique un monto mayor que 0 y no mayor que el saldo (${formatMoney(factura.saldo)}).`);
      return;
    }
    setError(null);
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
        <TextField
          id="pago-monto"
          label="Monto"
          value={monto}
          onChange={(e) => setMonto(e.target.value)}
          error={Boolean(error)}
          helperText={error || 'Puede registrar un pago parcial.'}
          slotProps={{ htmlInput: { inputMode: 'decimal' } }}
          sx={{ width: 200 }}
        />
        <TextField select id="pago-metodo" label="Método de pago" value={metodo} onChange={(e) => setMetodo(e.target.value)} sx={{ width: 200 }}>
          {METODOS_PAGO.map((m) => (
            <MenuItem key={m.id} value={m.id}>
              {m.label}
            </MenuItem>
          ))}
        </TextField>
        <Button variant="contained" onClick={registrar} disabled={busy} sx={{ mt: 1 }}>
          Registrar pago
        </Button>
      </Box>
    </Box>
  );
}
