import { MenuItem, TextField } from '@mui/material';
import { METODOS_PAGO } from './estadosFactura';

/** The payment method of a payment or a refund, one of METODOS_PAGO. `onChange` receives the method's id; other props go to the TextField. */
export default function SelectMetodoPago({ value, onChange, ...props }) {
  return (
    <TextField select {...props} value={value} onChange={(e) => onChange(e.target.value)}>
      {METODOS_PAGO.map((m) => (
        <MenuItem key={m.id} value={m.id}>
          {m.label}
        </MenuItem>
      ))}
    </TextField>
  );
}
