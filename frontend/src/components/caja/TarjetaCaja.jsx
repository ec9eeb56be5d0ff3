// The dashboard's "Caja de hoy": the open session(s) of the user's branch(es) — expected cash and net totals per
// payment method — or "Caja cerrada", with a link to the Caja page.
import { Link as RouterLink } from 'react-router-dom';
import { Box, Button, Divider, Paper, Stack, Typography } from '@mui/material';
import Loading from '../common/Loading';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import cajaService from '../../services/cajaService';
import { METODOS_PAGO } from '../facturacion/estadosFactura';
import { formatDateTime } from '../../utils/dates';
import { formatMoney } from '../../utils/money';

function SesionDelDia({ sesion }) {
  return (
    <Box data-testid="caja-hoy-sesion" data-sucursal-id={sesion.sucursal_id}>
      <Box display="flex" justifyContent="space-between" alignItems="baseline" gap={2}>
        <Typography fontWeight={600}>{sesion.sucursal?.nombre}</Typography>
        <Typography variant="caption" color="text.secondary">
          Abierta desde {formatDateTime(sesion.abierta_en)}
        </Typography>
      </Box>
      <Typography variant="body2" color="text.secondary">
        Efectivo esperado
      </Typography>
      <Typography variant="h5" component="p" data-testid="caja-hoy-esperado">
        {formatMoney(sesion.esperado)}
      </Typography>
      <Box display="flex" gap={2} flexWrap="wrap">
        {METODOS_PAGO.map((m) => (
          <Typography key={m.id} variant="body2" data-testid={`caja-hoy-${m.id}`}>
            {m.label}: {formatMoney(sesion.por_metodo?.[m.id] ?? '0.00')}
          </Typography>
        ))}
      </Box>
      <Button size="small" component={RouterLink} to={`/caja?sucursal=${sesion.sucursal_id}`} sx={{ mt: 1 }}>
        Ver caja
      </Button>
    </Box>
  );
}

export default function TarjetaCaja() {
  const { data, loading, error, reload } = useLoader(() => cajaService.sesiones({ estado: 'abierta', perPage: 20 }), []);
  let contenido;
  if (error) contenido = <ErrorAlert error={error} onRetry={reload} />;
  else if (loading && !data) contenido = <Loading label="Cargando la caja…" />;
  else if (data.items.length === 0) {
    contenido = (
      <>
        <Typography variant="h5" component="p" color="text.secondary" data-testid="caja-hoy-cerrada">
          Caja cerrada
        </Typography>
        <Button size="small" component={RouterLink} to="/caja" sx={{ mt: 1 }}>
          Abrir caja
        </Button>
      </>
    );
  } else {
    contenido = (
      <Stack spacing={2} divider={<Divider flexItem />}>
        {data.items.map((s) => (
          <SesionDelDia key={s.id} sesion={s} />
        ))}
      </Stack>
    );
  }
  return (
    <Paper sx={{ p: 2, height: '100%' }} data-testid="tarjeta-caja">
      <Typography variant="h6" component="h2" gutterBottom>
        Caja de hoy
      </Typography>
      {contenido}
    </Paper>
  );
}
