import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Switch,
  TextField,
} from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import { normalizarImporte, validarImporte } from '../../utils/facturaTotales';
import { formatDecimal } from '../../utils/money';

/** Create or edit a service of the catalog. `impuestoPorDefecto` comes from the clinic settings. */
export default function ServicioDialog({ servicio, impuestoPorDefecto = '0.00', onClose, onSave }) {
  const nuevo = !servicio?.id;
  const [valores, setValores] = useState({
    nombre: servicio?.nombre || '',
    descripcion: servicio?.descripcion || '',
    precio: servicio?.precio || '',
    impuesto_porcentaje: servicio?.impuesto_porcentaje ?? impuestoPorDefecto,
    activo: servicio?.activo ?? true,
  });
  const [errores, setErrores] = useState({});
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const set = (campo) => (e) => setValores((v) => ({ ...v, [campo]: e.target.value }));

  const guardar = async () => {
    const e = {};
    const { importe: precio, error: errorPrecio } = validarImporte(valores.precio, { mensaje: `Indique un precio válido (p. ej. ${formatDecimal('350.00')}).` });
    const impuesto = normalizarImporte(valores.impuesto_porcentaje);
    if (!valores.nombre.trim()) e.nombre = 'Indique el nombre del servicio.';
    if (errorPrecio) e.precio = errorPrecio;
    if (impuesto === null || Number(impuesto) > 100) e.impuesto_porcentaje = 'Indique un porcentaje entre 0 y 100.';
    setErrores(e);
    if (Object.keys(e).length) return;
    setBusy(true);
    setFallo(null);
    try {
      await onSave(servicio?.id, {
        nombre: valores.nombre.trim(),
        descripcion: valores.descripcion.trim() || null,
        precio,
        impuesto_porcentaje: impuesto,
        activo: valores.activo,
      });
      onClose();
    } catch (err) {
      setErrores(err.fieldErrors || {});
      setFallo(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="servicio-title">
      <DialogTitle id="servicio-title">{nuevo ? 'Nuevo servicio' : 'Editar servicio'}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo} />
        <TextField id="servicio-nombre" label="Nombre" value={valores.nombre} onChange={set('nombre')} fullWidth margin="dense" autoFocus error={Boolean(errores.nombre)} helperText={errores.nombre} />
        <TextField id="servicio-descripcion" label="Descripción" value={valores.descripcion} onChange={set('descripcion')} fullWidth margin="dense" multiline minRows={2} error={Boolean(errores.descripcion)} helperText={errores.descripcion} />
        <CampoImporte id="servicio-precio" label="Precio" value={valores.precio} onChange={(precio) => setValores((v) => ({ ...v, precio }))} fullWidth margin="dense" error={errores.precio} ayuda={nuevo ? undefined : 'Cambiar el precio no altera las facturas ya emitidas.'} />
        <TextField id="servicio-impuesto" label="Impuesto (%)" value={valores.impuesto_porcentaje} onChange={set('impuesto_porcentaje')} fullWidth margin="dense" slotProps={{ htmlInput: { inputMode: 'decimal' } }} error={Boolean(errores.impuesto_porcentaje)} helperText={errores.impuesto_porcentaje} />
        <FormControlLabel control={<Switch checked={valores.activo} onChange={(e) => setValores((v) => ({ ...v, activo: e.target.checked }))} />} label="Activo" />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={guardar} disabled={busy}>
          Guardar servicio
        </Button>
      </DialogActions>
    </Dialog>
  );
}
