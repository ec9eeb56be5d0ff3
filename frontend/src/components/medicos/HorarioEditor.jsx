import { useEffect, useMemo, useState } from 'react';
import { useForm } from 'react-hook-form';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  TextField,
  Typography,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import EmptyState from '../common/EmptyState';
import Loading from '../common/Loading';
import useLoader from '../../utils/useLoader';
import medicosService from '../../services/medicosService';
import { applyFieldErrors } from '../../services/errors';
import { DIAS_SEMANA, formatTime, parseHoraInput, timeToMinutes } from '../../utils/dates';
import { nombreCompleto } from '../citas/agendaModel';
import { ordenarHorarios } from './horariosModel';

const nativo = { inputLabel: { shrink: true }, select: { native: true } };

/** Weekly schedule of a doctor, per branch: list, add and delete blocks. */
export default function HorarioEditor({ medico, sucursales, puedeEditar, onClose }) {
  const [sucursalId, setSucursalId] = useState(sucursales[0] ? String(sucursales[0].id) : '');
  const { data, loading, error, reload } = useLoader(() => medicosService.horarios(medico.id), [medico.id]);
  const [accionError, setAccionError] = useState(null);
  const [borrando, setBorrando] = useState(null);

  const {
    register,
    handleSubmit,
    reset,
    getValues,
    setError: setFieldError,
    formState: { errors, isSubmitting },
  } = useForm({ defaultValues: { dia_semana: '1', hora_inicio: '08:00', hora_fin: '12:00', intervalo_citas: 30 } });

  useEffect(() => {
    if (!sucursalId && sucursales[0]) setSucursalId(String(sucursales[0].id));
  }, [sucursales, sucursalId]);

  const bloques = useMemo(
    () => ordenarHorarios((data || []).filter((h) => String(h.sucursal_id) === String(sucursalId))),
    [data, sucursalId],
  );
  const otras = (data || []).length - bloques.length;

  const agregar = async (v) => {
    setAccionError(null);
    try {
      await medicosService.crearHorario(medico.id, {
        sucursal_id: Number(sucursalId),
        dia_semana: Number(v.dia_semana),
        hora_inicio: parseHoraInput(v.hora_inicio),
        hora_fin: parseHoraInput(v.hora_fin),
        intervalo_citas: Number(v.intervalo_citas),
      });
      reset({ ...v });
      reload();
    } catch (err) {
      applyFieldErrors(setFieldError, err);
      setAccionError(err);
    }
  };

  const eliminar = async (h) => {
    setBorrando(h.id);
    setAccionError(null);
    try {
      await medicosService.eliminarHorario(medico.id, h.id);
      reload();
    } catch (err) {
      setAccionError(err);
    } finally {
      setBorrando(null);
    }
  };

  const campo = (name, label, rules, extra = {}) => {
    const { ref, ...rest } = register(name, rules);
    return { id: `horario-${name}`, label, inputRef: ref, ...rest, error: Boolean(errors[name]), helperText: errors[name]?.message, ...extra };
  };

  return (
    <Dialog open onClose={onClose} maxWidth="md" fullWidth aria-labelledby="horario-title">
      <DialogTitle id="horario-title">Horario de {nombreCompleto(medico)}</DialogTitle>
      <DialogContent dividers data-testid="horario-editor">
        <TextField
          id="horario-sucursal"
          select
          label="Sucursal"
          value={sucursalId}
          onChange={(e) => setSucursalId(e.target.value)}
          slotProps={nativo}
          sx={{ minWidth: 220, mb: 2 }}
        >
          {sucursales.map((s) => (
            <option key={s.id} value={s.id}>
              {s.nombre}
            </option>
          ))}
        </TextField>
        <ErrorAlert error={error} onRetry={reload} />
        <ErrorAlert error={accionError} onClose={() => setAccionError(null)} />
        {loading && !data && <Loading label="Cargando horario…" />}
        {data && bloques.length === 0 && <EmptyState title="El médico no tiene horario en esta sucursal." />}
        {bloques.length > 0 && (
          <Table size="small" aria-label="Bloques de horario">
            <TableHead>
              <TableRow>
                <TableCell>Día</TableCell>
                <TableCell>Desde</TableCell>
                <TableCell>Hasta</TableCell>
                <TableCell>Intervalo</TableCell>
                {puedeEditar && <TableCell align="right">Acciones</TableCell>}
              </TableRow>
            </TableHead>
            <TableBody>
              {bloques.map((h) => (
                <TableRow key={h.id} data-testid="horario-row" data-horario-id={h.id} data-dia={h.dia_semana}>
                  <TableCell>{DIAS_SEMANA[h.dia_semana - 1]}</TableCell>
                  <TableCell>{formatTime(h.hora_inicio)}</TableCell>
                  <TableCell>{formatTime(h.hora_fin)}</TableCell>
                  <TableCell>{h.intervalo_citas} min</TableCell>
                  {puedeEditar && (
                    <TableCell align="right">
                      <Button size="small" color="error" onClick={() => eliminar(h)} disabled={borrando === h.id}>
                        Eliminar
                      </Button>
                    </TableCell>
                  )}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
        {otras > 0 && (
          <Typography variant="caption" color="text.secondary" display="block" mt={1}>
            Además tiene {otras} bloque(s) en otras sucursales.
          </Typography>
        )}
        {puedeEditar && sucursalId && (
          <Box component="form" noValidate onSubmit={handleSubmit(agregar)} mt={3} data-testid="horario-form">
            <Typography variant="subtitle2" gutterBottom>
              Agregar bloque
            </Typography>
            <Box display="flex" flexWrap="wrap" gap={2} alignItems="flex-start">
              <TextField {...campo('dia_semana', 'Día', { required: true })} select slotProps={nativo} sx={{ minWidth: 140 }}>
                {DIAS_SEMANA.map((d, i) => (
                  <option key={d} value={i + 1}>
                    {d}
                  </option>
                ))}
              </TextField>
              <TextField
                {...campo('hora_inicio', 'Hora inicio', {
                  required: 'Obligatoria',
                  validate: (v) => Boolean(parseHoraInput(v)) || 'Use el formato hh:mm (24 h)',
                })}
                placeholder="hh:mm"
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', maxLength: 5 } }}
                sx={{ width: 130 }}
              />
              <TextField
                {...campo('hora_fin', 'Hora fin', {
                  required: 'Obligatoria',
                  validate: (v) => {
                    const fin = parseHoraInput(v);
                    if (!fin) return 'Use el formato hh:mm (24 h)';
                    const inicio = parseHoraInput(getValues('hora_inicio'));
                    return !inicio || timeToMinutes(fin) > timeToMinutes(inicio) || 'Debe ser posterior a la hora de inicio';
                  },
                })}
                placeholder="hh:mm"
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { inputMode: 'numeric', maxLength: 5 } }}
                sx={{ width: 130 }}
              />
              <TextField
                {...campo('intervalo_citas', 'Intervalo (minutos)', {
                  required: 'Obligatorio',
                  min: { value: 5, message: 'Mínimo 5 minutos' },
                  max: { value: 240, message: 'Máximo 240 minutos' },
                })}
                type="number"
                slotProps={{ inputLabel: { shrink: true }, htmlInput: { min: 5, max: 240, step: 5 } }}
                sx={{ width: 170 }}
              />
              <Button type="submit" variant="contained" disabled={isSubmitting} sx={{ mt: 0.5 }}>
                Agregar bloque
              </Button>
            </Box>
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cerrar</Button>
      </DialogActions>
    </Dialog>
  );
}
