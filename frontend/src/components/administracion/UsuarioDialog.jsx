import { useState } from 'react';
import { Button, Dialog, DialogActions, DialogContent, DialogTitle, FormControlLabel, MenuItem, Switch, TextField } from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import { SELECT_CON_VACIO } from '../common/selectConVacio';
import { ROLES } from '../../utils/roles';

const MIN_PASSWORD = 10;

/** modo: 'crear' | 'editar' | 'password'. onSave(id, datos). */
export default function UsuarioDialog({ modo, usuario, sucursales, onClose, onSave }) {
  const [v, setV] = useState({
    nombre: usuario?.nombre || '',
    apellido: usuario?.apellido || '',
    email: usuario?.email || '',
    password: '',
    rol: usuario?.rol || ROLES.RECEPCION,
    sucursal_id: usuario?.sucursal_id ? String(usuario.sucursal_id) : '',
    activo: usuario?.activo ?? true,
  });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);
  const set = (campo) => (e) => setV((x) => ({ ...x, [campo]: e.target.value }));

  const validar = () => {
    const e = {};
    if (modo !== 'password') {
      if (!v.nombre.trim()) e.nombre = 'Indique el nombre.';
      if (!v.apellido.trim()) e.apellido = 'Indique el apellido.';
    }
    if (modo === 'crear' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v.email.trim())) e.email = 'Indique un correo electrónico válido.';
    if (modo !== 'editar' && v.password.length < MIN_PASSWORD) e.password = `La contraseña debe tener al menos ${MIN_PASSWORD} caracteres.`;
    return e;
  };

  const guardar = async () => {
    const e = validar();
    setErrores(e);
    if (Object.keys(e).length) return;
    let datos;
    if (modo === 'password') datos = { password: v.password };
    else {
      datos = {
        nombre: v.nombre.trim(),
        apellido: v.apellido.trim(),
        rol: v.rol,
        sucursal_id: v.sucursal_id ? Number(v.sucursal_id) : null,
      };
      if (modo === 'crear') Object.assign(datos, { email: v.email.trim(), password: v.password });
      else datos.activo = v.activo;
    }
    setBusy(true);
    setFallo(null);
    try {
      await onSave(usuario?.id, datos);
      onClose();
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  const titulo = { crear: 'Nuevo usuario', editar: 'Editar usuario', password: 'Restablecer contraseña' }[modo];
  const campo = (name, label, { helperText, ...props } = {}) => (
    <TextField id={`usuario-${name}`} label={label} value={v[name]} onChange={set(name)} fullWidth margin="dense" error={Boolean(errores[name])} helperText={errores[name] || helperText} {...props} />
  );

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="usuario-title">
      <DialogTitle id="usuario-title">
        {titulo}
        {modo !== 'crear' && usuario ? ` · ${usuario.nombre} ${usuario.apellido}` : ''}
      </DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo} />
        {modo !== 'password' && (
          <>
            {campo('nombre', 'Nombre', { autoFocus: true })}
            {campo('apellido', 'Apellido')}
            {modo === 'crear' && campo('email', 'Correo electrónico', { type: 'email' })}
            {campo('rol', 'Rol', {
              select: true,
              children: Object.values(ROLES).map((r) => (
                <MenuItem key={r} value={r}>
                  {r}
                </MenuItem>
              )),
            })}
            {campo('sucursal_id', 'Sucursal', {
              select: true,
              helperText: 'Sin sucursal: ve todas las sucursales.',
              slotProps: SELECT_CON_VACIO,
              children: [
                <MenuItem key="" value="">
                  Sin sucursal
                </MenuItem>,
                ...sucursales.map((s) => (
                  <MenuItem key={s.id} value={String(s.id)}>
                    {s.nombre}
                  </MenuItem>
                )),
              ],
            })}
            {modo === 'editar' && (
              <FormControlLabel control={<Switch checked={v.activo} onChange={(e) => setV((x) => ({ ...x, activo: e.target.checked }))} />} label="Activo" />
            )}
          </>
        )}
        {modo !== 'editar' &&
          campo('password', modo === 'password' ? 'Nueva contraseña' : 'Contraseña', {
            type: 'password',
            autoComplete: 'new-password',
            autoFocus: modo === 'password',
            helperText: `Al menos ${MIN_PASSWORD} caracteres.${modo === 'password' ? ' Las sesiones abiertas del usuario se cierran.' : ''}`,
          })}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          {modo === 'password' ? 'Restablecer contraseña' : 'Guardar usuario'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
