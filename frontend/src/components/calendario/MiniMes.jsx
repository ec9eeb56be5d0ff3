import { useEffect, useState } from 'react';
import { Box, ButtonBase, IconButton, Typography } from '@mui/material';
import ChevronLeftIcon from '@mui/icons-material/ChevronLeft';
import ChevronRightIcon from '@mui/icons-material/ChevronRight';
import { DIAS_CORTOS, formatDate, weekDates } from '../../utils/dates';
import { semanasDelMes } from './calendarioModel';

const MESES = ['enero', 'febrero', 'marzo', 'abril', 'mayo', 'junio', 'julio', 'agosto', 'septiembre', 'octubre', 'noviembre', 'diciembre'];

const primeroDelMes = (iso) => `${iso.slice(0, 7)}-01`;

function mesVecino(primero, delta) {
  const [y, m] = primero.split('-').map(Number);
  const d = new Date(y, m - 1 + delta, 1);
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-01`;
}

/**
 * A small month calendar to jump to a date: `fecha` is marked (and its whole week in the week view), today is
 * outlined, the arrows change the month shown without changing the date.
 */
export default function MiniMes({ fecha, hoy, semana = false, onFecha }) {
  const [mes, setMes] = useState(() => primeroDelMes(fecha));
  useEffect(() => setMes(primeroDelMes(fecha)), [fecha]);
  const [y, m] = mes.split('-').map(Number);
  const semanaElegida = new Set(semana ? weekDates(fecha) : [fecha]);

  return (
    <Box data-testid="mini-mes" sx={{ width: 238, userSelect: 'none' }}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <IconButton size="small" aria-label="Ir al mes previo" onClick={() => setMes((v) => mesVecino(v, -1))}>
          <ChevronLeftIcon fontSize="small" />
        </IconButton>
        <Typography variant="subtitle2" aria-live="polite" data-testid="mini-mes-titulo">
          {MESES[m - 1]} {y}
        </Typography>
        <IconButton size="small" aria-label="Ir al mes próximo" onClick={() => setMes((v) => mesVecino(v, 1))}>
          <ChevronRightIcon fontSize="small" />
        </IconButton>
      </Box>
      <Box role="grid" aria-label={`Calendario de ${MESES[m - 1]} ${y}`} sx={{ display: 'grid', gridTemplateColumns: 'repeat(7, 34px)' }}>
        {DIAS_CORTOS.map((d) => (
          <Typography key={d} role="columnheader" variant="caption" color="text.secondary" align="center">
            {d.slice(0, 2)}
          </Typography>
        ))}
        {semanasDelMes(mes)
          .flat()
          .map((d) => {
            const elegido = semanaElegida.has(d);
            const otroMes = d.slice(0, 7) !== mes.slice(0, 7);
            return (
              <ButtonBase
                key={d}
                role="gridcell"
                data-testid={`mini-mes-dia-${d}`}
                aria-label={formatDate(d)}
                aria-selected={d === fecha}
                aria-current={d === hoy ? 'date' : undefined}
                onClick={() => onFecha(d)}
                sx={{
                  height: 30,
                  borderRadius: semana ? 0 : '50%',
                  fontSize: '0.8rem',
                  color: elegido ? 'primary.contrastText' : otroMes ? 'text.disabled' : 'text.primary',
                  bgcolor: d === fecha ? 'primary.main' : elegido ? 'primary.light' : 'transparent',
                  border: d === hoy ? '1px solid' : 'none',
                  borderColor: 'primary.main',
                  '&:hover': { bgcolor: d === fecha ? 'primary.dark' : 'action.hover' },
                  '&:focus-visible': { outline: '2px solid', outlineColor: 'primary.main' },
                }}
              >
                {Number(d.slice(8))}
              </ButtonBase>
            );
          })}
      </Box>
    </Box>
  );
}
