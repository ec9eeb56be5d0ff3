import { List, ListItem, ListItemIcon, ListItemText } from '@mui/material';
import CheckCircleIcon from '@mui/icons-material/CheckCircle';
import ErrorOutlineIcon from '@mui/icons-material/ErrorOutline';
import { formatLongDate, formatTime } from '../../utils/dates';

/** The dates of a series, each with ✓ (free / booked) or its conflict. `filas` from serie.js fechasDeSerie. */
export default function SerieFechas({ filas, textoLibre = 'Disponible', textoConflicto = '' }) {
  return (
    <List dense disablePadding data-testid="serie-fechas" sx={{ maxHeight: { sm: 360 }, overflowY: 'auto' }}>
      {filas.map((f) => (
        <ListItem
          key={`${f.fecha}-${f.hora_inicio}`}
          disableGutters
          data-testid="serie-fecha"
          data-fecha={f.fecha}
          data-libre={f.libre ? 'si' : 'no'}
        >
          <ListItemIcon sx={{ minWidth: 32 }}>
            {f.libre ? (
              <CheckCircleIcon color="success" fontSize="small" titleAccess="✓" />
            ) : (
              <ErrorOutlineIcon color="error" fontSize="small" titleAccess="Conflicto" />
            )}
          </ListItemIcon>
          <ListItemText
            primary={`${formatLongDate(f.fecha)}${f.hora_inicio ? `, ${formatTime(f.hora_inicio)}` : ''}`}
            secondary={f.libre ? `✓ ${textoLibre}` : `${textoConflicto}${f.motivo}`}
            secondaryTypographyProps={{ color: f.libre ? 'success.main' : 'error.main' }}
          />
        </ListItem>
      ))}
    </List>
  );
}
