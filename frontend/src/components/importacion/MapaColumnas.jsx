// Step 2 of an import: which field of the clinic each column of the file fills, with the file's first values as a hint.
import { Alert, Box, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, TextField, Typography } from '@mui/material';
import { problemasMapa } from '../../utils/importacion';
import { formatearCantidad } from '../../utils/listas';

const SEPARADORES = { ',': 'coma', ';': 'punto y coma', '\t': 'tabulador' };

/** The first non-empty value of column `i` in the preview rows. */
function ejemplo(filas, i) {
  for (const fila of filas || []) {
    const v = fila?.[i];
    if (v !== null && v !== undefined && String(v).trim() !== '') return String(v);
  }
  return '';
}

function DescripcionArchivo({ previa }) {
  const partes = [previa.formato === 'xlsx' ? 'Libro de Excel (XLSX)' : 'CSV'];
  if (previa.codificacion) partes.push(previa.codificacion.toUpperCase());
  if (previa.separador && SEPARADORES[previa.separador]) partes.push(`separado por ${SEPARADORES[previa.separador]}`);
  const total = formatearCantidad(previa.total_filas);
  partes.push(`${previa.total_estimado ? 'unas ' : ''}${total} filas de datos`);
  return (
    <Typography variant="body2" color="text.secondary" data-testid="archivo-descripcion">
      {partes.join(' · ')}
    </Typography>
  );
}

/** `mapa`: {columna: campo or ''}; `onCambio(columna, campo)`; `error`: the server's word on the map (422 errors.mapa). */
export default function MapaColumnas({ previa, mapa, onCambio, error, disabled = false }) {
  const campos = previa.campos || [];
  const etiqueta = Object.fromEntries(campos.map((c) => [c.campo, c.etiqueta]));
  const { faltantes, repetidos } = problemasMapa(mapa, campos);
  const lista = (ids) => ids.map((id) => `«${etiqueta[id] || id}»`).join(', ');

  return (
    <Box display="flex" flexDirection="column" gap={2}>
      <DescripcionArchivo previa={previa} />
      <TableContainer>
        <Table size="small" aria-label="Columnas del archivo">
          <TableHead>
            <TableRow>
              <TableCell>Columna del archivo</TableCell>
              <TableCell>Ejemplo</TableCell>
              <TableCell>Campo de destino</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {previa.columnas.map((col, i) => {
              const campo = mapa[col] || '';
              const repetido = repetidos.includes(campo);
              return (
                <TableRow key={`${i}-${col}`} data-testid="mapa-fila">
                  <TableCell>{col || <em>(sin nombre)</em>}</TableCell>
                  <TableCell sx={{ color: 'text.secondary', maxWidth: 220, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' }}>
                    {ejemplo(previa.filas, i)}
                  </TableCell>
                  <TableCell>
                    <TextField
                      select
                      size="small"
                      value={campo}
                      disabled={disabled}
                      onChange={(e) => onCambio(col, e.target.value)}
                      error={repetido}
                      helperText={repetido ? 'Elegido para otra columna' : undefined}
                      sx={{ minWidth: 240 }}
                      slotProps={{ select: { native: true }, htmlInput: { 'aria-label': `Campo para «${col}»` } }}
                    >
                      <option value="">No importar</option>
                      {campos.map((c) => (
                        <option key={c.campo} value={c.campo}>
                          {c.obligatorio ? `${c.etiqueta} *` : c.etiqueta}
                        </option>
                      ))}
                    </TextField>
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      <Typography variant="caption" color="text.secondary">
        * Campo obligatorio.
      </Typography>
      {faltantes.length > 0 && (
        <Alert severity="warning" data-testid="mapa-faltantes">
          Falta asignar {faltantes.length === 1 ? 'el campo obligatorio' : 'los campos obligatorios'} {lista(faltantes)} a una columna.
        </Alert>
      )}
      {repetidos.length > 0 && (
        <Alert severity="warning" data-testid="mapa-repetidos">
          {repetidos.length === 1 ? 'El campo' : 'Los campos'} {lista(repetidos)} {repetidos.length === 1 ? 'está asignado' : 'están asignados'} a más de una columna:
          cada campo se llena desde una sola.
        </Alert>
      )}
      {error && (
        <Alert severity="error" data-testid="mapa-error">
          {error}
        </Alert>
      )}
    </Box>
  );
}
