// The first rows of the file as they would be imported: each mapped column's values under its field's name.
import { Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import EmptyState from '../common/EmptyState';

export const FILAS_VISTA_PREVIA = 20;

export default function VistaPrevia({ previa, mapa }) {
  const etiqueta = Object.fromEntries((previa.campos || []).map((c) => [c.campo, c.etiqueta]));
  const columnas = previa.columnas.map((col, i) => ({ col, i, campo: mapa[col] })).filter((c) => c.campo);
  const filas = (previa.filas || []).slice(0, FILAS_VISTA_PREVIA);

  return (
    <Box>
      <Typography variant="subtitle1" component="h3" gutterBottom>
        Vista previa {filas.length > 0 && `(primeras ${filas.length} filas)`}
      </Typography>
      {columnas.length === 0 ? (
        <EmptyState title="Ninguna columna se importa todavía: elija un campo para al menos una." />
      ) : filas.length === 0 ? (
        <EmptyState title="El archivo no tiene filas de datos debajo de la cabecera." />
      ) : (
        <TableContainer sx={{ maxHeight: 420 }}>
          <Table size="small" stickyHeader aria-label="Vista previa">
            <TableHead>
              <TableRow>
                <TableCell>Fila</TableCell>
                {columnas.map(({ col, campo }) => (
                  <TableCell key={col} sx={{ whiteSpace: 'nowrap' }}>
                    {etiqueta[campo] || campo}
                  </TableCell>
                ))}
              </TableRow>
            </TableHead>
            <TableBody>
              {filas.map((fila, n) => (
                // the header is row 1 of the file, as the server counts rows in its errors
                <TableRow key={n} data-testid="vista-previa-fila">
                  <TableCell sx={{ color: 'text.secondary' }}>{n + 2}</TableCell>
                  {columnas.map(({ col, i }) => (
                    <TableCell key={col}>{fila?.[i] ?? ''}</TableCell>
                  ))}
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
    </Box>
  );
}
