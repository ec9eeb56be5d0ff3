import { useState } from 'react';
import { Alert, Box, Button, Chip, Table, TableBody, TableCell, TableContainer, TableHead, TableRow } from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import Loading from '../common/Loading';
import EmptyState from '../common/EmptyState';
import ErrorAlert from '../common/ErrorAlert';
import useLoader from '../../utils/useLoader';
import UsuarioDialog from './UsuarioDialog';
import administracionService from '../../services/administracionService';
import { useAuth } from '../auth/authContext';
import AvisoTruncado from '../common/AvisoTruncado';

export default function UsuariosAdmin() {
  const { usuario: yo } = useAuth();
  const { data, loading, error, reload } = useLoader(
    () => Promise.all([administracionService.usuarios(), administracionService.sucursales()]),
    [],
  );
  const [dialogo, setDialogo] = useState(null);
  const [aviso, setAviso] = useState(null);
  const [fallo, setFallo] = useState(null);

  const [usuarios, sucursales] = data || [[], []];
  const nombreSucursal = (id) => sucursales.find((s) => s.id === id)?.nombre || 'Todas';

  const guardar = (mensaje) => async (id, datos) => {
    if (id) await administracionService.actualizarUsuario(id, datos);
    else await administracionService.crearUsuario(datos);
    setAviso(mensaje);
    reload();
  };

  const cambiarActivo = async (u) => {
    setFallo(null);
    try {
      await administracionService.actualizarUsuario(u.id, { activo: !u.activo });
      setAviso(u.activo ? `${u.nombre} ${u.apellido} fue desactivado: sus sesiones se cerraron.` : `${u.nombre} ${u.apellido} fue activado.`);
      reload();
    } catch (err) {
      setFallo(err);
    }
  };

  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <Button variant="contained" startIcon={<AddIcon />} onClick={() => setDialogo({ modo: 'crear' })}>
          Nuevo usuario
        </Button>
      </Box>
      {aviso && (
        <Alert severity="success" sx={{ mb: 2 }} onClose={() => setAviso(null)} data-testid="admin-aviso">
          {aviso}
        </Alert>
      )}
      <ErrorAlert error={fallo || error} onRetry={error ? reload : undefined} onClose={fallo ? () => setFallo(null) : undefined} />
      <AvisoTruncado lista={usuarios} que="usuarios" />
      {loading && !data && <Loading label="Cargando usuarios…" />}
      {data && usuarios.length === 0 && <EmptyState title="No hay usuarios." />}
      {data && usuarios.length > 0 && (
        <TableContainer>
          <Table size="small" aria-label="Usuarios" data-testid="usuarios-tabla">
            <TableHead>
              <TableRow>
                <TableCell>Nombre</TableCell>
                <TableCell>Correo electrónico</TableCell>
                <TableCell>Rol</TableCell>
                <TableCell>Sucursal</TableCell>
                <TableCell>Estado</TableCell>
                <TableCell align="right">Acciones</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {usuarios.map((u) => (
                <TableRow key={u.id} data-testid="usuario-row" data-usuario-id={u.id} data-email={u.email}>
                  <TableCell>{u.nombre} {u.apellido}</TableCell>
                  <TableCell>{u.email}</TableCell>
                  <TableCell>{u.rol}</TableCell>
                  <TableCell>{u.sucursal_id ? nombreSucursal(u.sucursal_id) : 'Todas'}</TableCell>
                  <TableCell>{u.activo ? <Chip size="small" color="success" label="Activo" /> : <Chip size="small" label="Inactivo" />}</TableCell>
                  <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                    <Button size="small" onClick={() => setDialogo({ modo: 'editar', usuario: u })} aria-label={`Editar ${u.email}`}>
                      Editar
                    </Button>
                    <Button size="small" onClick={() => setDialogo({ modo: 'password', usuario: u })} aria-label={`Restablecer contraseña de ${u.email}`}>
                      Contraseña
                    </Button>
                    {u.id !== yo?.id && (
                      <Button size="small" color={u.activo ? 'error' : 'primary'} onClick={() => cambiarActivo(u)} aria-label={`${u.activo ? 'Desactivar' : 'Activar'} ${u.email}`}>
                        {u.activo ? 'Desactivar' : 'Activar'}
                      </Button>
                    )}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </TableContainer>
      )}
      {dialogo && (
        <UsuarioDialog
          modo={dialogo.modo}
          usuario={dialogo.usuario}
          sucursales={sucursales}
          onClose={() => setDialogo(null)}
          onSave={guardar(
            { crear: 'Usuario creado.', editar: 'Usuario actualizado.', password: 'Contraseña restablecida: las sesiones del usuario se cerraron.' }[dialogo.modo],
          )}
        />
      )}
    </>
  );
}
