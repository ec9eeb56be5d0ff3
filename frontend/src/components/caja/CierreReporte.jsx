// The closing report of a session just closed (or of a past one): figures, difference and arqueo.pdf.
import { Alert, Box, Typography } from '@mui/material';
import CajaTotales from './CajaTotales';
import SesionResumen from './SesionResumen';
import { absoluto, formatMoney, signo } from '../../utils/money';

export default function CierreReporte({ sesion, titulo }) {
  const diferencia = signo(sesion.diferencia);
  let resultado;
  if (diferencia === 0) resultado = <Alert severity="success" sx={{ mb: 2 }}>La caja cuadra: el efectivo contado es el esperado.</Alert>;
  else {
    const tipo = diferencia > 0 ? 'Sobrante' : 'Faltante';
    resultado = (
      <Alert severity="error" sx={{ mb: 2 }}>
        {tipo} de {formatMoney(absoluto(sesion.diferencia))} respecto al efectivo esperado.
      </Alert>
    );
  }
  return (
    <Box data-testid="cierre-reporte" mb={2}>
      {titulo && (
        <Typography variant="h6" component="h2" gutterBottom>
          {titulo}
        </Typography>
      )}
      {resultado}
      <SesionResumen sesion={sesion} />
      <CajaTotales sesion={sesion} />
    </Box>
  );
}
