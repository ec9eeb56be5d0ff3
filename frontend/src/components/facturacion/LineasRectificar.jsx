import { Table, TableBody, TableCell, TableHead, TableRow, TextField } from '@mui/material';
import { formatMoney } from '../../utils/money';

/** The line picker of a partial credit note: per line, how many units (0 … what is left to rectify). */
export default function LineasRectificar({ detalles, cantidades, errores, onCambio }) {
  return (
    <Table size="small" aria-label="Líneas a rectificar" data-testid="lineas-rectificar">
      <TableHead>
        <TableRow>
          <TableCell>Descripción</TableCell>
          <TableCell align="right">Precio unitario</TableCell>
          <TableCell align="right">Facturado</TableCell>
          <TableCell align="right">Rectificable</TableCell>
          <TableCell align="right">A rectificar</TableCell>
        </TableRow>
      </TableHead>
      <TableBody>
        {detalles.map((d) => (
          <TableRow key={d.id}>
            <TableCell>{d.descripcion}</TableCell>
            <TableCell align="right">{formatMoney(d.precio_unitario)}</TableCell>
            <TableCell align="right">{d.cantidad}</TableCell>
            <TableCell align="right">{d.cantidad_rectificable}</TableCell>
            <TableCell align="right" sx={{ width: 130 }}>
              <TextField
                type="number"
                size="small"
                value={cantidades[d.id] ?? ''}
                onChange={(e) => onCambio(d.id, e.target.value)}
                disabled={d.cantidad_rectificable < 1}
                error={Boolean(errores[d.id])}
                helperText={errores[d.id]}
                slotProps={{
                  htmlInput: {
                    min: 0,
                    max: d.cantidad_rectificable,
                    step: 1,
                    'aria-label': `Cantidad a rectificar de ${d.descripcion}`,
                    style: { textAlign: 'right' },
                  },
                }}
              />
            </TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}
