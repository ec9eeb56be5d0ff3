// Counting the drawer by bills and coins: one quantity per denomination and the live sum.
import { Box, Grid2 as Grid, TextField, Typography } from '@mui/material';
import { piezas, sumaConteo } from './denominaciones';
import { formatMoney } from '../../utils/money';

function Grupo({ titulo, denominaciones, conteo, onCambio }) {
  return (
    <Box mb={1}>
      <Typography variant="subtitle2" gutterBottom>
        {titulo}
      </Typography>
      <Grid container spacing={1}>
        {denominaciones.map((d) => (
          <Grid key={d} size={{ xs: 6, sm: 3 }}>
            <TextField
              size="small"
              type="number"
              label={formatMoney(d)}
              value={conteo[d] ?? ''}
              onChange={(e) => onCambio(d, e.target.value)}
              error={piezas(conteo[d]) === null}
              slotProps={{ htmlInput: { min: 0, step: 1, 'aria-label': `Cantidad de ${titulo === 'Billetes' ? 'billetes' : 'monedas'} de ${formatMoney(d)}` } }}
              fullWidth
            />
          </Grid>
        ))}
      </Grid>
    </Box>
  );
}

export default function ConteoEfectivo({ denominaciones, conteo, onCambio }) {
  return (
    <Box data-testid="conteo-efectivo" mt={1}>
      <Grupo titulo="Billetes" denominaciones={denominaciones.billetes} conteo={conteo} onCambio={onCambio} />
      <Grupo titulo="Monedas" denominaciones={denominaciones.monedas} conteo={conteo} onCambio={onCambio} />
      <Typography align="right" fontWeight={600}>
        Total contado: <span data-testid="conteo-total">{formatMoney(sumaConteo(conteo))}</span>
      </Typography>
    </Box>
  );
}
