import { useState } from 'react';
import { Alert, Box, Button, Chip, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import SucursalDialog from './SucursalDialog';
import EspecialidadDialog from './EspecialidadDialog';
import administracionService from '../../services/administracionService';

const TIPOS = {
  sucursales: {
    cargar: administracionService.sucursales,
    guardar: administracionService.guardarSucursal,
    Dialogo: SucursalDialog,
    prop: 'sucursal',
    nuevo: 'Nueva sucursal',
    vacio: 'No hay sucursales.',
    testid: 'sucursal-row',
    columnas: [
      ['Nombre', (s) => s.nombre],
      ['Dirección', (s) => s.direccion],
      ['Teléfono', (s) => s.telefono],
      ['Zona horaria', (s) => s.zona_horaria],
      ['Estado', (s) => (s.activo === false ? <Chip size="small" label="Inactiva" /> : <Chip size="small" color="success" label="Activa" />)],
    ],
  },
  especialidades: {
    cargar: administracionService.especialidades,
    guardar: administracionService.guardarEspecialidad,
    Dialogo: EspecialidadDialog,
    prop: 'especialidad',
    nuevo: 'Nueva especialidad',
    vacio: 'No hay especialidades.',
    testid: 'especialidad-row',
    columnas: [
      ['Nombre', (e) => e.nombre],
      ['Descripción', (e) => e.descripcion],
    ],
  },
};

/** Branches or specialties: list, create, edit. */
export default function CatalogoAdmin({ tipo }) {
  const t = TIPOS[tipo];
  const { data, loading, error, reload } = useLoader(t.cargar, [tipo]);
  const [editando, setEditando] = useState(null);
  const [aviso, setAviso] = useState(null);
  const { Dialogo } = t;

  const guardar = async (id, datos) => {
    await t.guardar(id, datos);
    setAviso(id ? 'Cambios guardados.' : 'Registro creado.');
    reload();
  };

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setEditando({})}>
          {t.nuevo}
        </Button>
      </Box>
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="admin-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={error} onRetry={reload} />
      {loading && !data && <Loading />}
      {data && data.length === 0 && <EmptyState title={t.vacio} />}
      {data && data.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label={tipo === 'sucursales' ? 'Sucursales' : 'Especialidades'}>
            <TableHead>
              <TableRow>
                {t.columnas.map(([titulo]) => (
                  <TableCell key={titulo}>{titulo}</TableCell>
                ))}
                <TableCell />
              </TableRow>
            </TableHead>
            <TableBody>
              {data.map((fila) => (
                <TableRow key={fila.id} data-testid={t.testid} data-id={fila.id}>
                  {t.columnas.map(([titulo, valor]) => (
                    <TableCell key={titulo}>{valor(fila)}</TableCell>
                  ))}
                  <TableCell align="right">
                    <Button size="small" onClick={() => setEditando(fila)} aria-label={`Editar ${fila.nombre}`}>
                      Editar
                    </Button>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {editando && <Dialogo {...{ [t.prop]: editando }} onClose={() => setEditando(null)} onSave={guardar} />}
    </>
  );
}
