import { TextField } from '@mui/material';

/**
 * A money amount typed as the clinic writes it (forms read it with validarImporte): a text field with the decimal
 * keyboard on phones. `onChange` receives the text; `error` (a message, or null) takes the place of `ayuda`, the
 * field's help. Other props (id, label, fullWidth, margin, autoFocus, sx…) go to the TextField.
 */
export default function CampoImporte({ value, onChange, error, ayuda, ...props }) {
  return (
    <TextField
      {...props}
      value={value}
      onChange={(e) => onChange(e.target.value)}
      error={Boolean(error)}
      helperText={error || ayuda}
      slotProps={{ htmlInput: { inputMode: 'decimal' } }}
    />
  );
}
