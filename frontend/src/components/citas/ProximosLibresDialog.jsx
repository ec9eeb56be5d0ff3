import { useEffect, useState } from 'react';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  List,
  ListItem,
  ListItemText,
  TextField,
} from '@mui/material';
import ErrorAlert from '../common/ErrorAlert';
import DateField from '../common/DateField';
import EmptyState from '../common/EmptyState';
import Loading from '../common/Loading';
import citasService from '../../services/citasService';
import medicosService from '../../services/medicosService';
import { addDays, formatLongDate, formatTime, today } from '../../utils/dates';
import { nombreCompleto } from './agendaModel';

/**
 * "Próximos horarios libres": earliest free slots of a specialty, optionally in one branch.
 * `medicoPropioId` (a Médico) offers to book only that doctor's slots: a Médico books only their own agenda.
 */
export default function ProximosLibresDialog({ especialidades, sucursales, sucursalId, puedeAgendar, medicoPropioId, onClose, onElegir }) {
  const [especialidadId, setEspecialidadId] = useState('');
  const [sucursal, setSucursal] = useState(sucursalId ? String(sucursalId) : '');
  const [desde, setDesde] = useState(today());
  const [hasta, setHasta] = useState(addDays(today(), 30));
  const [resultados, setResultados] = useState(null);
  const [medicos, setMedicos] = useState({});
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState(null);

  useEffect(() => {
    medicosService
      .listar()
      .then((lista) => setMedicos(Object.fromEntries(lista.map((m) => [m.id, m]))))
      .catch(() => {});
  }, []);

  const buscar = async (e) => {
    e?.preventDefault();
    if (!especialidadId) {
      setError('Seleccione una especialidad.');
      return;
    }
    const iso = /^\d{4}-\d{2}-\d{2}$/;
    if (!iso.test(desde) || !iso.test(hasta)) {
      setError('Indique las fechas como dd/mm/aaaa.');
      return;
    }
    if (hasta < desde) {
      setError('La fecha «Hasta» debe ser posterior a «Desde».');
      return;
    }
    if (hasta > addDays(desde, 60)) {
      setError('El período de búsqueda no puede superar 60 días.');
      return;
    }
    setLoading(true);
    setError(null);
    try {
      const items = await citasService.proximosLibres({
        especialidad_id: especialidadId,
        sucursal_id: sucursal || undefined,
        desde,
        hasta,
        limite: 15,
      });
      setResultados(items);
    } catch (err) {
      setError(err);
    } finally {
      setLoading(false);
    }
  };

  const nombreSucursal = (id) => sucursales.find((s) => s.id === id)?.nombre || `Sucursal #${id}`;
  const nombreMedico = (id) => nombreCompleto(medicos[id]) || `Médico #${id}`;
  const nativo = { inputLabel: { shrink: true }, select: { native: true } };

  return (
    <Dialog open onClose={onClose} maxWidth="sm" fullWidth aria-labelledby="proximos-title">
      <DialogTitle id="proximos-title">Próximos horarios libres</DialogTitle>
      <DialogContent dividers>
        <Box component="form" onSubmit={buscar} display="flex" flexWrap="wrap" gap={2} mb={2} data-testid="proximos-form">
          <TextField
            id="proximos-especialidad"
            select
            label="Especialidad"
            value={especialidadId}
            onChange={(e) => setEspecialidadId(e.target.value)}
            slotProps={nativo}
            sx={{ minWidth: 200 }}
          >
            <option value="">Seleccione…</option>
            {especialidades.map((e) => (
              <option key={e.id} value={e.id}>
                {e.nombre}
              </option>
            ))}
          </TextField>
          <TextField
            id="proximos-sucursal"
            select
            label="Sucursal"
            value={sucursal}
            onChange={(e) => setSucursal(e.target.value)}
            slotProps={nativo}
            sx={{ minWidth: 180 }}
          >
            <option value="">Todas</option>
            {sucursales.map((s) => (
              <option key={s.id} value={s.id}>
                {s.nombre}
              </option>
            ))}
          </TextField>
          <DateField id="proximos-desde" label="Desde" value={desde} onChange={setDesde} sx={{ width: 150 }} />
          <DateField id="proximos-hasta" label="Hasta" value={hasta} onChange={setHasta} sx={{ width: 150 }} />
          <Button type="submit" variant="contained" disabled={loading}>
            Buscar
          </Button>
        </Box>
        <ErrorAlert error={error} />
        {loading && <Loading label="Buscando horarios…" />}
        {!loading && resultados && resultados.length === 0 && (
          <EmptyState title="No hay horarios libres en ese período." />
        )}
        {!loading && resultados && resultados.length > 0 && (
          <List dense data-testid="proximos-resultados">
            {resultados.map((r) => (
              <ListItem
                key={`${r.medico_id}-${r.fecha}-${r.hora_inicio}-${r.sucursal_id}`}
                data-testid="proximo-libre"
                divider
                secondaryAction={
                  puedeAgendar &&
                  (medicoPropioId == null || r.medico_id === medicoPropioId) && (
                    <Button
                      size="small"
                      variant="outlined"
                      onClick={() =>
                        onElegir({
                          medicoId: r.medico_id,
                          medicoNombre: nombreMedico(r.medico_id),
                          sucursal_id: r.sucursal_id,
                          sucursalNombre: nombreSucursal(r.sucursal_id),
                          fecha: r.fecha,
                          hora_inicio: formatTime(r.hora_inicio),
                          hora_fin: formatTime(r.hora_fin),
                        })
                      }
                    >
                      Agendar
                    </Button>
                  )
                }
              >
                <ListItemText
                  primary={`${formatLongDate(r.fecha)} · ${formatTime(r.hora_inicio)}–${formatTime(r.hora_fin)}`}
                  secondary={`${nombreMedico(r.medico_id)} · ${nombreSucursal(r.sucursal_id)}`}
                />
              </ListItem>
            ))}
          </List>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={onClose}>Cerrar</Button>
      </DialogActions>
    </Dialog>
  );
}
