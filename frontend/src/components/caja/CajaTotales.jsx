// The figures of a session: float, net per payment method, manual cash in/out, expected cash and, once
// closed, counted cash and the difference (highlighted when it is not zero).
import { Box, Card, CardContent, Grid2 as Grid, Typography } from '@mui/material';
import { etiquetaMetodo, METODOS_PAGO } from '../facturacion/estadosFactura';
import { formatMoney, signo } from '../../utils/money';

function Cifra({ label, valor, testid, color, destacada }) {
  return (
    <Grid size={{ xs: 6, sm: 4, md: 3 }}>
      <Card variant="outlined" sx={{ height: '100%', borderColor: color ? `${color}.main` : undefined }}>
        <CardContent>
          <Typography variant="body2" color="text.secondary">
            {label}
          </Typography>
          <Typography variant={destacada ? 'h5' : 'h6'} component="p" data-testid={testid} color={color ? `${color}.main` : undefined}>
            {formatMoney(valor)}
          </Typography>
        </CardContent>
      </Card>
    </Grid>
  );
}

export default function CajaTotales({ sesion }) {
  const cerrada = sesion.estado === 'cerrada';
  const colorDiferencia = signo(sesion.diferencia) === 0 ? 'success' : 'error';
  return (
    <Box data-testid="caja-totales" mb={2}>
      <Grid container spacing={2}>
        <Cifra label="Fondo inicial" valor={sesion.fondo_inicial} testid="caja-fondo-inicial" />
        {METODOS_PAGO.map((m) => (
          <Cifra key={m.id} label={etiquetaMetodo(m.id)} valor={sesion.por_metodo?.[m.id] ?? '0.00'} testid={`caja-metodo-${m.id}`} />
        ))}
        <Cifra label="Ingresos de efectivo" valor={sesion.ingresos} testid="caja-ingresos" />
        <Cifra label="Egresos de efectivo" valor={sesion.egresos} testid="caja-egresos" />
        <Cifra label="Efectivo esperado" valor={sesion.esperado} testid="caja-esperado" destacada />
        {cerrada && (
          <>
            <Cifra label="Efectivo contado" valor={sesion.contado} testid="caja-contado" destacada />
            <Cifra label="Diferencia" valor={sesion.diferencia} testid="caja-diferencia" color={colorDiferencia} destacada />
          </>
        )}
      </Grid>
    </Box>
  );
}
