import { Chip } from '@mui/material';

/** A small mark on an appointment the patient booked online (`origen: en_linea`); nothing otherwise. */
export default function EnLineaMarca({ cita, sx }) {
  if (cita?.origen !== 'en_linea') return null;
  return (
    <Chip
      label="En línea"
      size="small"
      variant="outlined"
      title="Reservada por el paciente en línea"
      data-testid="cita-en-linea"
      sx={{ height: 18, fontSize: '0.68rem', bgcolor: 'rgba(255,255,255,0.9)', color: '#0d47a1', borderColor: '#0d47a1', ...sx }}
    />
  );
}
