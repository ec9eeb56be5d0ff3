import { Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import CitaCard from './CitaCard';

/**
 * The agenda table: one row per start time, one column per doctor (day view) or per day
 * (week view). Each cell holds the appointments that start then and, if free, a slot button.
 * columns: [{key, label, sublabel, medicoId, fecha}]
 */
export default function AgendaGrid({ columns, grilla, onSlotClick, onCitaClick, puedeAgendar, moviendo, citaSeleccionadaId }) {
  return (
    <TableContainer sx={{ maxHeight: 'calc(100vh - 260px)', minHeight: 200 }}>
      <Table stickyHeader size="small" aria-label="Agenda" data-testid="agenda-grid" sx={{ tableLayout: 'fixed', minWidth: 80 + columns.length * (columns.length > 4 ? 130 : 170) }}>
        <TableHead>
          <TableRow>
            <TableCell sx={{ width: 72 }}>Hora</TableCell>
            {columns.map((col) => (
              <TableCell key={col.key} data-testid="agenda-column" data-medico-id={col.medicoId} data-fecha={col.fecha}>
                <Typography variant="subtitle2" component="div" noWrap title={col.label}>
                  {col.label}
                </Typography>
                {col.sublabel && (
                  <Typography variant="caption" color="text.secondary" component="div" noWrap>
                    {col.sublabel}
                  </Typography>
                )}
              </TableCell>
            ))}
          </TableRow>
        </TableHead>
        <TableBody>
          {grilla.horas.map((hora) => (
            <TableRow key={hora} data-testid="agenda-row" data-hora={hora}>
              <TableCell component="th" scope="row" sx={{ verticalAlign: 'top', fontWeight: 500 }}>
                {hora}
              </TableCell>
              {columns.map((col) => {
                const celda = grilla.celdas[col.key]?.[hora];
                return (
                  <TableCell key={col.key} sx={{ verticalAlign: 'top', p: 0.5 }}>
                    {celda?.citas.map((cita) => (
                      <CitaCard key={cita.id} cita={cita} onClick={onCitaClick} seleccionada={cita.id === citaSeleccionadaId} />
                    ))}
                    {celda?.slot && puedeAgendar && (
                      <Button
                        fullWidth
                        size="small"
                        variant={moviendo ? 'contained' : 'outlined'}
                        color={moviendo ? 'secondary' : 'primary'}
                        data-testid="agenda-slot"
                        data-medico-id={col.medicoId}
                        data-fecha={col.fecha}
                        data-hora={celda.slot.hora_inicio}
                        data-hora-fin={celda.slot.hora_fin}
                        data-sucursal-id={celda.slot.sucursal_id}
                        aria-label={`${moviendo ? 'Mover a' : 'Libre'} ${celda.slot.hora_inicio} ${col.ariaLabel || col.label}`}
                        onClick={() => onSlotClick({ ...celda.slot, medicoId: col.medicoId, fecha: col.fecha })}
                        sx={{ justifyContent: 'flex-start', textTransform: 'none' }}
                      >
                        {moviendo ? `Mover a ${celda.slot.hora_inicio}` : `Libre ${celda.slot.hora_inicio}`}
                      </Button>
                    )}
                    {celda?.slot && !puedeAgendar && (
                      <Typography variant="caption" color="success.main" data-testid="agenda-slot-libre">
                        Libre
                      </Typography>
                    )}
                  </TableCell>
                );
              })}
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </TableContainer>
  );
}
