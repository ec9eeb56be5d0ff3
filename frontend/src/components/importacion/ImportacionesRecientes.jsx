// The latest imports, newest first, with their state and counts; `recarga` changes when the page starts or ends one.
import { useState } from 'react';
import { Box, Button, Table, TableBody, TableCell, TableContainer, TableHead, TableRow, Typography } from '@mui/material';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import PaginacionTabla from '../common/PaginacionTabla';
import EstadoImportacionChip from './EstadoImportacionChip';
import DescargarErrores from './DescargarErrores';
import useLoader from '../../utils/useLoader';
import importacionesService from '../../services/importacionesService';
import { TIPOS_IMPORTACION } from '../../utils/importacion';
import { formatDateTime } from '../../utils/dates';
import { formatearCantidad } from '../../utils/listas';

const PER_PAGE = 10;
const numero = (n) => (n == null ? '—' : formatearCantidad(n));

export default function ImportacionesRecientes({ recarga = 0 }) {
  const [page, setPage] = useState(1);
  const { data, loading, error, reload } = useLoader(() => importacionesService.listar({ page, perPage: PER_PAGE }), [page, recarga]);

  return (
    <Box>
      <Box display="flex" alignItems="center" mb={1}>
        <Typography variant="h6" component="h2" flexGrow={1}>
          Importaciones recientes
        </Typography>
        <Button onClick={reload} disabled={loading}>
          Actualizar
        </Button>
      </Box>
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data ? (
        <Loading />
      ) : data && data.items.length === 0 ? (
        <EmptyState title="Todavía no se ha importado ningún archivo." />
      ) : data ? (
        <>
          <TableContainer>
            <Table size="small" aria-label="Importaciones recientes">
              <TableHead>
                <TableRow>
                  <TableCell>Fecha</TableCell>
                  <TableCell>Archivo</TableCell>
                  <TableCell>Datos</TableCell>
                  <TableCell>Modo</TableCell>
                  <TableCell>Estado</TableCell>
                  <TableCell align="right">Filas</TableCell>
                  <TableCell align="right">Nuevos</TableCell>
                  <TableCell align="right">Ya existían</TableCell>
                  <TableCell align="right">Con errores</TableCell>
                  <TableCell />
                </TableRow>
              </TableHead>
              <TableBody>
                {data.items.map((imp) => (
                  <TableRow key={imp.id} data-testid="importacion-reciente">
                    <TableCell sx={{ whiteSpace: 'nowrap' }}>{formatDateTime(imp.creado_en)}</TableCell>
                    <TableCell>{imp.nombre_archivo}</TableCell>
                    <TableCell>{TIPOS_IMPORTACION[imp.tipo] || imp.tipo}</TableCell>
                    <TableCell>{imp.simular ? 'Simulación' : 'Importación'}</TableCell>
                    <TableCell>
                      <EstadoImportacionChip estado={imp.estado} />
                    </TableCell>
                    <TableCell align="right">{numero(imp.total)}</TableCell>
                    <TableCell align="right">{numero(imp.creadas)}</TableCell>
                    <TableCell align="right">{numero(imp.existentes)}</TableCell>
                    <TableCell align="right">{numero(imp.con_errores)}</TableCell>
                    <TableCell>{imp.con_errores > 0 && <DescargarErrores id={imp.id} size="small" label="Errores (CSV)" />}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          </TableContainer>
          {data.total > PER_PAGE && <PaginacionTabla total={data.total} page={page} perPage={PER_PAGE} onPage={setPage} />}
        </>
      ) : null}
    </Box>
  );
}
