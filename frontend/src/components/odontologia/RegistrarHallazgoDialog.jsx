// A new record of the odontogram: one or more findings (tooth, surfaces, condition, note), each picked on the chart
// or in the selects, and the record's observations. Sent as the Médico themself; a 422 shows under its field, a
// 409 (e.g. PIEZA_AUSENTE: a finding on a missing tooth) with the API's message.
import { useState } from 'react';
import {
  Alert,
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormHelperText,
  IconButton,
  MenuItem,
  TextField,
  ToggleButton,
  ToggleButtonGroup,
  Typography,
} from '@mui/material';
import DeleteIcon from '@mui/icons-material/Delete';
import AddIcon from '@mui/icons-material/Add';
import Odontograma from './Odontograma';
import ErrorAlert from '../common/ErrorAlert';
import odontologiaService from '../../services/odontologiaService';
import { normalizeFieldErrors } from '../../services/errors';
import { NOMBRES_SUPERFICIE, condicionesAplicables, nombrePieza, piezasDe, superficiesDe } from './fdi';

const MAX_NOTA = 1000;
const MAX_OBSERVACIONES = 20000;
const MAX_HALLAZGOS = 64;

const vacia = (seleccion) => ({ pieza: seleccion?.pieza ?? '', superficies: seleccion?.superficies ?? [], condicion: '', nota: '' });

/** The API's errors of a 422 ({json: {...}} or plain): top-level fields and each finding's. */
function erroresDe(error) {
  const crudos = error?.data?.errors ?? {};
  const errores = crudos.json ?? crudos;
  const porHallazgo = errores.hallazgos && typeof errores.hallazgos === 'object' && !Array.isArray(errores.hallazgos) ? errores.hallazgos : {};
  const generales = normalizeFieldErrors(errores);
  const hallazgos = Object.fromEntries(Object.entries(porHallazgo).filter(([i]) => /^\d+$/.test(i)).map(([i, e]) => [i, normalizeFieldErrors(e)]));
  if (Object.keys(hallazgos).length) delete generales.hallazgos;
  return { generales, hallazgos };
}

function FilaHallazgo({ indice, fila, activa, condiciones, piezas, errores, onCambiar, onActivar, onQuitar }) {
  const disponibles = superficiesDe(fila.pieza);
  const opciones = condicionesAplicables(condiciones, fila.superficies);
  const cambiar = (cambios) => {
    const nueva = { ...fila, ...cambios };
    // A condition that no longer fits the chosen surfaces is dropped rather than sent to be refused.
    if (nueva.condicion && !condicionesAplicables(condiciones, nueva.superficies).some((c) => c.codigo === nueva.condicion)) nueva.condicion = '';
    onCambiar(nueva);
  };
  const n = indice + 1;
  return (
    <Box
      component="fieldset"
      onFocusCapture={onActivar}
      onClick={onActivar}
      data-testid="hallazgo-fila"
      data-activa={activa ? 'true' : undefined}
      sx={{ border: 2, borderColor: activa ? 'primary.main' : 'divider', borderRadius: 1, p: 1.5, m: 0, mb: 1.5 }}
    >
      <Typography component="legend" variant="caption" sx={{ px: 0.5 }}>
        Hallazgo {n}
        {activa ? ' (se edita desde el odontograma)' : ''}
      </Typography>
      <Box display="flex" flexWrap="wrap" gap={1.5} alignItems="flex-start">
        <TextField
          select
          id={`hallazgo-${n}-pieza`}
          label="Pieza"
          size="small"
          value={fila.pieza}
          onChange={(e) => {
            const pieza = Number(e.target.value);
            cambiar({ pieza, superficies: fila.superficies.filter((s) => superficiesDe(pieza).includes(s)) });
          }}
          error={Boolean(errores.pieza)}
          helperText={errores.pieza}
          sx={{ minWidth: 260 }}
        >
          {piezas.map((p) => (
            <MenuItem key={p} value={p}>
              {nombrePieza(p)}
            </MenuItem>
          ))}
        </TextField>
        <Box>
          <ToggleButtonGroup
            size="small"
            value={fila.superficies}
            onChange={(_, superficies) => cambiar({ superficies: disponibles.filter((s) => superficies.includes(s)) })}
            aria-label={`Superficies del hallazgo ${n}`}
            disabled={!disponibles.length}
          >
            {(disponibles.length ? disponibles : ['M', 'O', 'D', 'V', 'L']).map((s) => (
              <ToggleButton key={s} value={s} aria-label={NOMBRES_SUPERFICIE[s]} title={NOMBRES_SUPERFICIE[s]} sx={{ minWidth: 36 }}>
                {s}
              </ToggleButton>
            ))}
          </ToggleButtonGroup>
          <FormHelperText error={Boolean(errores.superficies)}>
            {errores.superficies || (fila.superficies.length ? 'Condiciones de superficie' : 'Sin superficies: la pieza completa')}
          </FormHelperText>
        </Box>
        <TextField
          select
          id={`hallazgo-${n}-condicion`}
          label="Condición"
          size="small"
          value={fila.condicion}
          onChange={(e) => cambiar({ condicion: e.target.value })}
          error={Boolean(errores.condicion)}
          helperText={errores.condicion}
          sx={{ minWidth: 220 }}
        >
          {opciones.map((c) => (
            <MenuItem key={c.codigo} value={c.codigo}>
              {c.nombre}
            </MenuItem>
          ))}
        </TextField>
        <TextField
          id={`hallazgo-${n}-nota`}
          label="Nota"
          size="small"
          value={fila.nota}
          onChange={(e) => cambiar({ nota: e.target.value })}
          error={Boolean(errores.nota)}
          helperText={errores.nota}
          slotProps={{ htmlInput: { maxLength: MAX_NOTA } }}
          sx={{ flexGrow: 1, minWidth: 200 }}
        />
        {onQuitar && (
          <IconButton aria-label={`Quitar el hallazgo ${n}`} onClick={onQuitar}>
            <DeleteIcon />
          </IconButton>
        )}
      </Box>
    </Box>
  );
}

/**
 * Props: pacienteId, citaId (the consultation's appointment, optional), emergencia (a declared emergency access),
 * condiciones (the catalogue), denticion and piezas (the chart shown to pick on), seleccionInicial ({pieza,
 * superficies} picked on the chart before opening), onClose, onRegistrado(registro).
 */
export default function RegistrarHallazgoDialog({
  pacienteId,
  citaId = null,
  emergencia = null,
  condiciones = [],
  denticion = 'permanente',
  piezas = {},
  seleccionInicial = null,
  onClose,
  onRegistrado,
}) {
  const [filas, setFilas] = useState(() => [vacia(seleccionInicial)]);
  const [activa, setActiva] = useState(0);
  const [observaciones, setObservaciones] = useState('');
  const [faltan, setFaltan] = useState({});
  const [error, setError] = useState(null);
  const [enviando, setEnviando] = useState(false);
  const opcionesPieza = piezasDe(denticion);
  const fila = filas[activa];
  const delServidor = erroresDe(error);

  const cambiarFila = (i, nueva) => setFilas((fs) => fs.map((f, j) => (j === i ? nueva : f)));
  const desdeElChart = (seleccion) => {
    const superficies = seleccion?.superficies ?? [];
    const nueva = { ...fila, pieza: seleccion?.pieza ?? '', superficies };
    if (nueva.condicion && !condicionesAplicables(condiciones, superficies).some((c) => c.codigo === nueva.condicion)) nueva.condicion = '';
    cambiarFila(activa, nueva);
  };
  const agregar = () => {
    setFilas((fs) => [...fs, vacia(null)]);
    setActiva(filas.length);
  };
  const quitar = (i) => {
    setFilas((fs) => fs.filter((_, j) => j !== i));
    setActiva((a) => Math.max(0, a >= i ? a - 1 : a));
    setFaltan({});
    setError(null);
  };

  const validar = () => {
    const errores = {};
    filas.forEach((f, i) => {
      const e = {};
      if (!f.pieza) e.pieza = 'Elija la pieza.';
      if (!f.condicion) e.condicion = 'Elija la condición.';
      if (Object.keys(e).length) errores[i] = e;
    });
    setFaltan(errores);
    return !Object.keys(errores).length;
  };

  const registrar = async () => {
    setError(null);
    if (!validar()) return;
    const body = {
      ...(citaId ? { cita_id: Number(citaId) } : {}),
      hallazgos: filas.map((f) => ({
        pieza: Number(f.pieza),
        ...(f.superficies.length ? { superficies: f.superficies } : {}),
        condicion: f.condicion,
        ...(f.nota.trim() ? { nota: f.nota.trim() } : {}),
      })),
      ...(observaciones.trim() ? { observaciones: observaciones.trim() } : {}),
    };
    setEnviando(true);
    try {
      const registro = await odontologiaService.registrar(pacienteId, body, { emergencia });
      onRegistrado(registro);
    } catch (err) {
      setError(err);
      setEnviando(false);
    }
  };

  return (
    <Dialog open onClose={enviando ? undefined : onClose} maxWidth="lg" fullWidth aria-labelledby="registrar-hallazgo-title">
      <DialogTitle id="registrar-hallazgo-title">Registrar hallazgo</DialogTitle>
      <DialogContent dividers>
        <Typography variant="body2" color="text.secondary" gutterBottom>
          Elija la pieza y sus superficies en el odontograma o en los campos del hallazgo. El registro no se puede
          modificar después: una corrección es un hallazgo nuevo.
        </Typography>
        <Odontograma
          denticion={denticion}
          piezas={piezas}
          condiciones={condiciones}
          seleccion={fila?.pieza ? { pieza: Number(fila.pieza), superficies: fila.superficies } : null}
          onSeleccionar={desdeElChart}
          titulo="Odontograma para elegir la pieza del hallazgo"
        />
        <Box mt={2}>
          {filas.map((f, i) => (
            <FilaHallazgo
              key={i}
              indice={i}
              fila={f}
              activa={i === activa}
              condiciones={condiciones}
              piezas={opcionesPieza}
              errores={{ ...faltan[i], ...delServidor.hallazgos[i] }}
              onCambiar={(nueva) => cambiarFila(i, nueva)}
              onActivar={() => setActiva(i)}
              onQuitar={filas.length > 1 ? () => quitar(i) : null}
            />
          ))}
          <Button startIcon={<AddIcon />} onClick={agregar} disabled={filas.length >= MAX_HALLAZGOS}>
            Agregar otro hallazgo
          </Button>
        </Box>
        <TextField
          id="registro-observaciones"
          label="Observaciones"
          value={observaciones}
          onChange={(e) => setObservaciones(e.target.value)}
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          error={Boolean(delServidor.generales.observaciones)}
          helperText={delServidor.generales.observaciones}
          slotProps={{ htmlInput: { maxLength: MAX_OBSERVACIONES } }}
        />
        {['hallazgos', 'cita_id'].map(
          (campo) =>
            delServidor.generales[campo] && (
              <Alert key={campo} severity="error" sx={{ mb: 2 }} data-testid={`error-${campo}`}>
                {delServidor.generales[campo]}
              </Alert>
            ),
        )}
        <ErrorAlert error={error} sx={{ mt: 1 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={enviando}>
          Cancelar
        </Button>
        <Button variant="contained" onClick={registrar} disabled={enviando}>
          {enviando ? 'Registrando…' : 'Registrar'}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
