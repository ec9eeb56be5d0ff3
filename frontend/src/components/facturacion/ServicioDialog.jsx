import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Switch,
  TextField,
} from '@mui/material';
import CampoImporte from '../common/CampoImporte';
import ErrorAlert from '../common/ErrorAlert';
import { SELECT_CON_VACIO } from '../common/selectConVacio';
import useLoader from '../../utils/useLoader';
import odontologiaService from '../../services/odontologiaService';
import { normalizarImporte, validarImporte } from '../../utils/facturaTotales';
import { formatDecimal } from '../../utils/money';

/**
 * Create or edit a service of the catalog. `impuestoPorDefecto` comes from the clinic settings. A dental service may
 * name the odontogram condition it leaves (`condicion_resultante`: marking a plan's item done records it).
 */
export default function ServicioDialog({ servicio, impuestoPorDefecto = '0.00', onClose, onSave }) {
  const nuevo = !servicio?.id;
  const [valores, setValores] = useState({
    nombre: servicio?.nombre || '',
    descripcion: servicio?.descripcion || '',
    precio: servicio?.precio || '',
    impuesto_porcentaje: servicio?.impuesto_porcentaje ?? impuestoPorDefecto,
    activo: servicio?.activo ?? true,
    condicion_resultante: servicio?.condicion_resultante || '',
  });
  const catalogo = useLoader(() => odontologiaService.condiciones(), []);
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
        condicion_resultante: valores.condicion_resultante || null,
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
        <TextField
          select
          id="servicio-condicion"
          label="Condición resultante"
          value={valores.condicion_resultante}
          onChange={set('condicion_resultante')}
          fullWidth
          margin="dense"
          slotProps={SELECT_CON_VACIO}
          disabled={!catalogo.data}
          error={Boolean(errores.condicion_resultante || catalogo.error)}
          helperText={
            errores.condicion_resultante ||
            (catalogo.error ? `No se pudo cargar el catálogo de condiciones: ${catalogo.error.message}` : 'Opcional: lo que el odontograma registra al realizar este tratamiento.')
          }
        >
          <MenuItem value="">Ninguna</MenuItem>
          {(catalogo.data || []).map((c) => (
            <MenuItem key={c.codigo} value={c.codigo}>
              {c.nombre}
            </MenuItem>
          ))}
          {/* A code the catalogue does not list (or not yet: it is loading) is shown as it is. */}
          {valores.condicion_resultante && !(catalogo.data || []).some((c) => c.codigo === valores.condicion_resultante) && (
            <MenuItem value={valores.condicion_resultante}>{valores.condicion_resultante}</MenuItem>
          )}
        </TextField>
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
