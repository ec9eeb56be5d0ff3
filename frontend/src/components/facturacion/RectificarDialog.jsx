// "Rectificar": a credit note of the whole invoice (what is left of it) or of some lines, with a live
// preview computed like the server (utils/facturaTotales.calcularRectificativa) from what the invoice's lines
// say is still rectifiable (cantidad_rectificable, subtotal_rectificable, impuesto_rectificable): no requests.
import { useState } from 'react';
import {
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  Radio,
  RadioGroup,
  TextField,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import LineasRectificar from './LineasRectificar';
import RectificativaPreview from './RectificativaPreview';
import facturacionService from '../../services/facturacionService';
import { calcularRectificativa } from '../../utils/facturaTotales';

const todoLoQueQueda = (detalles) => Object.fromEntries(detalles.map((d) => [d.id, d.cantidad_rectificable]));

/** Per line: an error when the quantity is not a whole number between 0 and what is left. */
function erroresDeCantidad(detalles, cantidades) {
  const errores = {};
  for (const d of detalles) {
    const texto = String(cantidades[d.id] ?? '').trim();
    const n = Number(texto || 0);
    if (!Number.isInteger(n) || n < 0 || n > d.cantidad_rectificable) errores[d.id] = `Entre 0 y ${d.cantidad_rectificable}`;
  }
  return errores;
}

/** Field errors of the answer that no field of the dialog shows (e.g. `lineas`). */
function otrosErrores(err) {
  return Object.entries(err?.fieldErrors || {})
    .filter(([campo]) => campo !== 'motivo')
    .map(([, mensaje]) => mensaje);
}

export default function RectificarDialog({ factura, onClose, onRectificada }) {
  const [motivo, setMotivo] = useState('');
  const [modo, setModo] = useState('toda');
  const [cantidades, setCantidades] = useState(() => Object.fromEntries(factura.detalles.map((d) => [d.id, 0])));
  const [errorMotivo, setErrorMotivo] = useState(null);
  const [errorLineas, setErrorLineas] = useState(null);
  const [fallo, setFallo] = useState(null);
  const [busy, setBusy] = useState(false);

  const erroresLinea = modo === 'lineas' ? erroresDeCantidad(factura.detalles, cantidades) : {};
  const elegidas = modo === 'toda' ? todoLoQueQueda(factura.detalles) : cantidades;
  const nota = Object.keys(erroresLinea).length ? null : calcularRectificativa(factura.detalles, elegidas);

  const emitir = async () => {
    const sinMotivo = !motivo.trim();
    const sinLineas = !nota || nota.lineas.length === 0;
    setErrorMotivo(sinMotivo ? 'Indique el motivo de la rectificación.' : null);
    setErrorLineas(nota && sinLineas ? 'Elija al menos una línea con una cantidad mayor que 0.' : null);
    if (sinMotivo || sinLineas) return;
    const datos = { motivo: motivo.trim() };
    if (modo === 'lineas') datos.lineas = nota.lineas.map((l) => ({ detalle_id: l.detalle_id, cantidad: -l.cantidad }));
    setBusy(true);
    setFallo(null);
    try {
      onRectificada(await facturacionService.rectificar(factura.id, datos));
    } catch (err) {
      setErrorMotivo(err.fieldErrors?.motivo || null);
      setFallo(err);
      setBusy(false);
    }
  };

  const otros = otrosErrores(fallo);
  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="md" fullWidth aria-labelledby="rectificar-title">
      <DialogTitle id="rectificar-title">Rectificar la factura {factura.numero_factura}</DialogTitle>
      <DialogContent>
        <ErrorAlert error={fallo}>
          {otros.length > 0 && <div>{otros.join(' ')}</div>}
        </ErrorAlert>
        <TextField
          id="rectificar-motivo"
          label="Motivo de la rectificación"
          value={motivo}
          onChange={(e) => setMotivo(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          margin="dense"
          autoFocus
          error={Boolean(errorMotivo)}
          helperText={errorMotivo}
        />
        <RadioGroup row value={modo} onChange={(e) => setModo(e.target.value)} aria-label="Qué rectificar" sx={{ my: 1 }}>
          <FormControlLabel value="toda" control={<Radio />} label="Toda la factura" />
          <FormControlLabel value="lineas" control={<Radio />} label="Algunas líneas" />
        </RadioGroup>
        {modo === 'lineas' && (
          <LineasRectificar
            detalles={factura.detalles}
            cantidades={cantidades}
            errores={erroresLinea}
            onCambio={(id, valor) => setCantidades((c) => ({ ...c, [id]: valor }))}
          />
        )}
        <ErrorAlert error={errorLineas} sx={{ mt: 2 }} />
        {nota && <RectificativaPreview nota={nota} />}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" onClick={emitir} disabled={busy}>
          Emitir rectificativa
        </Button>
      </DialogActions>
    </Dialog>
  );
}
