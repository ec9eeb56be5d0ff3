// An open session: live totals, the actions (cash in/out, close) and the movements.
import { Box, Button, Paper, Typography } from '@mui/material';
import CajaTotales from './CajaTotales';
import MovimientosTabla from './MovimientosTabla';
import SesionResumen from './SesionResumen';

export default function SesionAbierta({ sesion, actualizando, onActualizar, onMovimiento, onCerrar }) {
  return (
    <Box data-testid="sesion-abierta">
      <Box display="flex" gap={1} flexWrap="wrap" mb={2}>
        <Button variant="contained" onClick={onMovimiento}>
          Ingreso / Egreso de efectivo
        </Button>
        <Button variant="contained" color="secondary" onClick={onCerrar}>
          Cerrar caja
        </Button>
        <Button onClick={onActualizar} disabled={actualizando}>
          Actualizar
        </Button>
      </Box>
      <SesionResumen sesion={sesion} />
      <CajaTotales sesion={sesion} />
      <Paper sx={{ p: 2, mb: 2 }}>
        <Typography variant="h6" component="h2" gutterBottom>
          Movimientos
        </Typography>
        <MovimientosTabla movimientos={sesion.movimientos} />
      </Paper>
    </Box>
  );
}
