import { useState } from 'react';
import { Box, Button, IconButton, Popover, TextField, ToggleButton, ToggleButtonGroup } from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import RefreshIcon from '@mui/icons-material/Refresh';
import CalendarMonthIcon from '@mui/icons-material/CalendarMonth';
import { nombreCompleto } from './agendaModel';
import DateField from '../common/DateField';
import MiniMes from '../calendario/MiniMes';

const nativo = { inputLabel: { shrink: true }, select: { native: true } };

/**
 * The agenda's controls: branch, view (day / week), by branch or by doctor, the doctor, the date (arrows, today, a
 * typed date and, on narrow screens, the month calendar in a popover). On a phone there is only the day view of one
 * doctor, so the week and "all doctors" choices are not offered.
 */
export default function AgendaToolbar({
  sucursales,
  sucursalId,
  onSucursal,
  vista,
  onVista,
  modo,
  onModo,
  medicos,
  medicoId,
  onMedico,
  fecha,
  hoy,
  onFecha,
  onAnterior,
  onHoy,
  onSiguiente,
  onRefrescar,
  onProximos,
  movil = false,
  miniMesEnPopover = false,
}) {
  const [anclaMes, setAnclaMes] = useState(null);
  const porMedico = modo === 'medico';
  const semana = vista === 'semana';
  return (
    <Box display="flex" flexWrap="wrap" alignItems="center" gap={1.5} mb={2} data-testid="agenda-toolbar">
      {!porMedico && (
        <TextField
          id="agenda-sucursal"
          select
          label="Sucursal"
          value={sucursalId || ''}
          onChange={(e) => onSucursal(e.target.value)}
          slotProps={nativo}
          sx={{ minWidth: 160, flex: movil ? '1 1 140px' : undefined }}
        >
          {sucursales.length === 0 && <option value="">—</option>}
          {sucursales.map((s) => (
            <option key={s.id} value={s.id}>
              {s.nombre}
            </option>
          ))}
        </TextField>
      )}
      <TextField
        id="agenda-medico"
        select
        label="Médico"
        value={medicoId || ''}
        onChange={(e) => onMedico(e.target.value)}
        slotProps={nativo}
        sx={{ minWidth: 180, flex: movil ? '1 1 160px' : undefined }}
      >
        {!porMedico && !movil && <option value="">Todos los médicos</option>}
        {(porMedico || movil) && medicos.length === 0 && <option value="">—</option>}
        {medicos.map((m) => (
          <option key={m.id} value={m.id}>
            {nombreCompleto(m)}
          </option>
        ))}
      </TextField>
      {!movil && (
        <ToggleButtonGroup size="small" exclusive value={vista} onChange={(_, v) => v && onVista(v)} aria-label="Vista de la agenda">
          <ToggleButton value="dia">Día</ToggleButton>
          <ToggleButton value="semana">Semana</ToggleButton>
        </ToggleButtonGroup>
      )}
      {!movil && (
        <ToggleButtonGroup size="small" exclusive value={modo} onChange={(_, v) => v && onModo(v)} aria-label="Agrupar la agenda">
          <ToggleButton value="sucursal">Por sucursal</ToggleButton>
          <ToggleButton value="medico">Por médico</ToggleButton>
        </ToggleButtonGroup>
      )}
      <Box display="flex" alignItems="center" gap={0.5}>
        <Button size="small" onClick={onAnterior} startIcon={<ChevronLeftIcon />} aria-label={semana ? 'Semana anterior' : 'Día anterior'}>
          {movil ? '' : 'Anterior'}
        </Button>
        <Button size="small" onClick={onHoy} variant="outlined">
          Hoy
        </Button>
        <Button size="small" onClick={onSiguiente} endIcon={<ChevronRightIcon />} aria-label={semana ? 'Semana siguiente' : 'Día siguiente'}>
          {movil ? '' : 'Siguiente'}
        </Button>
      </Box>
      <DateField
        id="agenda-fecha"
        label="Fecha"
        value={fecha}
        onChange={(v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && onFecha(v)}
        sx={{ width: 140 }}
      />
      {miniMesEnPopover && (
        <>
          <IconButton aria-label="Calendario del mes" onClick={(e) => setAnclaMes(e.currentTarget)} size="small">
            <CalendarMonthIcon />
          </IconButton>
          <Popover open={Boolean(anclaMes)} anchorEl={anclaMes} onClose={() => setAnclaMes(null)} anchorOrigin={{ vertical: 'bottom', horizontal: 'left' }}>
            <Box p={1}>
              <MiniMes
                fecha={fecha}
                hoy={hoy}
                semana={semana}
                onFecha={(d) => {
                  setAnclaMes(null);
                  onFecha(d);
                }}
              />
            </Box>
          </Popover>
        </>
      )}
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
