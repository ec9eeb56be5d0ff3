import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';

export default function EspecialidadDialog({ especialidad, onClose, onSave }) {
  const [nombre, setNombre] = useState(especialidad?.nombre || '');
  const [descripcion, setDescripcion] = useState(especialidad?.descripcion || '');
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const guardar = async () => {
    if (!nombre.trim()) {
      setErrores({ nombre: 'Indique el nombre de la especialidad.' });
      return;
    }
    setErrores({});
    setBusy(true);
    setFallo(null);
    try {
      await onSave(especialidad?.id, { nombre: nombre.trim(), descripcion: descripcion.trim() || null });
      onClose();
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="especialidad-title">
      <DialogTitle id="especialidad-title">{especialidad?.id ? 'Editar especialidad' : 'Nueva especialidad'}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo} />
        <TextField id="especialidad-nombre" label="Nombre" value={nombre} onChange={(e) => setNombre(e.target.value)} fullWidth margin="dense" autoFocus error={Boolean(errores.nombre)} helperText={errores.nombre} />
        <TextField id="especialidad-descripcion" label="Descripción" value={descripcion} onChange={(e) => setDescripcion(e.target.value)} fullWidth margin="dense" multiline minRows={2} error={Boolean(errores.descripcion)} helperText={errores.descripcion} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar especialidad
        </Button>
      </DialogActions>
    </Dialog>
  );
}
