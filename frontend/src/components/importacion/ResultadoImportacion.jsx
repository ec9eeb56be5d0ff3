// What an ended import did (or, simulated, would do): patients or appointments created, already existing, rows refused,
// and the first errors by row and column.
import { Alert, Box, Paper, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import DescargarErrores from './DescargarErrores';
import { formatearCantidad } from '../../utils/listas';

// [simulated, real]
const CREADAS = { pacientes: ['pacientes se crearían', 'pacientes creados'], citas: ['citas se crearían', 'citas creadas'] };

const numero = formatearCantidad;

function Cifra({ valor, texto, color, testid }) {
  return (
    <Paper variant="outlined" sx={{ p: 2, minWidth: 160, flex: 1 }} data-testid={testid}>
      <Typography variant="h5" component="p" color={color}>
        {numero(valor)}
      </Typography>
      <Typography variant="body2" color="text.secondary">
        {texto}
      </Typography>
    </Paper>
  );
}

export default function ResultadoImportacion({ importacion }) {
  const { simular, tipo, creadas, existentes, con_errores: conErrores, errores = [] } = importacion;
  const creadasTexto = CREADAS[tipo === 'citas' ? 'citas' : 'pacientes'][simular ? 0 : 1];
  return (
    <Box display="flex" flexDirection="column" gap={2} data-testid="importacion-resultado">
      <Alert severity={conErrores > 0 ? 'warning' : 'success'}>
        {simular
          ? 'Simulación terminada: no se guardó nada. Así quedaría la importación:'
          : 'Importación terminada.'}
      </Alert>
      <Box display="flex" gap={2} flexWrap="wrap">
        <Cifra valor={creadas} texto={creadasTexto} color="success.main" testid="resultado-creadas" />
        <Cifra valor={existentes} texto={`ya existían${simular ? '' : ' (no se duplicaron)'}`} testid="resultado-existentes" />
        <Cifra valor={conErrores} texto="filas con errores" color={conErrores > 0 ? 'error.main' : undefined} testid="resultado-errores" />
      </Box>
      {conErrores > 0 && (
        <>
          <Box display="flex" alignItems="center" gap={2} flexWrap="wrap">
            <Typography variant="subtitle1" component="h3" flexGrow={1}>
              {simular ? 'Filas que no se importarían' : 'Filas que no se importaron'}
            </Typography>
            <DescargarErrores id={importacion.id} />
          </Box>
          {errores.length > 0 && (
            <TableContainer sx={{ maxHeight: 360 }}>
              <Table size="small" stickyHeader aria-label="Errores de la importación">
                <TableHead>
                  <TableRow>
                    <TableCell>Fila</TableCell>
                    <TableCell>Columna</TableCell>
                    <TableCell>Error</TableCell>
                  </TableRow>
                </TableHead>
                <TableBody>
                  {errores.map((e, i) => (
                    <TableRow key={i} data-testid="error-fila">
                      <TableCell>{e.fila}</TableCell>
                      <TableCell>{e.columna || '—'}</TableCell>
                      <TableCell>{e.mensaje}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </TableContainer>
          )}
          {errores.length >= 200 && (
            <Typography variant="body2" color="text.secondary">
              Se muestran los primeros {numero(errores.length)} errores; el CSV los incluye todos.
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}
