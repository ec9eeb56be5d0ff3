import { useMemo, useState } from 'react';
import { Autocomplete, Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, Switch, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import { zonasHorarias } from './zonasHorarias';

export default function SucursalDialog({ sucursal, onClose, onSave }) {
  const nueva = !sucursal?.id;
  const zonas = useMemo(zonasHorarias, []);
  const [v, setV] = useState({
    nombre: sucursal?.nombre || '',
    direccion: sucursal?.direccion || '',
    telefono: sucursal?.telefono || '',
    email: sucursal?.email || '',
    zona_horaria: sucursal?.zona_horaria || 'America/Mexico_City',
    activo: sucursal?.activo ?? true,
  });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (campo) => (e) => setV((x) => ({ ...x, [campo]: e.target.value }));

  const guardar = async () => {
    const e = {};
    if (!v.nombre.trim()) e.nombre = 'Indique el nombre de la sucursal.';
    if (!v.direccion.trim()) e.direccion = 'Indique la dirección.';
    if (!v.zona_horaria) e.zona_horaria = 'Elija la zona horaria.';
    setErrores(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFallo(null);
    try {
      await onSave(sucursal?.id, {
        nombre: v.nombre.trim(),
        direccion: v.direccion.trim(),
        telefono: v.telefono.trim() || null,
        email: v.email.trim() || null,
        zona_horaria: v.zona_horaria,
        activo: v.activo,
      });
      onClose();
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  const campo = (name, label, props = {}) => (
    <TextField id={`sucursal-${name}`} label={label} value={v[name]} onChange={set(name)} fullWidth margin="dense" error={Boolean(errores[name])} helperText={errores[name]} {...props} />
  );

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="sucursal-title">
      <DialogTitle id="sucursal-title">{nueva ? 'Nueva sucursal' : 'Editar sucursal'}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo} />
        {campo('nombre', 'Nombre', { autoFocus: true })}
        {campo('direccion', 'Dirección', { multiline: true })}
        {campo('telefono', 'Teléfono')}
        {campo('email', 'Email', { type: 'email' })}
        <Autocomplete
          id="sucursal-zona"
          options={zonas}
          value={v.zona_horaria}
          onChange={(_, z) => setV((x) => ({ ...x, zona_horaria: z || '' }))}
          renderInput={(params) => (
            <TextField
              {...params}
              label="Zona horaria"
              margin="dense"
              error={Boolean(errores.zona_horaria)}
              helperText={errores.zona_horaria || 'Las fechas y horas de las citas de la sucursal son de esta zona.'}
            />
          )}
        />
        <FormControlLabel control={<Switch checked={v.activo} onChange={(e) => setV((x) => ({ ...x, activo: e.target.checked }))} />} label="Activa" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar sucursal
        </Button>
      </DialogActions>
    </Dialog>
  );
}
