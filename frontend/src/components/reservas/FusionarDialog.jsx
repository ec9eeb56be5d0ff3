import { useState } from 'react';
import {
  Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, FormControl, FormControlLabel, FormLabel,
  Radio, RadioGroup, Typography,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import pacientesService from '../../services/pacientesService';
import { formatDate } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';

const ficha = (p) => `${nombreCompleto(p)} (n.º ${p.id}${p.fecha_nacimiento ? `, nacido el ${formatDate(p.fecha_nacimiento)}` : ''})`;

/**
 * Confirm the merge of two records of one person: the booking's patient (`paciente`) and a possible duplicate
 * (`duplicado`). The existing record is kept by default. `onFusionado(conservado)` after the merge.
 */
export default function FusionarDialog({ paciente, duplicado, nuevo, onClose, onFusionado }) {
  const [conservar, setConservar] = useState('duplicado');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [queda, otro] = conservar === 'duplicado' ? [duplicado, paciente] : [paciente, duplicado];

  const confirmar = async () => {
    setBusy(true);
    setError(null);
    try {
      const conservado = await pacientesService.fusionar(queda.id, otro.id);
      onFusionado(conservado || queda);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="sm" fullWidth aria-labelledby="fusionar-titulo" aria-describedby="fusionar-explicacion">
      <DialogTitle id="fusionar-titulo">Fusionar pacientes</DialogTitle>
      <DialogContent>
        <DialogContentText sx={{ mb: 2 }}>
          Use esta opción solo si los dos registros son de la misma persona.
        </DialogContentText>
        <FormControl>
          <FormLabel id="fusionar-conservar">¿Qué registro se conserva?</FormLabel>
          <RadioGroup aria-labelledby="fusionar-conservar" value={conservar} onChange={(e) => setConservar(e.target.value)}>
            <FormControlLabel value="duplicado" control={<Radio />} label={`${ficha(duplicado)}: el registro existente`} />
            <FormControlLabel
              value="reserva"
              control={<Radio />}
              label={`${ficha(paciente)}: ${nuevo ? 'creado por la reserva en línea' : 'el de esta reserva'}`}
            />
          </RadioGroup>
        </FormControl>
        <Typography id="fusionar-explicacion" variant="body2" sx={{ mt: 2 }} data-testid="fusionar-explicacion">
          Se conserva <strong>{nombreCompleto(queda)} (n.º {queda.id})</strong>. El registro n.º {otro.id} ({nombreCompleto(otro)}) queda
          inactivo y enlazado al conservado: sus citas y mensajes pasan al n.º {queda.id}; su historial clínico y sus
          facturas se conservan tal como se escribieron y se leen como del n.º {queda.id}. No se borra ningún dato.
        </Typography>
        <ErrorAlert error={error} sx={{ mt: 2, mb: 0 }} />
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose} disabled={busy}>
          Volver
        </Button>
        <Button variant="contained" color="warning" onClick={confirmar} disabled={busy}>
          {busy ? 'Fusionando…' : `Fusionar en n.º ${queda.id}`}
        </Button>
      </DialogActions>
    </Dialog>
  );
}
