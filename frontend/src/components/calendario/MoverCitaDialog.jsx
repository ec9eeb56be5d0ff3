import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, TextField, Typography } from '@mui/material';
import DateField from '../common/DateField';
import ErrorAlert from '../common/ErrorAlert';
import { formatLongDate, formatTime, parseHoraInput, timeToMinutes } from '../../utils/dates';
import { nombreCompleto } from '../../utils/personas';
import { cuerpoReprogramar } from './calendarioModel';

/**
 * "Mover…": the keyboard way to move or resize an appointment (what dragging does with the mouse): date, start, end
 * and doctor, saved with the same PATCH. A refusal keeps the dialog open with the API's message.
 * `guardar(cita, cuerpo)` returns a promise; `onElegirEnAgenda(cita)` switches to choosing a free slot on the grid.
 */
export default function MoverCitaDialog({ cita, medicos = [], sucursales = [], guardar, onClose, onElegirEnAgenda }) {
  const [fecha, setFecha] = useState(cita.fecha);
  const [inicio, setInicio] = useState(formatTime(cita.hora_inicio));
  const [fin, setFin] = useState(formatTime(cita.hora_fin));
  const [medicoId, setMedicoId] = useState(String(cita.medico_id));
  const [sucursalId, setSucursalId] = useState(String(cita.sucursal_id));
  const [errores, setErrores] = useState({});
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);

  const opciones = medicos.some((m) => String(m.id) === String(cita.medico_id))
    ? medicos
    : [{ id: cita.medico_id, ...(cita.medico || {}) }, ...medicos];
  const sedes = sucursales.some((s) => String(s.id) === String(cita.sucursal_id))
    ? sucursales
    : [{ id: cita.sucursal_id, ...(cita.sucursal || {}) }, ...sucursales];

  const enviar = async (e) => {
    e.preventDefault();
    const hi = parseHoraInput(inicio);
    const hf = parseHoraInput(fin);
    const e2 = {};
    if (!/^\d{4}-\d{2}-\d{2}$/.test(fecha || '')) e2.fecha = 'Indique una fecha válida (dd/mm/aaaa)';
    if (!hi) e2.inicio = 'Indique la hora como HH:MM';
    if (!hf) e2.fin = 'Indique la hora como HH:MM';
    else if (hi && timeToMinutes(hf) <= timeToMinutes(hi)) e2.fin = 'La hora de fin debe ser posterior a la de inicio';
    setErrores(e2);
    if (Object.keys(e2).length) return;
    const cuerpo = cuerpoReprogramar(cita, {
      fecha, hora_inicio: hi, hora_fin: hf, medico_id: medicoId, sucursal_id: sucursalId,
    });
    if (!cuerpo) {
      onClose();
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await guardar(cita, cuerpo);
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : onClose} maxWidth="xs" fullWidth aria-labelledby="mover-cita-titulo">
      <form onSubmit={enviar} noValidate data-testid="mover-cita">
        <DialogTitle id="mover-cita-titulo">Mover cita</DialogTitle>
        <DialogContent dividers>
          <Typography variant="body2" sx={{ mb: 2 }}>
            {nombreCompleto(cita.paciente) || `Paciente #${cita.paciente_id}`} — ahora el {formatLongDate(cita.fecha)},{' '}
            {formatTime(cita.hora_inicio)}–{formatTime(cita.hora_fin)}.
          </Typography>
          <Box display="grid" gridTemplateColumns="1fr 1fr" gap={2}>
            <DateField
              id="mover-fecha"
              label="Fecha"
              value={fecha}
              onChange={setFecha}
              error={Boolean(errores.fecha)}
              helperText={errores.fecha}
              autoFocus
              sx={{ gridColumn: '1 / -1' }}
            />
            <TextField
              id="mover-inicio"
              label="Inicio"
              value={inicio}
              onChange={(e) => setInicio(e.target.value)}
              error={Boolean(errores.inicio)}
              helperText={errores.inicio || 'HH:MM'}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              id="mover-fin"
              label="Fin"
              value={fin}
              onChange={(e) => setFin(e.target.value)}
              error={Boolean(errores.fin)}
              helperText={errores.fin || 'HH:MM'}
              slotProps={{ htmlInput: { inputMode: 'numeric' } }}
            />
            <TextField
              id="mover-medico"
              select
              label="Médico"
              value={medicoId}
              onChange={(e) => setMedicoId(e.target.value)}
              slotProps={{ inputLabel: { shrink: true }, select: { native: true } }}
              sx={{ gridColumn: '1 / -1' }}
            >
              {opciones.map((m) => (
                <option key={m.id} value={m.id}>
                  {nombreCompleto(m) || `Médico #${m.id}`}
                </option>
              ))}
            </TextField>
            {sedes.length > 1 && (
              <TextField
                id="mover-sucursal"
                select
                label="Sucursal"
                value={sucursalId}
                onChange={(e) => setSucursalId(e.target.value)}
                slotProps={{ inputLabel: { shrink: true }, select: { native: true } }}
                sx={{ gridColumn: '1 / -1' }}
              >
                {sedes.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.nombre || `Sucursal #${s.id}`}
                  </option>
                ))}
              </TextField>
            )}
          </Box>
          <ErrorAlert error={error} sx={{ mt: 2, mb: 0 }} />
        </DialogContent>
        <DialogActions sx={{ flexWrap: 'wrap' }}>
          {onElegirEnAgenda && (
            <Button onClick={() => onElegirEnAgenda(cita)} disabled={busy} sx={{ mr: 'auto' }}>
              Elegir en la agenda
            </Button>
          )}
          <Button onClick={onClose} disabled={busy}>
            Cancelar
          </Button>
          <Button type="submit" variant="contained" disabled={busy}>
            Guardar
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
