// How far an import has gone: its state, a bar of rows processed out of the total, and why it failed.
import { Alert, Box, LinearProgress, Typography } from '@mui/material';
import EstadoImportacionChip from './EstadoImportacionChip';
import { enCurso } from '../../utils/importacion';
import { formatearCantidad } from '../../utils/listas';

const numero = formatearCantidad;

export default function ProgresoImportacion({ importacion }) {
  const { estado, total, procesadas } = importacion;
  const conTotal = Number(total) > 0;
  const porcentaje = conTotal ? Math.min(100, Math.round((100 * Number(procesadas || 0)) / Number(total))) : 0;
  const corriendo = enCurso(importacion);
  return (
    <Box display="flex" flexDirection="column" gap={1} data-testid="importacion-progreso">
      <Box display="flex" alignItems="center" gap={1}>
        <EstadoImportacionChip estado={estado} />
        <Typography variant="body2" color="text.secondary">
          {estado === 'en_cola'
            ? 'Esperando su turno…'
            : conTotal
              ? `${numero(procesadas)} de ${numero(total)} filas (${porcentaje} %)`
              : `${numero(procesadas)} filas`}
        </Typography>
      </Box>
      {(corriendo || estado === 'terminada') && (
        <LinearProgress
          variant={corriendo && (!conTotal || estado === 'en_cola') ? 'indeterminate' : 'determinate'}
          value={estado === 'terminada' ? 100 : porcentaje}
          aria-label="Progreso de la importación"
        />
      )}
      {estado === 'fallida' && (
        <Alert severity="error" data-testid="importacion-fallida">
          La importación falló{importacion.mensaje ? `: ${importacion.mensaje}` : '.'}
        </Alert>
      )}
    </Box>
  );
}
