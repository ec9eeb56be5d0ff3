import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import useTelefono from '../common/useTelefono';

/** Append a correction (texto + motivo) to an earlier entry. */
export default function AdendaDialog({ entrada, onClose, onSubmit }) {
  const telefono = useTelefono();
  const [texto, setTexto] = useState('');
  const [motivo, setMotivo] = useState('');
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  if (!entrada) return null;

  const guardar = async () => {
    const e = {};
    if (!texto.trim()) e.texto = 'Escriba el texto de la adenda.';
    if (!motivo.trim()) e.motivo = 'Indique el motivo de la adenda.';
    setErrores(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFallo(null);
    try {
      await onSubmit(entrada, { texto: texto.trim(), motivo: motivo.trim() });
      onClose();
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth fullScreen={telefono} aria-labelledby="adenda-title">
      <DialogTitle id="adenda-title">Agregar adenda</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 1 }}>
          La entrada original no cambia: la adenda queda añadida con su autor, la fecha y el motivo.
        </DialogContentText>
        <ErrorAlert error={fallo} />
        <TextField
          id="adenda-texto"
          label="Texto de la adenda"
          value={texto}
          onChange={(e) => setTexto(e.target.value)}
          fullWidth
          multiline
          minRows={3}
          margin="dense"
          autoFocus
          error={Boolean(errores.texto)}
          helperText={errores.texto}
        />
        <TextField
          id="adenda-motivo"
          label="Motivo de la adenda"
          value={motivo}
          onChange={(e) => setMotivo(e.target.value)}
          fullWidth
          margin="dense"
          error={Boolean(errores.motivo)}
          helperText={errores.motivo}
        />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar adenda
        </Button>
      </DialogActions>
    </Dialog>
  );
}
