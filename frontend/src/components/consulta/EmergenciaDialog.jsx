import { useState } from 'react';
import { Alert, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import useTelefono from '../common/useTelefono';

/** Asks the reason of an emergency access to a history and warns that it is recorded. */
export default function EmergenciaDialog({ open, onClose, onConfirm }) {
  const telefono = useTelefono();
  const [motivo, setMotivo] = useState('');
  const [error, setError] = useState(null);
  const confirmar = () => {
    if (!motivo.trim()) {
      setError('Indique el motivo del acceso de emergencia.');
      return;
    }
    onConfirm(motivo.trim());
  };
  return (
    <Dialog open={open} onClose={onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="emergencia-title">
      <DialogTitle id="emergencia-title">Acceso de emergencia</DialogTitle>
      <DialogContent>
        <Alert severity="warning" sx={{ mb: 2 }} data-testid="emergencia-aviso">
          Este acceso quedará registrado en la auditoría con su usuario, la fecha y el motivo que indique.
        </Alert>
        <TextField
          id="emergencia-motivo"
          label="Motivo del acceso de emergencia"
          value={motivo}
          onChange={(e) => setMotivo(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          autoFocus
          error={Boolean(error)}
          helperText={error}
          slotProps={{ htmlInput: { maxLength: 500 } }}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Volver</Button>
        <Button variant="contained" color="warning" onClick={confirmar}>
          Acceder
        </Button>
      </DialogActions>
    </Dialog>
  );
}
