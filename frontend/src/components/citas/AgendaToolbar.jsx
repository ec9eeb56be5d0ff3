import { Box, Button, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import RefreshIcon from '@mui/icons-material/Refresh';
import { nombreCompleto } from './agendaModel';
import DateField from '../common/DateField';

const nativo = { inputLabel: { shrink: true }, select: { native: true } };

export default function AgendaToolbar({
  sucursales,
  sucursalId,
  onSucursal,
  vista,
  onVista,
  medicos,
  medicoId,
  onMedico,
  fecha,
  onFecha,
  onAnterior,
  onHoy,
  onSiguiente,
  onRefrescar,
  onProximos,
}) {
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gap={1.5} mb={2} data-testid="agenda-toolbar">
      <TextField
        id="agenda-sucursal"
        select
        label="Sucursal"
        value={sucursalId || ''}
        onChange={(e) => onSucursal(e.target.value)}
        slotProps={nativo}
        sx={{ minWidth: 180 }}
      >
        {sucursales.length === 0 && <option value="">—</option>}
        {sucursales.map((s) => (
          <option key={s.id} value={s.id}>
            {s.nombre}
          </option>
        ))}
      </TextField>
      <ToggleButtonGroup
        size="small"
        exclusive
        value={vista}
        onChange={(_, v) => v && onVista(v)}
        aria-label="Vista de la agenda"
      >
        <ToggleButton value="dia">Día</ToggleButton>
        <ToggleButton value="semana">Semana</ToggleButton>
      </ToggleButtonGroup>
      {vista === 'semana' && (
        <TextField
          id="agenda-medico"
          select
          label="Médico"
          value={medicoId || ''}
          onChange={(e) => onMedico(e.target.value)}
          slotProps={nativo}
          sx={{ minWidth: 200 }}
        >
          {medicos.length === 0 && <option value="">—</option>}
          {medicos.map((m) => (
            <option key={m.id} value={m.id}>
              {nombreCompleto(m)}
            </option>
          ))}
        </TextField>
      )}
      <Box display="flex" alignItems="center" gap={0.5}>
        <Button size="small" onClick={onAnterior} startIcon={<ChevronLeftIcon />} aria-label={vista === 'semana' ? 'Semana anterior' : 'Día anterior'}>
          Anterior
        </Button>
        <Button size="small" onClick={onHoy} variant="outlined">
          Hoy
        </Button>
        <Button size="small" onClick={onSiguiente} endIcon={<ChevronRightIcon />} aria-label={vista === 'semana' ? 'Semana siguiente' : 'Día siguiente'}>
          Siguiente
        </Button>
      </Box>
      <DateField
        id="agenda-fecha"
        label="Fecha"
        value={fecha}
        onChange={(v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && onFecha(v)}
        sx={{ width: 150 }}
      />
      <Box flexGrow={1} />
      <Button size="small" startIcon={<RefreshIcon />} onClick={onRefrescar}>
        Actualizar
      </Button>
      <Button size="small" variant="contained" onClick={onProximos}>
        Próximos horarios libres
      </Button>
    </Box>
  );
}
